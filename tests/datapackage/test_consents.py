"""The consents table and a minor's guardian (issue 12, point 1): optional, validated, warned
about when a minor lacks them, kept across a replace by a package without them."""

import pytest

from teenlab.core.models import Organisation
from teenlab.datapackage.ownership import NOT_YOURS
from teenlab.participants.models import Consent, Youth
from tests.datapackage.helpers import base, found
from tests.datapackage.test_ownership import export_of, programme, whole_export
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOTICE = {"youth": "Y1", "kind": "notice", "given_on": "2021-09-01", "given_by": "both"}
IMAGES = {"youth": "Y1", "kind": "image_rights", "given_on": "2021-09-01", "given_by": "guardian"}
PARENTS = {"youth": "Y1", "kind": "participation", "given_on": "2021-09-01", "given_by": "guardian"}


def with_a_minor(**youth):
    """The base package, Y1 aged 16 when received (2021-09-01) and on the stay E1 in Italy."""
    tables = base()
    tables["youth"][0].update({"birth_date": "2005-03-01", **youth})
    tables["exchange_participants"] = [{"exchange": "E1", "youth": "Y1"}]
    return tables


def test_a_minor_without_consents_is_a_warning_naming_what_is_missing(packages):
    result = packages.validate(with_a_minor())
    assert result.errors == []
    assert found(result, "minor_without_consents", warnings=True) == [("youth", 2, "code", "Y1")]
    [warning] = [w for w in result.warnings if w.code == "minor_without_consents"]
    text = str(warning)
    for missing in ("notice", "droit à l'image", "représentant légal", "autorisation parentale"):
        assert missing in text
    assert found(result, "minor_without_travel_authorisation", warnings=True) == [
        ("exchange_participants", 2, "youth", "Y1")
    ]
    # Only minors: the base package's adults raise neither.
    assert len(found(result, "minor_without_consents", warnings=True)) == 1


def test_a_minor_with_everything_recorded_raises_no_warning_and_is_imported(packages):
    tables = with_a_minor(guardian_name="Anne Martin", guardian_contact="06 00 00 00 00")
    travel = {
        "youth": "Y1",
        "kind": "travel",
        "given_on": "2022-04-01",
        "given_by": "guardian",
        "valid_until": "2022-05-06",  # the stay's last day
    }
    tables["consents"] = [NOTICE, IMAGES, PARENTS, travel]
    result = packages.load(tables)
    assert result.ok, [str(issue) for issue in result.errors]
    codes = {w.code for w in result.warnings}
    assert not codes & {"minor_without_consents", "minor_without_travel_authorisation"}
    youth = Youth.objects.get(code="Y1")
    assert youth.guardian_name == "Anne Martin"
    assert sorted(youth.consents.values_list("kind", flat=True)) == [
        "image_rights",
        "notice",
        "participation",
        "travel",
    ]


def test_an_ast_ending_before_the_stay_still_warns_and_the_import_goes_on(packages):
    tables = with_a_minor(guardian_name="Anne Martin", guardian_contact="06 00 00 00 00")
    travel = {
        "youth": "Y1",
        "kind": "travel",
        "given_on": "2022-04-01",
        "given_by": "guardian",
        "valid_until": "2022-05-05",
    }
    tables["consents"] = [NOTICE, IMAGES, PARENTS, travel]
    result = packages.load(tables)
    assert result.ok
    assert found(result, "minor_without_travel_authorisation", warnings=True)
    assert Youth.objects.get(code="Y1").exchange_participations.count() == 1


def test_bad_consent_rows_are_errors_and_nothing_is_written(packages):
    tables = with_a_minor()
    tables["consents"] = [
        {**NOTICE, "kind": "tattoo"},
        {**NOTICE, "given_by": "neighbour"},
        {**NOTICE, "youth": "Y9"},
        {**PARENTS, "given_on": "2021-09-10", "valid_until": "2021-09-01"},
        {**NOTICE, "language": "de"},
    ]
    result = packages.load(tables)
    assert not result.ok
    assert {(issue.row, issue.column) for issue in result.errors} == {
        (2, "kind"),
        (3, "given_by"),
        (4, "youth"),
        (5, "valid_until"),
        (6, "language"),
    }
    assert not Youth.objects.exists() and not Consent.objects.exists()


def test_a_replace_with_the_consents_table_replaces_them(packages):
    tables = with_a_minor()
    tables["consents"] = [NOTICE, IMAGES]
    packages.load(tables)
    tables["consents"] = [PARENTS]
    tables["youth"][0]["guardian_name"] = "Paul Martin"
    result = packages.load(tables, replace=True)
    assert result.ok, [str(issue) for issue in result.errors]
    youth = Youth.objects.get(code="Y1")
    assert list(youth.consents.values_list("kind", flat=True)) == ["participation"]
    assert youth.guardian_name == "Paul Martin"


def two_organisations_with_consents():
    """The ownership tests' programme (CHY and PIN), each with a consent of one of its youth."""
    tables = programme()
    tables["consents"] = [
        {**NOTICE, "youth": "Y1"},
        {**NOTICE, "youth": "YP", "given_by": "youth", "language": "it"},
    ]
    return tables


def consents_of(organisation: str) -> list[tuple]:
    return sorted(
        Consent.objects.filter(youth__organisation__code=organisation).values_list(
            "pk", "youth__code", "kind", "language"
        )
    )


def test_a_coordinator_replaces_their_consents_and_keeps_the_others(packages, tmp_path):
    assert packages.load(two_organisations_with_consents()).ok
    chambery = UserFactory(organisation=Organisation.objects.get(code="CHY"), is_coordinator=True)
    pinerolo_before = consents_of("PIN")
    tables = export_of(tmp_path, "CHY", "chy")
    assert [row["youth"] for row in tables["consents"]] == ["Y1"]  # its own only
    tables["consents"][0]["language"] = "en"
    result = packages.load(tables, replace=True, by=chambery)
    assert result.ok, [str(i) for i in result.errors]
    assert [row[1:] for row in consents_of("CHY")] == [("Y1", "notice", "en")]
    assert consents_of("PIN") == pinerolo_before


def test_a_coordinator_may_not_change_another_organisations_consent(packages, tmp_path):
    assert packages.load(two_organisations_with_consents()).ok
    chambery = UserFactory(organisation=Organisation.objects.get(code="CHY"), is_coordinator=True)
    before = consents_of("PIN")
    tables = whole_export(tmp_path)
    assert packages.load(tables, replace=True, by=chambery).ok  # carried unchanged: kept
    assert consents_of("PIN") == before
    row = next(row for row in tables["consents"] if row["youth"] == "YP")
    row["language"] = "fr"
    result = packages.load(tables, replace=True, by=chambery)
    assert [(issue.table, issue.code) for issue in result.errors] == [("consents", NOT_YOURS)]
    assert consents_of("PIN") == before
