"""Every URL of the outcomes, activities, budget, bilan and data package pages, with every role,
in its organisation and in the other one (200, 403 or 404 as the tables say)."""

import pytest
from django.urls import reverse

from tests.factories import (
    BudgetLineFactory,
    CooperationFactory,
    EventFactory,
    ExchangeFactory,
    ExpenseFactory,
    PhaseFactory,
    ProjectFactory,
)
from tests.web.conftest import ROLES, login

pytestmark = pytest.mark.django_db

OK, FORBIDDEN, MISSING = 200, 403, 404

TABLE = {
    # page                                coordinator trainer counsellor partner auditor
    "outcomes:outcome_cohort_list": (OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN),
    "activities:exchange_list": (OK, OK, OK, FORBIDDEN, OK),
    "activities:event_list": (OK, OK, OK, FORBIDDEN, OK),
    "activities:phase_list": (OK, OK, OK, FORBIDDEN, OK),
    "activities:cooperation_list": (OK, OK, OK, FORBIDDEN, OK),
    "activities:exchange_create": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "activities:event_create": (OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "activities:phase_create": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "activities:cooperation_create": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "finance:budget_overview": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "finance:expense_list": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "finance:budget_line_create": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "finance:expense_create": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "reporting:bilan_page": (OK, OK, OK, OK, OK),
    "datapackage:package_import_start": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "datapackage:package_export": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
}

COORDINATOR_ONLY = {
    "coordinator": (OK, MISSING),
    "trainer": (FORBIDDEN, FORBIDDEN),
    "counsellor": (FORBIDDEN, FORBIDDEN),
    "partner": (FORBIDDEN, FORBIDDEN),
    "auditor": (FORBIDDEN, FORBIDDEN),
}
OBJECT_TABLE = {
    "outcomes:outcome_cohort_edit": {
        "coordinator": (OK, MISSING),
        "trainer": (FORBIDDEN, FORBIDDEN),
        "counsellor": (OK, MISSING),
        "partner": (FORBIDDEN, FORBIDDEN),
        "auditor": (FORBIDDEN, FORBIDDEN),
    },
    "activities:event_edit": {
        "coordinator": (OK, MISSING),
        "trainer": (OK, MISSING),
        "counsellor": (FORBIDDEN, FORBIDDEN),
        "partner": (FORBIDDEN, FORBIDDEN),
        "auditor": (FORBIDDEN, FORBIDDEN),
    },
    "activities:exchange_edit": COORDINATOR_ONLY,
    "activities:phase_edit": COORDINATOR_ONLY,
    "activities:cooperation_edit": COORDINATOR_ONLY,
    "finance:budget_line_edit": COORDINATOR_ONLY,
    "finance:expense_edit": COORDINATOR_ONLY,
}


def _objects(cast, name):
    """(a record of the account's organisation or project, one outside it)."""
    elsewhere = ProjectFactory(code="AILLEURS")
    if name == "outcomes:outcome_cohort_edit":
        return cast.taught.pk, cast.away_cohort.pk
    if name == "activities:event_edit":
        own = EventFactory(cohort=cast.taught)
        return own.pk, EventFactory(cohort=cast.away_cohort).pk
    factories = {
        "activities:exchange_edit": ExchangeFactory,
        "activities:phase_edit": PhaseFactory,
        "activities:cooperation_edit": CooperationFactory,
    }
    if name in factories:
        factory = factories[name]
        return factory(project=cast.project).pk, factory(project=elsewhere).pk
    factory = BudgetLineFactory if name == "finance:budget_line_edit" else ExpenseFactory
    own = factory(project=cast.project, organisation=cast.home)
    return own.pk, factory(project=cast.project, organisation=cast.away).pk


@pytest.mark.parametrize("name", TABLE)
@pytest.mark.parametrize("index,role", list(enumerate(ROLES)))
def test_each_page_answers_each_role_as_the_table_says(client, cast, name, index, role):
    login(client, getattr(cast, role))
    assert client.get(reverse(name)).status_code == TABLE[name][index]


@pytest.mark.parametrize("name", OBJECT_TABLE)
@pytest.mark.parametrize("role", ROLES)
def test_each_record_answers_own_and_other_as_the_table_says(client, cast, name, role):
    own, other = _objects(cast, name)
    login(client, getattr(cast, role))
    expected_own, expected_other = OBJECT_TABLE[name][role]
    assert client.get(reverse(name, args=[own])).status_code == expected_own
    assert client.get(reverse(name, args=[other])).status_code == expected_other


@pytest.mark.parametrize("name", ["outcomes:outcome_cohort_list", "reporting:bilan_page"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, cast, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_trainer_cannot_edit_the_event_of_a_cohort_they_do_not_teach(client, cast):
    event = EventFactory(cohort=cast.untaught)
    login(client, cast.trainer)
    assert client.get(reverse("activities:event_edit", args=[event.pk])).status_code == 404


def test_a_post_to_another_organisation_expense_changes_nothing(client, cast):
    expense = ExpenseFactory(project=cast.project, organisation=cast.away, label="Avant")
    login(client, cast.coordinator)
    response = client.post(
        reverse("finance:expense_edit", args=[expense.pk]),
        {"category": "other", "date": "2022-01-01", "amount_eur": "1", "label": "Pirate"},
    )
    assert response.status_code == 404
    expense.refresh_from_db()
    assert expense.label == "Avant"
