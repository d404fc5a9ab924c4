"""Numbers, percentages, money and dates written the way each report language writes them.

Independent of the machine's locales (which a server seldom has): the rules are here.

- French: ``30,8 %`` (narrow no-break space U+202F before ``%``), ``350 000 €`` (U+202F between
  thousands, no-break space U+00A0 before ``€``), ``26 novembre 2026``, ``1er mai 2021``.
- Italian: ``30,8%``, ``350.000 €``, ``26 novembre 2026``.
- English: ``30.8%``, ``€350,000``, ``26 November 2026``.

Every function takes ``lang`` (``fr``, ``it``, ``en``); without it, the active Django language.

The rounding policy, the same on every screen and document (web pages, HTML, PDF, XLSX bilans):

- shown values are **rounded half up** (``48.75`` → ``48,8``), on the exact value (a share is an
  exact fraction, never a binary float's approximation), and **never truncated**;
- a share is shown with **one decimal** (``share_format``, ``ratio_format``, ``percent_round``);
- shares that a table presents as summing to 100 % are rounded by the **largest-remainder
  method** (``largest_remainder``) so that they do: 33 000, 54 000, 130 000 and 133 000 € give
  9,4 + 15,4 + 37,2 + 38,0 = 100 (plain rounding gives 37,1 and a total of 99,9).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from django.utils import translation
from django.utils.translation import pgettext

NNBSP = "\u202f"  # narrow no-break space: French thousands and before % (Imprimerie nationale)
NBSP = "\u00a0"  # no-break space: before the euro sign
EN_DASH = "\u2013"

DEFAULT_LANG = "fr"


@dataclass(frozen=True)
class NumberStyle:
    decimal: str
    group: str
    percent: str  # pattern with {n}
    money: str  # pattern with {n}


STYLES: dict[str, NumberStyle] = {
    "fr": NumberStyle(
        decimal=",", group=NNBSP, percent="{n}" + NNBSP + "%", money="{n}" + NBSP + "€"
    ),
    "it": NumberStyle(decimal=",", group=".", percent="{n}%", money="{n}" + NBSP + "€"),
    "en": NumberStyle(decimal=".", group=",", percent="{n}%", money="€{n}"),
}


def lang_resolve(lang: str | None = None) -> str:
    """``lang`` or the active language, reduced to one the reports know (French otherwise)."""
    code = (lang or translation.get_language() or DEFAULT_LANG).lower()
    code = code.split("-")[0].split("_")[0]
    return code if code in STYLES else DEFAULT_LANG


def _decimal(value: int | float | Decimal | Fraction) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Fraction):
        with localcontext() as context:
            context.prec = 40
            return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):
        # repr gives the shortest decimal that reads back as this float: 0.1 stays 0.1.
        return Decimal(repr(value))
    return Decimal(value)


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(parts)


def number_format(
    value: int | float | Decimal | Fraction, *, lang: str | None = None, decimals: int = 0
) -> str:
    """``value`` rounded half up to ``decimals`` places, with the language's separators."""
    style = STYLES[lang_resolve(lang)]
    exact = _decimal(value)
    quantum = Decimal(1).scaleb(-decimals)
    with localcontext() as context:
        context.prec = 60
        rounded = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):f}"
    whole, _, fraction = text.partition(".")
    result = sign + _group(whole, style.group)
    if decimals > 0:
        result += style.decimal + fraction
    return result


def hours_format(minutes: int, *, lang: str | None = None) -> str:
    """Minutes as hours, with one decimal when they are not whole (17 670 → ``294,5``; 50 →
    ``0,8``), rounded half up: the hours the reports print."""
    exact = Fraction(minutes, 60)
    return number_format(exact, lang=lang, decimals=0 if exact.denominator == 1 else 1)


def percent_format(
    percent: int | float | Decimal | Fraction | None,
    *,
    lang: str | None = None,
    decimals: int = 1,
) -> str:
    """A percentage (``30.769…`` → ``30,8 %``); None (no denominator) → "sans objet"."""
    if percent is None:
        return not_applicable(lang=lang)
    style = STYLES[lang_resolve(lang)]
    return style.percent.format(n=number_format(percent, lang=lang, decimals=decimals))


def share_percent(
    count: int | Decimal | Fraction, denominator: int | Decimal | Fraction
) -> Fraction | None:
    """The exact percentage ``count / denominator * 100``; None when the denominator is 0."""
    if not denominator:
        return None
    return Fraction(_decimal(count)) * 100 / Fraction(_decimal(denominator))


def percent_round(
    count: int | Decimal | Fraction, denominator: int | Decimal | Fraction, *, decimals: int = 1
) -> Decimal | None:
    """``count / denominator`` as a percentage rounded half up to ``decimals`` places, exactly
    (39/80 → ``Decimal('48.8')``); None when the denominator is 0."""
    exact = share_percent(count, denominator)
    return None if exact is None else _half_up(exact, decimals)


def _half_up(value: Fraction, decimals: int) -> Decimal:
    scaled = value * 10**decimals
    rounded = math.floor(scaled + Fraction(1, 2))
    if scaled < 0:  # half away from zero, as ROUND_HALF_UP does
        rounded = -math.floor(-scaled + Fraction(1, 2))
    return Decimal(rounded).scaleb(-decimals)


def largest_remainder(
    amounts: Sequence[int | Decimal | Fraction], *, decimals: int = 1, total: int = 100
) -> list[Decimal | None]:
    """The shares of ``amounts`` in their sum, as percentages (out of ``total``) rounded to
    ``decimals`` places so that they add up to exactly ``total``: the largest-remainder
    (Hamilton) method. Each share is first rounded down to the last place; the units still
    missing go, one each, to the shares with the largest remainders (ties: the larger amount,
    then the earlier one). Each result is within one unit of the last place of its exact share.

    ``[33000, 54000, 130000, 133000]`` → ``[9.4, 15.4, 37.2, 38.0]``; all None when the sum is
    0 (a share over nothing). Amounts are zero or more (ValueError otherwise).
    """
    exact_amounts = [Fraction(_decimal(amount)) for amount in amounts]
    if any(amount < 0 for amount in exact_amounts):
        raise ValueError("largest_remainder: amounts are zero or more")
    whole = sum(exact_amounts, Fraction(0))
    if not whole:
        return [None] * len(exact_amounts)
    unit = Fraction(1, 10**decimals)
    exact = [amount * total / whole for amount in exact_amounts]
    floors = [math.floor(share / unit) for share in exact]
    missing = round(total / unit) - sum(floors)
    order = sorted(
        range(len(exact)),
        key=lambda i: (-(exact[i] / unit - floors[i]), -exact_amounts[i], i),
    )
    for i in order[:missing]:
        floors[i] += 1
    return [Decimal(units).scaleb(-decimals) for units in floors]


def ratio_format(
    ratio: float | Decimal | Fraction | None, *, lang: str | None = None, decimals: int = 1
) -> str:
    """A ratio as a percentage (``0.4875`` → ``48,8 %``), rounded half up; None → "sans objet"."""
    if ratio is None:
        return not_applicable(lang=lang)
    return percent_format(Fraction(_decimal(ratio)) * 100, lang=lang, decimals=decimals)


def share_format(
    count: int | Decimal,
    denominator: int | Decimal,
    *,
    lang: str | None = None,
    decimals: int = 1,
    with_counts: bool = True,
) -> str:
    """A share with its counts: ``69,2 % (27/39)``."""
    text = percent_format(share_percent(count, denominator), lang=lang, decimals=decimals)
    if not with_counts:
        return text
    return (
        f"{text} ({number_format(count, lang=lang, decimals=_places(count))}"
        f"/{number_format(denominator, lang=lang, decimals=_places(denominator))})"
    )


def _places(value: int | float | Decimal) -> int:
    """0 for a whole number, 2 when it has cents."""
    exact = _decimal(value)
    return 0 if exact == exact.to_integral_value() else 2


def money_format(
    amount: int | float | Decimal, *, lang: str | None = None, cents: bool | None = None
) -> str:
    """Euros: ``350 000 €``, ``350.000 €``, ``€350,000``; cents shown when there are some."""
    style = STYLES[lang_resolve(lang)]
    decimals = (2 if _places(amount) else 0) if cents is None else (2 if cents else 0)
    text = number_format(amount, lang=lang, decimals=decimals)
    if text.startswith("-"):
        return "-" + style.money.format(n=text[1:])
    return style.money.format(n=text)


def not_applicable(*, lang: str | None = None) -> str:
    """What a figure that cannot be computed (a share over nothing) shows instead."""
    with translation.override(lang_resolve(lang)):
        return pgettext("figure", "sans objet")


def _month_name(month: int) -> str:
    # The month's name as it stands inside a date ("26 novembre 2026"): lower case in French and
    # Italian, capitalised in English, hence translations rather than str.title().
    names = (
        pgettext("month name in a date", "janvier"),
        pgettext("month name in a date", "février"),
        pgettext("month name in a date", "mars"),
        pgettext("month name in a date", "avril"),
        pgettext("month name in a date", "mai"),
        pgettext("month name in a date", "juin"),
        pgettext("month name in a date", "juillet"),
        pgettext("month name in a date", "août"),
        pgettext("month name in a date", "septembre"),
        pgettext("month name in a date", "octobre"),
        pgettext("month name in a date", "novembre"),
        pgettext("month name in a date", "décembre"),
    )
    return names[month - 1]


def date_format(value: dt.date, *, lang: str | None = None) -> str:
    """``26 novembre 2026`` / ``26 novembre 2026`` / ``26 November 2026`` (French: ``1er mai``)."""
    code = lang_resolve(lang)
    with translation.override(code):
        month = _month_name(value.month)
    day = "1er" if code == "fr" and value.day == 1 else str(value.day)
    return f"{day} {month} {value.year}"


def month_year_format(value: dt.date, *, lang: str | None = None) -> str:
    """``mai 2021`` / ``maggio 2021`` / ``May 2021``."""
    with translation.override(lang_resolve(lang)):
        return f"{_month_name(value.month)} {value.year}"


def period_format(
    start: dt.date | None, end: dt.date | None, *, lang: str | None = None, months: bool = False
) -> str:
    """A period, without repeating what both ends share: ``16-17 septembre 2021``,
    ``19 mars - 20 mai 2022``, ``mars 2021 - mars 2023`` (en dashes); one end alone when the
    other is None."""
    if months:
        left = month_year_format(start, lang=lang) if start else ""
        right = month_year_format(end, lang=lang) if end else ""
        if left == right:
            return left
    else:
        left = date_format(start, lang=lang) if start else ""
        right = date_format(end, lang=lang) if end else ""
        if start and end and start == end:
            return left
        if start and end and start.year == end.year:
            day, month, _year = left.split(" ")
            if start.month == end.month:
                return f"{day}{EN_DASH}{right}"
            left = f"{day} {month}"
    if left and right:
        return f"{left} {EN_DASH} {right}"
    return left or right
