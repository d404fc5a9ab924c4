"""The budget by the programme's cost categories (issue 13, point 4): planned, declared and
certified per reporting period, office costs as a flat rate of staff costs, the funding split."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teenlab.core.choices import CostCategory
from teenlab.finance import selectors, services
from teenlab.finance.models import Expense, PartnerFunding, PlannedCost, ReportingPeriod
from tests.factories import (
    ExpenseFactory,
    OrganisationFactory,
    PartnerFundingFactory,
    PlannedCostFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal
STAFF, OFFICE, TRAVEL = CostCategory.STAFF, CostCategory.OFFICE, CostCategory.TRAVEL
EQUIPMENT = CostCategory.EQUIPMENT


def _programme():
    """Partner A: flat rate 15 %, split 850 EU / 100 national / 50 own. Partner B: neither.
    Periods P1 and P2.
    Planned: A P1 staff 1 000 and travel 200, A P2 staff 2 000; B P1 equipment 500.
    Declared: A P1 staff 800 (700 certified), travel 150 (150), 40 not classified; A P2 staff
    1 000; A 99 in no period; B P1 equipment 300 (300 certified) and staff 100."""
    project = ProjectFactory()
    a = OrganisationFactory(name="A")
    b = OrganisationFactory(name="B")
    p1 = ReportingPeriodFactory(
        project=project, code="P1", start_date=dt.date(2021, 1, 1), end_date=dt.date(2021, 6, 30)
    )
    p2 = ReportingPeriodFactory(
        project=project, code="P2", start_date=dt.date(2021, 7, 1), end_date=dt.date(2021, 12, 31)
    )
    PartnerFundingFactory(
        project=project, organisation=a, eu_eur=850, national_eur=100, own_eur=50,
        office_flat_rate=15,
    )  # fmt: skip
    for org, period, category, amount in [
        (a, p1, STAFF, 1000),
        (a, p1, TRAVEL, 200),
        (a, p2, STAFF, 2000),
        (b, p1, EQUIPMENT, 500),
    ]:
        PlannedCostFactory(
            project=project, organisation=org, period=period, cost_category=category,
            planned_eur=amount,
        )  # fmt: skip
    for org, period, category, amount, certified in [
        (a, p1, STAFF, 800, 700),
        (a, p1, TRAVEL, 150, 150),
        (a, p1, "", 40, None),
        (a, p2, STAFF, 1000, None),
        (a, None, STAFF, 99, None),
        (b, p1, EQUIPMENT, 300, 300),
        (b, p1, STAFF, 100, None),
    ]:
        ExpenseFactory(
            project=project, organisation=org, period=period, cost_category=category,
            amount_eur=amount, certified_eur=certified,
            certified_on=dt.date(2021, 9, 1) if certified is not None else None,
        )  # fmt: skip
    return project, a, b


def _budget(project):
    return selectors.programme_budget(
        periods=ReportingPeriod.objects.filter(project=project),
        planned=PlannedCost.objects.filter(project=project),
        expenses=Expense.objects.filter(project=project),
        fundings=PartnerFunding.objects.filter(project=project),
    )


def _rows(period_budget):
    return {row.category: (row.planned, row.declared, row.certified) for row in period_budget.rows}


def test_planned_declared_certified_per_period_with_office_as_a_flat_rate():
    """P1 office: 15 % of A's staff only (B has no rate): planned 150, declared 120 (of 800),
    certified 105 (of 700). Totals P1: planned 1 000 + 150 + 200 + 500 = 1 850; declared
    900 + 120 + 150 + 300 + 40 = 1 510; certified 700 + 105 + 150 + 300 = 1 255."""
    project, _a, b = _programme()
    budget = _budget(project)

    p1, p2 = budget.periods
    assert p1.period.code == "P1"
    assert _rows(p1) == {
        STAFF: (1000, 900, 700),
        OFFICE: (150, 120, 105),
        TRAVEL: (200, 150, 150),
        CostCategory.EXTERNAL: (0, 0, 0),
        EQUIPMENT: (500, 300, 300),
        CostCategory.INFRASTRUCTURE: (0, 0, 0),
        selectors.UNCLASSIFIED: (0, 40, 0),
    }
    assert (p1.total.planned, p1.total.declared, p1.total.certified) == (1850, 1510, 1255)
    assert _rows(p2)[OFFICE] == (300, 150, 0)
    assert (p2.total.planned, p2.total.declared, p2.total.certified) == (2300, 1150, 0)
    overall = budget.overall.total
    assert (overall.planned, overall.declared, overall.certified) == (4150, 2660, 1255)
    assert budget.not_declared == 99
    assert budget.rate_missing == [b.name]


def test_the_funding_split_and_its_part_of_the_certified_costs():
    """A plans 850 / 100 / 50 (85 / 10 / 5 %). With B's split missing, the certified parts
    cannot be computed. Once B's is 300 EU: A's certified 700 + 105 + 150 = 955 splits
    811,75 / 95,50 / 47,75; B's 300 all EU: 1 111,75 EU."""
    project, _a, b = _programme()
    budget = _budget(project)

    assert [(row.source, row.planned, row.share) for row in budget.funding] == [
        ("eu", 850, D("0.85")),
        ("national", 100, D("0.1")),
        ("own", 50, D("0.05")),
    ]
    assert budget.funding_missing == [b.name]
    assert all(row.certified is None for row in budget.funding)

    PartnerFundingFactory(
        project=project, organisation=b, eu_eur=300, national_eur=None, own_eur=None,
        office_flat_rate=None,
    )  # fmt: skip
    budget = _budget(project)
    assert budget.funding_missing == []
    assert [row.certified for row in budget.funding] == [D("1111.75"), D("95.50"), D("47.75")]
    assert budget.funding_total == 850 + 100 + 50 + 300


def test_the_certification_records_amounts_and_refuses_more_than_declared():
    project, a, _b = _programme()
    period = ReportingPeriod.objects.get(project=project, code="P2")
    expense = Expense.objects.get(period=period)
    coordinator = UserFactory(organisation=a, is_coordinator=True)

    with pytest.raises(ValidationError):
        services.period_certify(
            period=period, expenses=[expense], certified={expense.pk: D("1000.01")},
            certified_on=dt.date(2022, 2, 1), by=coordinator,
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.period_certify(
            period=period, expenses=[expense], certified={expense.pk: D(900)},
            certified_on=dt.date(2021, 6, 1), by=coordinator,
        )  # fmt: skip
    expense.refresh_from_db()
    assert (expense.certified_eur, expense.certified_on) == (None, None)

    services.period_certify(
        period=period, expenses=[expense], certified={expense.pk: D(900)},
        certified_on=dt.date(2022, 2, 1), by=coordinator,
    )  # fmt: skip
    expense.refresh_from_db()
    assert (expense.certified_eur, expense.certified_on) == (900, dt.date(2022, 2, 1))
    budget = _budget(project)
    # P2: 900 staff certified, and its flat rate 135.
    assert _rows(budget.periods[1])[OFFICE] == (300, 150, 135)


def test_an_expense_of_another_period_cannot_be_certified_in_this_one():
    project, a, _b = _programme()
    p1 = ReportingPeriod.objects.get(project=project, code="P1")
    other = Expense.objects.get(period__code="P2")
    coordinator = UserFactory(organisation=a, is_coordinator=True)

    with pytest.raises(ValidationError):
        services.period_certify(
            period=p1, expenses=[other], certified={other.pk: D(1)},
            certified_on=dt.date(2022, 2, 1), by=coordinator,
        )  # fmt: skip
    other.refresh_from_db()
    assert other.certified_eur is None
