"""The bilan's « Données financières » (issue 11, point 3): the cofinancing, each partner's
share, and each partner's budget under a heading that names whose budget it is."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from teenlab.core.choices import BudgetCategory, PartnerRole
from teenlab.reporting.renderers.report import report_build
from teenlab.reporting.renderers.sections.finance import (
    budget_sentence,
    months_between,
    priority_categories,
)
from teenlab.reporting.selectors import bilan_build
from tests.factories import (
    BudgetLineFactory,
    ExpenseFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)

pytestmark = pytest.mark.django_db


def _project(*, with_second_french=False):
    """A project of 1 000 € cofinancing: an Italian lead (600 €, no budget recorded), a French
    partner (400 €) whose budget is 100 (coordination) + 250 (pedagogy) + 50 (cross-border),
    and optionally a second French partner whose budget is 70 (premises)."""
    project = ProjectFactory(
        name="LAB",
        programme="Programme P",
        start_date=dt.date(2021, 3, 1),
        end_date=dt.date(2023, 3, 31),
        cofinancing_total_eur=Decimal(1000),
    )
    lead = OrganisationFactory(name="Comune", country="IT")
    french = OrganisationFactory(name="Ville", country="FR")
    ProjectPartnerFactory(
        project=project, organisation=lead, role=PartnerRole.LEAD_PARTNER, cofinancing_eur=600
    )
    ProjectPartnerFactory(project=project, organisation=french, cofinancing_eur=400)
    for category, amount in [
        (BudgetCategory.COORDINATION, 100),
        (BudgetCategory.PEDAGOGY, 250),
        (BudgetCategory.CROSS_BORDER, 50),
    ]:
        BudgetLineFactory(
            project=project, organisation=french, category=category, planned_eur=amount
        )
    ExpenseFactory(
        project=project, organisation=french, category=BudgetCategory.PEDAGOGY, amount_eur=25
    )
    if with_second_french:
        other = OrganisationFactory(name="Association", country="FR")
        ProjectPartnerFactory(project=project, organisation=other)
        BudgetLineFactory(
            project=project,
            organisation=other,
            category=BudgetCategory.PREMISES_EQUIPMENT,
            planned_eur=70,
        )
    return project, lead, french


def _report(bilan, lang="fr"):
    with translation.override(lang):
        return report_build(bilan, lang, with_charts=False)


def test_each_partner_whose_budget_is_recorded_has_its_budget_and_the_others_are_named():
    project, lead, french = _project()
    bilan = bilan_build(project=project)

    assert [budget.code for budget in bilan.partner_budgets] == [french.code]
    budget = bilan.partner_budgets[0].budget
    assert budget.planned_total_eur == 100 + 250 + 50
    assert budget.planned_by_category == {"cross_border": 50, "coordination": 100, "pedagogy": 250}
    assert budget.spent_total_eur == 25
    assert bilan.budget_missing == (lead.name,)
    # The spec's JSON keeps the project's budget, all partners together.
    assert bilan.figure("budget", "planned_total_eur") == 400


def test_the_heading_names_the_country_of_its_only_partner_there_else_the_partner():
    project, _lead, _french = _project()
    report = _report(bilan_build(project=project))

    assert [table.heading for table in report.budget_tables] == ["Budget LAB France"]
    assert report.budget_tables[0].total["planned_text"] == "400\u00a0€"
    assert report.budget_missing == "Budget non enregistré : Comune."

    project, _lead, _french = _project(with_second_french=True)
    report = _report(bilan_build(project=project))
    # Two French partners: each is named; then their budgets together.
    assert [table.heading for table in report.budget_tables] == [
        "Budget LAB Association",
        "Budget LAB Ville",
        "Budget des partenaires : Association, Ville",
    ]
    assert report.budget_tables[-1].total["planned"] == 400 + 70


def test_a_partners_bilan_shows_its_own_budget_only():
    project, lead, french = _project()

    assert [b.code for b in bilan_build(project=project, organisation=french).partner_budgets] == [
        french.code
    ]
    bilan = bilan_build(project=project, organisation=lead)
    assert bilan.partner_budgets == ()
    assert bilan.budget_missing == (lead.name,)


def test_the_sentence_tells_the_cofinancing_its_length_and_the_partners_priorities():
    """1 000 € for 24 months (March 2021 to March 2023: from the first month to the last);
    the French partner's 400 € go first to pedagogy (250 of 400, more than half)."""
    project, _lead, _french = _project()
    bilan = bilan_build(project=project)
    with translation.override("fr"):
        text = budget_sentence(bilan, "fr")

    assert text == (
        "Ce projet européen est soutenu par le programme Programme P, qui a attribué un "
        "cofinancement de 1\u202f000\u00a0€ (France et Italie) pour 24 mois (mars 2021 à mars "
        "2023) \u2013 dont 400\u00a0€ pour la France, répartis prioritairement sur le parcours "
        "pédagogique."
    )


def test_the_partners_shares_of_the_cofinancing():
    project, _lead, _french = _project()
    report = _report(bilan_build(project=project))

    assert [(line["name"], line["share"]) for line in report.partner_cofinancing] == [
        ("Comune", "60,0\u202f%"),
        ("Ville", "40,0\u202f%"),
    ]


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        # 38 + 37 % make more than half: the published TEEN LAB budget's two priorities.
        (
            {"cross_border": 33, "coordination": 54, "pedagogy": 130, "premises_equipment": 133},
            ["premises_equipment", "pedagogy"],
        ),
        ({"pedagogy": 60, "coordination": 40}, ["pedagogy"]),
        ({"pedagogy": 50, "coordination": 50}, ["coordination", "pedagogy"]),
        ({}, []),
    ],
)
def test_the_priorities_are_the_fewest_largest_categories_past_half(amounts, expected):
    amounts = {code: Decimal(amount) for code, amount in amounts.items()}
    assert priority_categories(amounts) == expected


def test_months_count_from_the_first_month_to_the_last():
    assert months_between(dt.date(2021, 3, 1), dt.date(2023, 3, 31)) == 24
    assert months_between(dt.date(2021, 3, 15), dt.date(2021, 9, 1)) == 6


def test_the_programme_cost_categories_are_in_the_bilan_once_recorded():
    """A period, 1 000 € of staff costs planned and 800 declared at a 15 % flat rate: office
    costs 150 planned, 120 declared; nothing recorded: no table."""
    from tests.factories import (
        PartnerFundingFactory,
        PlannedCostFactory,
        ReportingPeriodFactory,
    )

    project, _lead, french = _project()
    assert _report(bilan_build(project=project)).programme_rows == []

    period = ReportingPeriodFactory(project=project)
    PartnerFundingFactory(project=project, organisation=french, office_flat_rate=15)
    PlannedCostFactory(project=project, organisation=french, period=period, planned_eur=1000)
    ExpenseFactory(
        project=project, organisation=french, period=period, cost_category="staff",
        amount_eur=800,
    )  # fmt: skip
    rows = {row["code"]: row for row in _report(bilan_build(project=project)).programme_rows}
    assert (rows["office_admin"]["planned"], rows["office_admin"]["declared"]) == (
        "150\u00a0€",
        "120\u00a0€",
    )
    assert rows["office_admin"]["label"] == "Frais de bureau et administratifs"
