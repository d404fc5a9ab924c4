"""The errors and warnings of reading and validating a package.

Each one keeps its parts as fields (table, row, column, value, what was expected) so that a
command prints them as lines and a web page as a table. ``expected`` is a lazy translation:
it takes the language active when it is shown (``translation.override``), not when it was made.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    level: Level
    table: str  # a table name, or the file name when the file is no table
    row: int | None  # as a spreadsheet shows it: the header is row 1
    column: str | None
    value: str | None
    expected: str | Promise
    # A stable identifier of the rule that raised it ("bad_date", "missing_table"…), for tests
    # and for whoever wants to group issues.
    code: str = ""

    @property
    def is_error(self) -> bool:
        return self.level == Level.ERROR

    def location(self) -> str:
        parts = [_("table %(table)s") % {"table": self.table}]
        if self.row is not None:
            parts.append(_("ligne %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("colonne %(column)s") % {"column": self.column})
        return ", ".join(parts)

    def __str__(self) -> str:
        shown_value = shorten(self.value) if self.value is not None else ""
        if self.value is None:
            return _("%(location)s : attendu %(expected)s") % {
                "location": self.location(),
                "expected": self.expected,
            }
        return _("%(location)s : « %(value)s » ; attendu %(expected)s") % {
            "location": self.location(),
            "value": shown_value,
            "expected": self.expected,
        }


def shorten(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


class PackageError(Exception):
    """A package that cannot be read at all (missing path, corrupt archive, too large…)."""

    def __init__(self, issue: Issue):
        super().__init__(str(issue))
        self.issue = issue


# Beyond this many errors (or warnings), the rest are counted but not kept: a file whose every
# one of a million rows is wrong says all it has to say in its first hundred thousand messages.
MAX_ISSUES = 100_000


@dataclass
class Findings:
    """The errors and warnings found in a package (the first ``MAX_ISSUES`` of each kept, all
    counted), and its rows per table."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    errors_total: int = 0
    warnings_total: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # data rows per table

    @property
    def ok(self) -> bool:
        return self.errors_total == 0

    def found(self) -> dict[str, Any]:
        """The issues and counts, as keyword arguments for another kind of findings."""
        return {
            "errors": self.errors,
            "warnings": self.warnings,
            "errors_total": self.errors_total,
            "warnings_total": self.warnings_total,
            "counts": dict(self.counts),
        }

    def add(self, issue: Issue) -> None:
        if issue.level == Level.ERROR:
            self.errors_total += 1
            if len(self.errors) < MAX_ISSUES:
                self.errors.append(issue)
        else:
            self.warnings_total += 1
            if len(self.warnings) < MAX_ISSUES:
                self.warnings.append(issue)
