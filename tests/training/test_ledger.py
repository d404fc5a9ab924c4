"""The signing window, late entries, replays (idempotency keys), the device's time, and the
attendance ledger that every sign-in act appends to."""

import datetime as dt
import uuid
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from teenlab.core.chain import GENESIS
from teenlab.core.choices import AttendanceStatus
from teenlab.training import ledger, services
from teenlab.training.models import (
    Attendance,
    AttendanceEntry,
    AttendanceSignature,
    SlotCountersignature,
)
from tests.factories import (
    OPEN_ALL_DAY,
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    SlotFactory,
    UserFactory,
)
from tests.training.signatures import png_data_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    today = timezone.localdate()
    return CohortFactory(
        start_date=today - dt.timedelta(days=30), end_date=today + dt.timedelta(days=30)
    )


@pytest.fixture
def trainer(cohort):
    user = UserFactory(organisation=cohort.organisation, is_trainer=True)
    cohort.trainers.add(user)
    return user


@pytest.fixture
def open_slot(cohort):
    return SlotFactory(cohort=cohort, date=timezone.localdate(), **OPEN_ALL_DAY)


@pytest.fixture
def past_slot(cohort):
    """Yesterday morning: its signing window closed long ago."""
    return SlotFactory(cohort=cohort, date=timezone.localdate() - dt.timedelta(days=1))


def youth_of(slot):
    return EnrolmentFactory(cohort=slot.cohort, enrolled_on=slot.cohort.start_date).youth


# --- The signing window -------------------------------------------------------------------------


def test_a_signature_outside_the_window_is_refused_and_points_to_a_late_entry(past_slot, trainer):
    youth = youth_of(past_slot)
    with pytest.raises(ValidationError) as error:
        services.attendance_sign(slot=past_slot, youth=youth, image=png_data_url(), by=trainer)
    assert "saisie tardive" in " ".join(error.value.messages)
    assert not Attendance.objects.exists()
    assert not AttendanceEntry.objects.exists()


def noon_zone() -> str:
    """A fixed-offset time zone in which it is now between 12:00 and 13:00: slots of its
    organisation open and close around the present moment, whatever the hour the tests run at."""
    offset = 12 - timezone.now().astimezone(dt.UTC).hour  # from -11 to +12 hours
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"  # Etc/GMT-2 is UTC+2


@pytest.fixture
def noon(trainer):
    """A cohort of an organisation where it is now midday, and a helper making its slots."""
    organisation = OrganisationFactory(time_zone=noon_zone())
    today = timezone.now().astimezone(organisation.zone).date()
    cohort = CohortFactory(
        organisation=organisation,
        start_date=today - dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=30),
    )

    def slot(start: int, end: int):
        return SlotFactory(cohort=cohort, date=today, start=dt.time(start, 0), end=dt.time(end, 0))

    return SimpleNamespace(organisation=organisation, cohort=cohort, today=today, slot=slot)


def test_noon_zone_puts_the_present_at_midday():
    zone = OrganisationFactory(time_zone=noon_zone()).zone
    assert timezone.now().astimezone(zone).hour == 12


def test_the_window_opens_and_closes_with_the_projects_minutes(noon, trainer):
    project = noon.cohort.project
    assert (project.signing_opens_before, project.signing_closes_after) == (30, 60)
    ended = noon.slot(9, 10)  # the window closed at 11:00
    later = noon.slot(14, 15)  # opens at 13:30
    going_on = noon.slot(11, 14)
    for slot in (ended, later):
        with pytest.raises(ValidationError):
            services.attendance_sign(
                slot=slot, youth=youth_of(slot), image=png_data_url(), by=trainer
            )
    services.attendance_sign(
        slot=going_on, youth=youth_of(going_on), image=png_data_url(), by=trainer
    )
    project.signing_opens_before, project.signing_closes_after = 150, 180
    project.save()
    for slot in (ended, later):
        services.attendance_sign(slot=slot, youth=youth_of(slot), image=png_data_url(), by=trainer)
    assert Attendance.objects.filter(status=AttendanceStatus.PRESENT).count() == 3


def test_the_window_is_read_in_the_organisations_time_zone(noon, trainer):
    slot = noon.slot(11, 14)
    opens, closes = services.signing_window(slot)
    assert opens.utcoffset() == noon.organisation.zone.utcoffset(None)
    assert opens <= timezone.now() <= closes
    zone = noon.organisation.zone
    assert opens == dt.datetime.combine(noon.today, dt.time(10, 30), tzinfo=zone)
    assert closes == dt.datetime.combine(noon.today, dt.time(15, 0), tzinfo=zone)


def test_an_organisations_time_zone_defaults_to_its_countrys():
    assert str(OrganisationFactory(country="FR").zone) == "Europe/Paris"
    assert str(OrganisationFactory(country="IT").zone) == "Europe/Rome"
    assert str(OrganisationFactory(country="IT", time_zone="Europe/Paris").zone) == "Europe/Paris"


def test_a_plausible_device_time_inside_the_window_is_believed(noon, trainer):
    """Signed offline before the window closed (at 11:00), sent at midday: accepted on the
    device's time, kept beside the server's."""
    slot = noon.slot(9, 10)
    youth = youth_of(slot)
    with pytest.raises(ValidationError):
        services.attendance_sign(slot=slot, youth=youth, image=png_data_url(), by=trainer)
    taken = dt.datetime.combine(noon.today, dt.time(10, 30), tzinfo=noon.organisation.zone)
    before = timezone.now()
    services.attendance_sign(
        slot=slot, youth=youth, image=png_data_url(), by=trainer, taken_at=taken
    )
    entry = AttendanceEntry.objects.get(slot=slot)
    assert entry.taken_at == taken
    assert entry.recorded_at >= before


@pytest.mark.parametrize("offset", [dt.timedelta(hours=1), dt.timedelta(hours=-13)])
def test_an_implausible_device_time_is_kept_but_the_window_reads_the_servers(
    past_slot, open_slot, trainer, offset
):
    taken = timezone.now() + offset  # in the future, or more than 12 hours old
    # Judged on the server's time: refused for yesterday's slot, whatever the device says…
    inside_yesterday = dt.datetime.combine(
        past_slot.date, past_slot.start, tzinfo=past_slot.cohort.organisation.zone
    )
    with pytest.raises(ValidationError):
        services.attendance_sign(
            slot=past_slot,
            youth=youth_of(past_slot),
            image=png_data_url(),
            by=trainer,
            taken_at=inside_yesterday if offset.days < 0 else taken,
        )
    # …accepted for today's open slot, the device's time kept as it said.
    services.attendance_sign(
        slot=open_slot, youth=youth_of(open_slot), image=png_data_url(), by=trainer, taken_at=taken
    )
    assert AttendanceEntry.objects.get(slot=open_slot).taken_at == taken


def test_a_naive_device_time_is_refused(open_slot, trainer):
    with pytest.raises(ValidationError) as error:
        services.attendance_sign(
            slot=open_slot,
            youth=youth_of(open_slot),
            image=png_data_url(),
            by=trainer,
            taken_at=dt.datetime(2026, 1, 1, 10, 0),
        )
    assert "taken_at" in error.value.message_dict


# --- Late entries -------------------------------------------------------------------------------


def test_a_late_entry_is_stored_with_its_reason_time_account_and_device(past_slot, trainer):
    youth = youth_of(past_slot)
    before = timezone.now()
    attendance = services.attendance_late_entry(
        slot=past_slot,
        youth=youth,
        status=AttendanceStatus.PRESENT,
        reason="Feuille papier signée, tablette en panne",
        by=trainer,
        device="d" * 64,
    )
    assert attendance.status == AttendanceStatus.PRESENT
    entry = AttendanceEntry.objects.get(slot=past_slot)
    assert entry.kind == AttendanceEntry.Kind.LATE
    assert entry.reason == "Feuille papier signée, tablette en panne"
    assert entry.collected_by == trainer
    assert entry.device == "d" * 64
    assert entry.recorded_at >= before
    assert not AttendanceSignature.objects.exists()


def test_a_late_entry_needs_a_reason_and_an_unlocked_slot(past_slot, trainer):
    youth = youth_of(past_slot)
    with pytest.raises(ValidationError) as error:
        services.attendance_late_entry(
            slot=past_slot, youth=youth, status="present", reason="  ", by=trainer
        )
    assert "reason" in error.value.message_dict
    services.attendance_late_entry(
        slot=past_slot, youth=youth, status="absent", reason="Oubli", by=trainer
    )
    services.slot_countersign(slot=past_slot, image=png_data_url(), by=trainer)
    with pytest.raises(ValidationError):
        services.attendance_late_entry(
            slot=past_slot, youth=youth, status="present", reason="Oubli", by=trainer
        )
    assert Attendance.objects.get().status == "absent"


# --- Replays ------------------------------------------------------------------------------------


def test_a_replayed_signature_counts_once(open_slot, trainer):
    youth = youth_of(open_slot)
    key = str(uuid.uuid4())
    image = png_data_url()
    first = services.attendance_sign(
        slot=open_slot, youth=youth, image=image, by=trainer, idempotency_key=key
    )
    again = services.attendance_sign(
        slot=open_slot, youth=youth, image=image, by=trainer, idempotency_key=key.upper()
    )
    assert again.pk == first.pk
    assert AttendanceEntry.objects.count() == 1
    assert AttendanceSignature.objects.count() == 1


def test_a_replay_after_the_countersignature_is_no_conflict(open_slot, trainer):
    youth = youth_of(open_slot)
    key = str(uuid.uuid4())
    services.attendance_mark(
        slot=open_slot, youth=youth, status="absent", by=trainer, idempotency_key=key
    )
    services.slot_countersign(slot=open_slot, image=png_data_url(), by=trainer)
    services.attendance_mark(
        slot=open_slot, youth=youth, status="absent", by=trainer, idempotency_key=key
    )
    assert AttendanceEntry.objects.count() == 2
    # A new entry (another key) meets the lock: the client shows a conflict.
    with pytest.raises(ValidationError):
        services.attendance_mark(
            slot=open_slot,
            youth=youth,
            status="excused",
            by=trainer,
            idempotency_key=str(uuid.uuid4()),
        )


def test_a_key_reused_for_another_content_is_refused(open_slot, trainer):
    first, second = youth_of(open_slot), youth_of(open_slot)
    key = str(uuid.uuid4())
    services.attendance_mark(
        slot=open_slot, youth=first, status="absent", by=trainer, idempotency_key=key
    )
    for youth, status in ((first, "excused"), (second, "absent")):
        with pytest.raises(ValidationError) as error:
            services.attendance_mark(
                slot=open_slot, youth=youth, status=status, by=trainer, idempotency_key=key
            )
        assert "idempotency_key" in error.value.message_dict
    assert list(Attendance.objects.values_list("youth_id", "status")) == [(first.pk, "absent")]


def test_a_malformed_key_is_refused(open_slot, trainer):
    with pytest.raises(ValidationError) as error:
        services.attendance_mark(
            slot=open_slot,
            youth=youth_of(open_slot),
            status="absent",
            by=trainer,
            idempotency_key="not-a-uuid",
        )
    assert "idempotency_key" in error.value.message_dict
    assert not Attendance.objects.exists()


# --- The ledger ---------------------------------------------------------------------------------


def test_each_act_appends_one_chained_entry(open_slot, trainer):
    first, second, third = (youth_of(open_slot) for _ in range(3))
    services.attendance_sign(
        slot=open_slot, youth=first, image=png_data_url(), typed_name="Ana Lopez", by=trainer
    )
    services.attendance_mark(slot=open_slot, youth=second, status="partial", minutes=60, by=trainer)
    services.attendance_late_entry(
        slot=open_slot, youth=third, status="absent", reason="Arrivée après la fin", by=trainer
    )
    services.slot_countersign(slot=open_slot, image=png_data_url(), by=trainer)
    services.attendance_correct(
        slot=open_slot, youth=third, status="excused", minutes=None, reason="Certificat", by=trainer
    )
    entries = list(AttendanceEntry.objects.filter(slot=open_slot).order_by("seq"))
    assert [(e.seq, e.kind) for e in entries] == [
        (1, "signature"),
        (2, "mark"),
        (3, "late"),
        (4, "countersignature"),
        (5, "correction"),
    ]
    assert entries[0].typed and entries[0].image_sha256 == ledger.image_digest(
        bytes(AttendanceSignature.objects.get().image)
    )
    assert entries[0].recorded_at == AttendanceSignature.objects.get().signed_at
    assert entries[3].recorded_at == SlotCountersignature.objects.get().signed_at
    assert (entries[1].status, entries[1].minutes) == ("partial", 60)
    previous = GENESIS
    for entry in entries:
        assert entry.prev_hash == previous
        assert entry.hash == ledger.entry_hash(ledger.values_of(entry), previous=previous)
        previous = entry.hash


def test_the_hash_covers_the_content(open_slot, trainer):
    services.attendance_mark(slot=open_slot, youth=youth_of(open_slot), status="absent", by=trainer)
    entry = AttendanceEntry.objects.get()
    values = ledger.values_of(entry)
    for name, other in (("status", "present"), ("minutes", 5), ("reason", "x"), ("device", "y")):
        changed = {**values, name: other}
        assert ledger.entry_hash(changed, previous=entry.prev_hash) != entry.hash
    stored = AttendanceEntry.objects.values(*ledger.FIELDS).get()
    assert ledger.entry_hash(stored, previous=entry.prev_hash) == entry.hash


def test_a_refused_act_writes_no_entry(open_slot, trainer):
    youth = youth_of(open_slot)
    with pytest.raises(ValidationError):
        services.attendance_mark(slot=open_slot, youth=youth, status="partial", by=trainer)
    with pytest.raises(ValidationError):
        services.slot_countersign(slot=open_slot, image=png_data_url(), by=trainer)
    assert not AttendanceEntry.objects.exists()
