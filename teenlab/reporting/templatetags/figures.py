"""Figures on the web pages, shown as the bilan shows them: ``{% load figures %}``.

Every filter formats through teenlab/reporting/formatting.py, so a share reads the same on a
page and in the bilan (one decimal, rounded half up, never truncated; ``48,8 %`` with a narrow
no-break space in French), in the active language.
"""

from __future__ import annotations

from django import template

from teenlab.reporting import formatting, indicators

register = template.Library()


@register.filter
def share(count, denominator) -> str:
    """``count`` over ``denominator`` as a percentage: 39 of 80 → ``48,8 %``; "sans objet" over
    nothing."""
    if count is None or denominator is None:
        return "—"
    return formatting.share_format(count, denominator, with_counts=False)


@register.filter
def percent(ratio) -> str:
    """A ratio the database computed (an attendance rate): 0.4875 → ``48,8 %``; — for None."""
    if ratio is None or ratio == "":
        return "—"
    return formatting.ratio_format(ratio)


@register.filter
def share_width(count, denominator) -> int:
    """``count`` out of ``denominator`` as a whole percentage, 0 to 100, rounded half up: the
    ``share-N`` classes of teenlab.css (bar lengths without a style attribute, which the CSP
    forbids)."""
    try:
        rounded = formatting.percent_round(count, denominator, decimals=0)
    except (TypeError, ValueError, ArithmeticError):
        return 0
    return 0 if rounded is None else max(0, min(100, int(rounded)))


@register.filter
def money(amount) -> str:
    """Whole euros, rounded half up: ``1 235 €`` for 1 234,50."""
    if amount is None:
        return "—"
    return formatting.money_format(amount, cents=False)


@register.filter
def with_shares(rows, attribute: str) -> list[tuple]:
    """``(row, share)`` pairs, the shares of each row's ``attribute`` in their sum rounded by
    the largest-remainder method, so that a table's shares add up to the 100 % it shows."""
    rows = list(rows)
    shares = formatting.largest_remainder([getattr(row, attribute) for row in rows])
    return [
        (row, formatting.percent_format(value)) for row, value in zip(rows, shares, strict=True)
    ]


@register.filter
def long_date(value) -> str:
    """A date written out in the active language, as the reports write it (``1er mai 2022``,
    ``1 maggio 2022``, ``1 May 2022``)."""
    return "" if value is None else formatting.date_format(value)


@register.simple_tag
def attendance_threshold(percent: int | None = None) -> str:
    """The project's attendance threshold as labels say it: ``80 %`` (``percent``: the
    project's ``attendance_threshold``; none given, the default)."""
    if percent is None:
        percent = indicators.DEFAULT_RULES.threshold_percent
    return formatting.percent_format(percent, decimals=0)
