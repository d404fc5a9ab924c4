"""The situation after leaving (issue 13, point 2): the dashboard lists the follow-ups due,
a counsellor records one from there, the service keeps it after the day the youth left."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from teenlab.core.choices import EnrolmentStatus, FollowUpKind
from teenlab.core.dates import month_end, months_after
from teenlab.core.models import AuditEntry
from teenlab.outcomes import services
from teenlab.outcomes.models import FollowUp
from teenlab.outcomes.selectors import follow_ups_due
from teenlab.training.models import Enrolment
from tests.factories import CohortFactory, EnrolmentFactory, FollowUpFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def _left(cohort, *, left_on, status=EnrolmentStatus.COMPLETED, **youth):
    return EnrolmentFactory(
        cohort=cohort,
        enrolled_on=cohort.start_date,
        status=status,
        left_on=left_on,
        **{f"youth__{name}": value for name, value in youth.items()},
    )


@pytest.fixture
def ended(cast, today):
    """A cohort of the home organisation that ended long ago (its youth are due both
    follow-ups), and one of the other organisation."""
    start = months_after(today, -12)
    home = CohortFactory(
        project=cast.project, organisation=cast.home, start_date=start, end_date=start
    )
    away = CohortFactory(
        project=cast.project, organisation=cast.away, start_date=start, end_date=start
    )
    return home, away


def test_the_due_list_counts_each_kind_by_its_rule(cast, today, ended):
    home, _away = ended
    long_ago = _left(home, left_on=home.end_date)
    # Left today: the exit follow-up is due (four weeks from now), the six-month one is not.
    just_left = _left(cast.taught, left_on=today, status=EnrolmentStatus.DROPPED_OUT)
    # Six months on falls on the month's last day: due this month.
    edge_day = months_after(month_end(today) + dt.timedelta(days=1), -6) - dt.timedelta(days=1)
    edge_cohort = CohortFactory(
        project=cast.project,
        organisation=cast.home,
        start_date=home.start_date,
        end_date=edge_day + dt.timedelta(days=30),
    )
    edge = _left(edge_cohort, left_on=edge_day, status=EnrolmentStatus.EARLY_EXIT)
    # One follow-up recorded: that kind is no longer due for that enrolment.
    FollowUpFactory(enrolment=long_ago, kind=FollowUpKind.EXIT, date=home.end_date)
    due = follow_ups_due(enrolments=Enrolment.objects.all(), today=today)
    listed = {(row.enrolment.pk, row.kind) for row in due.items}
    assert listed == {
        (long_ago.pk, "six_months"),
        (just_left.pk, "exit"),
        (edge.pk, "exit"),
        (edge.pk, "six_months"),
    }
    assert (due.exit_count, due.six_months_count) == (2, 2)
    rows = {(row.enrolment.pk, row.kind): row for row in due.items}
    assert rows[(just_left.pk, "exit")].due_on == today + dt.timedelta(days=28)
    assert not rows[(just_left.pk, "exit")].overdue
    assert rows[(long_ago.pk, "six_months")].overdue
    assert rows[(edge.pk, "six_months")].due_on == month_end(today)


def test_a_young_person_still_in_the_session_is_never_due(cast, today):
    due = follow_ups_due(enrolments=Enrolment.objects.all(), today=today)
    assert due.count == 0 and due.items == []


def test_the_dashboard_lists_the_counsellors_own_follow_ups_only(client, cast, ended):
    home, away = ended
    own = _left(home, left_on=home.end_date, last_name="Aubertinel")
    _left(away, left_on=away.end_date, last_name="Valadierson")
    login(client, cast.counsellor)
    html = client.get(reverse("dashboard:index")).content.decode()
    assert 'id="follow-ups"' in html
    assert "Aubertinel" in html and "Valadierson" not in html
    assert reverse("outcomes:follow_up_record", args=[own.pk, "six_months"]) in html


@pytest.mark.parametrize("role", ["partner", "auditor", "trainer"])
def test_roles_that_do_not_record_follow_ups_do_not_get_the_list(client, cast, ended, role):
    home, _away = ended
    _left(home, left_on=home.end_date)
    login(client, getattr(cast, role))
    assert 'id="follow-ups"' not in client.get(reverse("dashboard:index")).content.decode()


def test_a_counsellor_records_a_follow_up_and_it_is_journaled(client, cast, today, ended):
    home, _away = ended
    enrolment = _left(home, left_on=home.end_date)
    login(client, cast.counsellor)
    url = reverse("outcomes:follow_up_record", args=[enrolment.pk, "six_months"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "situation": "employed",
            "qualification_gained": "on",
            "date": today.isoformat(),
            "source": "employer",
            "detail": "CDD de six mois",
        },
    )
    assert response.status_code == 302 and response.url == reverse("dashboard:index")
    follow_up = FollowUp.objects.get(enrolment=enrolment)
    assert (follow_up.kind, follow_up.situation, follow_up.source) == (
        "six_months",
        "employed",
        "employer",
    )
    assert follow_up.qualification_gained and follow_up.recorded_by == cast.counsellor
    assert AuditEntry.objects.filter(
        model="outcomes.followup", object_id=follow_up.pk, action=AuditEntry.Action.CREATE
    ).exists()
    # Recording it again corrects it: still one per kind.
    client.post(url, {"situation": "inactive", "date": today.isoformat(), "source": "youth"})
    follow_up.refresh_from_db()
    assert follow_up.situation == "inactive" and not follow_up.qualification_gained
    assert FollowUp.objects.filter(enrolment=enrolment).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": "2021-13-40"}, "date"),
        ({"situation": "rich"}, "situation"),
        ({"source": "rumour"}, "source"),
    ],
)
def test_bad_input_is_refused_with_nothing_written(client, cast, today, ended, changes, field):
    home, _away = ended
    enrolment = _left(home, left_on=home.end_date)
    login(client, cast.counsellor)
    data = {"situation": "employed", "date": today.isoformat(), "source": "youth", **changes}
    url = reverse("outcomes:follow_up_record", args=[enrolment.pk, "exit"])
    response = client.post(url, data)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not FollowUp.objects.exists()


def test_a_date_before_leaving_is_refused(client, cast, ended):
    home, _away = ended
    enrolment = _left(home, left_on=home.end_date)
    login(client, cast.counsellor)
    before = (home.end_date - dt.timedelta(days=1)).isoformat()
    url = reverse("outcomes:follow_up_record", args=[enrolment.pk, "exit"])
    response = client.post(url, {"situation": "employed", "date": before, "source": "youth"})
    assert response.status_code == 422
    assert "avant la sortie" in str(response.context["form"].errors["date"])
    assert not FollowUp.objects.exists()


def test_another_organisations_enrolment_or_an_unknown_kind_is_not_found(client, cast, ended):
    home, away = ended
    theirs = _left(away, left_on=away.end_date)
    mine = _left(home, left_on=home.end_date)
    login(client, cast.counsellor)
    assert (
        client.get(reverse("outcomes:follow_up_record", args=[theirs.pk, "exit"])).status_code
        == 404
    )
    assert (
        client.get(reverse("outcomes:follow_up_record", args=[mine.pk, "later"])).status_code == 404
    )


def test_the_service_refuses_an_enrolment_still_in_progress(cast, today):
    enrolment = cast.pupil.enrolments.get()
    with pytest.raises(ValidationError):
        services.follow_up_record(
            enrolment=enrolment,
            kind="exit",
            situation="employed",
            date=today,
            source="youth",
            by=cast.counsellor,
            today=today,
        )
    assert not FollowUp.objects.exists()


def test_the_service_refuses_a_date_in_the_future(cast, today, ended):
    home, _away = ended
    enrolment = _left(home, left_on=home.end_date)
    with pytest.raises(ValidationError) as refused:
        services.follow_up_record(
            enrolment=enrolment,
            kind="exit",
            situation="employed",
            date=today + dt.timedelta(days=1),
            source="youth",
            by=cast.counsellor,
            today=today,
        )
    assert "date" in refused.value.message_dict
