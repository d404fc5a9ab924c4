"""Every page a coordinator opens reads in Italian and in English: no French sentence of the
interface stays behind when the language switch says otherwise.

A text of the page that is the same in French and in the other language, once the records'
own values (names, codes, places…) are taken out of it, is a string that was not translated.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from tests.auth import login_verified
from tests.web.test_url_walk import EXPECTED, KIND_OF, KINDS, ROUTES
from tests.web.test_url_walk import world as world  # the same records as the URL walk

pytestmark = pytest.mark.django_db

# Pages whose language is in their address, whatever the interface's: the information notice
# (/privacy/notice/<lang>/, a document in that language; tests/web/test_notice.py).
LANGUAGE_IN_ADDRESS = {"privacy:notice"}
# Pages a coordinator opens in a browser (HTML at 200), but the PDF and JSON downloads and
# the fragments of suggestions (`_options`).
PAGES = sorted(
    name
    for name in set(ROUTES) & set(KIND_OF)
    if EXPECTED[name, "coordinator", "own"] == 200
    and not name.endswith(("_pdf", "download", "export", "_options"))
    and name not in LANGUAGE_IN_ADDRESS
)
# Texts every language writes alike: the language switch names each language in its own.
ALIKE = ["FR \N{EN DASH} Français", "IT \N{EN DASH} Italiano", "EN \N{EN DASH} English"]
ALIKE += ["Français", "Italiano", "English", "TEEN LAB"]
# Many words are the same in French, English or Italian ("Budget", "Sessions", "Date"); a text
# left alike that has French letters or French small words is French left behind.
FRENCH = re.compile(
    r"[éèêëàâçœùûôî]|\b(?:de|des|du|le|les|la|et|un|une|pour|avec|sur|aux|au|est|sont|ce|cette"
    r"|ces|dans|par|pas|ne|vous|votre|vos|nous|qui|que|l|d)\b",
    re.IGNORECASE,
)


class _Texts(HTMLParser):
    """The visible texts of a page (and the labels screen readers read)."""

    SKIPPED = {"script", "style", "template"}
    SPOKEN = ("aria-label", "title", "placeholder", "alt")

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skipping += 1
        for name, value in attrs:
            if name in self.SPOKEN and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def _texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return parser.texts


def _record_values() -> list[str]:
    """Every text stored in the records (longest first), which no catalogue translates."""
    values = set()
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        if fields and model.__module__.startswith(("teenlab.", "django.contrib.auth")):
            for row in model.objects.values_list(*fields):
                values.update(str(v) for v in row if v and len(str(v)) >= 2)
    return sorted(values, key=len, reverse=True)


def _untranslated(french: list[str], other: list[str], data: list[str]) -> list[str]:
    left = []
    for text in sorted(set(french) & set(other)):
        rest = text.casefold()  # names are shown upper-cased too
        for value in sorted([*ALIKE, *data], key=len, reverse=True):
            rest = rest.replace(value.casefold(), " ")
        if FRENCH.search(rest.replace("\N{RIGHT SINGLE QUOTATION MARK}", "'")):
            left.append(text)
    return left


@pytest.mark.parametrize("name", PAGES)
def test_each_page_reads_in_italian_and_english(client, world, name):
    login_verified(client, world.cast.coordinator)
    url = reverse(name, kwargs=KINDS[KIND_OF[name]](world.own))
    data = _record_values()
    pages = {}
    for lang in ("fr", "it", "en"):
        client.cookies["django_language"] = lang
        response = client.get(url, follow=True)
        assert response.status_code == 200, (lang, response.status_code)
        pages[lang] = _texts(response.content.decode())
    found = {lang: _untranslated(pages["fr"], pages[lang], data) for lang in ("it", "en")}
    assert not any(found.values()), f"{name}: French left in {found}"
