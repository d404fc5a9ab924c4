"""The training services: enrolment completion and dropout, the sign-in and its lock."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from teenlab.core.choices import AttendanceStatus, DropoutReason, EnrolmentStatus
from teenlab.core.models import AuditEntry
from teenlab.training import services
from teenlab.training.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceSignature,
    SlotCountersignature,
)
from tests.factories import (
    OPEN_ALL_DAY,
    CohortFactory,
    EnrolmentFactory,
    SlotFactory,
    UserFactory,
)
from tests.training.signatures import jpeg_data_url, png_bytes, png_data_url

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2022, 1, 10)


@pytest.fixture
def cohort():
    return CohortFactory(start_date=MONDAY, end_date=MONDAY + dt.timedelta(days=60))


@pytest.fixture
def trainer(cohort):
    user = UserFactory(organisation=cohort.organisation, is_trainer=True)
    cohort.trainers.add(user)
    return user


# --- Enrolments ---------------------------------------------------------------------------------


def test_completion_and_dropout_are_recorded_and_journaled(cohort, trainer):
    done = EnrolmentFactory(cohort=cohort)
    gone = EnrolmentFactory(cohort=cohort)

    services.enrolment_complete(enrolment=done, by=trainer)
    left_on = MONDAY + dt.timedelta(days=20)
    services.enrolment_drop_out(
        enrolment=gone, left_on=left_on, reason=DropoutReason.PERSONAL, by=trainer
    )

    done.refresh_from_db()
    gone.refresh_from_db()
    assert done.status == EnrolmentStatus.COMPLETED
    assert (gone.status, gone.left_on, gone.dropout_reason) == (
        EnrolmentStatus.DROPPED_OUT,
        left_on,
        DropoutReason.PERSONAL,
    )
    entries = AuditEntry.objects.filter(model="training.enrolment").order_by("id")
    assert [(e.object_id, e.after["status"]) for e in entries] == [
        (done.pk, EnrolmentStatus.COMPLETED),
        (gone.pk, EnrolmentStatus.DROPPED_OUT),
    ]
    assert entries[1].before["status"] == EnrolmentStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("left_on", "reason"),
    [
        (MONDAY - dt.timedelta(days=1), ""),  # before the enrolment
        (MONDAY + dt.timedelta(days=61), ""),  # after the cohort
        (MONDAY + dt.timedelta(days=3), "bored"),  # not a reason
    ],
)
def test_a_bad_dropout_changes_nothing(cohort, left_on, reason):
    enrolment = EnrolmentFactory(cohort=cohort)
    with pytest.raises(ValidationError):
        services.enrolment_drop_out(enrolment=enrolment, left_on=left_on, reason=reason, by=None)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.left_on) == (EnrolmentStatus.IN_PROGRESS, None)
    assert not AuditEntry.objects.exists()


def test_a_finished_enrolment_cannot_be_completed_again(cohort):
    enrolment = EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.COMPLETED)
    with pytest.raises(ValidationError):
        services.enrolment_complete(enrolment=enrolment, by=None)


# --- Signatures ---------------------------------------------------------------------------------


def test_a_drawn_png_is_accepted_as_bytes_or_data_url_and_cut_to_its_ink():
    for value in (png_data_url(), png_bytes(mode="RGB")):
        data = services.signature_png(value)
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "PNG"
            width, height = image.size
        # The drawing spans x 10 to 280 and y 20 to 80 of a 300 by 100 image, plus a margin.
        assert 270 < width <= 300
        assert 60 < height < 100


@pytest.mark.parametrize(
    "value",
    [
        "not a data url",
        "data:image/png;base64,!!!!",
        "data:image/png;base64,aGVsbG8=",  # "hello"
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        png_data_url(ink=False),  # blank
        png_data_url(ink=False, mode="RGB"),  # blank, opaque
        jpeg_data_url(),  # a JPEG calling itself a PNG
    ],
)
def test_anything_but_a_drawn_png_is_refused(value):
    with pytest.raises(ValidationError) as error:
        services.signature_png(value)
    assert "image" in error.value.message_dict


# --- The sign-in --------------------------------------------------------------------------------


@pytest.fixture
def slot(cohort):
    """A slot of today whose signing window is open now (a cohort around today)."""
    today = timezone.localdate()
    current = CohortFactory(
        project=cohort.project,
        organisation=cohort.organisation,
        start_date=today - dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=30),
    )
    return SlotFactory(cohort=current, date=today, **OPEN_ALL_DAY)


def test_signing_makes_the_youth_present_with_time_and_collector(slot, trainer):
    youth = EnrolmentFactory(cohort=slot.cohort).youth
    attendance = services.attendance_sign(slot=slot, youth=youth, image=png_data_url(), by=trainer)
    assert attendance.status == AttendanceStatus.PRESENT
    signature = AttendanceSignature.objects.get(attendance=attendance)
    assert signature.collected_by == trainer
    assert bytes(signature.image).startswith(services.PNG_MAGIC)
    assert signature.signed_at is not None
    assert AuditEntry.objects.filter(model="training.attendance", youth_id=youth.pk).exists()


def test_a_partial_youth_who_signs_stays_partial(slot, trainer):
    youth = EnrolmentFactory(cohort=slot.cohort).youth
    services.attendance_mark(
        slot=slot, youth=youth, status=AttendanceStatus.PARTIAL, minutes=90, by=trainer
    )
    services.attendance_sign(slot=slot, youth=youth, image=png_data_url(), by=trainer)
    row = Attendance.objects.get(slot=slot, youth=youth)
    assert (row.status, row.minutes) == (AttendanceStatus.PARTIAL, 90)


def test_marking_absent_removes_a_signature_taken_by_mistake(slot, trainer):
    youth = EnrolmentFactory(cohort=slot.cohort).youth
    services.attendance_sign(slot=slot, youth=youth, image=png_data_url(), by=trainer)
    services.attendance_mark(slot=slot, youth=youth, status=AttendanceStatus.ABSENT, by=trainer)
    row = Attendance.objects.get(slot=slot, youth=youth)
    assert row.status == AttendanceStatus.ABSENT
    assert not AttendanceSignature.objects.exists()


def test_youth_outside_the_slots_window_cannot_sign(slot, trainer):
    later = EnrolmentFactory(cohort=slot.cohort, enrolled_on=slot.date + dt.timedelta(days=1))
    gone = EnrolmentFactory(
        cohort=slot.cohort,
        status=EnrolmentStatus.DROPPED_OUT,
        left_on=slot.date - dt.timedelta(days=1),
    )
    other = EnrolmentFactory()
    for enrolment in (later, gone, other):
        with pytest.raises(ValidationError):
            services.attendance_sign(
                slot=slot, youth=enrolment.youth, image=png_data_url(), by=trainer
            )
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("minutes", [None, 0, "one more than the slot"])
def test_partial_minutes_must_fit_the_slot(slot, trainer, minutes):
    if minutes == "one more than the slot":
        minutes = slot.duration_minutes + 1
    youth = EnrolmentFactory(cohort=slot.cohort).youth
    with pytest.raises(ValidationError) as error:
        services.attendance_mark(
            slot=slot, youth=youth, status=AttendanceStatus.PARTIAL, minutes=minutes, by=trainer
        )
    assert "minutes" in error.value.message_dict
    assert not Attendance.objects.exists()


def test_the_whole_slot_counts_as_partial_minutes_at_most(slot, trainer):
    youth = EnrolmentFactory(cohort=slot.cohort).youth
    services.attendance_mark(
        slot=slot,
        youth=youth,
        status=AttendanceStatus.PARTIAL,
        minutes=slot.duration_minutes,
        by=trainer,
    )
    assert Attendance.objects.get().minutes == slot.duration_minutes


def test_countersigning_needs_every_expected_youth_marked(slot, trainer):
    first = EnrolmentFactory(cohort=slot.cohort).youth
    EnrolmentFactory(cohort=slot.cohort)
    services.attendance_sign(slot=slot, youth=first, image=png_data_url(), by=trainer)
    with pytest.raises(ValidationError):
        services.slot_countersign(slot=slot, image=png_data_url(), by=trainer)
    assert not SlotCountersignature.objects.exists()


def test_a_countersigned_slot_is_locked_and_corrections_are_logged(slot, trainer):
    first = EnrolmentFactory(cohort=slot.cohort).youth
    second = EnrolmentFactory(cohort=slot.cohort).youth
    services.attendance_sign(slot=slot, youth=first, image=png_data_url(), by=trainer)
    services.attendance_mark(slot=slot, youth=second, status=AttendanceStatus.ABSENT, by=trainer)
    services.slot_countersign(slot=slot, image=png_data_url(), by=trainer)
    assert services.slot_is_locked(slot)

    with pytest.raises(ValidationError):
        services.attendance_sign(slot=slot, youth=second, image=png_data_url(), by=trainer)
    with pytest.raises(ValidationError):
        services.attendance_mark(slot=slot, youth=first, status=AttendanceStatus.ABSENT, by=trainer)
    with pytest.raises(ValidationError):
        services.slot_countersign(slot=slot, image=png_data_url(), by=trainer)
    assert Attendance.objects.get(youth=second).status == AttendanceStatus.ABSENT

    journal_before = AuditEntry.objects.count()
    correction = services.attendance_correct(
        slot=slot,
        youth=second,
        status=AttendanceStatus.EXCUSED,
        minutes=None,
        reason="Certificat médical reçu",
        by=trainer,
    )
    assert Attendance.objects.get(youth=second).status == AttendanceStatus.EXCUSED
    assert (correction.status_before, correction.status) == ("absent", "excused")
    assert AttendanceCorrection.objects.count() == 1
    entry = AuditEntry.objects.order_by("-id").first()
    assert AuditEntry.objects.count() == journal_before + 1
    assert (entry.before["status"], entry.after["status"]) == ("absent", "excused")


def test_a_correction_needs_a_locked_slot_and_a_reason(slot, trainer):
    youth = EnrolmentFactory(cohort=slot.cohort).youth
    with pytest.raises(ValidationError):
        services.attendance_correct(
            slot=slot, youth=youth, status="present", minutes=None, reason="x", by=trainer
        )
    services.attendance_mark(slot=slot, youth=youth, status="absent", by=trainer)
    services.slot_countersign(slot=slot, image=png_data_url(), by=trainer)
    with pytest.raises(ValidationError) as error:
        services.attendance_correct(
            slot=slot, youth=youth, status="present", minutes=None, reason="  ", by=trainer
        )
    assert "reason" in error.value.message_dict
    assert not AttendanceCorrection.objects.exists()
    assert Attendance.objects.get().status == "absent"
