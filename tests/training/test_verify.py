"""`teenlab attendance verify`: every slot whose ledger entries were edited or removed, or whose
sheet no longer says what its ledger says, is named; an upgraded database is chained by the
data migration; the import's entries."""

import datetime as dt
import importlib
import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from teenlab.training import ledger, services
from teenlab.training.models import (
    Attendance,
    AttendanceEntry,
    AttendanceSignature,
    AttendanceSource,
    SlotCountersignature,
)
from tests.factories import (
    OPEN_ALL_DAY,
    CohortFactory,
    EnrolmentFactory,
    SlotFactory,
    UserFactory,
)
from tests.training.signatures import png_bytes, png_data_url

pytestmark = pytest.mark.django_db


def verify(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("attendance", "verify", "--lang", "fr", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


@pytest.fixture
def sheet():
    """Two slots of a cohort: today's signed, marked, late-entered, countersigned and corrected;
    yesterday's with a late entry."""
    today = timezone.localdate()
    cohort = CohortFactory(
        start_date=today - dt.timedelta(days=30), end_date=today + dt.timedelta(days=30)
    )
    trainer = UserFactory(organisation=cohort.organisation, is_trainer=True)
    slot = SlotFactory(cohort=cohort, date=today, code="C-TODAY", **OPEN_ALL_DAY)
    yesterday = SlotFactory(cohort=cohort, date=today - dt.timedelta(days=1), code="C-YESTERDAY")
    first, second, third = (
        EnrolmentFactory(cohort=cohort, enrolled_on=cohort.start_date).youth for _ in range(3)
    )
    services.attendance_sign(slot=slot, youth=first, image=png_data_url(), by=trainer)
    services.attendance_mark(slot=slot, youth=second, status="partial", minutes=30, by=trainer)
    services.attendance_late_entry(
        slot=slot, youth=third, status="absent", reason="Feuille papier", by=trainer
    )
    services.slot_countersign(slot=slot, image=png_data_url(), by=trainer)
    services.attendance_correct(
        slot=slot, youth=third, status="excused", minutes=None, reason="Certificat", by=trainer
    )
    for youth in (first, second, third):
        services.attendance_late_entry(
            slot=yesterday, youth=youth, status="present", reason="Tablette", by=trainer
        )
    return SimpleNamespace(
        slot=slot, yesterday=yesterday, youth=(first, second, third), trainer=trainer
    )


def test_an_intact_ledger_verifies(sheet):
    status, out = verify()
    assert status == 0, out
    assert "intact" in out and "2 créneaux" in out


def test_editing_an_attendance_row_in_the_database_names_the_slot(sheet):
    first = sheet.youth[0]
    Attendance.objects.filter(slot=sheet.yesterday, youth=first).update(status="absent")
    status, out = verify()
    assert status == 1
    assert f"Créneau {sheet.yesterday.code} : la présence de {first.code}" in out
    assert f"Créneau {sheet.slot.code}" not in out


@pytest.mark.parametrize(
    "change",
    [
        {"minutes": 45},
        {"source": AttendanceSource.SIGNED},  # an imported or marked row passed off as signed
    ],
)
def test_any_change_to_a_row_is_caught(sheet, change):
    Attendance.objects.filter(slot=sheet.slot, youth=sheet.youth[1]).update(**change)
    status, out = verify()
    assert status == 1 and sheet.slot.code in out


def test_a_row_added_or_deleted_in_the_database_is_caught(sheet):
    Attendance.objects.filter(slot=sheet.yesterday, youth=sheet.youth[2]).delete()
    status, out = verify()
    assert status == 1 and sheet.yesterday.code in out


def test_a_swapped_signature_or_countersignature_is_caught(sheet):
    other = png_bytes(size=(310, 100))
    AttendanceSignature.objects.filter(attendance__slot=sheet.slot).update(image=other)
    SlotCountersignature.objects.filter(slot=sheet.slot).update(signed_at=timezone.now())
    status, out = verify()
    assert status == 1
    assert "la signature de" in out and "la contre-signature ne correspond plus" in out


def test_an_edited_entry_is_named(sheet):
    AttendanceEntry.objects.filter(slot=sheet.slot, seq=3).update(reason="Autre motif")
    status, out = verify()
    assert status == 1
    assert f"Créneau {sheet.slot.code} : entrée n° 3 modifiée après coup" in out


@pytest.mark.parametrize("seq", [2, 3])  # in the middle, or the last one
def test_a_removed_entry_is_named(sheet, seq):
    AttendanceEntry.objects.filter(slot=sheet.yesterday, seq=seq).delete()
    status, out = verify()
    assert status == 1
    assert sheet.yesterday.code in out
    if seq == 2:
        assert f"Créneau {sheet.yesterday.code} : entrée n° 2 supprimée." in out


def test_a_rehashed_chain_still_disagrees_with_the_sheet(sheet):
    """Whoever rewrites an entry and its hash (and the next ones') still has to make the sheet
    say the same: changing the ledger alone is caught by the replay."""
    entry = AttendanceEntry.objects.get(slot=sheet.yesterday, seq=1)
    entry.status = "absent"
    entries = [entry, *AttendanceEntry.objects.filter(slot=sheet.yesterday, seq__gt=1)]
    for entry in ledger.chained(sheet.yesterday.pk, entries, after=(0, ledger.GENESIS)):
        entry.save()
    status, out = verify()
    assert status == 1
    assert f"Créneau {sheet.yesterday.code} : la présence de" in out


def test_the_project_option_and_the_language(sheet):
    Attendance.objects.filter(slot=sheet.yesterday, youth=sheet.youth[0]).update(minutes=5)
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command(
            "attendance",
            "verify",
            "--project",
            sheet.slot.project.code,
            "--lang",
            "it",
            stdout=out,
        )
    assert error.value.returncode == 1
    assert "Fascia oraria" in out.getvalue() and "Créneau" not in out.getvalue()
    with pytest.raises(CommandError) as error:
        call_command("attendance", "verify", "--project", "NO-SUCH", stdout=out)
    assert "NO-SUCH" in str(error.value)


def test_the_migration_chains_the_rows_written_before_the_ledger(sheet):
    """An upgraded database: rows and evidence with no ledger are chained, and verify passes."""
    AttendanceEntry.objects.all().delete()
    assert verify()[0] == 1
    migration = importlib.import_module(
        "teenlab.training.migrations.0007_attendance_ledger_existing"
    )
    migration.chain_existing(apps, SimpleNamespace(connection=connection))
    status, out = verify()
    assert status == 0, out
    kinds = list(
        AttendanceEntry.objects.filter(slot=sheet.slot)
        .order_by("seq")
        .values_list("kind", flat=True)
    )
    assert kinds[-2:] == ["countersignature", "correction"]
    assert sorted(kinds[:3]) == ["mark", "mark", "signature"]
    # Yesterday's slot had no signature: its rows are taken as imported.
    assert list(
        AttendanceEntry.objects.filter(slot=sheet.yesterday).values_list("kind", flat=True)
    ) == ["import"]
    assert set(
        Attendance.objects.filter(slot=sheet.yesterday).values_list("source", flat=True)
    ) == {AttendanceSource.IMPORTED}
    assert Attendance.objects.get(slot=sheet.slot, youth=sheet.youth[0]).source == "signed"
    assert Attendance.objects.get(slot=sheet.slot, youth=sheet.youth[2]).source == "corrected"


def test_administration_changes_keep_the_ledger_true(sheet, admin_client):
    from django.urls import reverse

    row = Attendance.objects.get(slot=sheet.yesterday, youth=sheet.youth[0])
    response = admin_client.post(
        reverse("admin:training_attendance_change", args=[row.pk]),
        {"status": "partial", "minutes": "20"},
    )
    assert response.status_code == 302
    response = admin_client.post(
        reverse("admin:training_attendance_delete", args=[row.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    status, out = verify()
    assert status == 0, out
