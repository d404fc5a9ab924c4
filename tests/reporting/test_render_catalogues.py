"""The reporting catalogues: every string of the bilan translated, placeholders kept, compiled."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import pgettext

from tests.test_catalogues import entries

CATALOGUES = Path(__file__).resolve().parents[2] / "teenlab" / "reporting" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_entry_is_translated_and_keeps_its_placeholders(lang):
    found = list(entries(CATALOGUES / lang / "LC_MESSAGES" / "django.po"))
    assert len(found) > 150
    for context, msgid, strs, flags in found:
        assert "fuzzy" not in flags, msgid
        for text in strs:
            assert text, (context, msgid)
            assert sorted(PLACEHOLDER.findall(text)) == sorted(set(PLACEHOLDER.findall(msgid))) or (
                # a singular may name the count in words rather than as a number
                len(strs) > 1
            ), (context, msgid, text)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("it", "I risultati in cifre"),
        ("en", "The report in figures"),
        ("fr", "Le bilan en chiffres"),
    ],
)
def test_the_compiled_catalogue_is_the_one_django_loads(lang, expected):
    with translation.override(lang):
        assert pgettext("bilan section", "Le bilan en chiffres") == expected
