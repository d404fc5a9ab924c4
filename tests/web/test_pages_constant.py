"""The pages people open all day cost the same whatever the project's size (issue 14, target 3).

A page whose statements do not grow with the young people still runs each of them over the
project's rows; what must not grow is their number (no query per young person, per enrolment or
per slot) and what each reads per row (no subquery per young person where a set would do:
``journey_q``, ``zone_q``, the consents' sets). The first is checked here on a project of N and
3N young people, each received, some recruited with their attendance, decisions, consents and
outcomes; the second by the selectors' own tests below, which compare the set-based filters with
the per-row annotations they replace. Timings are in docs/benchmarks.md ("Pages at 100 000
youth"), never in a test.
"""

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from teenlab.core.choices import OTHER_ZONE, ConsentKind, Decision, EnrolmentStatus, Redirection
from teenlab.dashboard import views as dashboard_views
from teenlab.participants.models import Youth
from teenlab.participants.selectors import youth_zone_annotate, zone_q
from teenlab.training import services as training_services
from teenlab.training import views as training_views
from teenlab.training.selectors import YOUTH_STATUSES, journey_q, youth_status_annotate
from tests.factories import (
    AttendanceFactory,
    ConsentFactory,
    EnrolmentFactory,
    OutcomeFactory,
    RecruitmentDecisionFactory,
    ResidenceZoneFactory,
    SlotFactory,
    YouthFactory,
)
from tests.web.conftest import login
from tests.web.helpers import query_count

pytestmark = pytest.mark.django_db

N = 4
STATUSES = [s.value for s in EnrolmentStatus]
DECISIONS = [d.value for d in Decision]


@pytest.fixture
def course(cast, today):
    """The taught session's timetable: two past slots and today's."""
    return [SlotFactory(cohort=cast.taught, date=today - dt.timedelta(days=n)) for n in (0, 2, 5)]


def _grow(cast, course, *, start: int, count: int) -> None:
    """``count`` more young people in the cast's project: received, and in turn recruited in
    the taught or untaught session (with attendance, an outcome, each journey's status), given a
    decision, or given their consents."""
    for n in range(start, start + count):
        youth = YouthFactory(
            project=cast.project,
            organisation=cast.home,
            last_name=f"Nomdetest{n}",
            commune=["Chambéry", "Ailleurs"][n % 2],
        )
        if n % 3 == 0:
            enrolment = EnrolmentFactory(
                cohort=cast.taught if n % 2 else cast.untaught,
                youth=youth,
                enrolled_on=cast.taught.start_date,
                status=STATUSES[n % len(STATUSES)],
            )
            for slot in course:
                if enrolment.cohort_id == slot.cohort_id:
                    AttendanceFactory(slot=slot, youth=youth)
            OutcomeFactory(enrolment=enrolment)
        elif n % 3 == 1:
            _decide(youth, DECISIONS[n % len(DECISIONS)])
        else:
            for kind in (ConsentKind.NOTICE, ConsentKind.IMAGE_RIGHTS):
                ConsentFactory(youth=youth, kind=kind)


def _decide(youth, decision: str, *, days_later: int = 0):
    return RecruitmentDecisionFactory(
        youth=youth,
        decision=decision,
        decided_on=youth.received_on + dt.timedelta(days=days_later),
        redirected_to=Redirection.values[0] if decision == Decision.REDIRECTED else "",
        waiting_until=youth.received_on + dt.timedelta(days=90)
        if decision == Decision.WAITING_LIST
        else None,
    )


def _pages(cast, course):
    youth_list = reverse("participants:youth_list")
    return {
        "coordinator": [
            reverse("dashboard:index"),
            youth_list,
            youth_list + "?q=Nomdetest",
            youth_list + "?status=completed&zone=chambery",
            youth_list + f"?status=received&zone={OTHER_ZONE}&age_band=16-17",
            youth_list + f"?cohort={cast.taught.code}",
            youth_list + "?page=2",
            reverse("participants:youth_detail", args=[cast.pupil.pk]),
            reverse("training:cohort_detail", args=[cast.taught.pk]),
            reverse("training:slot_attendance", args=[course[0].pk]),
        ],
        "trainer": [
            reverse("dashboard:index"),
            reverse("training:cohort_detail", args=[cast.taught.pk]),
            reverse("training:slot_attendance", args=[course[0].pk]),
        ],
        "counsellor": [reverse("dashboard:index"), youth_list + "?status=redirected"],
    }


@pytest.mark.parametrize("role", ["coordinator", "trainer", "counsellor"])
def test_the_pages_run_as_many_queries_for_3n_young_people_as_for_n(
    client, cast, course, role, monkeypatch
):
    ResidenceZoneFactory(project=cast.project, commune="Chambéry", zone="chambery")
    AttendanceFactory(slot=course[1], youth=cast.pupil)
    login(client, getattr(cast, role))
    pages = _pages(cast, course)[role]
    _grow(cast, course, start=0, count=N)
    # Pages of 2: the youth list's second page exists at either size.
    monkeypatch.setattr(training_views, "YOUTH_PAGE_SIZE", 2)
    small = {url: query_count(client, url) for url in pages}
    _grow(cast, course, start=N, count=2 * N)
    large = {url: query_count(client, url) for url in pages}
    assert large == small


def test_the_journey_filter_finds_whom_the_journey_names(cast, course):
    """``journey_q`` (semi- and anti-joins) selects, for every status of the list's filter,
    the young people whose annotated journey is that status."""
    _grow(cast, course, start=0, count=3 * N)
    # A decision taken later than another: the latest is the young person's journey.
    decided = RecruitmentDecisionFactory._meta.model.objects.filter(
        youth__project=cast.project
    ).first()
    _decide(decided.youth, Decision.WAITING_LIST, days_later=30)
    youth = Youth.objects.filter(project=cast.project)
    journeys = dict(youth_status_annotate(youth).values_list("pk", "journey"))
    assert len(set(journeys.values())) >= 5
    for status, _label in YOUTH_STATUSES:
        found = set(youth.filter(journey_q(status, project=cast.project)).values_list("pk"))
        assert {pk for (pk,) in found} == {pk for pk, j in journeys.items() if j == status}, status


def test_the_zone_filter_finds_whom_the_zone_names(cast, course):
    ResidenceZoneFactory(project=cast.project, commune="Chambéry", zone="chambery")
    ResidenceZoneFactory(project=cast.project, commune="Nulle part", zone=OTHER_ZONE)
    _grow(cast, course, start=0, count=2 * N)
    YouthFactory(project=cast.project, organisation=cast.home, commune="Nulle part")
    youth = Youth.objects.filter(project=cast.project)
    zones = dict(youth_zone_annotate(youth).values_list("pk", "zone"))
    for zone in ("chambery", OTHER_ZONE, "agglomeration"):
        found = {pk for (pk,) in youth.filter(zone_q(zone, project=cast.project)).values_list("pk")}
        assert found == {pk for pk, z in zones.items() if z == zone}, zone


@pytest.fixture
def reports_cached(settings):
    settings.CACHES = {
        **settings.CACHES,
        "reports": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-dashboard-{uuid.uuid4()}",
        },
    }


def test_the_dashboard_is_computed_once_until_the_records_change(
    client, cast, course, reports_cached, monkeypatch
):
    """The dashboard's figures are cached under the records' version, as the bilan page's: a
    second visit reads them back, a change through the application computes them again, and
    another account has its own."""
    calls = []
    build = dashboard_views.dashboard_build

    def counting(**kwargs):
        calls.append(kwargs["scope"].kind)
        return build(**kwargs)

    monkeypatch.setattr(dashboard_views, "dashboard_build", counting)
    enrolment = EnrolmentFactory(cohort=cast.taught, status="in_progress")
    login(client, cast.coordinator)
    first = client.get(reverse("dashboard:index"))
    client.get(reverse("dashboard:index"))
    assert calls == ["organisation"]
    training_services.enrolment_complete(enrolment=enrolment, by=cast.coordinator)
    changed = client.get(reverse("dashboard:index"))
    assert calls == ["organisation", "organisation"]
    completed = changed.context["board"].funnel["completed"]
    assert completed == first.context["board"].funnel["completed"] + 1
    login(client, cast.trainer)
    client.get(reverse("dashboard:index"))
    assert calls == ["organisation", "organisation", "cohorts"]


def test_a_long_list_is_counted_up_to_a_cap(client, cast, course, monkeypatch):
    """Past ``YOUTH_COUNT_CAP`` matches the youth list says "more than" and pages on without a
    total: a search matching most of a network reads that many rows, not the table."""
    _grow(cast, course, start=0, count=N)
    login(client, cast.coordinator)
    monkeypatch.setattr(training_views, "YOUTH_PAGE_SIZE", 2)
    monkeypatch.setattr(training_views, "YOUTH_COUNT_CAP", 3)
    page = client.get(reverse("participants:youth_list")).content.decode()
    assert "Plus de 3 jeunes" in page and "Page 1 sur" not in page and 'rel="next"' in page
    second = client.get(reverse("participants:youth_list"), {"page": 2})
    assert len(second.context["youth"]) == 2
    few = client.get(reverse("participants:youth_list"), {"q": "Nomdetest1"})
    assert "1 jeune" in few.content.decode()
