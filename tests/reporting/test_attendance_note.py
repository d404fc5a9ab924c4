"""The bilan's method note: how many attended hours rest on signatures, on the trainer's marks
and late entries, and on imports — computed from the attendance rows, in each language."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from teenlab.reporting.renderers.report import report_build
from teenlab.reporting.selectors import bilan_build
from tests.factories import AttendanceFactory, CohortFactory, SlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    cohort = CohortFactory()
    slots = [
        SlotFactory(cohort=cohort, date=cohort.start_date + dt.timedelta(days=n)) for n in range(3)
    ]  # 180 minutes each
    # Signed: 3 h; the trainer's: 3 h marked present, 1.5 h late partial, an absence (0 h);
    # imported: 3 h.
    AttendanceFactory(slot=slots[0], source="signed")
    AttendanceFactory(slot=slots[0], source="marked")
    AttendanceFactory(slot=slots[1], status="partial", minutes=90, source="late")
    AttendanceFactory(slot=slots[1], status="absent", source="corrected")
    AttendanceFactory(slot=slots[2], source="imported")
    return cohort


def test_the_hours_by_basis_come_from_the_rows(cohort):
    bilan = bilan_build(project=cohort.project)
    assert bilan.attended_hours_by_basis == {
        "signatures": Decimal("3.00"),
        "trainer": Decimal("4.50"),
        "imports": Decimal("3.00"),
    }
    # The same hours as the trainee-hours total (one attendance rule).
    assert sum(bilan.attended_hours_by_basis.values()) == bilan.figures.trainee_hours.attended_hours


def test_a_row_outside_the_enrolment_window_is_not_counted(cohort):
    before = bilan_build(project=cohort.project).attended_hours_by_basis
    slot = SlotFactory(cohort=cohort, date=cohort.start_date - dt.timedelta(days=1))
    AttendanceFactory(slot=slot, source="signed")  # a trial day before the enrolment
    assert bilan_build(project=cohort.project).attended_hours_by_basis == before


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "sur 10,5 h de présence, 3,0 h reposent sur la signature"),
        ("it", "10,5 ore di presenza, 3,0 ore poggiano sulla firma"),
        ("en", "of 10.5 hours attended, 3.0 rest on the young people's signatures"),
    ],
)
def test_the_note_is_printed_in_each_language(cohort, lang, expected):
    bilan = bilan_build(project=cohort.project)
    with translation.override(lang):
        report = report_build(bilan, lang, with_charts=False)
    assert expected in report.attendance_note


def test_no_attendance_no_note():
    cohort = CohortFactory()
    with translation.override("fr"):
        report = report_build(bilan_build(project=cohort.project), "fr", with_charts=False)
    assert report.attendance_note == ""
