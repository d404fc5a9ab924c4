"""The budget by the programme's rules on the web (issue 13, point 4): a coordinator sets the
reporting periods, plans costs, records the funding split, declares expenses into a period and
records the first-level controller's certification; an auditor reads it all."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from teenlab.finance.models import Expense, PartnerFunding, ReportingPeriod
from tests.factories import (
    ExpenseFactory,
    PartnerFundingFactory,
    PlannedCostFactory,
    ReportingPeriodFactory,
)

from .conftest import login

pytestmark = pytest.mark.django_db


def test_a_coordinator_sets_a_period_and_declares_an_expense_into_it(client, cast):
    login(client, cast.coordinator)
    response = client.post(
        reverse("finance:period_create"),
        {"code": "P1", "start_date": "2022-01-01", "end_date": "2022-06-30"},
    )
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(project=cast.project, code="P1")

    response = client.post(
        reverse("finance:expense_create"),
        {
            "category": "pedagogy",
            "date": "2022-02-01",
            "amount_eur": "1200",
            "label": "Formatrice",
            "cost_category": "staff",
            "period": period.pk,
        },
    )
    assert response.status_code == 302
    expense = Expense.objects.get(label="Formatrice")
    assert (expense.cost_category, expense.period) == ("staff", period)


def test_a_period_ending_before_it_starts_is_refused(client, cast):
    login(client, cast.coordinator)
    response = client.post(
        reverse("finance:period_create"),
        {"code": "P1", "start_date": "2022-06-30", "end_date": "2022-01-01"},
    )
    assert response.status_code == 422
    assert "La fin doit suivre le début." in response.content.decode()
    assert not ReportingPeriod.objects.exists()


def test_office_costs_are_not_a_category_an_expense_is_entered_in(client, cast):
    login(client, cast.coordinator)
    response = client.post(
        reverse("finance:expense_create"),
        {
            "category": "other",
            "date": "2022-02-01",
            "amount_eur": "10",
            "label": "Bureau",
            "cost_category": "office_admin",
        },
    )
    assert response.status_code == 422
    assert not Expense.objects.filter(label="Bureau").exists()


def test_another_projects_period_cannot_be_chosen(client, cast):
    elsewhere = ReportingPeriodFactory()
    login(client, cast.coordinator)
    response = client.post(
        reverse("finance:expense_create"),
        {
            "category": "other",
            "date": "2022-02-01",
            "amount_eur": "10",
            "label": "Ailleurs",
            "period": elsewhere.pk,
        },
    )
    assert response.status_code == 422
    assert not Expense.objects.filter(label="Ailleurs").exists()


def _declared(cast):
    period = ReportingPeriodFactory(
        project=cast.project, start_date=dt.date(2022, 1, 1), end_date=dt.date(2022, 6, 30)
    )
    PartnerFundingFactory(project=cast.project, organisation=cast.home, office_flat_rate=15)
    PlannedCostFactory(
        project=cast.project, organisation=cast.home, period=period, planned_eur=2000
    )
    mine = ExpenseFactory(
        project=cast.project, organisation=cast.home, period=period, cost_category="staff",
        amount_eur=Decimal("1000.00"),
    )  # fmt: skip
    theirs = ExpenseFactory(
        project=cast.project, organisation=cast.away, period=period, cost_category="staff",
        amount_eur=Decimal("500.00"),
    )  # fmt: skip
    return period, mine, theirs


def test_the_coordinator_records_the_certification_of_their_own_expenses(client, cast):
    period, mine, theirs = _declared(cast)
    login(client, cast.coordinator)
    url = reverse("finance:period_certify", args=[period.pk])
    page = client.get(url)
    assert f"expense_{mine.pk}" in page.context["form"].fields
    assert f"expense_{theirs.pk}" not in page.context["form"].fields

    response = client.post(url, {"certified_on": "2022-09-15", f"expense_{mine.pk}": "800"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.certified_eur, mine.certified_on) == (800, dt.date(2022, 9, 15))

    html = client.get(reverse("finance:programme")).content.decode()
    # Staff 1 000 declared, 800 certified; office 15 %: 150 declared, 120 certified.
    assert 'data-category="office_admin"' in html
    assert "120,00" in html and "150,00" in html


def test_more_than_declared_or_a_bad_date_is_refused_with_nothing_written(client, cast):
    period, mine, _theirs = _declared(cast)
    login(client, cast.coordinator)
    url = reverse("finance:period_certify", args=[period.pk])

    for data in (
        {"certified_on": "2022-09-15", f"expense_{mine.pk}": "1000.01"},
        {"certified_on": "15/09/2022x", f"expense_{mine.pk}": "10"},
        {"certified_on": "2021-12-31", f"expense_{mine.pk}": "10"},
    ):
        response = client.post(url, data)
        assert response.status_code == 422, data
    mine.refresh_from_db()
    assert mine.certified_eur is None


def test_an_auditor_reads_the_programme_budget_but_cannot_certify(client, cast):
    period, _mine, _theirs = _declared(cast)
    login(client, cast.auditor)
    html = client.get(reverse("finance:programme")).content.decode()
    assert 'id="programme-all"' in html
    assert reverse("finance:period_certify", args=[period.pk]) not in html
    assert client.get(reverse("finance:period_certify", args=[period.pk])).status_code == 403


def test_the_funding_split_is_recorded_once_per_partner(client, cast):
    login(client, cast.coordinator)
    data = {"eu_eur": "850", "national_eur": "100", "own_eur": "50", "office_flat_rate": "15"}
    assert client.post(reverse("finance:funding_create"), data).status_code == 302
    assert client.post(reverse("finance:funding_create"), data).status_code == 422
    assert PartnerFunding.objects.filter(organisation=cast.home).count() == 1
    bad = {**data, "office_flat_rate": "150"}
    funding = PartnerFunding.objects.get(organisation=cast.home)
    response = client.post(reverse("finance:funding_edit", args=[funding.pk]), bad)
    assert response.status_code == 422
