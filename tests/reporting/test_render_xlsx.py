"""The XLSX bilan: one sheet per section, real numbers with their denominators, translated."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from teenlab.reporting.renderers.xlsx import render_xlsx, sheet_name

from .render_fixtures import FIGURES, cohort_bilan, teenlab_bilan

SHEETS = {
    "fr": [
        "Synthèse",
        "Bilan en chiffres",
        "Projets professionnels",
        "Sorties positives",
        "Exemples de sorties",
        "Partenaires",
        "Coopérations",
        "Phases",
        "Données financières",
        "Volets et heures",
        "Heures-stagiaires",
        "Heures par stagiaire",
        "Échanges",
        "Liste des échanges",
    ],
    "it": [
        "Sintesi",
        "Risultati in cifre",
        "Progetti professionali",
        "Esiti positivi",
        "Esempi di uscite",
        "Partner",
        "Cooperazioni",
        "Fasi",
        "Dati finanziari",
        "Assi e ore",
        "Ore-allievo",
        "Ore per allievo",
        "Scambi",
        "Elenco degli scambi",
    ],
    "en": [
        "Summary",
        "Figures",
        "Career plans",
        "Positive exits",
        "Exit examples",
        "Partners",
        "Cooperation",
        "Phases",
        "Financial data",
        "Strands and hours",
        "Trainee-hours",
        "Hours per trainee",
        "Exchanges",
        "List of exchanges",
    ],
}


@pytest.fixture(scope="module")
def workbooks():
    bilan = teenlab_bilan()
    return {lang: load_workbook(io.BytesIO(render_xlsx(bilan, lang))) for lang in SHEETS}


def rows_by_label(sheet, column=2):
    """{label in ``column``: the row's values}, skipping the header."""
    return {row[column - 1]: row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}


@pytest.mark.parametrize("lang", SHEETS)
def test_it_has_one_translated_sheet_per_section(workbooks, lang):
    assert workbooks[lang].sheetnames == SHEETS[lang]
    assert all(len(name) <= 31 for name in workbooks[lang].sheetnames)


@pytest.mark.parametrize("lang", SHEETS)
def test_every_sheet_has_a_bold_frozen_header_and_fitted_columns(workbooks, lang):
    for sheet in workbooks[lang].worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1] if cell.value)
        assert sheet.column_dimensions["A"].width >= 10


def test_the_funnel_keeps_counts_denominators_and_shares_as_numbers(workbooks):
    sheet = workbooks["fr"]["Bilan en chiffres"]
    rows = rows_by_label(sheet)
    funnel = FIGURES["funnel"]
    assert rows["Séances d'information collectives"][2] == funnel["info_sessions"]
    assert rows["Jeunes recrutés"][2:5] == (
        funnel["youth_recruited"],
        funnel["youth_received"],
        pytest.approx(funnel["youth_recruited"] / funnel["youth_received"]),
    )
    assert rows["Chambéry"][2:4] == (27, funnel["youth_recruited"])
    assert rows["Femme"][2] == funnel["recruited_by_gender"]["f"]
    assert rows["Mineurs (moins de 18 ans)"][2] == funnel["recruited_by_age_band"]["minor"]
    assert rows["Raisons personnelles ou familiales"][2:4] == (
        funnel["dropouts_by_reason"]["personal"],
        funnel["dropouts"],
    )
    # The share is a real number shown as a percentage.
    for row in sheet.iter_rows(min_row=2):
        if row[4].value is not None:
            assert isinstance(row[4].value, float)
            assert row[4].number_format == "0.0%"


def test_positive_exits_and_professional_projects_are_over_their_denominators(workbooks):
    exits = rows_by_label(workbooks["en"]["Positive exits"])
    assert exits["Study"][2:5] == (4, 25, pytest.approx(4 / 25))
    projects = rows_by_label(workbooks["it"]["Progetti professionali"])
    assert sum(row[2] for row in projects.values()) == FIGURES["funnel"]["youth_recruited"]


def test_the_budget_is_in_euros_with_shares_of_the_planned_total(workbooks):
    sheet = workbooks["fr"]["Données financières"]
    rows = rows_by_label(sheet, column=1)
    budget = FIGURES["budget"]
    assert rows["Parcours pédagogiques"][1] == budget["planned_by_category"]["pedagogy"]
    assert rows["Parcours pédagogiques"][2] == pytest.approx(130000 / 350000)
    assert rows["Parcours pédagogiques"][3] == pytest.approx(
        float(budget["spent_by_category"]["pedagogy"])
    )
    assert rows["Total"][1] == budget["planned_total_eur"]
    # Whose budget it is heads its rows (here a bilan without its partners: the project's).
    assert sheet["A2"].value == "Budget TEEN LAB"
    assert "€" in sheet["B3"].number_format
    assert sheet["C3"].number_format == "0.0%"


def test_exchanges_by_direction_then_kind(workbooks):
    rows = list(workbooks["en"]["Exchanges"].iter_rows(min_row=2, values_only=True))
    assert rows[0][:4] == ("France → Italy", 5, 9, pytest.approx(5 / 9))
    assert rows[1][:2] == ("Youth stay", 2)
    assert rows[-2][:2] == ("Total", 9)
    assert rows[-1][1] == FIGURES["events"]


def test_nothing_personal_only_organisations(workbooks):
    texts = {
        str(cell)
        for sheet in workbooks["fr"].worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    }
    # The fixture's only people-like strings are the organisations' public contacts.
    assert "ladynamo@mairie-chambery.fr" in texts
    assert not any("youth" in text.lower() for text in texts)


def test_a_cohort_workbook_leaves_out_budget_and_exchanges():
    workbook = load_workbook(io.BytesIO(render_xlsx(cohort_bilan(), "fr")))
    assert "Données financières" not in workbook.sheetnames
    assert "Liste des échanges" not in workbook.sheetnames
    rows = rows_by_label(workbook["Bilan en chiffres"])
    assert "Jeunes reçus" not in rows
    assert rows["Jeunes recrutés"][3] is None  # no denominator: nobody is received in a cohort


@pytest.mark.parametrize(
    ("title", "taken", "expected"),
    [
        ("Budget: prévu/dépensé", [], "Budget- prévu-dépensé"),
        ("x" * 40, [], "x" * 31),
        ("Synthèse", ["synthèse"], "Synthèse (2)"),
        ("", [], "Sheet"),
    ],
)
def test_sheet_names_are_always_valid(title, taken, expected):
    assert sheet_name(title, taken) == expected


def test_dates_are_real_dates_written_the_local_way(workbooks):
    for lang, pattern in (("fr", "dd/mm/yyyy"), ("en", "d mmm yyyy")):
        phases = workbooks[lang].worksheets[7]
        cell = phases["C2"]
        assert cell.value == dt.datetime(2021, 3, 1)
        assert cell.number_format == pattern
