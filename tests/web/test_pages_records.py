"""Exchanges, events, phases, cooperations, budget lines and expenses: lists and forms."""

import datetime as dt
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from teenlab.activities.models import Cooperation, Event, Exchange, Phase
from teenlab.core.models import AuditEntry
from teenlab.finance.models import BudgetLine, Expense
from tests.factories import (
    BudgetLineFactory,
    EventFactory,
    ExchangeFactory,
    ExpenseFactory,
)
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def test_a_coordinator_creates_an_exchange_in_the_current_project(client, cast):
    login(client, cast.coordinator)
    response = client.post(
        reverse("activities:exchange_create"),
        {
            "code": "X1",
            "title": "Séjour à Pinerolo",
            "kind": "youth_stay",
            "origin": "fr",
            "destination": "it",
            "start_date": "2022-05-16",
            "end_date": "2022-05-20",
            "youth_count": "8",
        },
    )
    assert response.status_code == 302
    exchange = Exchange.objects.get(code="X1")
    assert (exchange.project, exchange.origin, exchange.destination) == (cast.project, "FR", "IT")
    assert AuditEntry.objects.filter(model="activities.exchange", object_id=exchange.pk).exists()


def test_an_exchange_code_already_used_in_the_project_is_refused(client, cast):
    ExchangeFactory(project=cast.project, code="X1")
    login(client, cast.coordinator)
    response = client.post(
        reverse("activities:exchange_create"),
        {
            "code": "X1",
            "title": "Doublon",
            "kind": "youth_stay",
            "origin": "FR",
            "destination": "IT",
            "start_date": "2022-05-16",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors
    assert Exchange.objects.filter(code="X1").count() == 1


def test_an_exchange_ending_before_it_starts_is_refused(client, cast):
    login(client, cast.coordinator)
    response = client.post(
        reverse("activities:exchange_create"),
        {
            "code": "X2",
            "title": "À l'envers",
            "kind": "youth_stay",
            "origin": "FR",
            "destination": "IT",
            "start_date": "2022-05-16",
            "end_date": "2022-05-01",
        },
    )
    assert response.status_code == 422
    assert not Exchange.objects.filter(code="X2").exists()


def test_a_trainer_creates_an_event_only_for_a_cohort_they_teach(client, cast):
    login(client, cast.trainer)
    page = client.get(reverse("activities:event_create"))
    offered = list(page.context["form"].fields["cohort"].queryset)
    assert offered == [cast.taught]
    data = {"code": "EV1", "title": "Repair café", "date": "2022-04-01"}
    refused = client.post(
        reverse("activities:event_create"), {**data, "cohort": cast.untaught.code}
    )
    assert refused.status_code == 422
    assert not Event.objects.exists()
    accepted = client.post(reverse("activities:event_create"), {**data, "cohort": cast.taught.code})
    assert accepted.status_code == 302
    assert Event.objects.get().cohort == cast.taught


def test_events_are_listed_within_scope(client, cast):
    mine = EventFactory(cohort=cast.taught, title="Kermesse du quartier")
    theirs = EventFactory(cohort=cast.away_cohort, title="Festa della cooperativa")
    login(client, cast.coordinator)
    html = client.get(reverse("activities:event_list")).content.decode()
    assert mine.title in html
    assert theirs.title not in html


def test_a_phase_and_a_cooperation_are_created(client, cast):
    login(client, cast.coordinator)
    assert (
        client.post(
            reverse("activities:phase_create"),
            {"number": "1", "name": "Lancement", "start_date": "2021-01-01"},
        ).status_code
        == 302
    )
    assert Phase.objects.get(project=cast.project).name == "Lancement"
    response = client.post(
        reverse("activities:cooperation_create"),
        {"name": "Mission locale", "kind": "institution", "role_codes": ["sourcing", "support"]},
    )
    assert response.status_code == 302
    cooperation = Cooperation.objects.get(project=cast.project)
    assert cooperation.roles == "sourcing;support"
    edit = client.get(reverse("activities:cooperation_edit", args=[cooperation.pk]))
    assert edit.context["form"].initial["role_codes"] == ["sourcing", "support"]


def test_budget_consumption_per_category_is_planned_spent_and_share(client, cast):
    BudgetLineFactory(
        project=cast.project, organisation=cast.home, category="pedagogy", planned_eur=1000
    )
    BudgetLineFactory(
        project=cast.project, organisation=cast.away, category="pedagogy", planned_eur=9000
    )
    for amount in ("100.50", "149.50"):
        ExpenseFactory(
            project=cast.project,
            organisation=cast.home,
            category="pedagogy",
            amount_eur=Decimal(amount),
        )
    ExpenseFactory(project=cast.project, organisation=cast.away, category="pedagogy")
    login(client, cast.auditor)
    response = client.get(reverse("finance:budget_overview"))
    (row,) = response.context["rows"]
    assert (row.planned, row.spent) == (Decimal("1000"), Decimal("250"))
    assert row.ratio == 0.25
    html = response.content.decode()
    assert "1\u00a0000,00\u00a0€" in html or "1 000,00\u00a0€" in html
    assert "25,0\u202f%" in html  # one decimal, as in the bilan


class _TableShapes(HTMLParser):
    """For each <table id=…>: the number of header cells, and of cells in each body row."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, dict] = {}
        self._table = self._row = None
        self._section = ""

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs).get("id", ""), {"head": 0, "rows": []})
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = tag
        elif tag == "tr" and self._table is not None and self._section == "tbody":
            self._row = 0
        elif tag in ("th", "td") and self._table is not None:
            if self._section == "thead":
                self._table["head"] += 1
            elif self._section == "tbody" and self._row is not None:
                self._row += 1

    def handle_endtag(self, tag):
        if tag == "tr" and self._row is not None:
            self._table["rows"].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None


def test_every_budget_table_has_a_cell_under_each_heading(client, cast):
    BudgetLineFactory(project=cast.project, organisation=cast.home, category="pedagogy")
    ExpenseFactory(project=cast.project, organisation=cast.home, category="pedagogy")
    login(client, cast.coordinator)
    shapes = _TableShapes()
    shapes.feed(client.get(reverse("finance:budget_overview")).content.decode())
    assert {"budget-consumption", "budget-lines"} <= shapes.tables.keys()
    for name, table in shapes.tables.items():
        assert table["rows"], name
        assert set(table["rows"]) == {table["head"]}, name


def test_money_is_formatted_for_the_language(client, cast):
    ExpenseFactory(project=cast.project, organisation=cast.home, amount_eur=Decimal("1234.5"))
    login(client, cast.coordinator)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("finance:expense_list")).content.decode()
    assert "1,234.50\u00a0€" in html
    translation.activate("fr")


def test_a_coordinator_records_an_expense_for_their_own_organisation(client, cast):
    login(client, cast.coordinator)
    page = client.get(reverse("finance:expense_create"))
    assert "organisation" not in page.context["form"].fields
    response = client.post(
        reverse("finance:expense_create"),
        {"category": "other", "date": "2022-02-01", "amount_eur": "42.10", "label": "Affiches"},
    )
    assert response.status_code == 302
    expense = Expense.objects.get(label="Affiches")
    assert (expense.organisation, expense.project) == (cast.home, cast.project)
    assert expense.date == dt.date(2022, 2, 1)


def test_a_second_budget_line_of_the_same_category_is_refused(client, cast):
    BudgetLineFactory(project=cast.project, organisation=cast.home, category="other")
    login(client, cast.coordinator)
    response = client.post(
        reverse("finance:budget_line_create"), {"category": "other", "planned_eur": "10"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors
    assert BudgetLine.objects.filter(organisation=cast.home, category="other").count() == 1


def test_an_auditor_reads_the_budget_but_sees_no_edit_link(client, cast):
    line = BudgetLineFactory(project=cast.project, organisation=cast.home)
    login(client, cast.auditor)
    html = client.get(reverse("finance:budget_overview")).content.decode()
    assert reverse("finance:budget_line_edit", args=[line.pk]) not in html
    assert 'id="expense-create"' not in html


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("origin", "F1", "Un code pays à deux lettres"),
        ("destination", "Italie", "Un code pays à deux lettres"),
        ("end_date", "2022-05-01", "La fin ne peut pas précéder le début."),
    ],
)
def test_a_wrong_exchange_gets_a_clear_message(client, cast, field, value, message):
    login(client, cast.coordinator)
    data = {
        "code": "X9",
        "title": "Séjour",
        "kind": "youth_stay",
        "origin": "FR",
        "destination": "IT",
        "start_date": "2022-05-16",
        field: value,
    }
    response = client.post(reverse("activities:exchange_create"), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Exchange.objects.filter(code="X9").exists()


def test_a_negative_planned_amount_is_refused(client, cast):
    login(client, cast.coordinator)
    response = client.post(
        reverse("finance:budget_line_create"), {"category": "other", "planned_eur": "-5"}
    )
    assert response.status_code == 422
    assert "ne peut pas être négatif" in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_an_amount_is_typed_as_the_language_writes_it(client, cast):
    login(client, cast.coordinator)
    response = client.post(
        reverse("finance:expense_create"),
        {"category": "other", "date": "2022-02-01", "amount_eur": "1234,56", "label": "Virgule"},
    )
    assert response.status_code == 302
    assert Expense.objects.get(label="Virgule").amount_eur == Decimal("1234.56")
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("finance:expense_create"),
        {"category": "other", "date": "2022-02-01", "amount_eur": "99.5", "label": "Point"},
    )
    assert response.status_code == 302
    assert Expense.objects.get(label="Point").amount_eur == Decimal("99.5")
