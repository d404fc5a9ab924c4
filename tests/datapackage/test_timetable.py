"""The timetable's additions to the data package (docs/data-package.md, "Tables this project
adds"): the closures table and the slots' cancelled_reason column — validated, loaded,
exported, and kept to their organisation; a package without them imports as before."""

import pytest

from teenlab.core.models import Organisation, Project
from teenlab.datapackage.ownership import NOT_YOURS
from teenlab.datapackage.scoped import organisation_package_tables
from teenlab.training.models import Closure, Slot
from tests.datapackage.helpers import base, found
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def cohort_of(tables, organisation: str) -> str:
    return next(row["code"] for row in tables["cohorts"] if row["organisation"] == organisation)


def with_closures(**closure):
    tables = base()
    tables["cohorts"].append(
        {
            "code": "CP",
            "organisation": "PIN",
            "name": "Pinerolo 2021",
            "start_date": "2021-10-01",
            "end_date": "2021-12-17",
        }
    )
    tables["closures"] = [
        {
            "cohort": cohort_of(tables, "CHY"),
            "start_date": "2021-10-23",
            "end_date": "2021-11-07",
            "label": "Toussaint",
            **closure,
        }
    ]
    tables["slots"][0]["cancelled_reason"] = "Formateur malade"
    return tables


def test_closures_and_cancelled_slots_are_loaded(packages):
    tables = with_closures()
    result = packages.load(tables)
    assert result.ok, [str(i) for i in result.errors]
    closure = Closure.objects.get()
    assert (closure.cohort.code, closure.label) == (cohort_of(tables, "CHY"), "Toussaint")
    assert closure.project == Project.objects.get(code="TL")
    cancelled = Slot.objects.get(code=tables["slots"][0]["code"])
    assert cancelled.cancelled_reason == "Formateur malade"
    assert Slot.objects.scheduled().count() == len(tables["slots"]) - 1


def test_a_package_without_them_has_no_closure_and_every_slot_scheduled(packages):
    tables = base()
    assert packages.load(tables).ok
    assert not Closure.objects.exists()
    assert Slot.objects.scheduled().count() == len(tables["slots"])


@pytest.mark.parametrize(
    ("change", "code", "column"),
    [
        ({"end_date": "2021-10-01"}, "end_before_start", "end_date"),
        ({"cohort": "NOPE"}, "unknown_ref", "cohort"),
        ({"label": ""}, "required", "label"),
    ],
)
def test_a_bad_closure_is_an_error_and_nothing_is_written(packages, change, code, column):
    result = packages.load(with_closures(**change))
    assert not result.ok
    assert [(table, col) for table, _row, col, _value in found(result, code)] == [
        ("closures", column)
    ]
    assert not Project.objects.exists() and not Closure.objects.exists()


def test_an_organisations_export_holds_only_its_cohorts_closures(packages):
    tables = with_closures()
    tables["closures"].append(
        {
            "cohort": cohort_of(tables, "PIN"),
            "start_date": "2021-12-20",
            "end_date": "2021-12-31",
            "label": "Natale",
        }
    )
    assert packages.load(tables).ok
    exported = organisation_package_tables(
        project=Project.objects.get(code="TL"), organisation=Organisation.objects.get(code="PIN")
    )
    closures = next(table for table in exported if table.name == "closures")
    assert [row["label"] for row in closures.rows] == ["Natale"]


def test_a_coordinator_cannot_import_a_closure_of_another_organisations_cohort(packages):
    tables = with_closures()
    assert packages.load(tables).ok
    pinerolo = UserFactory(organisation=Organisation.objects.get(code="PIN"), is_coordinator=True)
    tables["closures"][0]["label"] = "Changé par PIN"
    result = packages.load(tables, replace=True, by=pinerolo)
    assert found(result, NOT_YOURS)
    assert Closure.objects.get().label == "Toussaint"
