"""The recruitment_decisions table (docs/data-package.md, "Tables this project adds") and the
project's eligible ages: validated, loaded, exported, and kept to their organisation."""

import pytest

from teenlab.core.models import Organisation, Project
from teenlab.datapackage.ownership import NOT_YOURS
from teenlab.datapackage.scoped import organisation_package_tables
from teenlab.participants.models import RecruitmentDecision
from tests.datapackage.helpers import base, found
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Y1 and Y2 are CHY's youth, Y3 is PIN's (tests.datapackage.helpers).
DECISIONS = [
    {
        "youth": "Y1",
        "decided_on": "2021-09-10",
        "decision": "waiting_list",
        "waiting_until": "2021-09-30",
    },
    {
        "youth": "Y3",
        "decided_on": "2021-09-12",
        "decision": "redirected",
        "redirected_to": "centro_impiego",
        "redirected_detail": "Centro per l'impiego di Pinerolo",
    },
]


def with_decisions(rows=DECISIONS, **project):
    tables = base()
    tables["recruitment_decisions"] = [dict(row) for row in rows]
    tables["project"][0].update(project)
    return tables


def test_decisions_and_eligible_ages_are_loaded(packages):
    result = packages.load(with_decisions(eligible_age_min="18", eligible_age_max="25"))
    assert result.ok, [str(i) for i in result.errors]
    project = Project.objects.get(code="TL")
    assert project.eligible_ages == (18, 25)
    assert sorted(
        RecruitmentDecision.objects.values_list("youth__code", "decision", "redirected_to")
    ) == [("Y1", "waiting_list", ""), ("Y3", "redirected", "centro_impiego")]


def test_a_package_without_them_keeps_the_usual_age_range(packages):
    assert packages.load(base()).ok
    assert Project.objects.get(code="TL").eligible_ages == (16, 26)


@pytest.mark.parametrize(
    ("change", "code", "column"),
    [
        ({"redirected_to": ""}, "redirection_without_structure", "redirected_to"),
        (
            {"decision": "waiting_list", "redirected_to": ""},
            "waiting_without_date",
            "waiting_until",
        ),
        (
            {"decision": "waiting_list", "waiting_until": "2021-09-01"},
            "waiting_ends_before_decision",
            "waiting_until",
        ),
        ({"youth": "Y9"}, "unknown_ref", "youth"),
        ({"decision": "expelled"}, "bad_enum", "decision"),
    ],
)
def test_a_decision_missing_what_it_needs_is_an_error_and_nothing_is_written(
    packages, change, code, column
):
    rows = [DECISIONS[0], {**DECISIONS[1], **change}]
    result = packages.load(with_decisions(rows))
    assert not result.ok
    assert [(table, row, col) for table, row, col, _value in found(result, code)] == [
        ("recruitment_decisions", 3, column)
    ]
    assert not Project.objects.exists() and not RecruitmentDecision.objects.exists()


def test_reversed_eligible_ages_are_an_error(packages):
    result = packages.load(with_decisions(eligible_age_min="26", eligible_age_max="16"))
    assert [row[:3] for row in found(result, "ages_reversed")] == [
        ("project", 2, "eligible_age_max")
    ]


def test_an_organisations_export_holds_only_the_decisions_about_its_youth(packages):
    assert packages.load(with_decisions()).ok
    tables = organisation_package_tables(
        project=Project.objects.get(code="TL"), organisation=Organisation.objects.get(code="PIN")
    )
    decisions = next(table for table in tables if table.name == "recruitment_decisions")
    assert [row["youth"] for row in decisions.rows] == ["Y3"]


def test_a_coordinator_cannot_import_a_decision_about_another_organisations_youth(packages):
    assert packages.load(with_decisions()).ok
    pinerolo = UserFactory(organisation=Organisation.objects.get(code="PIN"), is_coordinator=True)
    rows = [{**DECISIONS[0], "reason": "Changé par PIN"}, DECISIONS[1]]
    result = packages.load(with_decisions(rows), replace=True, by=pinerolo)
    assert found(result, NOT_YOURS)
    assert RecruitmentDecision.objects.get(youth__code="Y1").reason == ""
