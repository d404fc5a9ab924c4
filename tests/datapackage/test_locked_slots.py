"""A replace never changes a countersigned slot's attendance proof (issue 7, point 3)."""

import datetime as dt

import pytest
from django.utils import timezone

from teenlab.core.models import Organisation, Project
from teenlab.datapackage.ownership import LOCKED_SLOT
from teenlab.datapackage.services import package_export
from teenlab.participants.models import Youth
from teenlab.training.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceSignature,
    Cohort,
    Slot,
    SlotCountersignature,
)
from tests.datapackage.helpers import found, read_csv_folder
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AT = timezone.make_aware(dt.datetime(2021, 10, 5, 17, 5))


@pytest.fixture
def locked(packages):
    """TL loaded; S1 signed by its two trainees and countersigned; S2 (Y1 absent) countersigned,
    then corrected (Y2 excused → absent)."""
    assert packages.load().ok
    trainer = UserFactory(username="trainer", organisation=Organisation.objects.get(code="CHY"))
    for attendance in Attendance.objects.filter(slot__code="S1"):
        AttendanceSignature.objects.create(
            attendance=attendance, image=b"png", signed_at=AT, collected_by=trainer
        )
    for code in ("S1", "S2"):
        SlotCountersignature.objects.create(
            slot=Slot.objects.get(code=code), trainer=trainer, image=b"png", signed_at=AT
        )
    s2 = Slot.objects.get(code="S2")
    y2 = Youth.objects.get(code="Y2")
    AttendanceCorrection.objects.create(
        slot=s2,
        youth=y2,
        status_before="excused",
        status="absent",
        reason="Pas de justificatif",
        corrected_by=trainer,
        corrected_at=AT,
    )
    Attendance.objects.filter(slot=s2, youth=y2).update(status="absent")
    Cohort.objects.get(code="C1").trainers.add(trainer)
    return trainer


def proof() -> dict:
    return {
        "slots": sorted(Slot.objects.filter(code__in=["S1", "S2"]).values_list("pk", "code")),
        "attendance": sorted(
            Attendance.objects.filter(slot__code__in=["S1", "S2"]).values_list(
                "pk", "slot__code", "youth__code", "status", "minutes"
            )
        ),
        "signatures": sorted(AttendanceSignature.objects.values_list("pk", "attendance_id")),
        "countersignatures": sorted(SlotCountersignature.objects.values_list("pk", "slot_id")),
        "corrections": sorted(
            AttendanceCorrection.objects.values_list("pk", "slot_id", "youth_id")
        ),
    }


def exported(tmp_path, name="export") -> dict[str, list]:
    package_export(project=Project.objects.get(code="TL"), destination=tmp_path / name)
    return read_csv_folder(tmp_path / name)


def test_the_attack_a_replace_that_changes_a_countersigned_slot_is_refused(
    packages, locked, tmp_path
):
    before = proof()
    tables = exported(tmp_path)
    row = next(r for r in tables["attendance"] if (r["slot"], r["youth"]) == ("S2", "Y1"))
    assert row["status"] == "absent"
    row["status"] = "present"
    result = packages.load(tables, replace=True)
    assert found(result, LOCKED_SLOT) == [("slots", 3, "code", "S2")]
    assert "Y1 absent → present" in str(result.errors[0])
    assert proof() == before


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.update(attendance=[r for r in t["attendance"] if r["slot"] != "S1"]),
        lambda t: t.update(
            attendance=[r for r in t["attendance"] if (r["slot"], r["youth"]) != ("S1", "Y2")]
        ),
        lambda t: t["slots"][0].update(start="08:00"),
        lambda t: t["attendance"][1].update(minutes="100"),
    ],
)
def test_any_change_to_a_countersigned_slot_is_refused(packages, locked, tmp_path, change):
    before = proof()
    tables = exported(tmp_path)
    change(tables)
    result = packages.load(tables, replace=True)
    assert found(result, LOCKED_SLOT) == [("slots", 2, "code", "S1")]
    assert proof() == before


def test_a_package_without_a_countersigned_slot_may_not_delete_it(packages, locked, tmp_path):
    before = proof()
    tables = exported(tmp_path)
    tables["slots"] = [r for r in tables["slots"] if r["code"] != "S2"]
    tables["attendance"] = [r for r in tables["attendance"] if r["slot"] != "S2"]
    result = packages.load(tables, replace=True)
    assert found(result, LOCKED_SLOT) == [("slots", None, "code", "S2")]
    assert proof() == before


def test_a_package_may_not_delete_the_youth_or_cohort_of_a_countersigned_slot(
    packages, locked, tmp_path
):
    tables = exported(tmp_path)
    tables["cohorts"] = [r for r in tables["cohorts"] if r["code"] != "C1"]
    for name in ("slots", "enrolments", "modules", "events", "outcomes"):
        tables[name] = [r for r in tables[name] if r.get("cohort") != "C1"]
    tables["attendance"] = [r for r in tables["attendance"] if r["slot"] not in ("S1", "S2")]
    result = packages.load(tables, replace=True)
    assert not result.ok
    assert {i.code for i in result.errors} == {LOCKED_SLOT}
    assert Cohort.objects.filter(code="C1").exists()


def test_a_replace_that_leaves_countersigned_slots_as_they_were_keeps_their_proof(
    packages, locked, tmp_path
):
    before = proof()
    youth_pk = Youth.objects.get(code="Y1").pk
    tables = exported(tmp_path)
    tables["youth"][0]["first_name"] = "Léa-Marie"
    s3 = next(r for r in tables["attendance"] if (r["slot"], r["youth"]) == ("S3", "Y2"))
    s3["status"] = "absent"
    tables["cohorts"][0]["name"] = "Automne 2021 (renommée)"
    result = packages.load(tables, replace=True)
    assert result.ok, [str(i) for i in result.errors]
    assert proof() == before
    assert AttendanceSignature.objects.count() == 2
    # The youth and cohort of the locked slots are updated in place, so they keep their ids.
    youth = Youth.objects.get(code="Y1")
    assert (youth.pk, youth.first_name) == (youth_pk, "Léa-Marie")
    assert Cohort.objects.get(code="C1").name == "Automne 2021 (renommée)"
    assert Cohort.objects.get(code="C1").trainers.filter(pk=locked.pk).exists()
    assert Attendance.objects.get(slot__code="S3", youth__code="Y2").status == "absent"
    assert Attendance.objects.count() == 6
    # And again: the import is repeatable.
    assert packages.load(tables, replace=True).ok
    assert proof() == before


def test_a_coordinators_replace_keeps_the_countersigned_slots_too(packages, locked, tmp_path):
    coordinator = UserFactory(
        username="chy", organisation=Organisation.objects.get(code="CHY"), is_coordinator=True
    )
    before = proof()
    tables = exported(tmp_path)
    assert packages.load(tables, replace=True, by=coordinator).ok
    assert proof() == before
    next(r for r in tables["attendance"] if (r["slot"], r["youth"]) == ("S2", "Y2"))["status"] = (
        "excused"
    )
    result = packages.load(tables, replace=True, by=coordinator)
    assert found(result, LOCKED_SLOT) == [("slots", 3, "code", "S2")]
    assert proof() == before


def test_dropping_the_module_of_a_countersigned_slot_is_refused(packages, locked, tmp_path):
    tables = exported(tmp_path)
    tables["modules"] = [r for r in tables["modules"] if r["code"] != "M1"]
    for row in tables["slots"]:
        if row["module"] == "M1":
            row["module"] = ""
    result = packages.load(tables, replace=True)
    assert [i.value for i in result.errors] == ["S1", "S2"]
    assert "module M1 → " in str(result.errors[0])
    assert Slot.objects.get(code="S1").module.code == "M1"


def test_a_signed_row_of_a_slot_not_yet_countersigned_is_proof_too(packages, tmp_path):
    assert packages.load().ok
    trainer = UserFactory(username="trainer")
    AttendanceSignature.objects.create(
        attendance=Attendance.objects.get(slot__code="S3", youth__code="Y2"),
        image=b"png",
        signed_at=AT,
        collected_by=trainer,
    )
    tables = exported(tmp_path)
    next(r for r in tables["attendance"] if (r["slot"], r["youth"]) == ("S3", "Y3"))["status"] = (
        "absent"
    )
    result = packages.load(tables, replace=True)
    assert found(result, LOCKED_SLOT) == [("slots", 4, "code", "S3")]
    assert AttendanceSignature.objects.count() == 1
