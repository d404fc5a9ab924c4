"""What every section of the report shares: a figure row, a table of shares, a headline tile."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from teenlab.reporting.bilan import Number
from teenlab.reporting.formatting import (
    largest_remainder,
    number_format,
    percent_format,
    share_format,
    share_percent,
)
from teenlab.reporting.renderers import labels


@dataclass(frozen=True)
class Row:
    """One figure: a label, a count and, when it is a share, the denominator it is over."""

    code: str
    label: str
    count: Number
    denominator: Number | None = None
    count_text: str = ""
    share_text: str = ""  # "69,2 % (27/39)"
    percent_text: str = ""  # "69,2 %"
    level: int = 0  # 1: a detail of the row above (kinds of one direction)

    @property
    def ratio(self) -> float | None:
        if self.denominator is None or not self.denominator:
            return None
        return float(self.count) / float(self.denominator)

    @property
    def note(self) -> str:
        """``27 · 69,2 % (27/39)``: the count and its share, beside a chart's bar."""
        return f"{self.count_text} · {self.share_text}" if self.share_text else self.count_text


@dataclass(frozen=True)
class Table:
    title: str
    rows: list[Row]
    denominator_label: str = ""  # what the shares are over ("sur les 39 jeunes recrutés")


@dataclass(frozen=True)
class Tile:
    """A headline figure: big number, what it counts, and its share when it has one."""

    value: str
    label: str
    note: str = ""


def count_text(value: Number, lang: str) -> str:
    """A count, or hours with one decimal when they are not whole."""
    exact = Decimal(str(value))
    return number_format(value, lang=lang, decimals=0 if exact == exact.to_integral() else 1)


def whole_shares(counts: Sequence[Number], denominator: Number | None) -> list[Decimal | None]:
    """The shares to print of counts that make up their whole (they add up to ``denominator``):
    rounded by the largest-remainder method, so that the table's shares add up to 100 % as the
    published TEEN LAB budget's do (9,4 + 15,4 + 37,2 + 38,0). Otherwise None each: every share
    is then rounded on its own (half up)."""
    if denominator and sum(counts) == denominator:
        return largest_remainder(counts)
    return [None] * len(counts)


def figure_row(
    code: str,
    label: str,
    count: Number,
    denominator: Number | None,
    lang: str,
    level: int = 0,
    *,
    shown: Decimal | None = None,
) -> Row:
    """One figure, its share over ``denominator`` if it has one; ``shown``: the share to print
    instead of the count's own rounding (see :func:`whole_shares`)."""
    share = percent = ""
    if denominator is not None:
        share = share_format(count, denominator, lang=lang)
        percent = percent_format(share_percent(count, denominator), lang=lang)
        if shown is not None:
            rounded, percent = percent, percent_format(shown, lang=lang)
            share = percent + share.removeprefix(rounded)  # "37,2 % (130 000/350 000)"
    return Row(
        code=code,
        label=label,
        count=count,
        denominator=denominator,
        count_text=count_text(count, lang),
        share_text=share,
        percent_text=percent,
        level=level,
    )


def mapping_table(
    title: str,
    mapping: Mapping[str, Number],
    *,
    label: Callable[[str], str],
    order: Iterable[str] = (),
    denominator: Number | None,
    denominator_label: str = "",
    lang: str,
    by_count: bool = False,
) -> Table:
    """A breakdown ``{code: count}`` as a table, codes in ``order`` (or the largest first)."""
    codes = labels.ordered(mapping, order)
    if by_count:
        codes.sort(key=lambda code: (code == labels.UNKNOWN or code == "other", -mapping[code]))
    shares = whole_shares([mapping[code] for code in codes], denominator)
    rows = [
        figure_row(code, label(code), mapping[code], denominator, lang, shown=shown)
        for code, shown in zip(codes, shares, strict=True)
    ]
    return Table(title, rows, denominator_label)


def tile(value: Number, label: str, lang: str, note: str = "") -> Tile:
    return Tile(count_text(value, lang), label, note)
