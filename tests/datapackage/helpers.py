"""A small valid package as rows, and ways to write it in each container."""

import copy
import csv
import io
import zipfile
from pathlib import Path

import openpyxl
from PIL import Image

from teenlab.core.spreadsheets import unneutralise
from teenlab.datapackage.schema import TABLE_BY_NAME

# table -> list of {column: text}. Row numbers in messages: header 1, first row 2.
BASE = {
    "project": [
        {
            "code": "TL",
            "name": "TEEN LAB",
            "programme": "ALCOTRA",
            "start_date": "2021-01-01",
            "end_date": "2023-12-31",
            "cofinancing_total_eur": "350000",
        }
    ],
    "organisations": [
        {
            "code": "CHY",
            "name": "Ville de Chambéry",
            "country": "FR",
            "role": "lead_partner",
            "city": "Chambéry",
            "cofinancing_eur": "200000.5",
            "email": "contact@chambery.fr",
        },
        {"code": "PIN", "name": "Comune di Pinerolo", "country": "IT", "role": "partner"},
    ],
    "residence_zones": [{"commune": "Chambéry", "zone": "chambery"}],
    "phases": [
        {"number": "1", "name": "Lancement", "start_date": "2021-01-01", "end_date": "2021-06-30"}
    ],
    "info_sessions": [
        {"code": "IC1", "organisation": "CHY", "date": "2021-09-01", "place": "Mairie"}
    ],
    "youth": [
        {
            "code": "Y1",
            "organisation": "CHY",
            "first_name": "Léa",
            "last_name": "Martin",
            "birth_date": "2003-05-04",
            "gender": "f",
            "commune": "Chambéry",
            "received_on": "2021-09-01",
            "info_session": "IC1",
            "situation_at_entry": "unemployed",
        },
        {
            "code": "Y2",
            "organisation": "CHY",
            "first_name": "Marco",
            "last_name": "Rossi",
            "birth_date": "",
            "gender": "m",
        },
        {
            "code": "Y3",
            "organisation": "PIN",
            "first_name": "Sam",
            "last_name": "Doe",
            "birth_date": "2004-01-02",
            "gender": "x",
        },
    ],
    "cohorts": [
        {
            "code": "C1",
            "organisation": "CHY",
            "name": "Automne 2021",
            "start_date": "2021-10-01",
            "end_date": "2021-12-17",
        },
        {
            "code": "C2",
            "organisation": "CHY",
            "name": "Automne 2022",
            "start_date": "2022-10-01",
            "end_date": "2022-12-16",
        },
    ],
    "modules": [
        {
            "code": "M1",
            "cohort": "C1",
            "name": "Culture numérique",
            "strand": "digital_culture",
            "planned_hours": "210",
        },
        {
            "code": "M2",
            "cohort": "C2",
            "name": "FabLab",
            "strand": "fablab",
            "planned_hours": "30.5",
        },
    ],
    "slots": [
        {
            "code": "S1",
            "cohort": "C1",
            "module": "M1",
            "date": "2021-10-04",
            "start": "09:00",
            "end": "12:30",
            "place": "FabLab",
        },
        {
            "code": "S2",
            "cohort": "C1",
            "module": "M1",
            "date": "2021-10-05",
            "start": "13:30",
            "end": "17:00",
        },
        {
            "code": "S3",
            "cohort": "C2",
            "module": "M2",
            "date": "2022-10-03",
            "start": "09:00",
            "end": "12:00",
        },
    ],
    "enrolments": [
        {"youth": "Y1", "cohort": "C1", "enrolled_on": "2021-10-01", "status": "completed"},
        {
            "youth": "Y2",
            "cohort": "C1",
            "enrolled_on": "2021-10-01",
            "status": "dropped_out",
            "left_on": "2021-11-02",
            "dropout_reason": "personal",
            "note": "Déménagement",
        },
        {"youth": "Y2", "cohort": "C2", "enrolled_on": "2022-10-01", "status": "in_progress"},
        {"youth": "Y3", "cohort": "C2", "enrolled_on": "2022-10-01", "status": "completed"},
    ],
    "attendance": [
        {"slot": "S1", "youth": "Y1", "status": "present"},
        {"slot": "S1", "youth": "Y2", "status": "partial", "minutes": "90"},
        {"slot": "S2", "youth": "Y1", "status": "absent"},
        {"slot": "S2", "youth": "Y2", "status": "excused"},
        {"slot": "S3", "youth": "Y2", "status": "present"},
        {"slot": "S3", "youth": "Y3", "status": "present"},
    ],
    "outcomes": [
        {
            "youth": "Y1",
            "cohort": "C1",
            "professional_project": "yes",
            "exit": "work",
            "detail": "CDD",
            "recorded_on": "2021-12-20",
        },
    ],
    "exchanges": [
        {
            "code": "E1",
            "origin": "FR",
            "destination": "IT",
            "kind": "youth_stay",
            "title": "Séjour à Pinerolo",
            "start_date": "2022-05-02",
            "end_date": "2022-05-06",
            "youth_count": "8",
            "staff_count": "2",
        },
        {
            "code": "E2",
            "origin": "IT",
            "destination": "remote",
            "kind": "training",
            "title": "Formation à distance",
            "start_date": "2022-03-01",
        },
    ],
    "events": [
        {
            "code": "EV1",
            "cohort": "C1",
            "title": "Repair café",
            "date": "2021-12-10",
            "beneficiary": "Emmaüs",
        }
    ],
    "budget": [
        {"organisation": "CHY", "category": "pedagogy", "planned_eur": "130000"},
        {"organisation": "PIN", "category": "cross_border", "planned_eur": "20000.25"},
    ],
    "expenses": [
        {
            "organisation": "CHY",
            "category": "pedagogy",
            "date": "2021-11-02",
            "amount_eur": "1234.5",
            "label": "Imprimante 3D",
            "supplier": "ACME",
        },
    ],
    "narratives": [
        # in_bilan (teenlab's addition): an export writes it, yes or no.
        {"section": "summary", "lang": "fr", "text": "Un bilan.\n\n- une ligne", "in_bilan": "yes"},
        {"section": "summary", "lang": "it", "text": "Un bilancio.", "in_bilan": "yes"},
    ],
    "cooperations": [
        {
            "name": "Mission locale",
            "kind": "institution",
            "roles": "recruitment;support",
            "note": "",
        },
    ],
}


def base() -> dict[str, list[dict[str, str]]]:
    return copy.deepcopy(BASE)


def columns_of(table: str, rows: list[dict]) -> list[str]:
    """The union of the rows' columns; for a table without rows, its required columns."""
    if not rows:
        return [c.name for c in TABLE_BY_NAME[table].columns if c.required]
    names: list[str] = []
    for row in rows:
        names.extend(name for name in row if name not in names)
    return names


def write_csv_folder(folder: Path, tables: dict, *, bom: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        names = columns_of(table, rows)
        encoding = "utf-8-sig" if bom else "utf-8"
        with (folder / f"{table}.csv").open("w", encoding=encoding, newline="") as handle:
            writer = csv.DictWriter(handle, names)
            writer.writeheader()
            writer.writerows(rows)
    return folder


def write_zip(path: Path, tables: dict, *, top: str | None = None) -> Path:
    folder = write_csv_folder(path.parent / (path.stem + "-src"), tables)
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, f"{top}/{file.name}" if top else file.name)
    return path


def write_xlsx(path: Path, tables: dict) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for table, rows in tables.items():
        sheet = workbook.create_sheet(table)
        names = columns_of(table, rows)
        sheet.append(names)
        for row in rows:
            sheet.append([row.get(name, "") for name in names])
    workbook.save(path)
    return path


def read_csv_folder(folder: Path) -> dict[str, list[dict[str, str]]]:
    """The cells of a folder's CSV files as teenlab reads them: a text neutralised against
    formula injection (``'=1``) comes back as it was (``=1``)."""
    tables = {}
    for file in sorted(folder.glob("*.csv")):
        with file.open(encoding="utf-8-sig", newline="") as handle:
            tables[file.stem] = [
                {name: unneutralise(value) for name, value in row.items()}
                for row in csv.DictReader(handle)
            ]
    return tables


def normalised(tables: dict) -> dict[str, list[tuple]]:
    """Rows as sorted tuples over every column of the spec (absent, empty and the value an
    empty cell imports as are the same, and so are a table without rows and no table)."""
    result = {}
    for table, rows in tables.items():
        if not rows:
            continue
        columns = TABLE_BY_NAME[table].columns
        empty = [_empty_cell(TABLE_BY_NAME[table], column) for column in columns]
        result[table] = sorted(
            tuple(
                _cell(row.get(column.name, "") or "", blank)
                for column, blank in zip(columns, empty, strict=True)
            )
            for row in rows
        )
    return result


def _cell(value: str, blank: str) -> str:
    return "" if value == blank else value


def _empty_cell(table, column) -> str:
    """How the export writes what an empty cell of ``column`` imports as (the field's default:
    ``yes`` for the project's EU emblem, shown unless said otherwise)."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    from teenlab.datapackage.services import empty_value
    from teenlab.datapackage.writers import cell_text

    if not table.model or "__" in column.model_field or column.ref:
        return ""
    try:
        default = empty_value(apps.get_model(table.model), column)
    except (LookupError, FieldDoesNotExist, TypeError):  # not a field of the row's model
        return ""
    return cell_text(column, default) if default not in (None, "") else ""


def found(result, code, *, warnings=False):
    """(table, row, column, value) of each issue of a kind."""
    issues = result.warnings if warnings else result.errors
    return [(i.table, i.row, i.column, i.value) for i in issues if i.code == code]


def image(colour: str, *, kind: str = "PNG", size=(40, 20)) -> bytes:
    """A small image file's bytes (a logo)."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=kind)
    return out.getvalue()


def logos_of(project) -> dict[str, str]:
    """{owner: sha256}: the project's programme and funder logos and its partners' (by code)."""
    from teenlab.core.models import Logo

    stored = {logo.owner: logo.sha256 for logo in Logo.objects.filter(project=project)}
    for logo in Logo.objects.filter(organisation__partnerships__project=project):
        stored[logo.organisation.code] = logo.sha256
    return stored
