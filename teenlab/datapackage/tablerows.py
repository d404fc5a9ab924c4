"""A table's rows as the data package writes them, cell by cell and as a CSV file.

Used by the writers (``teenlab export``) and by the demo's generator, which writes its package
without a database: the same header, column order and cell texts.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from teenlab.core.spreadsheets import neutralise
from teenlab.datapackage.schema import TABLE_BY_NAME, Column, Kind, cell_text

NUMERIC = (Kind.INT, Kind.DECIMAL)
FREE_TEXT = (Kind.TEXT, Kind.EMAIL)


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
