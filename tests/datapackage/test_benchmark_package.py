"""The benchmarks' synthetic package (bench/import.py) is a valid package that imports whole."""

import pytest

from teenlab.datapackage.benchmark import synthetic_package
from teenlab.datapackage.services import package_import
from teenlab.training.ledger import ledger_verify
from teenlab.training.models import Attendance, AttendanceEntry, Enrolment, Slot

pytestmark = pytest.mark.django_db


def test_the_issue_density_package_imports_with_its_dropouts_and_outcomes(tmp_path):
    rows = synthetic_package(tmp_path / "pkg", youth=60, slots_per_cohort=30, dropouts=True)
    result = package_import(source=tmp_path / "pkg")
    assert result.ok, [str(issue) for issue in result.errors[:5]]
    assert result.counts["attendance"] == rows == Attendance.objects.count()
    assert result.counts["outcomes"] == 54  # nine enrolments in ten
    dropped = Enrolment.objects.filter(status="dropped_out")
    assert dropped.exists() and not dropped.filter(left_on=None).exists()
    assert rows < 60 * 30  # the dropouts stop attending
    # The ledger's import entries (one per slot, written by COPY on PostgreSQL) verify.
    verification = ledger_verify(slots=Slot.objects.all())
    assert verification.ok and AttendanceEntry.objects.count() == Slot.objects.count()
