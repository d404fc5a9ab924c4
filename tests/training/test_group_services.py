"""The trainer's services of the group sign-in: the rest marked absent, a partial presence
from an arrival or departure time."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from teenlab.core.choices import AttendanceStatus
from teenlab.core.models import AuditEntry
from teenlab.training import services
from teenlab.training.models import Attendance
from tests.factories import CohortFactory, EnrolmentFactory, SlotFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2022, 1, 10)


@pytest.fixture
def slot():
    cohort = CohortFactory(start_date=MONDAY, end_date=MONDAY + dt.timedelta(days=60))
    return SlotFactory(cohort=cohort, date=MONDAY, start=dt.time(9, 0), end=dt.time(12, 30))


@pytest.fixture
def trainer(slot):
    user = UserFactory(organisation=slot.cohort.organisation, is_trainer=True)
    slot.cohort.trainers.add(user)
    return user


def test_the_rest_is_marked_absent_and_each_one_journaled(slot, trainer):
    youth = [EnrolmentFactory(cohort=slot.cohort, enrolled_on=MONDAY).youth for _ in range(4)]
    services.attendance_mark(slot=slot, youth=youth[0], status=AttendanceStatus.EXCUSED, by=trainer)
    leaver = EnrolmentFactory(cohort=slot.cohort, enrolled_on=MONDAY - dt.timedelta(days=1))
    leaver.left_on = MONDAY - dt.timedelta(days=1)  # gone before the slot: not expected
    leaver.save()
    journal = AuditEntry.objects.count()
    marked = services.attendance_mark_rest_absent(slot=slot, by=trainer)
    assert sorted(a.youth_id for a in marked) == sorted(y.pk for y in youth[1:])
    statuses = dict(Attendance.objects.filter(slot=slot).values_list("youth_id", "status"))
    assert statuses == {youth[0].pk: "excused", **{y.pk: "absent" for y in youth[1:]}}
    assert AuditEntry.objects.count() - journal >= 3
    assert services.attendance_mark_rest_absent(slot=slot, by=trainer) == []


def test_the_rest_is_marked_absent_all_or_none(slot, trainer, monkeypatch):
    youth = [EnrolmentFactory(cohort=slot.cohort, enrolled_on=MONDAY).youth for _ in range(3)]
    real_mark = services.attendance_mark
    calls = []

    def failing_mark(**kwargs):
        calls.append(kwargs["youth"])
        if len(calls) == 3:
            raise ValidationError("boom")
        return real_mark(**kwargs)

    monkeypatch.setattr(services, "attendance_mark", failing_mark)
    with pytest.raises(ValidationError):
        services.attendance_mark_rest_absent(slot=slot, by=trainer)
    assert len(calls) == len(youth)
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("arrival", "departure", "minutes"),
    [
        (dt.time(9, 40), None, 170),
        (None, dt.time(11, 0), 120),
        (dt.time(9, 30), dt.time(11, 45), 135),
    ],
)
def test_partial_minutes_come_from_the_arrival_or_departure(slot, arrival, departure, minutes):
    assert services.partial_minutes(slot=slot, arrival=arrival, departure=departure) == minutes


@pytest.mark.parametrize(
    ("arrival", "departure", "field"),
    [
        (None, None, "arrival"),
        (dt.time(9, 0), None, "arrival"),
        (dt.time(8, 0), None, "arrival"),
        (None, dt.time(12, 30), "departure"),
        (None, dt.time(13, 0), "departure"),
        (dt.time(11, 0), dt.time(10, 0), "departure"),
        (dt.time(10, 0), dt.time(10, 0), "departure"),
    ],
)
def test_times_outside_the_slot_are_refused(slot, arrival, departure, field):
    with pytest.raises(ValidationError) as error:
        services.partial_minutes(slot=slot, arrival=arrival, departure=departure)
    assert field in error.value.message_dict


def test_nothing_is_marked_on_a_locked_slot(slot, trainer):
    from tests.training.signatures import png_data_url

    youth = EnrolmentFactory(cohort=slot.cohort, enrolled_on=MONDAY).youth
    services.attendance_mark(slot=slot, youth=youth, status=AttendanceStatus.ABSENT, by=trainer)
    services.slot_countersign(slot=slot, image=png_data_url(), by=trainer)
    EnrolmentFactory(cohort=slot.cohort, enrolled_on=MONDAY)
    with pytest.raises(ValidationError, match="verrouillé"):
        services.attendance_mark_rest_absent(slot=slot, by=trainer)
    assert Attendance.objects.count() == 1
