"""The table of tables (teenlab.datapackage.schema) is the one place a column is declared: the
validator, the loader, the writers and the demo's generator all follow it."""

import csv
from pathlib import Path

import pytest

from teenlab.core.models import Logo, Project
from teenlab.datapackage import schema
from teenlab.datapackage.schema import TABLE_BY_NAME, TABLES, Column, Kind, cell_text
from teenlab.datapackage.services import package_export, package_import
from teenlab.demo.generate import package_build, package_write
from tests.datapackage.helpers import base, logos_of, read_csv_folder

pytestmark = pytest.mark.django_db


def database_cells(project: Project) -> dict[str, list[dict[str, str]]]:
    """Every table's rows as the database holds them, each column read from the model field
    the schema maps it to, as the text of its cell."""
    tables = {}
    for table in TABLES:
        objects = table.model_class()._default_manager
        rows = objects.filter(**{table.scope or "pk": project.pk}).values_list(
            *[column.path for column in table.columns]
        )
        tables[table.name] = [
            {
                column.name: cell_text(column, value)
                for column, value in zip(table.columns, row, strict=True)
            }
            for row in rows
        ]
    return tables


def cells_of(tables: dict, name: str) -> list[tuple]:
    columns = TABLE_BY_NAME[name].column_names
    return sorted(tuple(row.get(column) or "" for column in columns) for row in tables[name])


def test_every_model_field_of_the_schema_is_loaded_and_exported(packages, tmp_path):
    tables = base()
    # The optional texts the base package leaves empty.
    filled = {
        "organisations": {"phone": "+33 4 79 60 20 20", "website": "https://www.chambery.fr"},
        "youth": {"referred_by": "Mission locale"},
        "enrolments": {"eligibility_justification": "Sortie d'ASE à 27 ans"},
        "exchanges": {"place": "Pinerolo"},
        "events": {"place": "La Dynamo"},
        "expenses": {"reference": "M2021-001"},
        "cooperations": {
            "note": "Depuis 2021",
            "note_it": "Dal 2021",
            "note_en": "Since 2021",
        },
    }
    for name, cells in filled.items():
        tables[name][0].update(cells)
    tables["project"][0].update({"eligible_age_min": "16", "eligible_age_max": "25"})
    # Names in each language (issue 11, point 5).
    tables["project"][0].update({"programme_it": "Interreg Italia", "programme_en": "Interreg EN"})
    for name, column in (("phases", "name"), ("exchanges", "title"), ("events", "title")):
        tables[name][0].update({f"{column}_it": "In italiano", f"{column}_en": "In English"})
    # An early positive exit (issue 9, point 4): its kind and what the young person left for.
    tables["enrolments"][3].update(
        {
            "status": "early_exit",
            "left_on": "2022-10-03",
            "early_exit_kind": "apprenticeship",
            "leaving_detail": "CAP menuiserie",
        }
    )
    # The project's rules and call, a partner's time zone, a zone's label (issue 9, point 1).
    tables["project"][0].update(
        {
            "call": "Axe 4",
            "attendance_threshold": "70",
            "excused_absences": "excluded",
            "age_bands": "esf_plus",
            # The printed documents' EU emblem and funding statement (issue 11, point 4).
            "eu_emblem": "no",
            "funding_statement_fr": "Financé par la Région",
            "funding_statement_it": "Finanziato dalla Regione",
            "funding_statement_en": "Funded by the Region",
        }
    )
    tables["organisations"][0]["time_zone"] = "Europe/Paris"
    for row in tables["residence_zones"]:
        row["label"] = row["zone"].capitalize()
    # A table this project's package adds to the specification's (docs/data-package.md).
    tables["recruitment_decisions"] = [
        {
            "youth": "Y2",
            "decided_on": "2021-09-15",
            "decision": "waiting_list",
            "waiting_until": "2022-09-01",
        },
        {
            "youth": "Y3",
            "decided_on": "2021-09-15",
            "decision": "redirected",
            "reason": "Projet d'apprentissage",
            "redirected_to": "mission_locale",
            "redirected_detail": "Mission Locale de Chambéry",
        },
    ]
    # Consents and a minor's guardian (issue 12, point 1).
    tables["youth"][0].update(
        {"guardian_name": "Anne Martin", "guardian_contact": "06 00 00 00 00"}
    )
    tables["consents"] = [
        {
            "youth": "Y1",
            "kind": "notice",
            "given_on": "2021-09-01",
            "given_by": "both",
            "granted": "yes",
            "version": "2021-09",
            "language": "fr",
        },
        {
            "youth": "Y1",
            "kind": "travel",
            "given_on": "2021-09-01",
            "given_by": "guardian",
            "granted": "yes",
            "valid_until": "2022-08-31",
        },
    ]
    tables["event_participants"] = [{"event": "EV1", "youth": "Y1"}]
    tables["exchange_participants"] = [
        {"exchange": "E1", "youth": "Y1"},
        {"exchange": "E1", "name": "Giulia Rossi", "organisation": "Cooperativa Pinerolo"},
    ]
    # Tables and columns of the timetable (issue 9, point 2): a closure, a cancelled slot.
    tables["closures"] = [
        {"cohort": "C1", "start_date": "2021-10-23", "end_date": "2021-11-07", "label": "Toussaint"}
    ]
    tables["slots"][-1]["cancelled_reason"] = "Formateur malade"
    # A section left out of the bilan (issue 11, point 1), alike on its languages.
    for row in tables["narratives"]:
        row["in_bilan"] = "no"
    # Characteristics at entry and the situation after leaving (issue 13).
    tables["residence_zones"][0]["rural"] = "no"
    tables["residence_zones"].append({"commune": "Les Déserts", "zone": "massif", "rural": "yes"})
    tables["youth"][0].update(
        {
            "labour_status": "long_term_unemployed",
            "education_level": "isced_0_2",
            "left_school_without_diploma": "yes",
            "disability": "declined",
            "foreign_background": "no",
            "third_country_national": "no",
            "homeless": "yes",
        }
    )
    tables["follow_ups"] = [
        {
            "youth": "Y1",
            "cohort": "C1",
            "kind": "exit",
            "situation": "education_training",
            "date": "2022-01-05",
            "source": "training_body",
            "qualification_gained": "yes",
            "detail": "CAP cuisine",
        },
        {
            "youth": "Y1",
            "cohort": "C1",
            "kind": "six_months",
            "situation": "employed",
            "date": "2022-06-20",
            "source": "employer",
            "qualification_gained": "no",
        },
        {
            "youth": "Y3",
            "cohort": "C2",
            "kind": "exit",
            "situation": "employed",
            "date": "2022-10-20",
            "source": "youth",
            "qualification_gained": "no",
        },
    ]
    # The retention policy (issue 12, point 3).
    tables["project"][0].update({"retention_years": "3", "audit_retention_until": "2030-12-31"})
    # The programme's rules (issue 13, point 4): periods, planned costs, funding, and the
    # first expense declared in P1, classified and certified.
    tables["reporting_periods"] = [
        {"code": "P1", "start_date": "2021-09-01", "end_date": "2022-02-28"},
    ]
    tables["planned_costs"] = [
        {"organisation": "CHY", "period": "P1", "cost_category": "staff", "planned_eur": "5000"},
    ]
    tables["partner_funding"] = [
        {
            "organisation": "CHY",
            "eu_eur": "850.5",
            "national_eur": "100",
            "own_eur": "49.5",
            "office_flat_rate": "15",
        },
    ]
    tables["expenses"][0].update(
        cost_category="equipment", period="P1", certified_eur="1200", certified_on="2022-03-15"
    )
    # Every column of the schema holds a value in this package, optional ones included.
    for table in TABLES:
        for column in table.columns:
            assert any(row.get(column.name) for row in tables[table.name]), (table.name, column)
    result = packages.load(tables)
    assert result.ok, [str(issue) for issue in result.errors]

    stored = database_cells(result.loaded)
    package_export(project=result.loaded, destination=tmp_path / "export")
    exported = read_csv_folder(tmp_path / "export")
    for table in TABLES:
        given = cells_of(tables, table.name)
        assert cells_of(stored, table.name) == given, table.name
        assert cells_of(exported, table.name) == given, table.name


@pytest.mark.parametrize("suffix", ["", ".zip"])
def test_the_logos_round_trip_with_the_same_bytes(with_logos_project, tmp_path, suffix):
    """The logos (teenlab's addition, docs/data-package.md "Logos") travel in a folder and a
    zip: an export imported again gives the same logos, byte for byte (same SHA-256)."""
    before = logos_of(with_logos_project)
    assert before.keys() == {"programme", "funder", "CHY", "PIN"}
    destination = tmp_path / f"export{suffix}"
    counts = package_export(project=with_logos_project, destination=destination)
    assert counts["logos"] == len(before)
    Logo.objects.all().delete()

    again = package_import(source=destination, replace=True)
    assert again.ok, [str(issue) for issue in again.errors]
    assert logos_of(again.loaded) == before


@pytest.fixture
def project_with_signing_window(monkeypatch):
    """The project table as it would be with one more line in schema.py: a number column for a
    field of the model that the package does not hold today."""
    project = TABLE_BY_NAME["project"]
    column = Column("signing_opens_before", Kind.INT, required=False, max_value=24 * 60)
    columns = (*project.columns, column)
    # The declaration is changed where it stands, as an edit of schema.py would change it:
    # every module reads this one Table.
    monkeypatch.setitem(vars(project), "columns", columns)
    monkeypatch.setitem(vars(project), "column_by_name", {c.name: c for c in columns})
    return column


def test_a_column_added_to_the_schema_is_validated_loaded_and_exported(
    packages, tmp_path, project_with_signing_window
):
    tables = base()
    tables["project"][0]["signing_opens_before"] = "maybe"
    wrong = packages.validate(tables)
    assert [(i.table, i.row, i.column, i.value) for i in wrong.errors] == [
        ("project", 2, "signing_opens_before", "maybe")
    ]

    tables["project"][0]["signing_opens_before"] = "45"
    result = packages.load(tables)
    assert result.ok, [str(issue) for issue in result.errors]
    assert Project.objects.get(pk=result.loaded.pk).signing_opens_before == 45

    package_export(project=result.loaded, destination=tmp_path / "export")
    with (tmp_path / "export" / "project.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][-1] == "signing_opens_before"
    assert [row[-1] for row in rows[1:]] == ["45"]

    # ...and the exported package imports again, the column with it.
    again = packages.load(read_csv_folder(tmp_path / "export"), replace=True)
    assert again.ok, [str(issue) for issue in again.errors]


def test_the_demo_generator_writes_the_schemas_header(tmp_path, project_with_signing_window):
    package_write(tables=package_build(), out=tmp_path)
    for table in TABLES:
        with (tmp_path / f"{table.name}.csv").open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == table.column_names
    assert (
        Path(tmp_path / "project.csv")
        .read_text(encoding="utf-8")
        .splitlines()[0]
        .endswith(",signing_opens_before")
    )


def test_the_schema_maps_every_column_to_a_field_of_its_model():
    for table in TABLES:
        model = table.model_class()
        for column in table.columns:
            related = model
            *through, last = column.model_field.split("__")
            for name in through:
                related = related._meta.get_field(name).related_model
            field = related._meta.get_field(last)
            assert field.concrete, (table.name, column.name)
            if column.kind == Kind.REF:
                assert field.related_model is TABLE_BY_NAME[column.ref].model_class() or (
                    column.ref == "organisations"
                ), (table.name, column.name)
    assert schema.ORGANISATION_FIELDS and schema.PARTNER_FIELDS
