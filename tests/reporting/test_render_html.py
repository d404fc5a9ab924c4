"""The HTML bilan: every section, in each language, figures with their counts, texts as written.

No database: these tests have no django_db mark, so any query from a renderer would fail them.
"""

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teenlab.reporting.bilan import Figures
from teenlab.reporting.formatting import share_format
from teenlab.reporting.renderers.html import css_string, render_html
from teenlab.reporting.renderers.sections.narratives import narrative_blocks

from .render_fixtures import FIGURES, cohort_bilan, teenlab_bilan

HEADINGS = {
    "fr": [
        "Le bilan en chiffres",
        "Projets professionnels",
        "Sorties positives",
        "Le bilan en quelques mots",
        "Le projet et ses partenaires",
        "Coopérations",
        "Les phases du projet",
        "Données financières",
        "Les trois volets du parcours",
        "Pédagogie",
        "Quelques chiffres clés des échanges",
        "Contact",
    ],
    "it": [
        "I risultati in cifre",
        "Progetti professionali",
        "Esiti positivi",
        "La relazione in poche parole",
        "Il progetto e i suoi partner",
        "Cooperazioni",
        "Le fasi del progetto",
        "Dati finanziari",
        "I tre assi del percorso",
        "Pedagogia",
        "Alcune cifre chiave degli scambi",
        "Contatti",
    ],
    "en": [
        "The report in figures",
        "Career plans",
        "Positive exits",
        "The report in a few words",
        "The project and its partners",
        "Cooperation",
        "The project&#x27;s phases",
        "Financial data",
        "The three strands of the course",
        "Teaching approach",
        "Key figures of the exchanges",
        "Contact",
    ],
}


@pytest.fixture(scope="module")
def pages():
    bilan = teenlab_bilan()
    return {lang: render_html(bilan, lang) for lang in HEADINGS}


def headings(page: str) -> list[str]:
    return re.findall(r"<h2>(.*?)</h2>", page)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("lang", HEADINGS)
def test_it_has_every_section_in_the_order_of_the_published_report(pages, lang):
    assert headings(pages[lang]) == HEADINGS[lang]


@pytest.mark.parametrize("lang", HEADINGS)
def test_it_declares_its_language(pages, lang):
    assert f'<html lang="{lang}">' in pages[lang]


@pytest.mark.parametrize("lang", HEADINGS)
def test_each_percentage_comes_with_its_count(pages, lang):
    text = text_of(pages[lang])
    funnel = FIGURES["funnel"]
    for count, denominator in [
        (funnel["recruited_by_residence"]["chambery"], funnel["youth_recruited"]),
        (funnel["completed"], funnel["youth_recruited"]),
        (funnel["completed_with_attendance_80"], funnel["completed"]),
        (FIGURES["professional_project"]["unknown"], funnel["youth_recruited"]),
        (FIGURES["positive_exits"]["by_category"]["study"], FIGURES["positive_exits"]["total"]),
    ]:
        assert share_format(count, denominator, lang=lang) in text


@pytest.mark.parametrize("lang", HEADINGS)
def test_no_code_shows_through_only_labels(pages, lang):
    text = text_of(pages[lang])
    for code in (
        "lack_of_engagement",
        "premises_equipment",
        "digital_culture",
        "youth_stay",
        "lead_partner",
        "FR-IT",
        "None",
    ):
        assert code not in text


def test_category_names_are_translated(pages):
    assert "Manque d'engagement" in text_of(pages["fr"])
    assert "Aménagement et équipement" in text_of(pages["fr"])
    assert "Cultura digitale" in text_of(pages["it"]) or "Cultura numerica" in text_of(pages["it"])
    assert "Francia → Italia" in text_of(pages["it"])
    assert "France → Italy" in text_of(pages["en"])
    assert "Youth stay" in text_of(pages["en"])


def test_the_cover_names_programme_period_and_partners_lead_partner_first(pages):
    cover = pages["fr"].split('<section id="figures"', 1)[0]
    assert "INTERREG V-A ALCOTRA France-Italie 2014-2020" in cover
    assert "mars 2021 \u2013 mars 2023" in cover
    assert cover.index("Città di Pinerolo") < cover.index("Ville de Chambéry, La Dynamo")
    assert "Chef de file" in cover


def test_the_running_header_and_footer_carry_scope_date_and_page_numbers(pages):
    page = pages["fr"]
    assert "@bottom-right" in page and "counter(page)" in page and "counter(pages)" in page
    assert css_string("Généré le 26 novembre 2026") in page
    assert css_string("Projet TEEN LAB, tous partenaires") in page
    assert css_string("pagina ") in pages["it"]


def test_narratives_are_in_the_requested_language_with_french_as_fallback(pages):
    assert "rimobilitazione dei giovani" in pages["it"]
    # No Italian objectives: the French text stands in.
    assert "dynamique positive" in pages["it"]
    assert "positive momentum" in pages["en"]


def test_bullet_lines_become_lists_and_blank_lines_paragraphs(pages):
    page = pages["fr"]
    assert "<li><strong>Retrouver un lieu de sociabilisation</strong> : rompre" in page
    assert "<p>Cette offre répond à un besoin du territoire.</p>" in page


def test_a_narrative_is_text_never_markup():
    blocks = narrative_blocks("<script>alert(1)</script> **gras**\n\n- un\n- deux\n  suite\nfin")
    assert [block.kind for block in blocks] == ["p", "ul", "p"]
    assert blocks[0].items[0] == "&lt;script&gt;alert(1)&lt;/script&gt; <strong>gras</strong>"
    assert blocks[1].items == ["un", "deux suite"]


@given(
    st.lists(
        st.one_of(
            st.just(""),
            st.text(alphabet="abc <>&*é", min_size=1, max_size=12).map(lambda t: "- " + t),
            st.text(alphabet="abc <>&*é", min_size=1, max_size=12),
        ),
        max_size=12,
    )
)
def test_no_word_of_a_narrative_is_lost_or_left_unescaped(lines):
    text = "\n".join(lines)
    blocks = narrative_blocks(text)
    rendered = " ".join(item for block in blocks for item in block.items)
    assert "<" not in rendered.replace("<strong>", "").replace("</strong>", "")
    shown = html.unescape(rendered.replace("<strong>", "**").replace("</strong>", "**"))
    for line in lines:
        for word in line.removeprefix("- ").split():
            assert word.replace("**", "") in shown.replace("**", "")


def test_the_charts_are_inline_accessible_svg_with_ids_of_their_own(pages):
    page = pages["en"]
    charts = re.findall(r"<svg .*?</svg>", page, flags=re.S)
    names = [re.search(r'class="chart chart-([a-z]+)"', chart).group(1) for chart in charts]
    assert names == ["breakdowns", "exits"]  # each figure said once: the budget by its tables
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for chart in charts:
        ET.fromstring(chart)
        assert 'role="img"' in chart and "<title>" in chart
    assert "Positive exits by category" in page  # chart labels are translated


def test_a_cohort_bilan_leaves_out_what_belongs_to_the_project_and_shows_no_none():
    page = render_html(cohort_bilan(), "fr")
    text = text_of(page)
    assert "None" not in text and "null" not in text
    assert "Données financières" not in headings(page)
    assert "Quelques chiffres clés des échanges" not in headings(page)
    assert "jeunes reçus" not in text
    assert "Le bilan en chiffres" in headings(page)
    assert "TEEN LAB · cohorte Session 1" in text
    assert "sans objet pour une session" in text  # the reader is told why sections are missing


def test_a_bilan_with_no_recruit_and_no_text_still_renders():
    figures = {
        **FIGURES,
        "funnel": {
            "info_sessions": 0,
            "youth_received": 0,
            "youth_recruited": 0,
            "recruited_by_residence": {},
            "recruited_by_age_band": {},
            "recruited_by_gender": {},
            "completed": 0,
            "completed_with_attendance_80": 0,
            "dropouts": 0,
            "in_progress": 0,
            "dropouts_by_reason": {},
        },
        "professional_project": {"yes": 0, "no": 0, "unknown": 0},
        "positive_exits": {"total": 0, "by_category": {}},
        "exchanges": {"total": 0, "by_direction": {}, "by_direction_and_kind": {}},
        "events": 0,
        "training_hours": {},
        "budget": {
            "planned_total_eur": 0,
            "planned_by_category": {},
            "spent_total_eur": 0,
            "spent_by_category": {},
        },
    }
    bilan = replace(
        teenlab_bilan(), figures=Figures.from_json(figures), narratives={}, phases=(), partners=()
    )
    page = render_html(bilan, "en")
    text = text_of(page)
    assert "not applicable (0/0)" in text
    assert "No positive exit recorded." in text
    assert "No young person recruited." in text  # rather than shares over nobody
    assert "No budget recorded." in text
    assert 'class="chart chart-funnel"' not in page  # a funnel of zeros says nothing
    assert "None" not in text


def test_the_pdf_takes_its_fonts_from_files_and_the_web_page_from_static_urls():
    bilan = teenlab_bilan()
    assert '<link rel="stylesheet" href="file:///' in render_html(bilan, "fr", for_pdf=True)
    assert '<link rel="stylesheet" href="/static/reporting/fonts.css">' in render_html(bilan, "fr")


def test_shares_of_a_whole_add_up_to_100_as_the_published_budget_prints_them():
    text = text_of(render_html(teenlab_bilan(), "fr"))
    # Plain rounding would print 37,1 % for pedagogy: a total of 99,9 % beside « 100 % ».
    budget = text[text.index("Données financières") :]
    for share in ("9,4\u202f%", "15,4\u202f%", "37,2\u202f%", "38,0\u202f%"):
        assert share in budget
    assert "37,1\u202f%" not in budget
