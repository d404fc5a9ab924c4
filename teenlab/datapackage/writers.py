"""Write a project's data package: a folder of CSV files, a .zip of one, or an .xlsx workbook.

Only the columns of the specification, in its order and formats (dates ``YYYY-MM-DD``, times
``HH:MM``, decimals with ``.`` and no trailing zeros, booleans ``yes``/``no``), rows in a fixed
order, so that two exports of the same records are the same files. Optional tables with no rows
are left out; required ones are always written.
"""

import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db.models import Case, F, When
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from teenlab.core.models import Project
from teenlab.core.spreadsheets import write_only_text
from teenlab.datapackage.logos import logos_rows
from teenlab.datapackage.messages import Issue, Level, PackageError
from teenlab.datapackage.readers import LOGOS_FOLDER, XLSX_MAX_ROWS
from teenlab.datapackage.schema import LOGOS, TABLES, Table, cell_text
from teenlab.datapackage.tablerows import TableRows, write_csv

__all__ = ["TableRows", "cell_text", "package_tables", "package_write", "write_csv"]

CHUNK = 5000


def rows_of(queryset, mapping: dict[str, Any], order: list[str]) -> tuple[int, Iterator[dict]]:
    """The rows of a queryset as {package column: value}; ``mapping`` names the ORM path of
    each column (or gives its expression)."""
    annotated = queryset.annotate(
        **{f"pkg_{k}": F(v) if isinstance(v, str) else v for k, v in mapping.items()}
    )
    values = annotated.order_by(*order).values_list(*[f"pkg_{k}" for k in mapping])
    keys = list(mapping)
    return queryset.count(), (dict(zip(keys, row, strict=True)) for row in values.iterator(CHUNK))


# What a column exports when the records may hold more than a package accepts: a partial
# presence's minutes above its slot's length (the slot shortened after they were recorded,
# which the figures read capped) are written at the slot's length, as every figure counts them;
# the package then imports (docs/data-package.md, "Minutes above a shortened slot").
EXPORTED_AS = {
    ("attendance", "minutes"): Case(
        When(minutes__gt=F("slot__duration_minutes"), then=F("slot__duration_minutes")),
        default=F("minutes"),
    ),
}


def table_rows(*, table: Table, project: Project) -> tuple[int, Iterator[dict]]:
    """A table's rows of a project, each column read from its model field (teenlab.datapackage
    .schema, or ``EXPORTED_AS``), in the order of the table's natural key."""
    objects = table.model_class()._default_manager
    queryset = objects.filter(**{table.scope or "pk": project.pk})
    mapping = {
        column.name: EXPORTED_AS.get((table.name, column.name), column.path)
        for column in table.columns
    }
    return rows_of(queryset, mapping, table.export_order)


def package_tables(*, project: Project) -> list[TableRows]:
    """Every table of a project's package, rows ready to be written (the logos' with their
    images, which the writers put in ``logos/``)."""
    result = []
    for table in TABLES:
        count, rows = table_rows(table=table, project=project)
        if count or table.required:
            result.append(TableRows(table.name, count, rows))
    logos = logos_rows(project=project)
    if logos:
        result.append(TableRows(LOGOS.name, len(logos), logos))
    return result


# --- containers ---------------------------------------------------------------------------


def export_error(destination: Path, expected, value: str, code: str) -> PackageError:
    return PackageError(Issue(Level.ERROR, destination.name, None, None, value, expected, code))


def logo_files(tables: list[TableRows]) -> Iterator[tuple[str, bytes]]:
    """(path in the package, bytes) of the logos' images: ``logos/programme.png``…"""
    for table in tables:
        if table.name == LOGOS.name:
            for row in table.rows:
                yield f"{LOGOS_FOLDER}/{row['file']}", row["image"]


def write_folder(tables: list[TableRows], folder: Path) -> None:
    for table in tables:
        with (folder / f"{table.name}.csv").open("w", encoding="utf-8", newline="") as handle:
            write_csv(handle, table)
    for name, image in logo_files(tables):
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(image)


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
        for name, image in logo_files(tables):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            archive.writestr(info, image, compress_type=zipfile.ZIP_STORED)


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
    for table in workbook_tables(tables):
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


def workbook_tables(tables: list[TableRows]) -> list[TableRows]:
    """The tables a workbook holds: all but the logos, whose images a cell cannot carry
    (docs/data-package.md, "Logos")."""
    return [table for table in tables if table.name != LOGOS.name]


def logos_listed(table: TableRows) -> TableRows:
    rows = list(table.rows)
    return TableRows(table.name, len(rows), rows)


def package_write(*, tables: list[TableRows], destination: Path) -> dict[str, int]:
    """Write the tables to a ``.zip``, an ``.xlsx`` or a folder (chosen by the path); a
    workbook leaves the logos out (the counts returned say what was written).

    The package is first written beside its destination and then moved there, so that a failed
    export leaves no half-written package."""
    suffix = destination.suffix.lower()
    # The logos' rows are read twice (the CSV file, then the images): few, kept in memory.
    tables = [logos_listed(table) if table.name == LOGOS.name else table for table in tables]
    if suffix == ".xlsx":
        tables = workbook_tables(tables)
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
