"""The records' catalogues: every string translated in Italian and English, compiled as written."""

import gettext
import inspect
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from teenlab.core import choices

APPS = ("core", "participants", "training", "outcomes", "activities", "finance", "privacy")
LANGUAGES = ("it", "en")
ROOT = Path(__file__).resolve().parent.parent / "teenlab"
ENTRY = re.compile(
    r"^(?P<flags>(?:#.*\n)*)"
    r'(?:msgctxt (?P<ctxt>"(?:[^"\\]|\\.)*"(?:\n"(?:[^"\\]|\\.)*")*)\n)?'
    r'msgid (?P<id>"(?:[^"\\]|\\.)*"(?:\n"(?:[^"\\]|\\.)*")*)\n'
    r'(?:msgid_plural (?P<plural>"(?:[^"\\]|\\.)*"(?:\n"(?:[^"\\]|\\.)*")*)\n)?'
    r'(?P<strs>(?:msgstr(?:\[\d\])? "(?:[^"\\]|\\.)*"(?:\n"(?:[^"\\]|\\.)*")*\n?)+)',
    re.MULTILINE,
)
# Labels spelt alike in French and in the other language.
SAME_MODEL_NAME = {
    "it": {"budget", "logo"},
    "en": {
        "budget",
        "organisation",
        "organisations",
        "phase",
        "phases",
        "module",
        "modules",
        "logo",
        "logos",
        "anonymisation",
        "anonymisations",
    },
}
SAME_WORD = {
    "it": {"FabLab", "Mission Locale", "France Travail", "Logo"},
    "en": {
        "FabLab",
        "Mission Locale",
        "France Travail",
        "Coordination",
        "Institution",
        "Association",
        "Conclusion",
        "Introduction",
        "Communication",
        "Section",
        "Absent",
        "Programme",
        "Image",
        "Logo",
        "Logos",
    },
}


def unquote(block: str) -> str:
    return "".join(
        bytes(part[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
        for part in block.split("\n")
    )


def entries(po: Path):
    """(context, msgid, [msgstr…], flags) of each live entry of a .po file (not the header)."""
    text = po.read_text(encoding="utf-8")
    for match in ENTRY.finditer(text):
        if match.group("flags").lstrip().startswith("#~"):
            continue
        msgid = unquote(match.group("id"))
        if not msgid:
            continue
        context = unquote(match.group("ctxt")) if match.group("ctxt") else None
        strs = [
            unquote(block.split(" ", 1)[1])
            for block in re.split(r"\n(?=msgstr)", match.group("strs").strip())
        ]
        yield context, msgid, strs, match.group("flags")


CATALOGUES = [(app, lang) for app in APPS for lang in LANGUAGES]


def po_path(app: str, lang: str) -> Path:
    return ROOT / app / "locale" / lang / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize(("app", "lang"), CATALOGUES, ids=[f"{a}-{lang}" for a, lang in CATALOGUES])
def test_every_string_is_translated_and_none_is_fuzzy(app, lang):
    found = list(entries(po_path(app, lang)))
    assert found, "the catalogue holds no entry"
    untranslated = [msgid for _c, msgid, strs, _f in found if not all(strs)]
    fuzzy = [msgid for _c, msgid, _s, flags in found if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize(("app", "lang"), CATALOGUES, ids=[f"{a}-{lang}" for a, lang in CATALOGUES])
def test_the_compiled_catalogue_is_the_written_one(app, lang):
    po = po_path(app, lang)
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for context, msgid, strs, _flags in entries(po):
        if len(strs) == 1:
            got = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
            assert got == strs[0], msgid
        else:
            assert compiled.ngettext(msgid, msgid + "s", 1) == strs[0], msgid


ENUMERATIONS = [
    value
    for value in vars(choices).values()
    if inspect.isclass(value)
    and issubclass(value, models.TextChoices)
    and value.__module__ == choices.__name__
    and value is not choices.Language
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_enumeration_label_has_its_translation(lang):
    missing = []
    for enumeration in ENUMERATIONS:
        for member in enumeration:
            with translation.override("fr"):
                french = str(member.label)
            with translation.override(lang):
                translated = str(member.label)
            if translated == french and french not in SAME_WORD[lang]:
                missing.append(f"{enumeration.__name__}.{member.name}: {french}")
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_model_name_has_its_translation(lang):
    missing = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            for name in (model._meta.verbose_name, model._meta.verbose_name_plural):
                with translation.override("fr"):
                    french = str(name)
                with translation.override(lang):
                    translated = str(name)
                if translated == french and french not in SAME_MODEL_NAME[lang]:
                    missing.append(f"{model._meta.label}: {french}")
    assert missing == []


def test_a_young_persons_names_are_told_apart_in_every_language():
    """Italian says "cognome" for a person's "nom": the app catalogues' "nom" of a session or
    a phase ("nome") must not become a young person's family name (seen on the youth form)."""
    from teenlab.participants.models import Youth

    labels = {}
    for lang in ("fr", *LANGUAGES):
        with translation.override(lang):
            labels[lang] = tuple(
                str(Youth._meta.get_field(name).verbose_name)
                for name in ("first_name", "last_name")
            )
    assert labels["it"] == ("nome", "cognome")
    assert all(first != last for first, last in labels.values())
