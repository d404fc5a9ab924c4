"""The tables and columns of the data package (docs/data-package.md), as data.

Readers, the validator and the writers all work from these declarations: a column's type says how
a cell is parsed and written back, its ``required`` flag whether the column must be in the file,
its ``blank`` flag whether a cell may be left empty.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.db import models

from teenlab.core import choices


class Kind(StrEnum):
    CODE = "code"  # an identifier following teenlab.core.codes (a row's `code`, a zone)
    TEXT = "text"
    DATE = "date"  # YYYY-MM-DD
    TIME = "time"  # HH:MM, 24 h
    DECIMAL = "decimal"  # at most two decimals, `.` as decimal point
    INT = "int"  # a whole number >= 0
    BOOL = "bool"  # yes / no
    ENUM = "enum"  # one of the codes of an enumeration
    ENUM_LIST = "enum_list"  # `;`-separated codes of an enumeration
    REF = "ref"  # the code of a row of another table of the package
    COUNTRY = "country"  # ISO 3166-1 alpha-2
    DESTINATION = "destination"  # a country, or `remote`
    EMAIL = "email"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = True  # the column must be in the file
    blank: bool | None = None  # a cell may be empty (default: when the column is optional)
    choices: type[models.TextChoices] | None = None
    ref: str | None = None  # table referred to, by its `code` column
    max_length: int | None = None
    max_digits: int = 12  # decimals: digits in all
    min_value: int | None = 0  # numbers: smallest allowed (None: no lower bound)
    max_value: int | None = None  # ints: largest allowed

    @property
    def may_be_blank(self) -> bool:
        return (not self.required) if self.blank is None else self.blank


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    required: bool = False
    # Columns whose values together identify a row; a repeat is a "duplicate" error.
    key: tuple[str, ...] = ()
    exactly_one_row: bool = False
    column_by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "column_by_name", {c.name: c for c in self.columns})

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.required]


def code(name: str = "code") -> Column:
    return Column(name, Kind.CODE, max_length=64)


def text(name: str, *, required: bool = True, max_length: int | None = 200) -> Column:
    return Column(name, Kind.TEXT, required=required, max_length=max_length)


def date(name: str, *, required: bool = True, blank: bool | None = None) -> Column:
    return Column(name, Kind.DATE, required=required, blank=blank)


def money(name: str, *, required: bool = True, min_value: int | None = 0) -> Column:
    return Column(name, Kind.DECIMAL, required=required, max_digits=12, min_value=min_value)


def enum(name: str, enumeration: type[models.TextChoices], *, required: bool = True) -> Column:
    return Column(name, Kind.ENUM, required=required, choices=enumeration)


def ref(name: str, table: str, *, required: bool = True) -> Column:
    return Column(name, Kind.REF, required=required, ref=table, max_length=64)


def integer(name: str, *, required: bool = True, max_value: int = 2_147_483_647) -> Column:
    return Column(name, Kind.INT, required=required, max_value=max_value)


TABLES: tuple[Table, ...] = (
    Table(
        "project",
        (
            code(),
            text("name"),
            text("programme"),
            date("start_date"),
            date("end_date"),
            money("cofinancing_total_eur", required=False),
        ),
        required=True,
        key=("code",),
        exactly_one_row=True,
    ),
    Table(
        "organisations",
        (
            code(),
            text("name"),
            Column("country", Kind.COUNTRY),
            enum("role", choices.PartnerRole),
            text("city", required=False, max_length=120),
            money("cofinancing_eur", required=False),
            text("phone", required=False, max_length=40),
            Column("email", Kind.EMAIL, required=False, max_length=254),
            text("website", required=False),
        ),
        required=True,
        key=("code",),
    ),
    Table(
        "residence_zones",
        (text("commune", max_length=120), code("zone")),
        key=("commune",),
    ),
    Table(
        "phases",
        (
            integer("number", max_value=32767),
            text("name"),
            date("start_date", required=False),
            date("end_date", required=False),
        ),
        key=("number",),
    ),
    Table(
        "info_sessions",
        (
            code(),
            ref("organisation", "organisations"),
            date("date"),
            text("place", required=False),
        ),
        key=("code",),
    ),
    Table(
        "youth",
        (
            code(),
            ref("organisation", "organisations"),
            text("first_name", max_length=120),
            text("last_name", max_length=120),
            # Decision (docs/data-package.md): the column is required, an empty cell means
            # "birth date unknown".
            date("birth_date", blank=True),
            enum("gender", choices.Gender),
            text("commune", required=False, max_length=120),
            date("received_on", required=False),
            ref("info_session", "info_sessions", required=False),
            text("referred_by", required=False),
            enum("situation_at_entry", choices.Situation, required=False),
        ),
        required=True,
        key=("code",),
    ),
    Table(
        "cohorts",
        (
            code(),
            ref("organisation", "organisations"),
            text("name"),
            date("start_date"),
            date("end_date"),
        ),
        required=True,
        key=("code",),
    ),
    Table(
        "modules",
        (
            code(),
            ref("cohort", "cohorts"),
            text("name"),
            enum("strand", choices.Strand),
            Column("planned_hours", Kind.DECIMAL, max_digits=7),
        ),
        key=("code",),
    ),
    Table(
        "slots",
        (
            code(),
            ref("cohort", "cohorts"),
            ref("module", "modules", required=False),
            date("date"),
            Column("start", Kind.TIME),
            Column("end", Kind.TIME),
            text("place", required=False),
        ),
        key=("code",),
    ),
    Table(
        "enrolments",
        (
            ref("youth", "youth"),
            ref("cohort", "cohorts"),
            date("enrolled_on"),
            enum("status", choices.EnrolmentStatus),
            date("left_on", required=False),
            enum("dropout_reason", choices.DropoutReason, required=False),
            text("note", required=False, max_length=None),
        ),
        required=True,
        key=("youth", "cohort"),
    ),
    Table(
        "attendance",
        (
            ref("slot", "slots"),
            ref("youth", "youth"),
            enum("status", choices.AttendanceStatus),
            integer("minutes", required=False, max_value=24 * 60),
        ),
        key=("slot", "youth"),
    ),
    Table(
        "outcomes",
        (
            ref("youth", "youth"),
            ref("cohort", "cohorts"),
            enum("professional_project", choices.ProfessionalProject),
            enum("exit", choices.Exit),
            text("detail", required=False, max_length=None),
            date("recorded_on", required=False),
        ),
        key=("youth", "cohort"),
    ),
    Table(
        "exchanges",
        (
            code(),
            Column("origin", Kind.COUNTRY),
            Column("destination", Kind.DESTINATION),
            enum("kind", choices.ExchangeKind),
            text("title"),
            date("start_date"),
            date("end_date", required=False),
            text("place", required=False),
            integer("youth_count", required=False),
            integer("staff_count", required=False),
        ),
        key=("code",),
    ),
    Table(
        "events",
        (
            code(),
            ref("cohort", "cohorts"),
            text("title"),
            date("date"),
            text("beneficiary", required=False),
            text("place", required=False),
        ),
        key=("code",),
    ),
    Table(
        "budget",
        (
            ref("organisation", "organisations"),
            enum("category", choices.BudgetCategory),
            money("planned_eur"),
        ),
        key=("organisation", "category"),
    ),
    Table(
        "expenses",
        (
            ref("organisation", "organisations"),
            enum("category", choices.BudgetCategory),
            date("date"),
            money("amount_eur", min_value=None),
            text("label"),
            text("supplier", required=False),
            text("reference", required=False, max_length=100),
        ),
    ),
    Table(
        "narratives",
        (
            enum("section", choices.NarrativeSection),
            enum("lang", choices.Language),
            text("text", max_length=None),
        ),
        key=("section", "lang"),
    ),
    Table(
        "cooperations",
        (
            text("name"),
            enum("kind", choices.CooperationKind),
            Column(
                "roles",
                Kind.ENUM_LIST,
                required=False,
                choices=choices.CooperationRole,
                max_length=200,
            ),
            text("note", required=False, max_length=None),
        ),
        key=("name",),
    ),
)

TABLE_BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}
TABLE_NAMES: list[str] = [table.name for table in TABLES]
REQUIRED_TABLES: list[str] = [table.name for table in TABLES if table.required]
# Where a cell's value is another table's `code`: the referring column names the table.
ROLE_SEPARATOR = ";"
REMOTE = choices.REMOTE
