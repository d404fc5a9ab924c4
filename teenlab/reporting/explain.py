"""Why a published figure differs from the records: the usual causes, each a small test.

``teenlab verify`` (teenlab/reporting/verify.py) finds the printed figures the records do not
give; for each it asks these functions which usual cause fits (docs/verify.md, "Why a figure
differs"). Each takes plain numbers and says whether its cause fits, and with what:

- :func:`digit_dropped`: the printed figure is the computed one with a digit missing
  (``6 %`` printed for 4/25 = ``16 %``);
- :func:`other_denominator`: the printed shares are exactly whole counts of another population
  of the bilan (``65 / 25 / 10 %`` are 26 / 10 / 4 of the 40 enrolments, not shares of the 39
  young people);
- :func:`other_rounding`: one other rounding convention (down, up, half to even) gives every
  printed share of the table, where plain rounding (half up) does not;
- :func:`rounded_before_summing`: a total printed as the sum of its rounded parts;
- :func:`sum_mismatch`: printed parts that do not add up to their printed total (100 % for
  the shares of a table).

Numbers are exact (``Fraction``/``Decimal``): no binary rounding tips a test.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

Number = int | Decimal

# The causes, in the order an explanation is retained (the most specific first).
DIGIT_DROPPED = "digit_dropped"
OTHER_DENOMINATOR = "other_denominator"
OTHER_ROUNDING = "other_rounding"
ROUNDED_BEFORE_SUMMING = "rounded_before_summing"
SUM_MISMATCH = "sum_mismatch"
CAUSES = (DIGIT_DROPPED, OTHER_DENOMINATOR, OTHER_ROUNDING, ROUNDED_BEFORE_SUMMING, SUM_MISMATCH)

# The conventions :func:`other_rounding` tries, plain rounding (half up) being the policy's.
HALF_UP = "half_up"
ROUNDINGS = ("floor", "ceiling", "half_even")


@dataclass(frozen=True)
class Explanation:
    """One cause that fits a mismatch; ``details`` are JSON-ready (strings and numbers)."""

    cause: str
    details: Mapping[str, Any] = field(default_factory=dict)


def rounded(value: Fraction | Number, places: int, mode: str = HALF_UP) -> Decimal:
    """``value`` (zero or more) rounded to ``places`` decimals by ``mode``, exactly."""
    exact = Fraction(value) * 10**places
    low = math.floor(exact)
    rest = exact - low
    if mode == "floor":
        whole = low
    elif mode == "ceiling":
        whole = math.ceil(exact)
    elif mode == "half_even":
        whole = low + (rest > Fraction(1, 2) or (rest == Fraction(1, 2) and low % 2 == 1))
    else:
        whole = low + (rest >= Fraction(1, 2))
    return Decimal(whole).scaleb(-places)


def percent(count: Fraction | Number, denominator: Fraction | Number) -> Fraction:
    return Fraction(count) * 100 / Fraction(denominator)


def digits(value: Number, places: int) -> str:
    """The figure's digits as printed with ``places`` decimals (no separators, no sign)."""
    return f"{Decimal(value):.{places}f}".replace(".", "").lstrip("-")


# --- Each cause -----------------------------------------------------------------------------------


def digit_dropped(*, published: Number, expected: Number, places: int = 0) -> bool:
    """Whether ``published`` is ``expected`` printed with one of its digits left out."""
    shown, full = digits(published, places), digits(expected, places)
    if len(full) != len(shown) + 1:
        return False
    return any(full[:i] + full[i + 1 :] == shown for i in range(len(full)))


def other_denominator(
    *,
    published: Mapping[str, Number],
    counts: Mapping[str, Number],
    denominator: Number,
    candidates: Mapping[str, Number],
) -> tuple[str, int, dict[str, int]] | None:
    """The candidate population (name → size, other than ``denominator``) the printed
    percentages were counted over, either way:

    - the recorded counts over it give every printed percentage (plain rounding): 4 of the
      28 completed printed as a share of them;
    - every printed percentage is *exactly* a whole count of it, those counts adding up to it
      when the shares are a whole table (they sum to 100), and reached from the recorded ones
      by adding (or removing) the people one population has more than the other, a population
      no more than a tenth larger or smaller (40 enrolments for 39 young people: 26 / 10 / 4
      for 25 / 10 / 4).

    Of several, the one nearest in size to ``denominator`` (then the first given). Returns
    (name, size, {code: count}) or None."""
    whole_table = sum(Decimal(value) for value in published.values()) == 100
    recorded = {code: Fraction(counts.get(code, 0)) for code in published}
    fits: list[tuple[Fraction, str, int, dict[str, int]]] = []
    for name, size in candidates.items():
        if not isinstance(size, int) or size <= 0 or size == denominator:
            continue
        gap = size - Fraction(denominator)
        if all(
            rounded(percent(count, size), places_of(published[code])) == Decimal(published[code])
            for code, count in recorded.items()
        ):
            fits.append((abs(gap), name, size, {c: int(k) for c, k in recorded.items()}))
            continue
        implied = {code: Fraction(value) * size / 100 for code, value in published.items()}
        if any(count.denominator != 1 for count in implied.values()):
            continue
        if whole_table and sum(implied.values()) != size:
            continue
        moves = [implied[code] - recorded[code] for code in published]
        if (
            abs(gap) <= max(Fraction(1), Fraction(denominator) / 10)
            and all(move * gap >= 0 for move in moves)  # people added, or removed, not both
            and sum(abs(move) for move in moves) <= abs(gap)
        ):
            fits.append((abs(gap), name, size, {c: int(k) for c, k in implied.items()}))
    if not fits:
        return None
    _gap, name, size, found = min(fits, key=lambda fit: fit[0])
    return name, size, found


def other_rounding(
    *, published: Mapping[str, Number], counts: Mapping[str, Number], denominator: Number
) -> str | None:
    """The one rounding convention other than half up (``floor``, ``ceiling``,
    ``half_even``) that gives every printed percentage of ``published`` from its count, each
    to the decimals it was printed with; None if none does (or half up already does)."""

    def gives(mode: str) -> bool:
        return all(
            rounded(percent(counts.get(code, 0), denominator), places_of(value), mode)
            == Decimal(value)
            for code, value in published.items()
        )

    if not denominator or gives(HALF_UP):
        return None
    return next((mode for mode in ROUNDINGS if gives(mode)), None)


def rounded_before_summing(
    *, published: Number, parts: Sequence[Fraction | Number], places: int = 0
) -> bool:
    """Whether ``published`` is the sum of the parts each rounded (half up) to ``places``,
    where the sum rounded once is not."""
    once = rounded(sum((Fraction(part) for part in parts), Fraction(0)), places)
    each = sum((rounded(part, places) for part in parts), Decimal(0))
    return each == Decimal(published) and once != Decimal(published)


def sum_mismatch(
    *, parts: Mapping[str, Number], total: Number, tolerance: Number = 0
) -> Decimal | None:
    """How much the printed parts miss their printed total by (their sum minus the total),
    when it is more than ``tolerance`` (for rounded shares: half a printed unit per part);
    None if they add up."""
    difference = sum((Decimal(value) for value in parts.values()), Decimal(0)) - Decimal(total)
    return difference if abs(difference) > Decimal(tolerance) else None


def places_of(value: Number) -> int:
    """The decimals ``value`` was printed with (``9.4`` → 1, ``65`` → 0)."""
    if isinstance(value, int):
        return 0
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


# --- All of them, in order ---------------------------------------------------------------------


def explanations_sorted(found: Sequence[Explanation]) -> tuple[Explanation, ...]:
    return tuple(sorted(found, key=lambda item: CAUSES.index(item.cause)))


Check = Callable[[], Explanation | None]


def explanations_collect(checks: Sequence[Check]) -> tuple[Explanation, ...]:
    """Every cause among ``checks`` that fits, the retained one first."""
    return explanations_sorted([found for check in checks if (found := check()) is not None])
