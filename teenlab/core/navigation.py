"""The navigation menu, assembled from every app's ``nav.py``.

An app adds entries by defining ``ENTRIES`` in ``teenlab/<app>/nav.py``::

    from django.utils.translation import gettext_lazy as _
    from teenlab.core.navigation import NavEntry

    ENTRIES = [
        NavEntry("training:cohort_list", _("Sessions"), action="cohort.view", order=40,
                 icon="calendar"),
    ]

Entries are shown sorted by ``order`` to the accounts that may perform ``action`` (see
:data:`teenlab.core.permissions.ACTIONS`). ``match`` is the URL prefix that marks an entry as
the current page (default: the entry's own URL).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from teenlab.core.permissions import ACTIONS, can


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    action: str
    order: int = 100
    icon: str = "dot"
    match: str | None = None


@cache
def all_entries() -> tuple[NavEntry, ...]:
    entries: list[NavEntry] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("teenlab."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.nav")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.nav":
                raise
            continue
        entries.extend(getattr(module, "ENTRIES", ()))
    return tuple(sorted(entries, key=lambda entry: entry.order))


def menu_for(request) -> list[dict]:
    """The entries this account may use, each with its URL and whether it is the current page."""
    items = []
    path = request.path
    for entry in all_entries():
        # An entry naming an action not (yet) in ACTIONS is hidden rather than breaking pages.
        if entry.action not in ACTIONS or not can(request.user, entry.action):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue  # a page announced by an app whose URLs are not wired yet
        prefix = entry.match or url
        current = path == url if prefix == "/" else path.startswith(prefix)
        items.append({"url": url, "label": entry.label, "icon": entry.icon, "current": current})
    return items
