"""The import of a large package: COPY, the attendance's foreign keys checked in one pass after
it (PostgreSQL), all or nothing; a repeated attendance row found among many."""

import csv

import pytest
from django.db import IntegrityError, connection

from teenlab.datapackage import services
from teenlab.datapackage.benchmark import synthetic_package
from teenlab.datapackage.services import package_read_and_validate
from teenlab.training.models import Attendance, AttendanceEntry, Enrolment, Slot
from tests.datapackage.helpers import base, found

pytestmark = pytest.mark.django_db


def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the keys are checked in bulk on PostgreSQL only")


def attendance_keys() -> list[tuple[str, str, bool]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = %s::regclass ORDER BY conname",
            [Attendance._meta.db_table],
        )
        return cursor.fetchall()


def snapshot() -> dict:
    return {
        "attendance": sorted(
            Attendance.objects.values_list("slot__code", "youth__code", "status", "minutes")
        ),
        "slots": sorted(Slot.objects.values_list("code", "pk")),
        "enrolments": Enrolment.objects.count(),
        "ledger": AttendanceEntry.objects.count(),
    }


def test_the_keys_checked_in_bulk_are_teenlabs_again_after_the_import(packages, monkeypatch):
    postgresql_only()
    before = attendance_keys()
    monkeypatch.setattr(services, "KEYS_IN_BULK_FROM", 0)
    result = packages.load()
    assert result.ok, [str(issue) for issue in result.errors]
    assert attendance_keys() == before and all(valid for *_key, valid in before)
    assert Attendance.objects.count() == result.counts["attendance"]


def test_a_failure_after_the_attendance_copy_leaves_the_database_as_it_was(packages, monkeypatch):
    """A young person's id the validator could not know about (it is the database's): the
    foreign key's validation after the COPY fails, and everything is rolled back, the replaced
    project's records and the dropped keys included."""
    postgresql_only()
    assert packages.load().ok
    before, keys = snapshot(), attendance_keys()
    monkeypatch.setattr(services, "KEYS_IN_BULK_FROM", 0)
    load_attendance = services.load_attendance

    def with_a_wrong_id(**kwargs):
        youth = dict(kwargs.pop("youth"))
        youth[next(iter(youth))] = 2_000_000_000  # no such young person
        load_attendance(youth=youth, **kwargs)

    monkeypatch.setattr(services, "load_attendance", with_a_wrong_id)
    tables = base()
    tables["attendance"][0]["status"] = "absent"
    with pytest.raises(IntegrityError):
        packages.load(tables, replace=True)
    assert snapshot() == before
    assert attendance_keys() == keys


def test_a_repeated_attendance_row_among_many_is_listed_with_its_row(tmp_path):
    folder = tmp_path / "pkg"
    rows = synthetic_package(folder, youth=2000, slots_per_cohort=69, dropouts=True)
    path = folder / "attendance.csv"
    with path.open(encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    middle = lines[len(lines) // 2]
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(middle)
        csv.writer(handle).writerow(lines[1])
    result = package_read_and_validate(source=folder)
    assert rows > 100_000
    assert found(result, "duplicate") == [
        ("attendance", rows + 2, "youth", middle[1]),
        ("attendance", rows + 3, "youth", lines[1][1]),
    ]
    assert result.errors_total == 2
