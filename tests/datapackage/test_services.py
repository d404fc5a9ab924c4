"""package_import: all or nothing, projects by code, organisations shared, audit."""

import pytest

from teenlab.core.models import AuditEntry, Organisation, Project, ProjectPartner
from teenlab.datapackage.services import project_counts
from teenlab.participants.models import Youth
from teenlab.training.models import Attendance, Enrolment, Slot
from tests.datapackage.helpers import base, found
from tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db


def database_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Project, Organisation, ProjectPartner, Youth, Slot, Enrolment, Attendance)
    }


def test_it_loads_every_record_of_a_valid_package(packages):
    result = packages.load()
    assert result.ok, [str(i) for i in result.errors]
    project = Project.objects.get(code="TL")
    assert result.project == project
    counts = project_counts(project=project)
    tables = base()
    for name in ("youth", "cohorts", "slots", "enrolments", "attendance", "outcomes", "budget"):
        assert counts[name] == len(tables[name]), name
    assert ProjectPartner.objects.get(organisation__code="CHY").role == "lead_partner"
    youth = Youth.objects.get(code="Y1")
    assert youth.info_session.code == "IC1"
    assert Youth.objects.get(code="Y2").birth_date is None


def test_it_sets_each_slots_duration(packages):
    packages.load()
    assert dict(Slot.objects.values_list("code", "duration_minutes")) == {
        "S1": 210,
        "S2": 210,
        "S3": 180,
    }


def test_it_writes_nothing_when_the_package_has_an_error(packages):
    before = database_counts()
    tables = base()
    tables["attendance"][-1]["status"] = "here"
    result = packages.load(tables)
    assert not result.ok
    assert result.project is None
    assert database_counts() == before


def test_it_refuses_a_project_code_already_loaded_and_says_what_it_would_replace(packages):
    packages.load()
    before = database_counts()
    tables = base()
    tables["youth"][0]["first_name"] = "Changed"
    result = packages.load(tables)
    assert found(result, "project_exists") == [("project", 2, "code", "TL")]
    message = str(result.errors[0])
    assert "3" in message and "6" in message  # its youth and attendance rows
    assert database_counts() == before
    assert Youth.objects.get(code="Y1").first_name == "Léa"


def test_it_replaces_a_project_when_asked(packages):
    first = packages.load().project
    Youth.objects.filter(code="Y1").update(guardian_name="Mère", guardian_contact="06 00 00 00 00")
    ConsentFactory(youth=Youth.objects.get(code="Y1"), given_on="2021-09-01")
    tables = base()
    tables["youth"][0]["first_name"] = "Changed"
    tables["attendance"] = tables["attendance"][:2]
    result = packages.load(tables, replace=True)
    assert result.ok, [str(i) for i in result.errors]
    assert result.project.pk == first.pk
    assert result.replaced["attendance"] == 6
    assert Youth.objects.get(code="Y1").first_name == "Changed"
    assert Attendance.objects.count() == 2
    # A package without the guardian's columns or the consents table (a spec package) leaves
    # what the application recorded as it was.
    kept = Youth.objects.get(code="Y1")
    assert (kept.guardian_name, kept.guardian_contact) == ("Mère", "06 00 00 00 00")
    assert list(kept.consents.values_list("kind", flat=True)) == ["notice"]


def test_a_failed_replace_leaves_the_existing_project_untouched(packages):
    packages.load()
    before = database_counts()
    tables = base()
    tables["slots"][0]["end"] = "08:00"
    result = packages.load(tables, replace=True)
    assert not result.ok
    assert database_counts() == before


def test_it_keeps_other_projects_with_the_same_codes(packages):
    packages.load()
    tables = base()
    tables["project"][0]["code"] = "TL2"
    result = packages.load(tables)
    assert result.ok, [str(i) for i in result.errors]
    assert Youth.objects.filter(code="Y1").count() == 2
    assert Project.objects.count() == 2


def test_organisations_are_shared_by_code_and_updated(packages):
    packages.load()
    tables = base()
    tables["project"][0]["code"] = "NEXT"
    tables["organisations"][0]["name"] = "Chambéry (renamed)"
    tables["organisations"][0]["role"] = "partner"
    packages.load(tables)
    organisation = Organisation.objects.get(code="CHY")
    assert Organisation.objects.count() == 2
    assert organisation.name == "Chambéry (renamed)"
    assert set(organisation.partnerships.values_list("project__code", "role")) == {
        ("TL", "lead_partner"),
        ("NEXT", "partner"),
    }


def test_an_absent_organisation_column_leaves_that_field_as_it_was(packages):
    packages.load()
    tables = base()
    tables["project"][0]["code"] = "NEXT"
    for row in tables["organisations"]:
        row.pop("email", None)
    packages.load(tables)
    assert Organisation.objects.get(code="CHY").email == "contact@chambery.fr"


def test_it_records_the_import_in_the_audit_log(packages):
    project = packages.load().project
    entry = AuditEntry.objects.get(project=project)
    assert entry.action == AuditEntry.Action.IMPORT
    assert entry.after["attendance"] == 6
    assert entry.before is None
    packages.load(replace=True)
    assert AuditEntry.objects.filter(project=project).count() == 2


def test_it_reports_progress_on_the_attendance_table(packages):
    calls = []
    packages.load(progress=lambda step, done, total: calls.append((step, done, total)))
    assert ("attendance", 6, 6) in calls
    steps = list(dict.fromkeys(step for step, _done, _total in calls))
    assert steps[0] == "validate" and steps[-3:] == ["attendance", "totals", "ledger"]
    assert ("youth", 3, 3) in calls and steps.index("youth") < steps.index("attendance")


def test_read_and_validate_writes_nothing(packages):
    from teenlab.datapackage.services import package_read_and_validate

    before = database_counts()
    result = package_read_and_validate(source=packages.folder())
    assert result.ok
    assert result.counts["attendance"] == 6
    assert database_counts() == before


def test_a_replace_keeps_a_signed_slot_and_deletes_what_hangs_on_the_rows_it_replaces(packages):
    import datetime as dt

    from django.utils import timezone

    from teenlab.core.models import User
    from teenlab.training.models import AttendanceSignature, Cohort

    packages.load()
    trainer = User.objects.create(username="trainer")
    Cohort.objects.get(code="C2").trainers.add(trainer)
    signed = Attendance.objects.get(slot__code="S1", youth__code="Y1")
    AttendanceSignature.objects.create(
        attendance=signed,
        image=b"png",
        signed_at=timezone.make_aware(dt.datetime(2021, 10, 4, 9, 5)),
        collected_by=trainer,
    )
    result = packages.load(replace=True)
    assert result.ok, [str(i) for i in result.errors]
    # Attendance proof stays, with its row (docs/data-package.md, "Who may import what").
    assert AttendanceSignature.objects.get().attendance_id == signed.pk
    assert not Cohort.objects.get(code="C2").trainers.exists()
    assert Attendance.objects.count() == 6
    assert User.objects.filter(username="trainer").exists()
