"""Read the three containers of a data package: a folder of CSV files, a .zip of one, a workbook.

Every container gives the same thing: tables by name, each of which can be read (more than once:
the attendance table is streamed once to validate it and once to load it, never held in memory)
as rows of strings, a workbook's dates and numbers turned into the text a CSV file would hold.

Whatever is wrong with the bytes (not UTF-8, not a CSV, a corrupt archive, a zip bomb, a file
too large) comes out as an ``Issue``: ``PackageError`` when the container cannot be opened,
``ReadError`` while a table is being read, never another exception.
"""

import codecs
import contextlib
import csv
import datetime as dt
import io
import re
import string
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import TypeGuard

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from teenlab.core.spreadsheets import ooxml_unescape
from teenlab.datapackage.messages import Issue, Level, PackageError
from teenlab.datapackage.schema import TABLE_NAMES

# The most uncompressed data a package may hold, all tables together (CSV files, or the members
# of a .zip or .xlsx archive). One gibibyte holds a 100 000-youth programme (some 15 million
# attendance rows) with room to spare, and stops a zip bomb long before it fills a disk or memory.
MAX_PACKAGE_BYTES = 1024**3
# An .xlsx sheet cannot hold more rows than this (Excel's own limit).
XLSX_MAX_ROWS = 1_048_576
# Merged cells are filled with their top-left value; a workbook merging more than this is refused.
MAX_MERGED_CELLS = 100_000
# The folder of a CSV folder or a .zip holding the image files of the ``logos`` table, and the
# name a file there must have: a plain name, never a path (no ``/``, ``..`` or leading dot).
LOGOS_FOLDER = "logos"
LOGO_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$")

Row = tuple[int, list[str]]


class ReadError(Exception):
    """A table that cannot be read further; ``issue`` says where and why."""

    def __init__(self, issue: Issue):
        super().__init__(str(issue))
        self.issue = issue


def error(table: str, expected, *, row=None, column=None, value=None, code: str) -> Issue:
    return Issue(Level.ERROR, table, row, column, value, expected, code)


def human_size(size: int) -> str:
    return f"{size / 1024**2:.0f} MB" if size >= 1024**2 else f"{size} B"


def too_large(table: str, size: int, limit: int | None = None) -> Issue:
    return error(
        table,
        format_lazy(
            _("un paquet d'au plus {limit} de données non compressées"),
            limit=human_size(size_limit(limit)),
        ),
        value=human_size(size),
        code="too_large",
    )


def size_limit(max_bytes: int | None) -> int:
    """``max_bytes``, or ``MAX_PACKAGE_BYTES`` when None (read when called, not imported)."""
    return MAX_PACKAGE_BYTES if max_bytes is None else max_bytes


class LimitedStream(io.RawIOBase):
    """A binary stream that fails once more than ``limit`` bytes came through it: a zip member
    may lie about its size."""

    def __init__(self, raw, *, table: str, limit: int):
        self.raw = raw
        self.table = table
        self.limit = limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        self.count += len(data)
        if self.count > self.limit:
            raise ReadError(too_large(self.table, self.count))
        buffer[: len(data)] = data
        return len(data)


class TableSource:
    """One table of a package. ``rows()`` yields (row number, cells) for every row that is not
    empty, the header first; a spreadsheet user's row numbers: the header is row 1."""

    def __init__(self, name: str, label: str):
        self.name = name
        self.label = label  # the file or sheet it comes from, for messages

    def rows(self) -> Iterator[Row]:
        raise NotImplementedError

    def data_rows(self) -> tuple[dict[str, int], Iterator[Row]]:
        """Where each column of the header stands ({lower-cased name: position}, the first of a
        repeated name), and the rows after the header; nothing for a table without a header."""
        rows = self.rows()
        first = next(rows, None)
        if first is None:
            return {}, iter(())
        positions: dict[str, int] = {}
        for position, cell in enumerate(first[1]):
            positions.setdefault(cell.strip().lower(), position)
        return positions, rows


class CsvTable(TableSource):
    def __init__(self, name: str, label: str, opener, *, max_bytes: int | None = None):
        super().__init__(name, label)
        self.opener = opener  # () -> a binary file object
        self.max_bytes = max_bytes

    def rows(self) -> Iterator[Row]:
        record = 0
        try:
            with self.opener() as raw:
                limited = LimitedStream(raw, table=self.name, limit=size_limit(self.max_bytes))
                buffered = io.BufferedReader(limited, buffer_size=1024 * 1024)
                text = io.TextIOWrapper(buffered, encoding="utf-8-sig", newline="")
                for record, cells in enumerate(csv.reader(text), start=1):
                    if "".join(cells).strip():
                        yield record, cells
        except UnicodeDecodeError:
            raise ReadError(
                error(
                    self.name,
                    _("un fichier CSV encodé en UTF-8"),
                    row=self.first_bad_line(),
                    value=self.label,
                    code="not_utf8",
                )
            ) from None
        except csv.Error as exc:
            raise ReadError(
                error(
                    self.name,
                    _("un fichier CSV (valeurs séparées par des virgules)"),
                    row=record + 1,
                    value=f"{self.label}: {exc}",
                    code="not_csv",
                )
            ) from None
        except (OSError, zipfile.BadZipFile, EOFError, ValueError, RuntimeError) as exc:
            # A zip member whose data is damaged shows only when it is read (bad CRC, truncated).
            raise ReadError(
                error(
                    self.name,
                    _("un fichier lisible"),
                    row=record + 1 if record else None,
                    value=f"{self.label}: {exc}",
                    code="unreadable",
                )
            ) from None

    def first_bad_line(self) -> int | None:
        """The line of the first byte that is not UTF-8 (the text is decoded by blocks, so the
        reader's own count is only the block's)."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        lines = 1
        try:
            with self.opener() as raw:
                while chunk := raw.read(1024 * 1024):
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError as exc:
                        return lines + chunk.count(b"\n", 0, exc.start)
                    lines += chunk.count(b"\n")
        except Exception:  # the first error is the one reported; this is only its row
            return None
        return None


class PackageFile:
    """A file a package carries beside its tables: an image of its ``logos/`` folder."""

    def __init__(self, name: str, label: str, size: int, opener):
        self.name = name  # as the logos table names it: ``programme.png``
        self.label = label  # where it is, for messages
        self.size = size  # as the folder or the zip's directory says (a zip may lie)
        self.opener = opener

    def read(self, limit: int) -> bytes:
        """The file's bytes, at most ``limit`` + 1 of them: more means the file is too large,
        whatever its stated size. Raises ``ReadError`` when it cannot be read."""
        try:
            with self.opener() as raw:
                return raw.read(limit + 1)
        except (OSError, zipfile.BadZipFile, EOFError, ValueError, RuntimeError) as exc:
            raise ReadError(
                error(
                    LOGOS_FOLDER,
                    _("un fichier lisible"),
                    value=f"{self.label}: {exc}",
                    code="unreadable",
                )
            ) from None


def logo_file_name(name: str) -> bool:
    return bool(LOGO_FILE_NAME.match(name)) and len(name) <= 200


def bad_logo_path(label: str) -> Issue:
    return error(
        LOGOS_FOLDER,
        _(
            "dans le dossier logos/, uniquement des fichiers d'image au nom simple (lettres, "
            "chiffres, - _ et .), sans sous-dossier"
        ),
        value=label,
        code="bad_logo_path",
    )


class Package:
    """The tables of one package, the files it carries (``files``: the logos' images by name)
    and what is wrong with the container itself."""

    def __init__(self, *, kind: str, tables: dict[str, TableSource], issues: list[Issue]):
        self.kind = kind
        self.tables = tables
        self.issues = issues
        self.files: dict[str, PackageFile] = {}
        self._closers: list = []

    def close(self) -> None:
        for close in self._closers:
            with contextlib.suppress(Exception):
                close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def package_open(*, source: Path, max_bytes: int | None = None) -> Package:
    """The package at ``source``: a folder, a ``.zip`` or an ``.xlsx`` file, holding at most
    ``max_bytes`` of uncompressed data (default ``MAX_PACKAGE_BYTES``; the web upload asks for
    less than the command line).

    Raises ``PackageError`` when it cannot be opened at all."""
    source = Path(source)
    label = source.name or str(source)
    if source.is_dir():
        return open_folder(source, max_bytes=max_bytes)
    if not source.exists():
        raise PackageError(
            error(
                label,
                _("un dossier, un fichier .zip ou un classeur .xlsx existant"),
                value=str(source),
                code="not_found",
            )
        )
    suffix = source.suffix.lower()
    if suffix == ".zip":
        return open_zip(source, max_bytes=max_bytes)
    if suffix == ".xlsx":
        return open_xlsx(source, max_bytes=max_bytes)
    raise PackageError(
        error(
            label,
            _("un dossier de fichiers CSV, un fichier .zip ou un classeur .xlsx"),
            value=str(source),
            code="not_a_package",
        )
    )


def table_name_of(file_name: str) -> str | None:
    """The table a file holds, from its name (``youth.csv``), or None."""
    path = PurePosixPath(file_name)
    if path.suffix.lower() != ".csv":
        return None
    name = path.stem.strip().lower()
    return name if name in TABLE_NAMES else None


def unknown_file(name: str) -> Issue:
    return error(
        name,
        format_lazy(
            _("uniquement des fichiers de tables : {tables}"),
            tables=", ".join(f"{table}.csv" for table in TABLE_NAMES),
        ),
        value=name,
        code="unknown_file",
    )


def duplicate_table(name: str, label: str) -> Issue:
    return error(
        name,
        _("un seul fichier ou une seule feuille par table"),
        value=label,
        code="duplicate_table",
    )


def new_table(
    name: str | None, label: str, tables: dict[str, TableSource], issues: list[Issue]
) -> TypeGuard[str]:
    """Whether the file ``label`` holds a table (``name``) the package does not have yet; if
    not, its issue is noted."""
    if name is None:
        issues.append(unknown_file(label))
        return False
    if name in tables:
        issues.append(duplicate_table(name, label))
        return False
    return True


def ignored(name: str) -> bool:
    """Files that systems leave behind (``.DS_Store``, ``__MACOSX/``…) are not the user's."""
    return any(
        (part.startswith(".") and part not in (".", "..")) or part == "__MACOSX"
        for part in PurePosixPath(name).parts
    )


def open_folder(folder: Path, *, max_bytes: int | None = None) -> Package:
    tables: dict[str, TableSource] = {}
    issues: list[Issue] = []
    files: dict[str, PackageFile] = {}
    total = 0
    for path in sorted(folder.iterdir()):
        if ignored(path.name):
            continue
        if path.name == LOGOS_FOLDER and path.is_dir() and not path.is_symlink():
            total += folder_logos(path, files, issues)
            continue
        name = table_name_of(path.name) if path.is_file() else None
        if not new_table(name, path.name, tables, issues):
            continue
        total += path.stat().st_size
        tables[name] = CsvTable(
            name, path.name, lambda path=path: path.open("rb"), max_bytes=max_bytes
        )
    if total > size_limit(max_bytes):
        raise PackageError(too_large(folder.name, total, max_bytes))
    package = Package(kind="folder", tables=tables, issues=issues)
    package.files = files
    return package


def folder_logos(folder: Path, files: dict[str, PackageFile], issues: list[Issue]) -> int:
    """The image files of a package folder's ``logos/`` folder; their size in all. A link, a
    sub-folder or an odd name is an error (nothing outside the folder is ever read)."""
    total = 0
    for path in sorted(folder.iterdir()):
        if ignored(path.name):
            continue
        label = f"{LOGOS_FOLDER}/{path.name}"
        if path.is_symlink() or not path.is_file() or not logo_file_name(path.name):
            issues.append(bad_logo_path(label))
            continue
        size = path.stat().st_size
        total += size
        files[path.name] = PackageFile(path.name, label, size, lambda path=path: path.open("rb"))
    return total


def open_archive(source: Path, *, max_bytes: int | None = None) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(source)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise PackageError(
            error(
                source.name,
                _("une archive .zip ou un classeur .xlsx valide"),
                value=f"{source.name}: {exc}",
                code="corrupt_archive",
            )
        ) from None
    total = sum(member.file_size for member in members)
    if total > size_limit(max_bytes):
        archive.close()
        raise PackageError(too_large(source.name, total, max_bytes))
    return archive


def open_zip(source: Path, *, max_bytes: int | None = None) -> Package:
    archive = open_archive(source, max_bytes=max_bytes)
    members = [m for m in archive.infolist() if not m.is_dir() and not ignored(m.filename)]
    # Files at the root, or all in one top folder (a zipped folder).
    tops = {PurePosixPath(m.filename).parts[0] for m in members}
    prefix = ""
    if len(tops) == 1 and all(len(PurePosixPath(m.filename).parts) > 1 for m in members):
        prefix = tops.pop() + "/"
    tables: dict[str, TableSource] = {}
    issues: list[Issue] = []
    files: dict[str, PackageFile] = {}
    for member in members:
        inner = member.filename[len(prefix) :]
        if inner.startswith(f"{LOGOS_FOLDER}/"):
            # Exactly logos/NAME: no deeper path, no "..", no absolute path, no backslash.
            file_name = inner[len(LOGOS_FOLDER) + 1 :]
            if not logo_file_name(file_name):
                issues.append(bad_logo_path(member.filename))
                continue
            files[file_name] = PackageFile(
                file_name,
                member.filename,
                member.file_size,
                lambda member=member: archive.open(member, "r"),
            )
            continue
        name = table_name_of(inner) if "/" not in inner else None
        if not new_table(name, member.filename, tables, issues):
            continue
        tables[name] = CsvTable(
            name,
            member.filename,
            lambda member=member: archive.open(member, "r"),
            max_bytes=max_bytes,
        )
    package = Package(kind="zip", tables=tables, issues=issues)
    package.files = files
    package._closers.append(archive.close)
    return package


# --- workbooks ------------------------------------------------------------------------------


def cell_text(value) -> str:
    """A workbook cell as the text a CSV file of the same table would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M") if value.second == 0 else value.strftime("%H:%M:%S")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dt.timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    # A workbook writes a carriage return or a control character as _xHHHH_.
    return ooxml_unescape(str(value))


CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
FORMULA_OR_MERGE = re.compile(rb"<(?:\w+:)?(?:f|mergeCell)[\s>/]")


def column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + string.ascii_uppercase.index(letter) + 1
    return index


def parse_ref(ref: str) -> tuple[int, int]:
    match = CELL_REF.match(ref.replace("$", ""))
    if not match:
        raise ValueError(ref)
    return int(match.group(2)), column_index(match.group(1))


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def needs_scan(archive: zipfile.ZipFile, member: str) -> bool:
    """Whether a sheet holds formulas or merged cells at all: a byte search, much quicker than
    parsing the XML of a sheet that has neither (the usual case)."""
    tail = b""
    with archive.open(member) as raw:
        while chunk := raw.read(1024 * 1024):
            if FORMULA_OR_MERGE.search(tail + chunk):
                return True
            tail = chunk[-32:]
    return False


def scan_sheet(
    archive: zipfile.ZipFile, member: str
) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, int]]]:
    """The merged ranges of a sheet and the cells whose formula has no computed value."""
    merged: list[tuple[int, int, int, int]] = []
    uncomputed: list[tuple[int, int]] = []
    with archive.open(member) as raw:
        for _event, element in ET.iterparse(raw, events=("end",)):
            tag = local(element.tag)
            if tag == "c":
                children = {local(child.tag): child for child in element}
                formula = children.get("f")
                value = children.get("v")
                if formula is not None and (value is None or value.text is None):
                    uncomputed.append(parse_ref(element.get("r", "")))
                element.clear()
            elif tag == "mergeCell":
                first, _sep, last = element.get("ref", "").partition(":")
                top, left = parse_ref(first)
                bottom, right = parse_ref(last or first)
                merged.append((top, left, bottom, right))
    return merged, uncomputed


class SheetTable(TableSource):
    def __init__(self, name: str, label: str, worksheet, merged: list):
        super().__init__(name, label)
        self.worksheet = worksheet
        # Cell (row, column) inside a merged range -> the range's top-left cell.
        self.merged_from: dict[tuple[int, int], tuple[int, int]] = {}
        for top, left, bottom, right in merged:
            for row in range(top, bottom + 1):
                for column in range(left, right + 1):
                    if (row, column) != (top, left):
                        self.merged_from[(row, column)] = (top, left)
        self.merged_rows = {row for row, _column in self.merged_from}

    def rows(self) -> Iterator[Row]:
        top_left: dict[tuple[int, int], str] = {}
        merged_tops = set(self.merged_from.values())
        row_number = 0
        try:
            self.worksheet.reset_dimensions()
            for row_number, values in enumerate(
                self.worksheet.iter_rows(values_only=True), start=1
            ):
                if row_number > XLSX_MAX_ROWS:
                    break
                cells = [cell_text(value).strip() for value in values]
                if self.merged_from:
                    cells = self.fill_merged(row_number, cells, top_left, merged_tops)
                while cells and cells[-1] == "":
                    cells.pop()
                if cells:
                    yield row_number, cells
        except ReadError:
            raise
        except Exception as exc:  # openpyxl raises anything on a damaged sheet
            raise ReadError(
                error(
                    self.name,
                    _("une feuille de classeur lisible"),
                    row=row_number or None,
                    value=f"{self.label}: {exc}",
                    code="unreadable",
                )
            ) from None

    def fill_merged(self, row_number, cells, top_left, merged_tops) -> list[str]:
        for column, value in enumerate(cells, start=1):
            if (row_number, column) in merged_tops:
                top_left[(row_number, column)] = value
        if row_number in self.merged_rows:
            width = max(column for (row, column) in self.merged_from if row == row_number)
            cells = cells + [""] * (width - len(cells))
            for column in range(1, width + 1):
                origin = self.merged_from.get((row_number, column))
                if origin is not None:
                    cells[column - 1] = top_left.get(origin, "")
        return cells


def corrupt_workbook(source: Path, exc: Exception) -> PackageError:
    return PackageError(
        error(
            source.name,
            _("un classeur .xlsx valide"),
            value=f"{source.name}: {exc}",
            code="corrupt_workbook",
        )
    )


def open_xlsx(source: Path, *, max_bytes: int | None = None) -> Package:
    import openpyxl

    # Checks the archive and its uncompressed size first.
    archive = open_archive(source, max_bytes=max_bytes)
    archive.close()
    try:
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises anything on a damaged file
        raise corrupt_workbook(source, exc) from None
    tables: dict[str, TableSource] = {}
    issues: list[Issue] = []
    package = Package(kind="xlsx", tables=tables, issues=issues)
    package._closers.append(workbook.close)
    try:
        for worksheet in workbook.worksheets:
            title = worksheet.title
            name = title.strip().lower()
            if name not in TABLE_NAMES or not hasattr(worksheet, "_worksheet_path"):
                issues.append(
                    error(
                        title,
                        format_lazy(
                            _("uniquement des feuilles nommées comme les tables : {tables}"),
                            tables=", ".join(TABLE_NAMES),
                        ),
                        value=title,
                        code="unknown_sheet",
                    )
                )
                continue
            if name in tables:
                issues.append(duplicate_table(name, title))
                continue
            merged: list[tuple[int, int, int, int]] = []
            uncomputed: list[tuple[int, int]] = []
            member = worksheet._worksheet_path
            if needs_scan(workbook._archive, member):
                merged, uncomputed = scan_sheet(workbook._archive, member)
            if sum((b - t + 1) * (r - le + 1) for t, le, b, r in merged) > MAX_MERGED_CELLS:
                issues.append(
                    error(
                        name,
                        _("une feuille sans grandes plages de cellules fusionnées"),
                        value=title,
                        code="merged_cells",
                    )
                )
                continue
            for row, column in uncomputed:
                issues.append(
                    error(
                        name,
                        _(
                            "une valeur calculée : ouvrez le classeur dans un tableur et "
                            "enregistrez-le pour que ses formules soient calculées"
                        ),
                        row=row,
                        column=openpyxl.utils.get_column_letter(column),
                        value="=…",
                        code="uncomputed_formula",
                    )
                )
            tables[name] = SheetTable(name, title, worksheet, merged)
    except Exception as exc:
        package.close()
        raise corrupt_workbook(source, exc) from None
    return package
