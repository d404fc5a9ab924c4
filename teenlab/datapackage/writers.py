"""Write a project's data package: a folder of CSV files, a .zip of one, or an .xlsx workbook.

Only the columns of the specification, in its order and formats (dates ``YYYY-MM-DD``, times
``HH:MM``, decimals with ``.`` and no trailing zeros, booleans ``yes``/``no``), rows in a fixed
order, so that two exports of the same records are the same files. Optional tables with no rows
are left out; required ones are always written.
"""

import csv
import datetime as dt
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db.models import F
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from teenlab.activities.models import Cooperation, Event, Exchange, Phase
from teenlab.core.models import Narrative, Project, ProjectPartner, ResidenceZone
from teenlab.core.spreadsheets import neutralise, write_only_text
from teenlab.datapackage.messages import Issue, Level, PackageError
from teenlab.datapackage.readers import XLSX_MAX_ROWS
from teenlab.datapackage.schema import TABLE_BY_NAME, TABLES, Column, Kind
from teenlab.finance.models import BudgetLine, Expense
from teenlab.outcomes.models import Outcome
from teenlab.participants.models import InfoSession, Youth
from teenlab.training.models import Attendance, Cohort, Enrolment, Module, Slot

CHUNK = 5000
NUMERIC = (Kind.INT, Kind.DECIMAL)
FREE_TEXT = (Kind.TEXT, Kind.EMAIL)


def cell_text(column: Column, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # 210.00 -> 210, 12.50 -> 12.5: the number, not the column's storage precision.
        return format(value.normalize(), "f")
    return str(value)


@dataclass
class TableRows:
    name: str
    count: int
    rows: Iterable[dict]  # {column: Python value}, in the package's order

    @property
    def columns(self) -> list[Column]:
        return list(TABLE_BY_NAME[self.name].columns)

    @property
    def numeric(self) -> list[bool]:
        """Per column, whether it holds numbers (written as numbers in a workbook)."""
        return [column.kind in NUMERIC for column in self.columns]

    @property
    def free_text(self) -> list[bool]:
        """Per column, whether it holds free text, which may start like a formula. Codes and
        references start with a letter or a digit (teenlab.core.codes, kept by the database),
        enumerations, dates and numbers never look like a formula (a negative amount is a
        number, and stays one)."""
        return [column.kind in FREE_TEXT for column in self.columns]

    def text_rows(self) -> Iterator[list[str]]:
        """Each row as the texts of its cells, before any neutralisation."""
        columns = self.columns
        for row in self.rows:
            yield [cell_text(column, row.get(column.name)) for column in columns]


def rows_of(queryset, mapping: dict[str, str], order: list[str]) -> tuple[int, Iterator[dict]]:
    """The rows of a queryset as {package column: value}; ``mapping`` names the ORM path of
    each column."""
    annotated = queryset.annotate(**{f"pkg_{k}": F(v) for k, v in mapping.items()})
    values = annotated.order_by(*order).values_list(*[f"pkg_{k}" for k in mapping])
    keys = list(mapping)
    return queryset.count(), (dict(zip(keys, row, strict=True)) for row in values.iterator(CHUNK))


def package_tables(*, project: Project) -> list[TableRows]:
    """Every table of a project's package, rows ready to be written."""
    p = project
    tables: dict[str, tuple[int, Iterable[dict]]] = {
        "project": (
            1,
            [
                {
                    "code": p.code,
                    "name": p.name,
                    "programme": p.programme,
                    "start_date": p.start_date,
                    "end_date": p.end_date,
                    "cofinancing_total_eur": p.cofinancing_total_eur,
                }
            ],
        ),
        "organisations": rows_of(
            ProjectPartner.objects.filter(project=p),
            {
                "code": "organisation__code",
                "name": "organisation__name",
                "country": "organisation__country",
                "role": "role",
                "city": "organisation__city",
                "cofinancing_eur": "cofinancing_eur",
                "phone": "organisation__phone",
                "email": "organisation__email",
                "website": "organisation__website",
            },
            ["organisation__code"],
        ),
        "residence_zones": rows_of(
            ResidenceZone.objects.filter(project=p),
            {"commune": "commune", "zone": "zone"},
            ["commune"],
        ),
        "phases": rows_of(
            Phase.objects.filter(project=p),
            {n: n for n in ("number", "name", "start_date", "end_date")},
            ["number"],
        ),
        "info_sessions": rows_of(
            InfoSession.objects.filter(project=p),
            {
                "code": "code",
                "organisation": "organisation__code",
                "date": "date",
                "place": "place",
            },
            ["code"],
        ),
        "youth": rows_of(
            Youth.objects.filter(project=p),
            {
                "code": "code",
                "organisation": "organisation__code",
                **{
                    n: n
                    for n in (
                        "first_name",
                        "last_name",
                        "birth_date",
                        "gender",
                        "commune",
                        "received_on",
                    )
                },
                "info_session": "info_session__code",
                "referred_by": "referred_by",
                "situation_at_entry": "situation_at_entry",
            },
            ["code"],
        ),
        "cohorts": rows_of(
            Cohort.objects.filter(project=p),
            {
                "code": "code",
                "organisation": "organisation__code",
                "name": "name",
                "start_date": "start_date",
                "end_date": "end_date",
            },
            ["code"],
        ),
        "modules": rows_of(
            Module.objects.filter(project=p),
            {
                "code": "code",
                "cohort": "cohort__code",
                "name": "name",
                "strand": "strand",
                "planned_hours": "planned_hours",
            },
            ["code"],
        ),
        "slots": rows_of(
            Slot.objects.filter(project=p),
            {
                "code": "code",
                "cohort": "cohort__code",
                "module": "module__code",
                "date": "date",
                "start": "start",
                "end": "end",
                "place": "place",
            },
            ["code"],
        ),
        "enrolments": rows_of(
            Enrolment.objects.filter(cohort__project=p),
            {
                "youth": "youth__code",
                "cohort": "cohort__code",
                **{n: n for n in ("enrolled_on", "status", "left_on", "dropout_reason", "note")},
            },
            ["youth__code", "cohort__code"],
        ),
        "attendance": rows_of(
            Attendance.objects.filter(slot__project=p),
            {
                "slot": "slot__code",
                "youth": "youth__code",
                "status": "status",
                "minutes": "minutes",
            },
            ["slot__code", "youth__code"],
        ),
        "outcomes": rows_of(
            Outcome.objects.filter(enrolment__cohort__project=p),
            {
                "youth": "enrolment__youth__code",
                "cohort": "enrolment__cohort__code",
                **{n: n for n in ("professional_project", "exit", "detail", "recorded_on")},
            },
            ["enrolment__youth__code", "enrolment__cohort__code"],
        ),
        "exchanges": rows_of(
            Exchange.objects.filter(project=p),
            {
                n: n
                for n in (
                    "code",
                    "origin",
                    "destination",
                    "kind",
                    "title",
                    "start_date",
                    "end_date",
                    "place",
                    "youth_count",
                    "staff_count",
                )
            },
            ["code"],
        ),
        "events": rows_of(
            Event.objects.filter(project=p),
            {
                "code": "code",
                "cohort": "cohort__code",
                **{n: n for n in ("title", "date", "beneficiary", "place")},
            },
            ["code"],
        ),
        "budget": rows_of(
            BudgetLine.objects.filter(project=p),
            {
                "organisation": "organisation__code",
                "category": "category",
                "planned_eur": "planned_eur",
            },
            ["organisation__code", "category"],
        ),
        "expenses": rows_of(
            Expense.objects.filter(project=p),
            {
                "organisation": "organisation__code",
                **{
                    n: n
                    for n in ("category", "date", "amount_eur", "label", "supplier", "reference")
                },
            },
            ["date", "organisation__code", "category", "label", "amount_eur", "id"],
        ),
        "narratives": rows_of(
            Narrative.objects.filter(project=p),
            {n: n for n in ("section", "lang", "text")},
            ["section", "lang"],
        ),
        "cooperations": rows_of(
            Cooperation.objects.filter(project=p),
            {n: n for n in ("name", "kind", "roles", "note")},
            ["name"],
        ),
    }
    result = []
    for table in TABLES:
        count, rows = tables[table.name]
        if count or table.required:
            result.append(TableRows(table.name, count, rows))
    return result


# --- containers ---------------------------------------------------------------------------


def export_error(destination: Path, expected, value: str, code: str) -> PackageError:
    return PackageError(Issue(Level.ERROR, destination.name, None, None, value, expected, code))


def write_csv(handle: io.TextIOBase, table: TableRows) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow([column.name for column in table.columns])
    free_text = table.free_text
    if not any(free_text):  # attendance: millions of rows of codes, enumerations and numbers
        writer.writerows(table.text_rows())
        return
    # Python's csv module leaves a field holding a lone carriage return unquoted, which a
    # reader takes for the end of the row: such a row is written with every field quoted.
    quoting = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in table.text_rows():
        # A text a spreadsheet would take for a formula starts with ' (teenlab.core.spreadsheets;
        # the reader takes it off again).
        cells = [
            neutralise(text) if free else text for text, free in zip(row, free_text, strict=True)
        ]
        (quoting if any("\r" in cell for cell in cells) else writer).writerow(cells)


def write_folder(tables: list[TableRows], folder: Path) -> None:
    for table in tables:
        with (folder / f"{table.name}.csv").open("w", encoding="utf-8", newline="") as handle:
            write_csv(handle, table)


def write_zip(tables: list[TableRows], path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            info = zipfile.ZipInfo(f"{table.name}.csv", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with (
                archive.open(info, "w", force_zip64=True) as raw,
                io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle,
            ):
                write_csv(handle, table)


def write_xlsx(tables: list[TableRows], path: Path) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    for table in tables:
        if table.count + 1 > XLSX_MAX_ROWS:
            raise export_error(
                path,
                format_lazy(
                    _("au plus {limit} lignes par feuille de classeur : exportez en .zip"),
                    limit=XLSX_MAX_ROWS - 1,
                ),
                f"{table.name}: {table.count}",
                "too_many_rows",
            )
    workbook = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(table.name)
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=column.name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        numbers = table.numeric
        for row in table.text_rows():
            # Numbers as numbers, so that a spreadsheet sums them; everything else as a string
            # cell holding the text of the CSV file (a date as YYYY-MM-DD, a code such as 007
            # kept as it is, a text that looks like a formula neutralised as in CSV, a control
            # character escaped as OOXML does).
            sheet.append(
                [
                    (float(text) if "." in text else int(text))
                    if numeric and text
                    else write_only_text(sheet, text)
                    for text, numeric in zip(row, numbers, strict=True)
                ]
            )
    workbook.save(path)


def package_write(*, tables: list[TableRows], destination: Path) -> dict[str, int]:
    """Write the tables to a ``.zip``, an ``.xlsx`` or a folder (chosen by the path).

    The package is first written beside its destination and then moved there, so that a failed
    export leaves no half-written package."""
    suffix = destination.suffix.lower()
    parent = destination.parent
    if destination.exists() and (suffix in (".zip", ".xlsx")) == destination.is_dir():
        raise export_error(
            destination,
            _("un chemin libre, ou un fichier du même type à remplacer"),
            str(destination),
            "destination_exists",
        )
    if suffix not in (".zip", ".xlsx") and destination.is_dir() and any(destination.iterdir()):
        raise export_error(
            destination,
            _("un dossier vide ou inexistant"),
            str(destination),
            "destination_not_empty",
        )
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=parent, prefix=".teenlab-export-") as work:
            staged = Path(work) / (destination.name or "package")
            if suffix == ".zip":
                write_zip(tables, staged)
            elif suffix == ".xlsx":
                write_xlsx(tables, staged)
            else:
                staged.mkdir()
                write_folder(tables, staged)
            if destination.is_dir():
                destination.rmdir()  # empty, checked above
            shutil.move(staged, destination)
    except OSError as exc:
        raise export_error(
            destination, _("un emplacement où écrire"), f"{destination}: {exc}", "unwritable"
        ) from None
    return {table.name: table.count for table in tables}
