"""Each page runs the same number of queries with a little data and with more."""

import pytest
from django.urls import reverse

from tests.factories import (
    BudgetLineFactory,
    CooperationFactory,
    EnrolmentFactory,
    EventFactory,
    ExchangeFactory,
    ExpenseFactory,
    OutcomeFactory,
    PhaseFactory,
)
from tests.web.conftest import login
from tests.web.helpers import query_count

pytestmark = pytest.mark.django_db

PAGES = [
    ("outcomes:outcome_cohort_list", None),
    ("outcomes:outcome_cohort_edit", "taught"),
    ("activities:exchange_list", None),
    ("activities:event_list", None),
    ("activities:phase_list", None),
    ("activities:cooperation_list", None),
    ("finance:budget_overview", None),
    ("finance:expense_list", None),
    ("reporting:bilan_page", None),
    ("reporting:indicators_page", None),
    ("reporting:narrative_list", None),
    ("datapackage:package_import_start", None),
    ("datapackage:package_export", None),
]
CATEGORIES = ["cross_border", "coordination", "pedagogy", "premises_equipment", "other"]


def _grow(cast, n: int, start: int) -> None:
    for i in range(start, start + n):
        enrolment = EnrolmentFactory(cohort=cast.taught)
        if i % 2:
            OutcomeFactory(enrolment=enrolment)
        EnrolmentFactory(cohort=cast.untaught)
        EventFactory(cohort=cast.taught)
        ExchangeFactory(project=cast.project)
        PhaseFactory(project=cast.project, number=100 + i)
        CooperationFactory(project=cast.project)
        ExpenseFactory(project=cast.project, organisation=cast.home)
        if i < len(CATEGORIES):
            BudgetLineFactory(project=cast.project, organisation=cast.home, category=CATEGORIES[i])


@pytest.mark.parametrize("name,arg", PAGES)
def test_queries_do_not_grow_with_the_data(client, cast, name, arg):
    login(client, cast.coordinator)
    url = reverse(name, args=[getattr(cast, arg).pk] if arg else None)
    _grow(cast, 2, 0)
    small = query_count(client, url)
    _grow(cast, 20, 2)
    large = query_count(client, url)
    assert large <= small, (name, small, large)
    # A ceiling, not a budget: the bilan page ran 41 statements on PostgreSQL (four of them the
    # savepoint and planner setting of its attendance query, which SQLite does not run), before
    # its Interreg annex (one aggregate query per kind of record it reads) and the
    # partners' budgets; the assertion above is what proves the page does not grow with the data.
    assert small <= 60, (name, small)
