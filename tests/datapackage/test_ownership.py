"""An organisation's coordinator imports only their organisation's rows (issue 7, point 1).

The package of tests.datapackage.helpers: project TL, CHY the lead partner, PIN a partner.
PIN gets a cohort, a budget line and an expense of its own here; its youth Y3 is enrolled in
CHY's cohort C2 (a row of both organisations)."""

import pytest

from teenlab.core.models import Organisation, Project, ProjectPartner
from teenlab.datapackage.ownership import NOT_YOURS, PINNED, REFUSED
from teenlab.datapackage.scoped import organisation_package_tables
from teenlab.datapackage.services import package_export, package_import
from teenlab.datapackage.writers import package_write
from teenlab.finance.models import BudgetLine, Expense
from teenlab.participants.models import Youth
from teenlab.training.models import Attendance, Cohort, Enrolment, Slot
from tests.datapackage.helpers import base, found, read_csv_folder, write_csv_folder
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def programme() -> dict:
    tables = base()
    tables["cohorts"].append(
        {
            "code": "CP",
            "organisation": "PIN",
            "name": "Sessione Pinerolo",
            "start_date": "2022-01-10",
            "end_date": "2022-03-31",
        }
    )
    tables["youth"].append(
        {
            "code": "YP",
            "organisation": "PIN",
            "first_name": "Giulia",
            "last_name": "Bianchi",
            "birth_date": "2004-02-03",
            "gender": "f",
        }
    )
    tables["slots"].append(
        {
            "code": "SP",
            "cohort": "CP",
            "date": "2022-01-10",
            "start": "09:00",
            "end": "12:00",
        }
    )
    tables["enrolments"].append(
        {"youth": "YP", "cohort": "CP", "enrolled_on": "2022-01-10", "status": "completed"}
    )
    tables["attendance"].append({"slot": "SP", "youth": "YP", "status": "present"})
    tables["expenses"].append(
        {
            "organisation": "PIN",
            "category": "cross_border",
            "date": "2022-05-02",
            "amount_eur": "800",
            "label": "Pullman",
        }
    )
    return tables


@pytest.fixture
def loaded(packages):
    result = packages.load(programme())
    assert result.ok, [str(i) for i in result.errors]
    return result.project


@pytest.fixture
def chambery(loaded):
    return UserFactory(
        username="chy", organisation=Organisation.objects.get(code="CHY"), is_coordinator=True
    )


@pytest.fixture
def pinerolo(loaded):
    return UserFactory(
        username="pin", organisation=Organisation.objects.get(code="PIN"), is_coordinator=True
    )


def part_of(organisation: str) -> dict[str, list]:
    """What the organisation holds in TL, row by row (pks included: kept rows keep them)."""
    org = Organisation.objects.get(code=organisation)
    return {
        "youth": sorted(
            Youth.objects.filter(organisation=org).values_list("pk", "code", "first_name")
        ),
        "cohorts": sorted(
            Cohort.objects.filter(organisation=org).values_list("pk", "code", "name")
        ),
        "slots": sorted(Slot.objects.filter(cohort__organisation=org).values_list("pk", "code")),
        "attendance": sorted(
            Attendance.objects.filter(youth__organisation=org).values_list(
                "slot__code", "youth__code", "status"
            )
        ),
        "enrolments": sorted(
            Enrolment.objects.filter(youth__organisation=org).values_list(
                "pk", "youth__code", "cohort__code", "status"
            )
        ),
        "budget": sorted(
            BudgetLine.objects.filter(organisation=org).values_list("pk", "planned_eur")
        ),
        "expenses": sorted(Expense.objects.filter(organisation=org).values_list("pk", "label")),
        "organisation": list(Organisation.objects.filter(pk=org.pk).values()),
    }


def export_of(tmp_path, organisation: str, name: str) -> dict[str, list]:
    """The organisation's export of TL (what the web gives its coordinator), as rows."""
    folder = tmp_path / name
    package_write(
        tables=organisation_package_tables(
            project=Project.objects.get(code="TL"),
            organisation=Organisation.objects.get(code=organisation),
        ),
        destination=folder,
    )
    return read_csv_folder(folder)


def whole_export(tmp_path, name="whole") -> dict[str, list]:
    package_export(project=Project.objects.get(code="TL"), destination=tmp_path / name)
    return read_csv_folder(tmp_path / name)


def test_the_attack_a_coordinators_export_reimported_with_replace_leaves_the_others_intact(
    packages, chambery, tmp_path
):
    pinerolo_before = part_of("PIN")
    tables = export_of(tmp_path, "CHY", "chy")
    assert not any(row["organisation"] == "PIN" for row in tables["youth"])
    result = packages.load(tables, replace=True, by=chambery)
    assert result.ok, [str(i) for i in result.errors]
    assert part_of("PIN") == pinerolo_before
    assert Youth.objects.filter(organisation__code="PIN").count() == 2
    # The row of both organisations (PIN's Y3 in CHY's cohort C2) is kept.
    assert Enrolment.objects.filter(youth__code="Y3", cohort__code="C2").exists()
    assert Attendance.objects.filter(slot__code="S3", youth__code="Y3").exists()


def test_a_coordinator_replaces_their_own_rows(packages, chambery, tmp_path):
    pinerolo_before = part_of("PIN")
    tables = export_of(tmp_path, "CHY", "chy")
    tables["youth"] = [row for row in tables["youth"] if row["code"] != "Y1"]
    for name in ("enrolments", "attendance", "outcomes"):
        tables[name] = [row for row in tables[name] if row["youth"] != "Y1"]
    tables["youth"][0]["first_name"] = "Marcello"
    tables["budget"][0]["planned_eur"] = "99"
    result = packages.load(tables, replace=True, by=chambery)
    assert result.ok, [str(i) for i in result.errors]
    assert not Youth.objects.filter(code="Y1").exists()
    assert Youth.objects.get(code="Y2").first_name == "Marcello"
    assert BudgetLine.objects.get(organisation__code="CHY").planned_eur == 99
    assert part_of("PIN") == pinerolo_before


def test_a_whole_export_reimported_unchanged_by_a_coordinator_keeps_everything(
    packages, pinerolo, tmp_path
):
    chambery_before = part_of("CHY")
    result = packages.load(whole_export(tmp_path), replace=True, by=pinerolo)
    assert result.ok, [str(i) for i in result.errors]
    assert part_of("CHY") == chambery_before


@pytest.mark.parametrize(
    "change,table,value",
    [
        (lambda t: t["youth"][0].update(first_name="Pirate"), "youth", "Y1"),
        (lambda t: t["cohorts"][0].update(name="Pirate"), "cohorts", "C1"),
        (lambda t: t["budget"][0].update(planned_eur="1"), "budget", "CHY + pedagogy"),
        (lambda t: t["expenses"][0].update(amount_eur="1"), "expenses", None),
        (lambda t: t["slots"][0].update(place="Ailleurs"), "slots", "S1"),
        (
            lambda t: t["youth"].append(
                {
                    "code": "Y9",
                    "organisation": "CHY",
                    "first_name": "Intrus",
                    "last_name": "X",
                    "birth_date": "",
                    "gender": "x",
                }
            ),
            "youth",
            "Y9",
        ),
        (lambda t: t["phases"][0].update(name="Pirate"), "phases", "1"),
        (lambda t: t["narratives"][0].update(text="Pirate"), "narratives", "summary + fr"),
    ],
)
def test_a_coordinator_may_not_create_or_change_another_organisations_rows(
    packages, pinerolo, tmp_path, change, table, value
):
    before = part_of("CHY"), whole_export(tmp_path, "before")
    tables = whole_export(tmp_path)
    change(tables)
    result = packages.load(tables, replace=True, by=pinerolo)
    assert not result.ok
    issues = [(i.table, i.code) for i in result.errors]
    assert issues == [(table, NOT_YOURS)], [str(i) for i in result.errors]
    if value is not None:
        assert value in str(result.errors[0])
    assert (part_of("CHY"), whole_export(tmp_path, "after")) == before


def test_a_coordinator_may_not_delete_another_organisations_row_by_moving_it(
    packages, chambery, tmp_path
):
    tables = whole_export(tmp_path)
    youth = next(row for row in tables["youth"] if row["code"] == "YP")
    youth["organisation"] = "CHY"
    result = packages.load(tables, replace=True, by=chambery)
    assert found(result, NOT_YOURS)[0][:2] == ("youth", tables["youth"].index(youth) + 2)
    assert Youth.objects.get(code="YP").organisation.code == "PIN"


def test_a_coordinator_may_not_delete_their_youth_that_another_organisations_rows_need(
    packages, pinerolo, tmp_path
):
    # Y3 (PIN) is enrolled in CHY's C2: PIN may not drop Y3, which that enrolment needs.
    tables = export_of(tmp_path, "PIN", "pin")
    tables["youth"] = [row for row in tables["youth"] if row["code"] != "Y3"]
    result = packages.load(tables, replace=True, by=pinerolo)
    assert found(result, PINNED) == [("youth", None, "code", "Y3")]
    assert Enrolment.objects.filter(youth__code="Y3", cohort__code="C2").exists()


def test_the_attack_a_crafted_new_project_may_not_rename_an_organisation_or_hijack_its_users(
    packages, chambery
):
    pinerolo = Organisation.objects.get(code="PIN")
    pinerolo_user = UserFactory(username="pin-user", organisation=pinerolo, is_counsellor=True)
    tables = base()
    tables["project"][0].update(code="EVIL", start_date="2030-01-01", end_date="2030-12-31")
    tables["organisations"][1].update(name="Pinerolo (piraté)", email="pirate@example.org")
    result = packages.load(tables, by=chambery)
    assert not result.ok
    assert ("organisations", 3, "code", "PIN") in found(result, NOT_YOURS)
    pinerolo.refresh_from_db()
    assert (pinerolo.name, pinerolo.email) == ("Comune di Pinerolo", "")
    assert not Project.objects.filter(code="EVIL").exists()
    from teenlab.core import scoping

    assert list(scoping.projects_for(pinerolo_user).values_list("code", flat=True)) == ["TL"]


def test_a_coordinator_creates_a_project_of_their_own_organisation_only(packages, chambery):
    tables = base()
    tables["project"][0]["code"] = "NEXT"
    tables["organisations"] = tables["organisations"][:1]
    for name in ("youth", "budget", "expenses", "info_sessions"):
        tables[name] = [row for row in tables[name] if row.get("organisation") == "CHY"]
    tables["enrolments"] = [row for row in tables["enrolments"] if row["youth"] != "Y3"]
    tables["attendance"] = [row for row in tables["attendance"] if row["youth"] != "Y3"]
    result = packages.load(tables, by=chambery)
    assert result.ok, [str(i) for i in result.errors]
    assert set(
        ProjectPartner.objects.filter(project__code="NEXT").values_list(
            "organisation__code", "role"
        )
    ) == {("CHY", "lead_partner")}
    # The organisation's own row is not the new project's to change.
    tables["project"][0]["code"] = "NEXT2"
    tables["organisations"][0]["email"] = "nouveau@chambery.fr"
    result = packages.load(tables, by=chambery)
    assert found(result, NOT_YOURS) == [("organisations", 2, "email", "nouveau@chambery.fr")]


def test_only_the_lead_partners_coordinator_changes_the_project_and_its_own_organisation(
    packages, chambery, pinerolo, tmp_path
):
    tables = export_of(tmp_path, "PIN", "pin")
    tables["project"][0]["name"] = "Renamed by PIN"
    result = packages.load(tables, replace=True, by=pinerolo)
    assert found(result, NOT_YOURS) == [("project", 2, "name", "Renamed by PIN")]
    tables = export_of(tmp_path, "PIN", "pin2")
    next(r for r in tables["organisations"] if r["code"] == "PIN")["email"] = "pin@example.org"
    assert found(packages.load(tables, replace=True, by=pinerolo), NOT_YOURS)
    assert Organisation.objects.get(code="PIN").email == ""

    tables = export_of(tmp_path, "CHY", "chy")
    tables["project"][0]["name"] = "Renamed by the lead"
    next(r for r in tables["organisations"] if r["code"] == "CHY")["email"] = "lead@chambery.fr"
    next(r for r in tables["organisations"] if r["code"] == "PIN")["cofinancing_eur"] = "5"
    result = packages.load(tables, replace=True, by=chambery)
    assert result.ok, [str(i) for i in result.errors]
    assert Project.objects.get(code="TL").name == "Renamed by the lead"
    assert Organisation.objects.get(code="CHY").email == "lead@chambery.fr"
    assert ProjectPartner.objects.get(organisation__code="PIN").cofinancing_eur == 5
    # Even the lead partner never changes another organisation's own row.
    next(r for r in tables["organisations"] if r["code"] == "PIN")["name"] = "Renamed"
    result = packages.load(tables, replace=True, by=chambery)
    assert found(result, NOT_YOURS) == [("organisations", 3, "name", "Renamed")]


def test_a_coordinator_may_not_add_a_partner_to_a_project(packages, chambery):
    Organisation.objects.create(code="ELSE", name="Ailleurs", country="FR")
    tables = programme()
    tables["organisations"].append(
        {"code": "ELSE", "name": "Ailleurs", "country": "FR", "role": "associated"}
    )
    result = packages.load(tables, replace=True, by=chambery)
    assert found(result, NOT_YOURS) == [("organisations", 4, "code", "ELSE")]
    assert not ProjectPartner.objects.filter(organisation__code="ELSE").exists()


def test_a_coordinator_of_an_organisation_outside_the_project_is_refused(packages, loaded):
    other = Organisation.objects.create(code="ELSE", name="Ailleurs", country="FR")
    user = UserFactory(username="else", organisation=other, is_coordinator=True)
    result = packages.load(programme(), replace=True, by=user)
    assert [i.code for i in result.errors] == [REFUSED]
    counsellor = UserFactory(
        username="pin-c", organisation=Organisation.objects.get(code="PIN"), is_counsellor=True
    )
    result = packages.load(programme(), replace=True, by=counsellor)
    assert [i.code for i in result.errors] == [REFUSED]


def test_a_superuser_and_the_command_line_still_replace_everything(packages, loaded, tmp_path):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    tables = programme()
    tables["youth"][-1]["first_name"] = "Changed"
    tables["organisations"][1]["name"] = "Città di Pinerolo"
    assert packages.load(tables, replace=True, by=root).ok
    assert Youth.objects.get(code="YP").first_name == "Changed"
    assert Organisation.objects.get(code="PIN").name == "Città di Pinerolo"
    tables = base()
    result = packages.load(tables, replace=True)
    assert result.ok
    assert not Youth.objects.filter(code="YP").exists()
    folder = write_csv_folder(tmp_path / "again", tables)
    assert package_import(source=folder, replace=True).ok


def test_a_refusal_never_shows_what_another_organisation_recorded(packages, chambery, tmp_path):
    import datetime as dt

    from django.utils import timezone

    from teenlab.training.models import SlotCountersignature

    SlotCountersignature.objects.create(
        slot=Slot.objects.get(code="SP"),
        trainer=UserFactory(username="t"),
        image=b"png",
        signed_at=timezone.make_aware(dt.datetime(2022, 1, 10, 12)),
    )
    tables = whole_export(tmp_path)
    next(r for r in tables["youth"] if r["code"] == "YP")["first_name"] = "Guess"
    next(r for r in tables["attendance"] if r["slot"] == "SP")["status"] = "absent"
    result = packages.load(tables, replace=True, by=chambery)
    assert {(i.table, i.value) for i in result.errors} >= {("youth", "Guess"), ("slots", "SP")}
    shown = " ".join(str(i) for i in result.errors)
    assert "Giulia" not in shown and "present" not in shown
    assert Attendance.objects.get(slot__code="SP").status == "present"
