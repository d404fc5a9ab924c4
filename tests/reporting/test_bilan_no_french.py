"""The demo's Italian and English bilan PDFs carry no French text except proper names and
quotations (issue 11, point 5).

Both PDFs are rendered from the demo package and their text extracted (pypdf); the text is then
walked against every French source string of the catalogues (the msgids, those whose
translation differs from the French) and against the demo's French record texts (the texts of
the bilan, phase names, exchange and event titles, cooperation notes, the programme's name, the
details of the exits). What may stay French is said below: the proper names of ``PROPER_NAMES``
(places, organisations, associations, sessions: docs/web.md, "Names in each language") and
what the PDF prints as a quotation (between « » or “ ”, with its language said)."""

from __future__ import annotations

import gettext
import io
import re
from functools import cache
from pathlib import Path

from pypdf import PdfReader

from teenlab.activities.models import Cooperation, Event, Exchange, Phase
from teenlab.core.models import Narrative
from teenlab.datapackage.services import package_import
from teenlab.demo.generate import PACKAGE_DIR
from teenlab.outcomes.models import Outcome
from teenlab.reporting.renderers.pdf import render_pdf
from teenlab.reporting.selectors import bilan_build
from teenlab.training.models import Cohort
from tests.test_catalogues import SAME_MODEL_NAME, SAME_WORD

ROOT = Path(__file__).resolve().parents[2] / "teenlab"

# Proper names the Italian and English bilans print as they are, beside those of the records
# (organisations, cooperations, associations, places and sessions, read from the database).
# People's names too: the elected officials the introduction names.
PROPER_NAMES = (
    "La Dynamo",
    "Dynamo",
    "TEEN LAB",
    "TEENLAB",
    "FabLab",
    "ALCOTRA",
    "INTERREG",
    "Thierry Repentin",
    "Aurélie Le Meur",
    "Luca Salvai",
)
# A French source string shorter than this (once its placeholders are cut out) is a word that
# may be spelt alike in another language (« Budget », « Total »): those are SAME_WORD's.
MIN_LENGTH = 4
# Punctuation around a run of words: apostrophes, dashes and guillemets of either kind.
TRIM = " .,:;()«»\"'\u2019\u2026-\u2013"


@cache
def _catalogue(lang: str) -> dict[str, str]:
    """{French msgid: translation} of every catalogue of ``lang`` (the .mo files as compiled)."""
    strings: dict[str, str] = {}
    for mo in sorted(ROOT.glob(f"**/locale/{lang}/LC_MESSAGES/django.mo")):
        with mo.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        for key, value in catalog.items():
            if isinstance(key, tuple):  # a plural form: (msgid, n) -> (msgid_plural…)
                continue
            if key:
                strings[key.split("\x04")[-1]] = value
    return strings


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>")


def _fragments(text: str) -> list[str]:
    """The runs of words of a French string between its placeholders and markup."""
    return [
        part.strip(TRIM) for part in PLACEHOLDER.split(text) if len(part.strip(TRIM)) >= MIN_LENGTH
    ]


def _normalised(text: str) -> str:
    """The PDF's text as one line: words hyphenated at line ends joined, spaces collapsed."""
    text = re.sub(r"[\u2010\u00ad-]\n(?=\w)", "", text)
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


def _without_quotations_and_names(text: str, names: list[str]) -> str:
    """``text``, each quotation and proper name replaced by a gap (two spaces)."""
    text = re.sub(r"«[^»]*»|“[^”]*”", "  ", text)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "  ")
    return text


def _contains(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _record_texts(project) -> list[str]:
    """The demo's French record texts a bilan prints, cut into sentences."""
    texts = [project.programme]
    texts += Phase.objects.filter(project=project).values_list("name", flat=True)
    texts += Exchange.objects.filter(project=project).values_list("title", flat=True)
    texts += Event.objects.filter(project=project).values_list("title", flat=True)
    texts += Cooperation.objects.filter(project=project).values_list("note", flat=True)
    texts += Outcome.objects.filter(enrolment__cohort__project=project).values_list(
        "detail", flat=True
    )
    for text in Narrative.objects.filter(project=project, lang="fr").values_list("text", flat=True):
        texts += re.split(r"(?<=[.!?:])\s+|\n+|\s[-\u2013•*]\s", text)
    return [fragment for text in texts for fragment in _fragments(re.sub(r"[*_#]", " ", text))]


WINDOW = 4  # words: a record text is looked for by each run of this many of its words


def _windows(text: str, names: list[str]) -> list[str]:
    """The runs of ``WINDOW`` words of a French text, its proper names and quotations cut out
    (a table cell may break a long text across lines, not a run of four words)."""
    windows = []
    for part in re.split(r"\s{2,}", _without_quotations_and_names(text, names)):
        words = part.strip(TRIM).split()
        if 2 <= len(words) < WINDOW:
            windows.append(" ".join(words))
        windows += [" ".join(words[i : i + WINDOW]) for i in range(len(words) - WINDOW + 1)]
    return windows


def _proper_names(project) -> list[str]:
    names = list(PROPER_NAMES)
    for partner in project.partners.select_related("organisation"):
        names += [partner.organisation.name, partner.organisation.city]
    names += Cooperation.objects.filter(project=project).values_list("name", flat=True)
    for event in Event.objects.filter(project=project):
        names += [event.beneficiary, event.place]
    names += Exchange.objects.filter(project=project).values_list("place", flat=True)
    names += Cohort.objects.filter(project=project).values_list("name", flat=True)
    return [name for name in names if name]


def _french_left(text: str, lang: str, records: dict[str, list[str]]) -> dict[str, list[str]]:
    """The French catalogue strings and record texts found in ``text`` (the ``lang`` PDF's)."""
    # Words spelt alike in French and in ``lang`` (test_catalogues.py's lists).
    alike = {word.casefold() for word in SAME_WORD[lang] | SAME_MODEL_NAME[lang]}
    catalogue = sorted(
        {
            fragment
            for msgid, translation in _catalogue(lang).items()
            if translation != msgid and msgid not in SAME_WORD[lang]
            for fragment in _fragments(msgid)
            if fragment.casefold() not in translation.casefold()
            and fragment.casefold() not in alike
            and _contains(text, fragment)
        }
    )
    return {
        "catalogue": catalogue,
        "records": sorted(
            {window for record in records for window in records[record] if _contains(text, window)}
        ),
    }


def test_the_italian_and_english_pdfs_carry_no_french_but_names_and_quotations(db):
    result = package_import(source=PACKAGE_DIR)
    assert result.ok, [str(issue) for issue in result.errors]
    project = result.project
    bilan = bilan_build(project=project)
    names = _proper_names(project)
    records = {text: _windows(text, names) for text in _record_texts(project)}
    assert len(records) > 30  # the demo's texts were read

    for lang in ("it", "en"):
        pdf = render_pdf(bilan, lang)
        raw = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        text = _without_quotations_and_names(_normalised(raw), names)
        assert len(text) > 5000  # the whole report was read
        assert _french_left(text, lang, records) == {"catalogue": [], "records": []}, lang
