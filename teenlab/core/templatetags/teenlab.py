"""Template helpers shared by every page: ``{% load teenlab %}``."""

from django import template

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
