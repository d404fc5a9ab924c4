"""Every statement on a large table names its project (issue 14, point 5; docs/scaling.md).

Sharding by project (Citus) keeps a page or a bilan on one node only if each of its statements on
a sharded table filters by the project, directly or through a parent that carries it
(``"training_slot"."project_id" = 7``); a cohort's or an organisation's scope adds itself to the
project's filter rather than replacing it. The test records the SQL of the bilan in every scope
and of the pages people open all day, on a database holding a second project, and fails on any
statement that reads a large table without the project.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teenlab.reporting.selectors import bilan_build
from tests.auth import login_verified
from tests.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrolmentFactory,
    OutcomeFactory,
    ProjectFactory,
    SlotFactory,
)
from tests.web.conftest import login
from tests.web.test_url_walk import EXPECTED, KIND_OF, KINDS, ROUTES, world  # noqa: F401

pytestmark = pytest.mark.django_db

# The tables that grow with the young people and their attendance (docs/scaling.md, "What is
# large"): the ones a distributed database would shard by project.
LARGE_TABLES = (
    "training_attendance",
    "training_attendanceentry",
    "training_attendancesignature",
    "training_attendancecorrection",
    "training_slot",
    "training_enrolment",
    "participants_youth",
    "participants_recruitmentdecision",
    "outcomes_outcome",
    "outcomes_followup",
    "participants_consent",
)


def _unfiltered(captured, *, project_id: int) -> list[str]:
    """The statements of ``captured`` reading a large table without naming ``project_id``:
    ``"project_id" = 7``, or 7 in a list of ids (``"project_id" IN (3, 7)``, the account's
    projects)."""
    names_project = re.compile(
        rf'"project_id"\s*(=\s*{project_id}\b|IN\s*\((\s*\d+\s*,)*\s*{project_id}\b)'
    )
    found = []
    for query in captured:
        sql = query["sql"]
        if not re.match(r"\s*(SELECT|UPDATE|DELETE)", sql, re.IGNORECASE):
            continue
        if any(f'"{table}"' in sql for table in LARGE_TABLES) and not names_project.search(sql):
            found.append(sql)
    return found


@pytest.fixture
def neighbour(cast, today):
    """A second project with its own session, timetable, attendance and outcome."""
    other = ProjectFactory()
    cohort = CohortFactory(project=other, organisation=cast.home)
    slot = SlotFactory(cohort=cohort, date=cohort.start_date)
    enrolment = EnrolmentFactory(cohort=cohort, enrolled_on=cohort.start_date)
    AttendanceFactory(slot=slot, youth=enrolment.youth)
    OutcomeFactory(enrolment=enrolment)
    return other


@pytest.fixture
def lived_in(cast, slots, neighbour):
    """The cast's project with attendance, an outcome and a dropout."""
    enrolment = EnrolmentFactory(cohort=cast.taught, enrolled_on=cast.taught.start_date)
    AttendanceFactory(slot=slots["taught"], youth=enrolment.youth)
    OutcomeFactory(enrolment=enrolment)
    return enrolment


def _pages(cast, slots, enrolment):
    return [
        reverse("dashboard:index"),
        reverse("participants:youth_list"),
        reverse("participants:youth_list") + "?q=a",
        reverse("participants:youth_list") + "?status=completed&zone=other",
        reverse("participants:youth_list") + "?status=waiting_list",
        reverse("participants:youth_detail", args=[enrolment.youth.pk]),
        reverse("participants:recruitment"),
        reverse("training:cohort_list"),
        reverse("training:cohort_detail", args=[cast.taught.pk]),
        reverse("training:today"),
        reverse("training:slot_attendance", args=[slots["taught"].pk]),
        reverse("outcomes:outcome_cohort_list"),
        reverse("outcomes:outcome_cohort_edit", args=[cast.taught.pk]),
        reverse("reporting:bilan_page"),
        reverse("reporting:bilan_page") + f"?scope=organisation:{cast.home.code}",
        reverse("reporting:bilan_page") + f"?scope=cohort:{cast.taught.code}",
        # The forms whose lists may reach thousands (issue 14, target 3).
        reverse("participants:youth_create"),
        reverse("participants:info_session_options") + "?q=a",
        reverse("training:cohort_options") + "?q=a",
        reverse("activities:event_create"),
        reverse("activities:exchange_create"),
    ]


@pytest.mark.parametrize("role", ["coordinator", "trainer", "counsellor"])
def test_every_page_statement_on_a_large_table_names_the_project(
    client, cast, slots, lived_in, role
):
    login(client, getattr(cast, role))
    offenders = {}
    for url in _pages(cast, slots, lived_in):
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code in (200, 400, 403), (url, response.status_code)
        if found := _unfiltered(context.captured_queries, project_id=cast.project.pk):
            offenders[url] = found
    assert not offenders, "\n\n".join(
        f"{url}:\n" + "\n".join(f"  {sql}" for sql in sqls) for url, sqls in offenders.items()
    )


@pytest.mark.parametrize("scope", ["project", "organisation", "cohort"])
def test_every_bilan_statement_on_a_large_table_names_the_project(cast, lived_in, scope):
    kwargs = {
        "project": {},
        "organisation": {"organisation": cast.home},
        "cohort": {"cohort": cast.taught},
    }[scope]
    with CaptureQueriesContext(connection) as context:
        bilan_build(project=cast.project, **kwargs)
    assert not _unfiltered(context.captured_queries, project_id=cast.project.pk)


def test_the_check_finds_a_statement_without_the_project(cast, lived_in):
    """The detector itself: a count over every project's enrolments is caught."""
    from teenlab.training.models import Enrolment

    with CaptureQueriesContext(connection) as context:
        Enrolment.objects.filter(status="dropout").count()
        Enrolment.objects.filter(cohort__project=cast.project).count()
    assert len(_unfiltered(context.captured_queries, project_id=cast.project.pk)) == 1


@pytest.mark.parametrize(
    ("where", "names_it"),
    [
        ('"project_id" = 7', True),
        ('"project_id" IN (7)', True),
        ('"project_id" IN (3, 7, 9)', True),
        ('"project_id" = 70', False),
        ('"project_id" IN (3, 17)', False),
        ('"organisation_id" = 7', False),
    ],
)
def test_the_check_reads_the_project_in_a_list_of_the_account_s_projects(where, names_it):
    """A record opened by its id is looked up among the account's projects: the project may
    stand anywhere in the list, and only as a whole number."""
    sql = f'SELECT 1 FROM "training_enrolment" WHERE {where}'
    assert bool(_unfiltered([{"sql": sql}], project_id=7)) is not names_it


# Every page of the access table (tests/web/test_url_walk.py), opened by each role that may
# open it on a record of its own organisation: the walk above names the pages people open all
# day; this one leaves none out (set-up, imports, exports, the journal, the finance pages).
WALKED_ROLES = ("coordinator", "trainer", "counsellor", "partner", "auditor")


@pytest.mark.parametrize("role", WALKED_ROLES)
def test_every_page_of_the_access_table_names_the_project_on_a_large_table(
    client,
    world,  # noqa: F811 (the access table's fixture, imported above)
    role,
):
    login_verified(client, getattr(world.cast, role))
    offenders = {}
    for name in sorted(set(ROUTES) & set(KIND_OF)):
        if EXPECTED[(name, role, "own")] != 200:
            continue
        url = reverse(name, kwargs=KINDS[KIND_OF[name]](world.own))
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)  # the page was read
        if found := _unfiltered(context.captured_queries, project_id=world.cast.project.pk):
            offenders[url] = found
    assert not offenders, "\n\n".join(
        f"{url}:\n" + "\n".join(f"  {sql}" for sql in sqls) for url, sqls in offenders.items()
    )
