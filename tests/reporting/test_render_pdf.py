"""The PDF bilan: it opens, has its sections and page numbers in each language, embeds its fonts."""

import io
import re

import pytest
from pypdf import PdfReader

from teenlab.reporting.renderers.html import render_html
from teenlab.reporting.renderers.pdf import render_pdf

from .render_fixtures import cohort_bilan, teenlab_bilan
from .test_render_html import HEADINGS

PAGE_WORD = {"fr": "page", "it": "pagina", "en": "page"}


@pytest.fixture(scope="module")
def pdfs():
    bilan = teenlab_bilan()
    return {lang: render_pdf(bilan, lang) for lang in HEADINGS}


def pages_text(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.mark.parametrize("lang", HEADINGS)
def test_it_opens_and_has_a_cover_and_several_pages(pdfs, lang):
    assert pdfs[lang].startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(pdfs[lang])).pages) >= 6


@pytest.mark.parametrize("lang", HEADINGS)
def test_every_section_title_is_in_the_text(pdfs, lang):
    text = " ".join(pages_text(pdfs[lang]))
    for heading in HEADINGS[lang]:
        assert heading.replace("&#x27;", "'") in text


@pytest.mark.parametrize("lang", HEADINGS)
def test_every_page_is_numbered_page_x_of_y(pdfs, lang):
    texts = pages_text(pdfs[lang])
    # The cover is a full page, without running header or footer; it counts as page 1.
    assert f"{PAGE_WORD[lang]} 1 /" not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert f"{PAGE_WORD[lang]} {number} / {len(texts)}" in text


def test_every_page_carries_the_generation_date_and_the_scope(pdfs):
    for text in pages_text(pdfs["fr"]):
        assert "Généré le 26 novembre 2026" in text
        assert "Projet TEEN LAB, tous partenaires" in text
    for text in pages_text(pdfs["en"])[1:]:
        assert "Generated on 26 November 2026" in text


def test_the_table_of_contents_gives_each_section_its_page(pdfs):
    texts = pages_text(pdfs["fr"])
    contents = texts[1]  # the page after the cover
    page = int(re.search(r"Le bilan en chiffres[ .]*(\d+)\b", contents).group(1))
    assert page > 1 and "Le bilan en chiffres" in texts[page - 1]


@pytest.mark.parametrize("lang", HEADINGS)
def test_its_fonts_are_embedded(pdfs, lang):
    reader = PdfReader(io.BytesIO(pdfs[lang]))
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    assert any("Source-Sans-3" in name for name in fonts)
    assert all(fonts.values()), fonts


def test_a_cohort_pdf_renders_without_the_project_sections():
    texts = pages_text(render_pdf(cohort_bilan(), "it"))
    text = " ".join(texts)
    assert "Dati finanziari" not in text
    assert "TEEN LAB · gruppo Session 1" in texts[-1]
    assert "None" not in text


def test_it_is_a_tagged_pdf_in_the_report_language(pdfs):
    reader = PdfReader(io.BytesIO(pdfs["it"]))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert str(root.get("/Lang")) == "it"
    assert reader.metadata.title == "Relazione finale del progetto TEEN LAB"


def test_its_html_links_the_stylesheet_file_instead_of_holding_a_style_element():
    html = render_html(teenlab_bilan(), "fr", for_pdf=True)
    assert "<style" not in html
    assert re.search(r'<link rel="stylesheet" href="file:///[^"]*/reporting/bilan\.css">', html)
    # The HTML file, read offline, still holds its style (and its running header) itself.
    assert "<style>" in render_html(teenlab_bilan(), "fr")
