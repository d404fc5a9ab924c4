"""Template helpers shared by every page: ``{% load teenlab %}``."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def percent(ratio, digits: int = 0) -> str:
    """0.8 → ``80 %`` in French, ``80%`` in English/Italian; empty for None."""
    if ratio is None or ratio == "":
        return "—"
    from django.utils.translation import get_language

    value = number_format(float(ratio) * 100, decimal_pos=int(digits))
    return f"{value}\u202f%" if (get_language() or "fr").startswith("fr") else f"{value}%"


@register.filter
def ratio(value, total) -> float | None:
    """value / total, None when total is 0 or missing."""
    try:
        return float(value) / float(total) if total else None
    except (TypeError, ValueError):
        return None


@register.filter
def share_percent(value, total) -> int:
    """``value`` out of ``total`` as a whole percentage, 0 to 100, for the ``share-N`` classes of
    teenlab.css (bar lengths without a style attribute, which the CSP forbids)."""
    try:
        return max(0, min(100, round(100 * float(value) / float(total))))
    except (TypeError, ValueError, ZeroDivisionError):
        return 0


@register.filter
def money(value) -> str:
    if value is None:
        return "—"
    return f"{number_format(value, decimal_pos=0, force_grouping=True)}\u00a0€"


@register.filter
def age(birth_date, today) -> int | None:
    """Age in whole years on ``today``."""
    if not birth_date or not today:
        return None
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


@register.filter
def hours(minutes) -> str:
    """Minutes as hours: 90 → ``1 h 30``, 120 → ``2 h``."""
    if minutes is None:
        return "—"
    whole, rest = divmod(int(minutes), 60)
    return f"{whole}\u00a0h\u00a0{rest:02d}" if rest else f"{whole}\u00a0h"
