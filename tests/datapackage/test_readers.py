"""The three containers, and every way their bytes can be wrong."""

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teenlab.datapackage import readers
from teenlab.datapackage.readers import cell_text, package_open
from teenlab.datapackage.services import package_read_and_validate
from tests.datapackage.helpers import base, found, write_csv_folder, write_xlsx, write_zip

pytestmark = pytest.mark.django_db


def test_it_reads_a_folder_a_zip_and_a_workbook_alike(tmp_path):
    results = [
        package_read_and_validate(source=write_csv_folder(tmp_path / "folder", base())),
        package_read_and_validate(source=write_zip(tmp_path / "package.zip", base())),
        package_read_and_validate(source=write_zip(tmp_path / "top.zip", base(), top="pkg")),
        package_read_and_validate(source=write_xlsx(tmp_path / "package.xlsx", base())),
    ]
    for result in results:
        assert result.ok, [str(i) for i in result.errors]
        assert result.counts == results[0].counts


def test_it_accepts_a_byte_order_mark(tmp_path):
    folder = write_csv_folder(tmp_path / "bom", base(), bom=True)
    assert package_read_and_validate(source=folder).ok


def test_it_reports_an_unknown_file_in_a_folder_and_ignores_hidden_ones(tmp_path):
    folder = write_csv_folder(tmp_path / "pkg", base())
    (folder / "notes.txt").write_text("hello")
    (folder / "staff.csv").write_text("code\n1\n")
    (folder / ".DS_Store").write_bytes(b"\0\1")
    result = package_read_and_validate(source=folder)
    assert found(result, "unknown_file") == [
        ("notes.txt", None, None, "notes.txt"),
        ("staff.csv", None, None, "staff.csv"),
    ]


def test_it_reports_an_unknown_file_in_a_zip(tmp_path):
    path = write_zip(tmp_path / "p.zip", base())
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("photo.png", b"\x89PNG")
        archive.writestr("sub/youth.csv", "code\n")
    result = package_read_and_validate(source=path)
    assert found(result, "unknown_file") == [
        ("photo.png", None, None, "photo.png"),
        ("sub/youth.csv", None, None, "sub/youth.csv"),
    ]


def test_it_reports_a_file_that_is_not_utf8_with_its_row(tmp_path):
    folder = write_csv_folder(tmp_path / "pkg", base())
    text = (folder / "youth.csv").read_text(encoding="utf-8")
    (folder / "youth.csv").write_bytes(text.encode("latin-1"))
    result = package_read_and_validate(source=folder)
    assert found(result, "not_utf8") == [("youth", 2, None, "youth.csv")]
    assert "UTF-8" in str(result.errors[0])


def test_it_reports_an_empty_file(tmp_path):
    folder = write_csv_folder(tmp_path / "pkg", base())
    (folder / "cohorts.csv").write_bytes(b"")
    result = package_read_and_validate(source=folder)
    assert found(result, "empty_file") == [("cohorts", None, None, "cohorts.csv")]


def test_it_reports_random_bytes_as_a_csv_file(tmp_path):
    folder = write_csv_folder(tmp_path / "pkg", base())
    (folder / "events.csv").write_bytes(bytes(range(256)) * 4)
    result = package_read_and_validate(source=folder)
    assert not result.ok
    assert {i.table for i in result.errors} == {"events"}


def test_it_reports_a_garbage_zip(tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    result = package_read_and_validate(source=path)
    assert [i.code for i in result.errors] == ["corrupt_archive"]


def test_it_reports_a_zip_member_with_damaged_data(tmp_path):
    path = write_zip(tmp_path / "p.zip", base())
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("youth.csv")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 5 : start + 40] = b"\xff" * 35  # inside the stored bytes
    path.write_bytes(bytes(data))
    result = package_read_and_validate(source=path)
    assert not result.ok
    assert "youth" in {i.table for i in result.errors}


def test_it_reports_a_workbook_that_is_not_one(tmp_path):
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    result = package_read_and_validate(source=path)
    assert [i.code for i in result.errors] == ["corrupt_workbook"]


def test_it_reports_a_workbook_sheet_that_is_no_table(tmp_path):
    tables = base()
    tables["Feuil1"] = []
    path = tmp_path / "book.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Feuil1"
    for table, rows in base().items():
        sheet = workbook.create_sheet(table)
        names = list(dict.fromkeys(k for row in rows for k in row))
        sheet.append(names)
        for row in rows:
            sheet.append([row.get(n, "") for n in names])
    workbook.save(path)
    result = package_read_and_validate(source=path)
    assert found(result, "unknown_sheet") == [("Feuil1", None, None, "Feuil1")]


def test_it_reports_a_path_that_is_no_package(tmp_path):
    (tmp_path / "youth.csv").write_text("code\n")
    assert [i.code for i in package_read_and_validate(source=tmp_path / "youth.csv").errors] == [
        "not_a_package"
    ]
    assert [i.code for i in package_read_and_validate(source=tmp_path / "nope").errors] == [
        "not_found"
    ]


def test_it_refuses_a_package_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_PACKAGE_BYTES", 2000)
    folder = write_csv_folder(tmp_path / "pkg", base())
    result = package_read_and_validate(source=folder)
    assert [i.code for i in result.errors] == ["too_large"]
    zipped = write_zip(tmp_path / "p.zip", base())
    assert [i.code for i in package_read_and_validate(source=zipped).errors] == ["too_large"]


def test_it_stops_a_zip_bomb_whose_headers_lie(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_PACKAGE_BYTES", 100_000)
    tables = base()
    del tables["attendance"]
    path = write_zip(tmp_path / "p.zip", tables)
    # A member of 5 MB once inflated, whose headers then claim 1 234 bytes.
    payload = b"slot,youth,status\n" + b"0" * 5_000_000
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("attendance.csv", payload)
    true_size = len(payload).to_bytes(4, "little")
    data = path.read_bytes()
    assert data.count(true_size) == 2  # the local header and the central directory
    path.write_bytes(data.replace(true_size, (1234).to_bytes(4, "little")))
    result = package_read_and_validate(source=path)
    assert [(i.table, i.code) for i in result.errors] in (
        [("attendance", "too_large")],
        [("attendance", "unreadable")],
    )


def test_it_reads_workbook_cells_as_a_csv_file_would_hold_them(tmp_path):
    tables = base()
    path = write_xlsx(tmp_path / "book.xlsx", tables)
    workbook = openpyxl.load_workbook(path)
    slots = workbook["slots"]
    slots["D2"] = dt.date(2021, 10, 4)
    slots["E2"] = dt.time(9, 0)
    slots["F2"] = dt.time(12, 30)
    workbook["budget"]["C2"] = 130000.0
    workbook["budget"]["C3"] = 20000.25
    workbook["phases"]["A2"] = 1
    workbook.save(path)
    result = package_read_and_validate(source=path)
    assert result.ok, [str(i) for i in result.errors]
    assert [cell_text(v) for v in (dt.datetime(2021, 1, 2), 12.0, 0.1, True, None)] == [
        "2021-01-02",
        "12",
        "0.1",
        "yes",
        "",
    ]


def test_it_fills_merged_cells_with_their_value(tmp_path):
    tables = base()
    path = write_xlsx(tmp_path / "book.xlsx", tables)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["enrolments"]
    sheet["B3"] = "C1"
    sheet.merge_cells("B2:B3")  # Y1 and Y2 in C1, written once
    workbook.save(path)
    result = package_read_and_validate(source=path)
    assert result.ok, [str(i) for i in result.errors]


def test_it_refuses_a_formula_without_a_computed_value(tmp_path):
    path = write_xlsx(tmp_path / "book.xlsx", base())
    workbook = openpyxl.load_workbook(path)
    workbook["phases"]["A2"] = "=1+0"  # openpyxl stores no computed value
    workbook.save(path)
    result = package_read_and_validate(source=path)
    assert found(result, "uncomputed_formula") == [("phases", 2, "A", "=…")]


def test_it_reads_a_formulas_computed_value(tmp_path):
    path = write_xlsx(tmp_path / "book.xlsx", base())
    # What a spreadsheet application saves: the formula and the value it computed.
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    titles = re.findall(r'<sheet [^>]*name="([^"]+)"', members["xl/workbook.xml"].decode())
    sheet = f"xl/worksheets/sheet{titles.index('phases') + 1}.xml"
    xml, replaced = re.subn(
        r'<c r="A2"[^>]*>.*?</c>',
        '<c r="A2"><f>0+1</f><v>1</v></c>',
        members[sheet].decode(),
    )
    assert replaced == 1
    members[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    result = package_read_and_validate(source=path)
    assert result.ok, [str(i) for i in result.errors]
    assert result.counts["phases"] == 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_give_errors_never_an_exception(data):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as work:
        for name in ("youth.csv", "p.zip", "p.xlsx"):
            if name.endswith(".csv"):
                folder = write_csv_folder(Path(work) / "pkg", base())
                (folder / name).write_bytes(data)
                source = folder
            else:
                source = Path(work) / name
                source.write_bytes(data)
            result = package_read_and_validate(source=source)
            assert result.errors or result.ok


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.lists(
            st.sampled_from(["S1", "Y1", "Y3", "present", "partial", "", "9", "x,y", '"'])
            | st.text(max_size=12),
            min_size=0,
            max_size=6,
        ),
        max_size=6,
    )
)
def test_arbitrary_csv_gives_errors_or_an_import_never_an_exception(rows):
    import csv
    import tempfile
    from pathlib import Path

    from teenlab.datapackage.services import package_import

    with tempfile.TemporaryDirectory() as work:
        folder = write_csv_folder(Path(work) / "pkg", base())
        buffer = io.StringIO()
        csv.writer(buffer).writerows([["slot", "youth", "status", "minutes"], *rows])
        (folder / "attendance.csv").write_text(buffer.getvalue(), encoding="utf-8")
        result = package_import(source=folder, replace=True)
        assert result.ok == (result.project is not None)
        assert result.ok or result.errors


def test_package_open_gives_tables_that_can_be_read_twice(tmp_path):
    folder = write_csv_folder(tmp_path / "pkg", base())
    with package_open(source=folder) as package:
        table = package.tables["attendance"]
        assert list(table.rows()) == list(table.rows())


def test_it_explains_a_semicolon_separated_file_once(tmp_path):
    folder = write_csv_folder(tmp_path / "pkg", base())
    text = (folder / "youth.csv").read_text(encoding="utf-8")
    (folder / "youth.csv").write_text(text.replace(",", ";"), encoding="utf-8")
    result = package_read_and_validate(source=folder)
    assert [(i.table, i.row, i.code) for i in result.errors] == [("youth", 1, "wrong_separator")]
    assert "« ; »" in str(result.errors[0])


def test_an_unreadable_table_does_not_bring_an_error_on_every_row_that_names_it(tmp_path):
    folder = write_csv_folder(tmp_path / "pkg", base())
    (folder / "slots.csv").write_bytes(b"code,cohort\nS1,C1\n" + b"\xff\xfe")
    result = package_read_and_validate(source=folder)
    assert {i.table for i in result.errors} == {"slots"}


def test_it_refuses_a_workbook_that_inflates_beyond_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_PACKAGE_BYTES", 1_000_000)
    path = write_xlsx(tmp_path / "book.xlsx", base())
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * 5_000_000)
    assert path.stat().st_size < 100_000  # small on disk, large once inflated
    result = package_read_and_validate(source=path)
    assert [i.code for i in result.errors] == ["too_large"]
