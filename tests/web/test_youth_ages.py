"""Point 7 of issue 9: ages at the right date, attendance and outcome on the youth list, the
slots missed on the record."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teenlab.core.dates import age_on
from tests.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    ModuleFactory,
    OutcomeFactory,
    SlotFactory,
    YouthFactory,
)
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def row_of(response, youth):
    (shown,) = [y for y in response.context["youth"] if y.pk == youth.pk]
    return shown


def test_the_list_shows_the_age_on_the_day_received(client, cast, today):
    born = today.replace(year=today.year - 30)
    received = today.replace(year=today.year - 10)
    youth = YouthFactory(
        project=cast.project, organisation=cast.home, birth_date=born, received_on=received
    )
    login(client, cast.coordinator)
    response = client.get(reverse("participants:youth_list"), {"q": youth.code})
    shown = row_of(response, youth)
    assert shown.entry_date == received
    cell = response.content.decode()
    assert "Âge à l&#x27;accueil" in cell or "Âge à l'accueil" in cell
    assert f"{age_on(birth_date=born, day=received)} ans" in cell
    assert f"{age_on(birth_date=born, day=today)} ans" not in cell


def test_without_a_reception_date_the_age_is_taken_at_the_first_enrolment(client, cast, today):
    born = today.replace(year=today.year - 25)
    youth = YouthFactory(
        project=cast.project, organisation=cast.home, birth_date=born, received_on=None
    )
    first = cast.untaught.start_date
    EnrolmentFactory(cohort=cast.untaught, youth=youth, enrolled_on=first, status="completed")
    login(client, cast.coordinator)
    response = client.get(reverse("participants:youth_list"), {"q": youth.code})
    assert row_of(response, youth).entry_date == first
    detail = client.get(reverse("participants:youth_detail", args=[youth.pk]))
    assert detail.context["youth"].entry_date == first
    assert f"{age_on(birth_date=born, day=first)} ans" in detail.content.decode()


def test_a_minor_today_is_flagged_on_the_list(client, cast, today):
    minor = YouthFactory(
        project=cast.project,
        organisation=cast.home,
        birth_date=today.replace(year=today.year - 17),
        guardian_contact="Mère",
    )
    adult = YouthFactory(
        project=cast.project, organisation=cast.home, birth_date=today.replace(year=today.year - 19)
    )
    login(client, cast.coordinator)
    for youth, flagged in ((minor, True), (adult, False)):
        content = client.get(reverse("participants:youth_list"), {"q": youth.code}).content
        assert (b"data-minor" in content) is flagged


def test_the_list_shows_each_enrolment_attendance_and_outcome(client, cast, today):
    youth = cast.pupil
    enrolment = youth.enrolments.get()
    slots = [SlotFactory(cohort=cast.taught, date=today - dt.timedelta(days=d)) for d in (9, 6)]
    AttendanceFactory(slot=slots[0], youth=youth, status="present")
    OutcomeFactory(enrolment=enrolment, exit="training")
    login(client, cast.coordinator)
    response = client.get(reverse("participants:youth_list"), {"q": youth.code})
    (shown,) = row_of(response, youth).enrolments.all()
    assert shown.attendance_rate == pytest.approx(0.5)
    assert shown.outcome.exit == "training"
    content = response.content.decode()
    assert 'data-rate="0.5000"' in content and 'data-outcome="training"' in content


def test_the_list_costs_the_same_queries_for_one_or_many_youth(client, cast, today):
    login(client, cast.coordinator)
    url = reverse("participants:youth_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        youth = YouthFactory(project=cast.project, organisation=cast.home)
        enrolment = EnrolmentFactory(cohort=cast.taught, youth=youth, status="completed")
        slot = SlotFactory(cohort=cast.taught, date=today - dt.timedelta(days=n + 1))
        AttendanceFactory(slot=slot, youth=youth, status="present")
        OutcomeFactory(enrolment=enrolment)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["youth"]) > 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_record_lists_the_slots_missed_within_the_window(client, cast, today):
    youth = cast.pupil
    enrolment = youth.enrolments.get()
    module = ModuleFactory(cohort=cast.taught, name="Couture")

    def slot(days_ago):
        return SlotFactory(
            cohort=cast.taught, module=module, date=today - dt.timedelta(days=days_ago)
        )

    before = SlotFactory(cohort=cast.taught, date=enrolment.enrolled_on - dt.timedelta(days=1))
    present, partial, absent, excused, unmarked = (slot(d) for d in (10, 8, 6, 4, 2))
    future = slot(-3)
    cancelled = slot(5)
    cancelled.cancelled_reason = "Formateur malade"
    cancelled.save()
    AttendanceFactory(slot=cancelled, youth=youth, status="absent")  # kept as proof, not missed
    AttendanceFactory(slot=present, youth=youth, status="present")
    AttendanceFactory(slot=partial, youth=youth, status="partial", minutes=60)
    AttendanceFactory(slot=absent, youth=youth, status="absent")
    AttendanceFactory(slot=excused, youth=youth, status="excused")
    login(client, cast.counsellor)
    response = client.get(reverse("participants:youth_detail", args=[youth.pk]))
    ((shown, missed),) = response.context["missed"]
    assert shown.pk == enrolment.pk
    assert [(s.pk, s.missed_status) for s in missed] == [
        (absent.pk, "absent"),
        (excused.pk, "excused"),
        (unmarked.pk, None),
    ]
    content = response.content.decode()
    assert "Créneaux manqués" in content and "Couture" in content
    assert f'data-missed="{unmarked.code}"' in content
    for kept in (before, present, partial, future, cancelled):
        assert f'data-missed="{kept.code}"' not in content
