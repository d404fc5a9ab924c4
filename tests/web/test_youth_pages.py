import datetime as dt

import pytest
from django.urls import reverse

from teenlab.reporting.indicators import enrolment_attendance_annotate
from tests.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    OutcomeFactory,
    ResidenceZoneFactory,
    SlotFactory,
    YouthFactory,
)
from tests.web.conftest import login
from tests.web.helpers import query_count

pytestmark = pytest.mark.django_db


def listed(client, **params):
    response = client.get(reverse("participants:youth_list"), params)
    assert response.status_code == 200
    return {youth.pk for youth in response.context["youth"]}


def test_search_by_name_or_code(client, cast):
    login(client, cast.coordinator)
    assert listed(client, q=cast.pupil.last_name) >= {cast.pupil.pk}
    assert listed(client, q=cast.newcomer.code) == {cast.newcomer.pk}
    assert listed(client, q="zzz-nobody") == set()


def test_filters_by_cohort_status_zone_and_age(client, cast, today):
    ResidenceZoneFactory(project=cast.project, commune="Bassens", zone="agglomeration")
    suburb = YouthFactory(project=cast.project, organisation=cast.home, commune="Bassens")
    minor = YouthFactory(
        project=cast.project,
        organisation=cast.home,
        birth_date=today.replace(year=today.year - 16),
        guardian_contact="Mère : 06 00 00 00 00",
    )
    EnrolmentFactory(cohort=cast.untaught, youth=minor, status="completed")
    login(client, cast.coordinator)
    assert listed(client, cohort=cast.taught.code) == {cast.pupil.pk}
    assert listed(client, status="received") == {cast.newcomer.pk, suburb.pk}
    assert listed(client, status="completed") == {minor.pk}
    assert listed(client, zone="agglomeration") == {suburb.pk}
    assert listed(client, age_band="minor") == {minor.pk}
    assert minor.pk not in listed(client, age_band="18-23")


def test_a_bad_filter_value_is_ignored_with_the_form_showing_the_error(client, cast):
    login(client, cast.coordinator)
    response = client.get(reverse("participants:youth_list"), {"cohort": "abc", "status": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_list_never_shows_youth_of_another_organisation(client, cast):
    login(client, cast.coordinator)
    assert cast.stranger.pk not in listed(client)
    login(client, cast.trainer)
    assert listed(client) == {cast.pupil.pk}


def test_record_shows_identity_consents_enrolments_attendance_and_outcome(client, cast, today):
    youth = cast.pupil
    enrolment = youth.enrolments.get()
    slots = [SlotFactory(cohort=cast.taught, date=today - dt.timedelta(days=d)) for d in (9, 6, 3)]
    AttendanceFactory(slot=slots[0], youth=youth, status="present")
    AttendanceFactory(slot=slots[1], youth=youth, status="partial", minutes=90)
    OutcomeFactory(enrolment=enrolment, exit="training", detail="CAP cuisine")
    login(client, cast.counsellor)
    response = client.get(reverse("participants:youth_detail", args=[youth.pk]))
    content = response.content.decode()
    assert youth.first_name in content and youth.code in content
    assert "Consentements" in content and "Droit à l" in content
    (shown,) = response.context["enrolments"]
    assert shown.attendance_rate == pytest.approx((180 + 90) / (3 * 180))
    assert 'data-rate="0.5000"' in content
    assert "CAP cuisine" in content


def test_attendance_rate_follows_the_enrolment_window(cast, today):
    """Slots before a late enrolment do not count (indicators.md)."""
    early = SlotFactory(cohort=cast.taught, date=today - dt.timedelta(days=20))
    late_slot = SlotFactory(cohort=cast.taught, date=today - dt.timedelta(days=2))
    late = EnrolmentFactory(cohort=cast.taught, enrolled_on=today - dt.timedelta(days=5))
    AttendanceFactory(slot=early, youth=late.youth, status="present")
    AttendanceFactory(slot=late_slot, youth=late.youth, status="present")
    annotated = enrolment_attendance_annotate(
        type(late).objects.filter(pk=late.pk), today=today
    ).get()
    assert (annotated.scheduled_past, annotated.attended_past) == (180, 180)


def test_minor_without_guardian_contact_is_flagged_on_the_record(client, cast, today):
    minor = YouthFactory(
        project=cast.project,
        organisation=cast.home,
        birth_date=today.replace(year=today.year - 15),
        guardian_contact="",
    )
    login(client, cast.counsellor)
    response = client.get(reverse("participants:youth_detail", args=[minor.pk]))
    assert response.context["is_minor"]
    assert "Manquant" in response.content.decode()


def grow(cast, size):
    for _ in range(size):
        enrolment = EnrolmentFactory(cohort=cast.untaught)
        AttendanceFactory(slot=SlotFactory(cohort=cast.untaught), youth=enrolment.youth)
        YouthFactory(project=cast.project, organisation=cast.home)


@pytest.mark.parametrize(
    "url_name",
    ["participants:youth_list", "participants:recruitment"],
)
def test_list_pages_queries_do_not_grow_with_the_data(client, cast, url_name):
    login(client, cast.coordinator)
    grow(cast, 3)
    small = query_count(client, reverse(url_name))
    grow(cast, 40)
    large = query_count(client, reverse(url_name))
    assert large == small
    assert small <= 15


def test_youth_record_queries_do_not_grow_with_the_history(client, cast, today):
    login(client, cast.counsellor)
    url = reverse("participants:youth_detail", args=[cast.pupil.pk])
    small = query_count(client, url)
    for n in range(20):
        SlotFactory(cohort=cast.taught, date=today - dt.timedelta(days=n + 1))
        client.post(
            reverse("participants:youth_edit", args=[cast.pupil.pk]),
            {"code": cast.pupil.code, "first_name": f"Nom{n}", "last_name": "X", "gender": "f"},
        )
    assert query_count(client, url) == small
