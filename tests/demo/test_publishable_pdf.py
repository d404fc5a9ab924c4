"""The demo's bilan as a publishable PDF (issue 11, point 4): a full-page cover with the EU emblem
and the funding statement, a table of contents whose page numbers are where the headings land,
PDF/UA tagging and metadata, proper names never hyphenated, and every sentence of the published
report that is not a figure in the French PDF."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from django.utils import translation
from pypdf import PdfReader

from teenlab.core.publicity import default_funding_statement
from teenlab.datapackage.services import package_import
from teenlab.demo import content
from teenlab.demo.generate import PACKAGE_DIR
from teenlab.demo.narratives import NARRATIVES
from teenlab.reporting.renderers.pdf import render_pdf
from teenlab.reporting.renderers.report import report_build, section_titles
from teenlab.reporting.selectors import bilan_build

# The published report's text, beside the repository (../shared), as tests/demo/test_generate.py.
SEED_TEXT = Path(__file__).resolve().parents[2].parent / "shared/seed/bilan-teenlab-2021-2023.txt"
LANGUAGES = ("fr", "it", "en")


# Built once for the module, in its first test's transaction: a bilan and its PDFs are plain
# values, needing no database afterwards.
_BUILT: dict[str, object] = {}


@pytest.fixture
def demo_bilan(db):
    if "bilan" not in _BUILT:
        result = package_import(source=PACKAGE_DIR)
        assert result.ok, [str(issue) for issue in result.errors]
        _BUILT["bilan"] = bilan_build(project=result.project)
    return _BUILT["bilan"]


@pytest.fixture
def pdfs(demo_bilan) -> dict[str, bytes]:
    if "pdfs" not in _BUILT:
        _BUILT["pdfs"] = {lang: render_pdf(demo_bilan, lang) for lang in LANGUAGES}
    return _BUILT["pdfs"]


def built(bilan, lang: str):
    """The report's labelled values in ``lang`` (as the renderers build them)."""
    with translation.override(lang):
        return report_build(bilan, lang, with_charts=False)


def pages(data: bytes) -> list[str]:
    """Each page's extracted text, its whitespace runs made single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def normalised(text: str) -> str:
    """For comparing sentences: NFC, one spelling of the ligature œ, of quotes and of the ellipsis,
    no hyphen (a word hyphenated at a line's end is joined first: « for-⏎mation »), single spaces
    (a line break inside a sentence is a space), no bold markers."""
    text = unicodedata.normalize("NFC", text).replace("**", "")
    text = re.sub(r"[-\u2010]\n", "", text)
    for old, new in (("œ", "oe"), ("\u2019", "'"), ("\u2026", "..."), ("-", " "), ("\u2010", " ")):
        text = text.replace(old, new)
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def pdf_text(data: bytes) -> str:
    """The PDF's text with its line breaks, to be :func:`normalised`."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def structure(reader: PdfReader) -> list[tuple[str, str]]:
    """(structure type, alternative text) of every element of the PDF's structure tree."""
    found: list[tuple[str, str]] = []

    def walk(node) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        if "/S" in node:
            found.append((str(node["/S"]), str(node.get("/Alt", ""))))
        if "/K" in node:
            walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_is_pdf_ua_with_its_title_language_and_author(pdfs, demo_bilan, lang):
    reader = PdfReader(io.BytesIO(pdfs[lang]))
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]) == lang
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    report = built(demo_bilan, lang)
    assert reader.metadata.title == report.title
    lead = next(o["name"] for o in content.ORGANISATIONS if o["role"] == "lead_partner")
    assert reader.metadata.author == lead
    kinds = {kind for kind, _alt in structure(reader)}
    assert {"/H1", "/H2", "/Table", "/L", "/Figure"} <= kinds


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_cover_is_a_whole_page_with_the_eu_emblem_and_the_funding_statement(pdfs, lang):
    reader = PdfReader(io.BytesIO(pdfs[lang]))
    cover = pages(pdfs[lang])[0]
    statement = content.PROJECT[f"funding_statement_{lang}"]
    assert normalised(statement) in normalised(cover)
    assert {"fr": "Union européenne", "it": "Unione europea", "en": "European Union"}[lang] in cover
    # No running header or footer on the cover: it is a full page, not a page of the report.
    assert "/ " not in cover.split(statement[:20])[-1]
    alts = [alt for kind, alt in structure(reader) if kind == "/Figure"]
    emblem = {
        "fr": "Emblème de l\u2019Union européenne",
        "it": "Emblema dell\u2019Unione europea",
        "en": "Emblem of the European Union",
    }[lang]
    assert emblem in alts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_table_of_contents_gives_the_page_where_each_heading_lands(pdfs, demo_bilan, lang):
    texts = pages(pdfs[lang])
    report = built(demo_bilan, lang)
    with translation.override(lang):
        sections = report.sections  # their titles, in the report's language
    contents_page = next(i for i, text in enumerate(texts) if sections[0][1] in text)
    contents = texts[contents_page]
    listed = 0
    for number, (_anchor, title) in enumerate(sections, start=1):
        found = re.search(rf"{number}\. {re.escape(title)}[ .]*?(\d+)\b", contents)
        assert found, title
        page = int(found.group(1))
        # The heading is on that page (on the contents' own page: after the contents).
        text = texts[page - 1]
        if page - 1 == contents_page:
            text = text.split(sections[-1][1], 1)[1]
        assert title in text, (title, page)
        # …and not on a page before it (after the contents).
        assert all(title not in earlier for earlier in texts[contents_page + 1 : page - 1])
        listed += 1
    assert listed == len(sections) >= 10
    # The page numbers are those the footer prints.
    assert f"{len(texts)} / {len(texts)}" in texts[-1]


# Proper names of the demo's report (places, partners, people, the project): never cut by a
# hyphen at a line's end (« Pi-nerolo »), in any language.
NAMES = (
    "Pinerolo",
    "Chambéry",
    "Dynamo",
    "TEENLAB",
    "Repentin",
    "Salvai",
    "Aurélie",
    "FabLab",
    "Technolac",
    "ALCOTRA",
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_proper_names_are_never_hyphenated(pdfs, lang):
    text = " ".join(pages(pdfs[lang]))
    for name in NAMES:
        assert name in text, name
        for cut in range(2, len(name) - 1):
            broken = re.escape(name[:cut]) + r"-\s+" + re.escape(name[cut:])
            assert not re.search(broken, text), f"{name} cut as {name[:cut]}-{name[cut:]}"


def test_a_tables_caption_is_on_the_page_of_its_first_row(pdfs):
    """A caption is the table's heading: the French demo's actors table (a long one, after a
    section's text) starts on the page its caption is printed on."""
    texts = pages(pdfs["fr"])
    caption = next(n for n, text in enumerate(texts) if "Acteurs locaux associés au projet" in text)
    first_actor = next(n for n, text in enumerate(texts) if "Association FabLab Chambéry" in text)
    assert caption == first_actor


def published_sentences() -> list[str]:
    """The published report's lines that are not figures, as the French PDF must carry them.

    Derived from the seed: every prose line and bullet of its texts (the introduction, the
    report in a few words, the cooperations, the phases, the objectives, the pedagogy, the
    contact, the examples under each exit), its headings as the bilan titles them; left out are
    the figures' own lines (a number with its label: the tiles and charts say them, computed) and
    the budget's section (« Données financières », « Budget TEENLAB France »: issue 11, point 3).
    """
    text = SEED_TEXT.read_text(encoding="utf-8")
    text = text.replace("1^{ère}", "1re")  # the seed's typesetting of « 1re »
    finance = text.index("DONNÉES FINANCIÈRES")
    text = text[:finance] + text[text.index("UN OBJECTIF DE FOND") :]
    text = text[: text.index("QUELQUES CHIFFRES CLÉS")]  # the exchanges: figures only
    lines = [line.strip() for line in text.splitlines()]
    sentences = []
    for line in lines:
        line = line.removeprefix("- ").strip()
        words = line.split()
        if len(words) < 3 or line.isupper() or line.endswith(":"):
            continue  # a heading (below), a figure's label, a lone number
        if re.match(r"^(\*\*)?[\w ]+ : \d+ \(\d+%\)", line):
            continue  # « Travail : 2 (8%) »: the exits' chart says them
        if re.search(r"\d+ ?%", line) or re.match(r"^(Pour \d+|Comprenant|Dont) ", line):
            continue  # « 31% sont de… », « Pour 23 d'entre eux… »: the tiles and charts
        if line in DROPOUT_REASONS:
            continue  # the dropouts' breakdown: its table prints each reason with its count
        sentences.append(line)
    return sentences


# The published line under the dropouts, a breakdown: the reasons the table prints.
DROPOUT_REASONS = {
    "Pour raisons personnelles, mauvaise orientation, manque d'engagement et de motivation...": (
        "Raisons personnelles",
        "Orientation non adaptée",
        "Manque d'engagement",
        "Manque de motivation",
    )
}

# The published headings, as the bilan titles them (its sections and the texts' titles).
HEADINGS = {
    "LE BILAN EN CHIFFRES": "Le bilan en chiffres",
    "PROJETS PRO À L'ISSUE DE LA FORMATION": "Projet professionnel à l'issue de la formation",
    "BILAN DES SORTIES POSITIVES": "Sorties positives",
    "LE BILAN EN QUELQUES MOTS": "Le bilan en quelques mots",
    "DE NOUVEAUX ACQUIS": "De nouveaux acquis",
    "BILAN DE PROJET": "Bilan de projet",
    "INTERREG ALCOTRA": "ALCOTRA",
    "FRANCE - ITALIE": "France-Italie",
    "TEEN LAB": "TEEN LAB",
    "DES COOPERATIONS RÉUSSIES": "Des coopérations réussies",
    "LES PHASES DU PROJET": "Les phases du projet",
    "UN OBJECTIF DE FOND": "Un objectif de fond",
    "LA REMOBILISATION DES JEUNES PAR LE NUMÉRIQUE": (
        "La remobilisation des jeunes par le numérique"
    ),
    "CET OBJECTIF SE TRADUIT EN 3 VOLETS DANS LE PARCOURS": (
        "Cet objectif se traduit en 3 volets dans le parcours"
    ),
    "UNE PÉDAGOGIE ADAPTÉE ET INNOVANTE": "Une pédagogie adaptée et innovante",
    "QUELQUES CHIFFRES CLÉS": "Quelques chiffres clés",
}


def test_the_french_pdf_carries_every_sentence_of_the_published_report_that_is_not_a_figure(
    pdfs,
):
    text = normalised(pdf_text(pdfs["fr"]))
    sentences = published_sentences()
    assert len(sentences) >= 25
    missing = [sentence for sentence in sentences if normalised(sentence) not in text]
    assert missing == []
    seed = SEED_TEXT.read_text(encoding="utf-8")
    for published, reasons in DROPOUT_REASONS.items():
        assert published in seed
        assert all(normalised(reason) in text for reason in reasons)
    for published, printed in HEADINGS.items():
        assert published in seed, published
        assert normalised(printed).casefold() in text.casefold(), printed


def test_the_published_figures_in_the_texts_are_computed_not_written(pdfs):
    """« deux sessions », « (210h) », « (30h) »: filled from the records (figure_names)."""
    text = normalised(pdf_text(pdfs["fr"]))
    assert "Les deux sessions de formation organisées" in text
    assert "techniques du numérique (210h)" in text
    assert "au FabLab (30h)" in text
    for section in NARRATIVES.values():
        for written in section.values():
            assert "210" not in written and "deux sessions" not in written


def test_an_unset_statement_prints_the_erdf_wording_in_the_report_language(demo_bilan):
    from dataclasses import replace

    bilan = replace(demo_bilan, funding_statements={})
    for lang in LANGUAGES:
        cover = pages(render_pdf(bilan, lang))[0]
        assert normalised(default_funding_statement(lang)) in normalised(cover)
    without = replace(demo_bilan, eu_emblem=False, funding_statements={})
    report = built(without, "fr")
    assert not report.publicity
    assert [title for _code, title in section_titles()]
