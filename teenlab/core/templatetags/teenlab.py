"""Template helpers shared by every page: ``{% load teenlab %}``."""

from django import template
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import get_language

from teenlab.core import languages
from teenlab.core.dates import age_on

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
    return age_on(birth_date=birth_date, day=today)


@register.filter
def hours(minutes) -> str:
    """Minutes as hours: 90 → ``1 h 30``, 120 → ``2 h``."""
    if minutes is None:
        return "—"
    whole, rest = divmod(int(minutes), 60)
    return f"{whole}\u00a0h\u00a0{rest:02d}" if rest else f"{whole}\u00a0h"


@register.simple_block_tag(end_name="endtable")
def table(
    content,
    items,
    *,
    empty: str = "",
    card: bool = False,
    stack: bool = True,
    css: str = "",
    id: str = "",  # the table's HTML id
    label: str = "",
    labelledby: str = "",
) -> str:
    """A data table, or what an empty list says: ``{% table rows empty=_("…") %}<thead>…</tbody>
    {% endtable %}``.

    The block holds the table's head and body; this tag writes the rest, the same on every page:
    the scrolling wrapper and the ``stack`` class (rows become cards on a phone; ``stack=False``
    for a small table that stays a table), or, when
    ``items`` is empty, the empty state. ``card=True`` puts the table in a card of its own (a
    page's main list); otherwise the table sits in a card section the page already opened.
    """
    if not items:
        if not empty:
            return ""
        if card:
            icon = render_to_string("includes/icon.html", {"name": "info"})
            return format_html('<div class="card"><p class="empty">{}{}</p></div>', icon, empty)
        return format_html('<p class="empty empty--in-card">{}</p>', empty)
    attrs = {"class": f"{'stack' if stack else ''} {css}".strip(), "id": id, "aria-label": label}
    attrs["aria-labelledby"] = labelledby
    html = format_html(
        '<div class="table-wrap"><table{}>{}</table></div>',
        flatatt({name: value for name, value in attrs.items() if value}),
        content,
    )
    return format_html('<div class="card card--flush">{}</div>', html) if card else html


@register.filter
def in_language(record, name: str) -> str:
    """``{{ project|in_language:"programme" }}``: the record's text in the active language
    (its ``programme_it`` in Italian…), else the French one (docs/web.md, "Names in each
    language")."""
    return languages.in_language(record, name, (get_language() or "fr")[:2])
