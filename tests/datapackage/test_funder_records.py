"""The package's characteristics at entry and follow-ups after leaving (issue 13): optional
columns and table, validated, loaded, and refused where they contradict the records."""

import pytest

from teenlab.outcomes.models import FollowUp
from teenlab.participants.models import Youth
from tests.datapackage.helpers import base, found

pytestmark = pytest.mark.django_db


def follow_up(**cells):
    row = {
        "youth": "Y1",
        "cohort": "C1",
        "kind": "exit",
        "situation": "employed",
        "date": "2022-01-10",
        "source": "youth",
    }
    row.update(cells)
    return row


def test_a_spec_package_imports_with_every_characteristic_unknown(packages):
    result = packages.load(base())
    assert result.ok, [str(issue) for issue in result.errors]
    youth = Youth.objects.get(code="Y1")
    assert (youth.labour_status, youth.education_level, youth.disability) == ("", "", "")
    assert youth.left_school_without_diploma is None
    assert youth.neet_at_entry is True  # unemployed at entry
    assert not FollowUp.objects.exists()


def test_a_labour_status_contradicting_the_situation_is_an_error(packages):
    tables = base()
    tables["youth"][0]["labour_status"] = "employed"  # Y1 is unemployed at entry
    tables["youth"][1]["labour_status"] = "inactive"  # Y2's situation is not known: fine
    result = packages.validate(tables)
    assert found(result, "labour_status_contradicts_situation") == [
        ("youth", 2, "labour_status", "employed")
    ]


def test_a_follow_up_names_an_enrolment_that_has_ended_and_comes_after_leaving(packages):
    tables = base()
    tables["follow_ups"] = [
        follow_up(),  # Y1 completed C1, which ended on 2021-12-17
        follow_up(youth="Y3"),  # Y3 is not enrolled in C1
        follow_up(youth="Y2", cohort="C2"),  # still in progress
        follow_up(youth="Y2", date="2021-11-01"),  # Y2 left C1 on 2021-11-02
        follow_up(kind="six_months", date="2021-12-01"),  # before the cohort's end
    ]
    result = packages.validate(tables)
    assert found(result, "follow_up_without_enrolment") == [("follow_ups", 3, "cohort", "C1")]
    assert found(result, "follow_up_before_leaving") == [
        ("follow_ups", 4, "cohort", "C2"),
        ("follow_ups", 5, "date", "2021-11-01"),
        ("follow_ups", 6, "date", "2021-12-01"),
    ]


def test_one_follow_up_of_each_kind_per_enrolment(packages):
    tables = base()
    tables["follow_ups"] = [follow_up(), follow_up(situation="inactive")]
    result = packages.validate(tables)
    assert [issue.row for issue in result.errors] == [3]


def test_follow_ups_are_loaded_onto_their_enrolment(packages):
    tables = base()
    tables["follow_ups"] = [
        follow_up(qualification_gained="yes"),
        follow_up(kind="six_months", situation="job_searching", date="2022-06-17"),
    ]
    result = packages.load(tables)
    assert result.ok, [str(issue) for issue in result.errors]
    rows = FollowUp.objects.order_by("kind").values_list(
        "enrolment__youth__code", "kind", "situation", "qualification_gained"
    )
    assert list(rows) == [
        ("Y1", "exit", "employed", True),
        ("Y1", "six_months", "job_searching", False),
    ]
