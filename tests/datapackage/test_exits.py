"""Early positive exits, the reviewed dropout reasons and the refined exits in the data package
(docs/data-package.md): optional columns and codes, validated, loaded, exported as written; a
spec package with the legacy codes imports with the same figures."""

import pytest

from teenlab.datapackage.services import package_export
from teenlab.outcomes.models import Outcome
from teenlab.reporting.selectors import bilan_build
from teenlab.training.models import Enrolment
from tests.datapackage.helpers import base, found, read_csv_folder

pytestmark = pytest.mark.django_db


def with_exits():
    tables = base()
    # Y3 left C2 early for an apprenticeship; Y2 dropped out of C1 (a spec reason, kept).
    tables["enrolments"][3].update(
        {
            "status": "early_exit",
            "left_on": "2022-10-03",
            "early_exit_kind": "apprenticeship",
            "leaving_detail": "CAP cuisine",
        }
    )
    tables["outcomes"].append(
        {
            "youth": "Y3",
            "cohort": "C2",
            "professional_project": "yes",
            "exit": "apprenticeship",
            "detail": "CAP cuisine",
        }
    )
    return tables


def test_an_early_exit_and_a_refined_exit_are_loaded_and_counted(packages):
    result = packages.load(with_exits())
    assert result.ok, [str(issue) for issue in result.errors]
    enrolment = Enrolment.objects.get(youth__code="Y3")
    assert (enrolment.status, enrolment.early_exit_kind, enrolment.leaving_detail) == (
        "early_exit",
        "apprenticeship",
        "CAP cuisine",
    )
    assert Outcome.objects.get(enrolment=enrolment).exit == "apprenticeship"
    figures = bilan_build(project=enrolment.cohort.project).figures
    assert figures.funnel.early_positive_exits == 1
    assert figures.positive_exits.by_category == {"work": 2}  # Y1's work, Y3's apprenticeship


def test_a_spec_package_keeps_its_legacy_dropout_reasons(packages):
    tables = base()
    tables["enrolments"][1]["dropout_reason"] = "lack_of_motivation"
    assert packages.load(tables).ok
    assert Enrolment.objects.get(status="dropped_out").dropout_reason == "lack_of_motivation"


@pytest.mark.parametrize(
    ("change", "code", "column"),
    [
        ({"status": "completed"}, "early_exit_kind_without_early_exit", "early_exit_kind"),
        ({"early_exit_kind": "holidays"}, "bad_enum", "early_exit_kind"),
        ({"leaving_detail": "x" * 201}, "bad_text", "leaving_detail"),
    ],
)
def test_a_bad_early_exit_is_an_error_and_nothing_is_written(packages, change, code, column):
    tables = with_exits()
    tables["enrolments"][3].update(change)
    result = packages.load(tables)
    assert not result.ok
    assert [(table, col) for table, _row, col, _value in found(result, code)] == [
        ("enrolments", column)
    ]
    assert not Enrolment.objects.exists()


def test_an_export_writes_them_back(packages, tmp_path):
    result = packages.load(with_exits())
    package_export(project=result.loaded, destination=tmp_path / "export")
    tables = read_csv_folder(tmp_path / "export")
    (row,) = [r for r in tables["enrolments"] if r["youth"] == "Y3"]
    assert (row["status"], row["early_exit_kind"], row["leaving_detail"]) == (
        "early_exit",
        "apprenticeship",
        "CAP cuisine",
    )
