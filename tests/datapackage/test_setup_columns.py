"""The project set-up's columns (issue 9, point 1; docs/data-package.md, teenlab's additions):
the project's call and rules, an organisation's time zone, a residence zone's label —
optional, validated, loaded and applied by the bilan."""

import pytest

from teenlab.core.models import Organisation, Project, ResidenceZone
from teenlab.reporting import indicators
from teenlab.reporting.selectors import bilan_build
from tests.datapackage.helpers import base, found

pytestmark = pytest.mark.django_db


def with_setup(**project):
    tables = base()
    tables["project"][0].update(project)
    tables["residence_zones"] = [
        {"commune": "Chambéry", "zone": "chambery", "label": "Chambéry"},
        {"commune": "Barberaz", "zone": "agglomeration", "label": "Grand Chambéry"},
        {"commune": "Bassens", "zone": "agglomeration", "label": ""},
    ]
    tables["organisations"][0]["time_zone"] = "Europe/Paris"
    return tables


def test_the_rules_call_time_zone_and_labels_are_loaded_and_applied(packages):
    result = packages.load(
        with_setup(
            call="Axe 4",
            attendance_threshold="70",
            excused_absences="attended",
            age_bands="mission_locale",
        )
    )
    assert result.ok, [str(issue) for issue in result.errors]
    project = Project.objects.get(code="TL")
    assert project.call == "Axe 4"
    assert indicators.rules_of(project) == indicators.Rules(
        threshold_percent=70, excused="attended", age_bands="mission_locale"
    )
    assert Organisation.objects.get(code="CHY").time_zone == "Europe/Paris"
    assert dict(ResidenceZone.objects.values_list("commune", "label")) == {
        "Chambéry": "Chambéry",
        "Barberaz": "Grand Chambéry",
        "Bassens": "",
    }
    bilan = bilan_build(project=project)
    assert bilan.rules.threshold_percent == 70
    assert bilan.zone_labels == {"chambery": "Chambéry", "agglomeration": "Grand Chambéry"}
    assert set(bilan.figures.funnel.recruited_by_age_band) <= set(
        indicators.rules_of(project).band_codes
    )


def test_a_package_without_them_gets_teen_labs_rules(packages):
    assert packages.load(base()).ok
    project = Project.objects.get(code="TL")
    assert indicators.rules_of(project) == indicators.DEFAULT_RULES
    assert project.call == ""


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("attendance_threshold", "0"),
        ("attendance_threshold", "101"),
        ("excused_absences", "ignored"),
        ("age_bands", "insee"),
    ],
)
def test_a_wrong_rule_is_an_error_and_nothing_is_written(packages, column, cell):
    result = packages.load(with_setup(**{column: cell}))
    assert not result.ok
    assert [(i.table, i.row, i.column, i.value) for i in result.errors] == [
        ("project", 2, column, cell)
    ]
    assert not Project.objects.exists()


def test_an_unknown_time_zone_is_an_error(packages):
    tables = with_setup()
    tables["organisations"][0]["time_zone"] = "Europe/Pariss"
    result = packages.load(tables)
    assert [row[:3] for row in found(result, "unknown_time_zone")] == [
        ("organisations", 2, "time_zone")
    ]


def test_two_labels_for_one_zone_are_an_error(packages):
    tables = with_setup()
    tables["residence_zones"][2]["label"] = "Agglo"
    result = packages.load(tables)
    assert [row[:3] for row in found(result, "zone_labels_differ")] == [
        ("residence_zones", 4, "label")
    ]
