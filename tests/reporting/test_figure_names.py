"""Figures cited by name in the bilan's texts: which names exist, how each language prints
them, the doubled braces, and what is refused."""

from decimal import Decimal

import pytest
from django.utils import translation

from teenlab.reporting.figure_names import catalogue, fill, name_exists, text_errors
from teenlab.reporting.renderers.report import report_build
from tests.reporting.render_fixtures import FIGURES, teenlab_bilan


@pytest.mark.parametrize(
    "name",
    [
        "funnel.youth_recruited",
        "funnel.recruited_by_gender.f",
        "positive_exits.by_category.work",
        "training_hours.digital_culture",
        "budget.planned_total_eur",
        "trainee_hours.attended_hours",
        "events",
        "cohorts.count",
    ],
)
def test_the_jsons_paths_to_a_number_are_names(name):
    assert name_exists(name)


@pytest.mark.parametrize(
    "name",
    [
        "youth.recruited",
        "funnel",
        "funnel.recruited_by_gender",
        "funnel.youth_recruited.f",
        "scope.project",
        "trainee_hours.by_trainee",
        "trainee_hours.by_cohort.C21.trainees",
    ],
)
def test_other_names_do_not_exist(name):
    assert not name_exists(name)


@pytest.mark.parametrize(
    "lang,expected",
    [
        ("fr", "39 jeunes, deux sessions, 350\u202f000\u00a0€, {brut}"),
        ("it", "39 jeunes, due sessions, 350.000\u00a0€, {brut}"),
        ("en", "39 jeunes, two sessions, €350,000, {brut}"),
    ],
)
def test_a_text_is_filled_in_the_reports_language_and_format(lang, expected):
    bilan = teenlab_bilan(cohorts_in_scope=2)
    text = "{funnel.youth_recruited} jeunes, {cohorts.count:words} sessions, "
    text += "{budget.planned_total_eur}, {{brut}}"

    assert fill(text, bilan, lang) == expected


def test_hours_keep_their_decimals():
    bilan = teenlab_bilan()
    hours = Decimal(str(FIGURES["trainee_hours"]["attended_hours"]))

    filled = fill("{trainee_hours.attended_hours}", bilan, "fr")

    assert filled == f"{hours:f}".rstrip("0").rstrip(".").replace(".", ",")


def test_errors_name_each_unknown_figure_and_lone_brace():
    errors = text_errors("{youth.recruited} et {events:roman} et { seul } fin")

    assert errors == [
        "Chiffre inconnu : {youth.recruited}.",
        "Format inconnu dans {events:roman} (seul « :words » existe).",
        "Chiffre inconnu : { seul }.",
    ]
    assert text_errors("Accolade { ouverte") == [
        "Accolade seule « { » : écrivez-la deux fois ({{)."
    ]
    assert text_errors("{{ rien }} {events}") == []


def test_an_unknown_name_is_never_printed():
    assert fill("avant {youth.recruited} après", teenlab_bilan(), "fr") == "avant \u2014 après"


def test_the_catalogue_lists_every_figure_with_its_value():
    entries = {entry.name: entry.value for entry in catalogue(teenlab_bilan(), "fr")}

    assert entries["funnel.youth_recruited"] == str(FIGURES["funnel"]["youth_recruited"])
    assert entries["budget.planned_total_eur"].endswith("€")
    assert "cohorts.count" in entries
    assert not [name for name in entries if name.startswith(("scope", "trainee_hours.by_"))]
    assert all(name_exists(name) for name in entries)


def test_the_report_fills_the_texts_and_escapes_them():
    bilan = teenlab_bilan(
        narratives={"introduction": {"fr": "<b>{funnel.youth_recruited}</b> jeunes"}}
    )
    with translation.override("fr"):
        report = report_build(bilan, "fr", with_charts=False)

    (block,) = report.narrative_introduction.blocks
    assert str(block.items[0]) == "&lt;b&gt;39&lt;/b&gt; jeunes"
    assert report.narrative_introduction.fallback == ""
    assert ("introduction", "Introduction") in report.sections


def test_a_text_shown_in_another_language_is_filled_in_its_own_and_says_so():
    bilan = teenlab_bilan(
        cohorts_in_scope=2,
        narratives={"introduction": {"fr": "Les {cohorts.count:words} sessions."}},
    )
    with translation.override("en"):
        report = report_build(bilan, "en", with_charts=False)

    (block,) = report.narrative_introduction.blocks
    assert str(block.items[0]) == "Les deux sessions."
    assert report.narrative_introduction.fallback == "text in French: English translation missing"
