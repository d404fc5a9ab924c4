"""Validate a whole package in one pass: every error and warning, each with its table, row,
column, value and what was expected.

Every table but ``attendance`` is parsed into memory (a 100 000-youth programme is a few hundred
thousand rows). Attendance is streamed: its rows are checked one by one against compact indexes
of the slots and enrolments, and read again by the loader, so that millions of rows never sit in
memory at once.
"""

import datetime as dt
import re
import zoneinfo
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from typing import Any, TypeGuard, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import (
    AttendanceStatus,
    Decision,
    EnrolmentStatus,
    LabourStatus,
    labour_status_agrees,
)
from teenlab.core.codes import CODE_EXPECTED, is_code
from teenlab.core.dates import minor_on
from teenlab.core.spreadsheets import unneutralise
from teenlab.datapackage.messages import Findings, Issue, Level
from teenlab.datapackage.readers import Package, ReadError, TableSource
from teenlab.datapackage.schema import (
    LOGOS,
    REMOTE,
    REQUIRED_TABLES,
    ROLE_SEPARATOR,
    TABLE_BY_NAME,
    TABLES,
    Column,
    Kind,
    Table,
)
from teenlab.participants.models import Consent
from teenlab.participants.selectors import (
    consents_missing,
    latest_consents,
    travel_authorisation,
)
from teenlab.reporting.figure_names import text_errors

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::00)?$")
DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
INTEGER = re.compile(r"^\d+$")
COUNTRY = re.compile(r"^[A-Za-z]{2}$")

T = TypeVar("T")

# A parsed cell that was wrong (its error is already reported); distinct from None (empty).
INVALID = object()

EXPECTED_DATE = _("une date AAAA-MM-JJ")
EXPECTED_TIME = _("une heure HH:MM (24 h)")
EXPECTED_BOOL = _("yes ou no")
EXPECTED_COUNTRY = _("un code pays ISO 3166-1 à deux lettres (ex. FR)")
EXPECTED_EMAIL = _("une adresse de courriel")
EXPECTED_VALUE = _("une valeur (cette colonne est obligatoire)")


@dataclass
class ParsedRow:
    number: int
    values: dict[str, Any]


@dataclass
class SlotInfo:
    cohort: str
    index_in_cohort: int
    index: int  # among all slots
    date: dt.date | None
    minutes: int | None


@dataclass
class EnrolmentInfo:
    index_in_cohort: int
    enrolled_on: dt.date | None
    window_end: dt.date | None


@dataclass
class Validation(Findings):
    """What validating a package found, and the parsed tables the loader writes."""

    tables: dict[str, list[ParsedRow]] = field(default_factory=dict)
    columns: dict[str, list[str]] = field(default_factory=dict)  # present columns per table

    @property
    def project_code(self) -> str | None:
        rows = self.tables.get("project") or []
        code = rows[0].values.get("code") if rows else None
        return code if isinstance(code, str) else None


def one_of(values) -> Any:
    return format_lazy(_("une des valeurs : {values}"), values=", ".join(values))


def decimal_expected(column: Column) -> Any:
    if column.min_value is None:
        return format_lazy(
            _("un nombre avec un point décimal et au plus 2 décimales (ex. {example})"),
            example="-1234.50",
        )
    return format_lazy(
        _("un nombre positif ou nul avec un point décimal et au plus 2 décimales (ex. {example})"),
        example="1234.50",
    )


def int_expected(column: Column) -> Any:
    return format_lazy(
        _("un nombre entier entre {low} et {high}"),
        low=column.min_value or 0,
        high=column.max_value,
    )


def parse_time(text: str) -> dt.time | None:
    match = TIME.match(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def parse_date(text: str) -> dt.date | None:
    if not DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_cell(column: Column, text: str) -> tuple[Any, Any]:
    """The value of a non-empty cell, and what was expected when it is wrong (else None)."""
    kind = column.kind
    if column.max_length is not None and len(text) > column.max_length:
        return INVALID, format_lazy(_("au plus {n} caractères"), n=column.max_length)
    if kind == Kind.CODE:
        return (text, None) if is_code(text) else (INVALID, CODE_EXPECTED)
    if kind in (Kind.TEXT, Kind.REF):
        return text, None
    if kind == Kind.DATE:
        day = parse_date(text)
        return (day, None) if day else (INVALID, EXPECTED_DATE)
    if kind == Kind.TIME:
        moment = parse_time(text)
        return (moment, None) if moment else (INVALID, EXPECTED_TIME)
    if kind == Kind.ENUM:
        lowered = text.lower()
        if lowered in column.enumeration.values:
            return lowered, None
        return INVALID, one_of(column.enumeration.values)
    if kind == Kind.ENUM_LIST:
        items = [item.strip().lower() for item in text.split(ROLE_SEPARATOR) if item.strip()]
        if all(item in column.enumeration.values for item in items):
            return ROLE_SEPARATOR.join(items), None
        return INVALID, format_lazy(
            _("des valeurs séparées par « ; » parmi : {values}"),
            values=", ".join(column.enumeration.values),
        )
    if kind == Kind.DECIMAL:
        if not DECIMAL.match(text):
            return INVALID, decimal_expected(column)
        try:
            number = Decimal(text)
        except InvalidOperation:
            return INVALID, decimal_expected(column)
        exponent = number.normalize().as_tuple().exponent
        integer_digits = len(text.lstrip("-").split(".")[0].lstrip("0"))
        if (
            (isinstance(exponent, int) and exponent < -2)
            or integer_digits > column.max_digits - 2
            or (column.min_value is not None and number < column.min_value)
        ):
            return INVALID, decimal_expected(column)
        return number, None
    if kind == Kind.INT:
        if not INTEGER.match(text) or len(text) > 12:
            return INVALID, int_expected(column)
        whole = int(text)
        if (column.max_value is not None and whole > column.max_value) or (
            column.min_value is not None and whole < column.min_value
        ):
            return INVALID, int_expected(column)
        return whole, None
    if kind == Kind.BOOL:
        lowered = text.lower()
        if lowered in ("yes", "no"):
            return lowered == "yes", None
        return INVALID, EXPECTED_BOOL
    if kind == Kind.COUNTRY:
        return (text.upper(), None) if COUNTRY.match(text) else (INVALID, EXPECTED_COUNTRY)
    if kind == Kind.DESTINATION:
        if text.lower() == REMOTE:
            return REMOTE, None
        if COUNTRY.match(text):
            return text.upper(), None
        return INVALID, format_lazy(
            _("un code pays ISO 3166-1 à deux lettres (ex. IT) ou {remote}"), remote=REMOTE
        )
    if kind == Kind.EMAIL:
        try:
            validate_email(text)
        except ValidationError:
            return INVALID, EXPECTED_EMAIL
        return text, None
    raise ValueError(f"no parser for the column kind {kind}")  # pragma: no cover


def good(value: T | None) -> TypeGuard[T]:
    """Whether a parsed cell holds a value: neither empty nor wrong."""
    return value is not None and value is not INVALID


class Validator:
    def __init__(self, package: Package, progress=None):
        self.package = package
        self.progress = progress
        self.result = Validation()
        self.codes: dict[str, dict[str, int]] = {}  # table -> code -> row number
        # Tables that could not be read through: references to them are not checked, else one
        # unreadable file would bring an error on every row that names one of its codes.
        self.unreadable: set[str] = set()

    # -- reporting ------------------------------------------------------------------------

    def error(self, table, row, column, value, expected, code) -> None:
        self.result.add(Issue(Level.ERROR, table, row, column, value, expected, code))

    def warning(self, table, row, column, value, expected, code) -> None:
        self.result.add(Issue(Level.WARNING, table, row, column, value, expected, code))

    # -- the pass -------------------------------------------------------------------------

    def run(self) -> Validation:
        if self.progress is not None:
            self.progress("validate", 0, None)
        for issue in self.package.issues:
            self.result.add(issue)
        for name in REQUIRED_TABLES:
            if name not in self.package.tables:
                self.error(
                    name,
                    None,
                    None,
                    None,
                    format_lazy(
                        _("la table {table} (fichier {table}.csv ou feuille {table})"),
                        table=name,
                    ),
                    "missing_table",
                )
        for table in TABLES:
            source = self.package.tables.get(table.name)
            if source is not None and table.name != "attendance":
                self.read_table(table, source)
        self.check_logos()
        self.check_project()
        self.check_references()
        self.check_dates()
        self.check_slots()
        enrolments = self.check_enrolments()
        self.check_outcomes()
        self.check_follow_ups()
        self.check_entry()
        self.check_decisions()
        self.check_participants()
        self.check_consents()
        self.check_setup()
        self.check_narratives()
        self.check_programme_rules()
        self.check_attendance(enrolments)
        return self.result

    def header(self, table: Table, source: TableSource, rows: Iterator) -> list[str] | None:
        """The table's column names, after checking them; None when the table is empty."""
        first = next(rows, None)
        if first is None:
            self.error(
                table.name,
                None,
                None,
                source.label,
                format_lazy(
                    _("une ligne d'en-tête avec les colonnes : {columns}"),
                    columns=", ".join(table.column_names),
                ),
                "empty_file",
            )
            return None
        number, cells = first
        names = [cell.strip().lower() for cell in cells]
        separator = next((sep for sep in (";", "\t") if len(names) == 1 and sep in names[0]), None)
        if separator is not None:
            # A spreadsheet's "CSV" in a French or Italian locale: one column named "code;name…".
            self.error(
                table.name,
                number,
                None,
                cells[0],
                format_lazy(
                    _(
                        "des colonnes séparées par des virgules (ce fichier utilise « {sep} » : "
                        "enregistrez-le au format CSV avec la virgule comme séparateur)"
                    ),
                    sep="tab" if separator == "\t" else separator,
                ),
                "wrong_separator",
            )
            self.incomplete = True
            return None
        seen: set[str] = set()
        for name in names:
            if not name:
                continue
            if name in seen:
                self.error(
                    table.name,
                    number,
                    name,
                    name,
                    _("chaque colonne une seule fois"),
                    "duplicate_column",
                )
            elif name not in table.column_by_name:
                self.error(
                    table.name,
                    number,
                    name,
                    name,
                    format_lazy(
                        _("une des colonnes : {columns}"), columns=", ".join(table.column_names)
                    ),
                    "unknown_column",
                )
            seen.add(name)
        for name in table.required_columns:
            if name not in seen:
                self.error(
                    table.name,
                    number,
                    name,
                    None,
                    _("cette colonne obligatoire dans la ligne d'en-tête"),
                    "missing_column",
                )
        self.result.columns[table.name] = [n for n in names if n in table.column_by_name]
        self.incomplete = any(name not in seen for name in table.required_columns)
        return names

    def cells(self, table: Table, source: TableSource, *, fixed: list[str] | None = None):
        """The table's data rows after its header, as (row number, {known column: stripped
        text}), or with ``fixed`` column names as (row number, tuple of their raw texts) — the
        quicker form for the attendance table."""
        rows = source.rows()
        try:
            names = self.header(table, source, rows)
            if names is None:
                self.unreadable.add(table.name)
                return
            width = len(names)
            known = [
                (position, name)
                for position, name in enumerate(names)
                if name in table.column_by_name
            ]
            unnamed = [position for position, name in enumerate(names) if not name]
            # Short rows are padded with empty cells, the one at ``width`` standing for the
            # fixed columns the header lacks.
            getter = None
            if fixed is not None:
                getter = itemgetter(*[names.index(n) if n in names else width for n in fixed])
            for number, cells in rows:
                if len(cells) <= width:
                    cells.extend([""] * (width + 1 - len(cells)))
                elif "".join(cells[width:]).strip():
                    self.error(
                        table.name,
                        number,
                        None,
                        ",".join(cells[width:]),
                        format_lazy(
                            _("au plus {n} valeurs, une par colonne de l'en-tête"), n=width
                        ),
                        "too_many_values",
                    )
                for position in unnamed:
                    if cells[position].strip():
                        self.error(
                            table.name,
                            number,
                            None,
                            cells[position],
                            _("une valeur sous une colonne nommée dans l'en-tête"),
                            "unnamed_column",
                        )
                if getter is not None:
                    yield number, getter(cells)
                else:
                    # A text written with a ' before it, so that a spreadsheet never runs it
                    # as a formula, is read without it (teenlab.core.spreadsheets).
                    yield (
                        number,
                        {name: unneutralise(cells[position].strip()) for position, name in known},
                    )
        except ReadError as exc:
            self.result.add(exc.issue)
            self.unreadable.add(table.name)

    def read_table(self, table: Table, source: TableSource) -> None:
        parsed: list[ParsedRow] = []
        keys: dict[tuple, int] = {}
        codes: dict[str, int] = {}
        for number, texts in self.cells(table, source):
            values: dict[str, Any] = {}
            for name, text in texts.items():
                column = table.column_by_name[name]
                if not text:
                    values[name] = None
                    if not column.may_be_blank:
                        self.error(table.name, number, name, "", EXPECTED_VALUE, "required")
                        values[name] = INVALID
                    continue
                value, expected = parse_cell(column, text)
                if expected is not None:
                    self.error(table.name, number, name, text, expected, f"bad_{column.kind}")
                values[name] = value
            if table.key and all(good(values.get(name)) for name in table.key):
                key = tuple(values[name] for name in table.key)
                if key in keys:
                    last = table.key[-1]
                    self.error(
                        table.name,
                        number,
                        last,
                        texts[last],
                        format_lazy(
                            _("une seule ligne par {key} (déjà ligne {row})"),
                            key=" + ".join(table.key),
                            row=keys[key],
                        ),
                        "duplicate",
                    )
                else:
                    keys[key] = number
            if "code" in table.column_by_name and good(values.get("code")):
                codes.setdefault(values["code"], number)
            parsed.append(ParsedRow(number, values))
        self.result.tables[table.name] = parsed
        self.result.counts[table.name] = len(parsed)
        self.codes[table.name] = codes

    # -- rules across rows and tables -----------------------------------------------------

    def rows(self, name: str) -> list[ParsedRow]:
        return self.result.tables.get(name, [])

    def check_project(self) -> None:
        if "project" not in self.package.tables or "project" not in self.result.columns:
            return
        rows = self.rows("project")
        if not rows:
            self.error(
                "project",
                2,
                None,
                "",
                _("exactement une ligne : le projet du paquet"),
                "project_rows",
            )
        for row in rows[1:]:
            self.error(
                "project",
                row.number,
                None,
                str(row.values.get("code") or ""),
                _("exactement une ligne : un paquet tient un seul projet"),
                "project_rows",
            )

    def check_references(self) -> None:
        for table in TABLES:
            if table.name == "attendance":
                continue
            for column in table.columns:
                if column.ref is None or column.ref in self.unreadable:
                    continue
                targets = self.codes.get(column.ref, {})
                expected = format_lazy(
                    _("le code d'une ligne de la table {table}"), table=column.ref
                )
                for row in self.rows(table.name):
                    value = row.values.get(column.name)
                    if good(value) and value not in targets:
                        self.error(
                            table.name, row.number, column.name, value, expected, "unknown_ref"
                        )
                        row.values[column.name] = INVALID

    def check_dates(self) -> None:
        pairs = {
            "project": ("start_date", "end_date"),
            "phases": ("start_date", "end_date"),
            "cohorts": ("start_date", "end_date"),
            "closures": ("start_date", "end_date"),
            "exchanges": ("start_date", "end_date"),
            "reporting_periods": ("start_date", "end_date"),
        }
        for name, (first, last) in pairs.items():
            for row in self.rows(name):
                start, end = row.values.get(first), row.values.get(last)
                if good(start) and good(end) and end < start:
                    self.error(
                        name,
                        row.number,
                        last,
                        end.isoformat(),
                        format_lazy(
                            _("une date égale ou postérieure à {column} ({date})"),
                            column=first,
                            date=start.isoformat(),
                        ),
                        "end_before_start",
                    )

    def check_slots(self) -> None:
        module_cohort = {
            row.values["code"]: row.values.get("cohort")
            for row in self.rows("modules")
            if good(row.values.get("code"))
        }
        for row in self.rows("slots"):
            start, end = row.values.get("start"), row.values.get("end")
            if good(start) and good(end) and end <= start:
                self.error(
                    "slots",
                    row.number,
                    "end",
                    end.strftime("%H:%M"),
                    format_lazy(
                        _("une heure de fin après le début ({start})"),
                        start=start.strftime("%H:%M"),
                    ),
                    "end_not_after_start",
                )
            module, cohort = row.values.get("module"), row.values.get("cohort")
            if good(module) and good(cohort):
                owner = module_cohort.get(module)
                if good(owner) and owner != cohort:
                    self.error(
                        "slots",
                        row.number,
                        "module",
                        module,
                        format_lazy(
                            _(
                                "un module de la session {cohort} (ce module est de la session "
                                "{owner})"
                            ),
                            cohort=cohort,
                            owner=owner,
                        ),
                        "module_of_other_cohort",
                    )

    def check_enrolments(self) -> dict[tuple[str, str], EnrolmentInfo]:
        """Enrolment rules; the enrolments' windows, indexed for the attendance pass."""
        cohort_end = {
            row.values["code"]: row.values.get("end_date")
            for row in self.rows("cohorts")
            if good(row.values.get("code"))
        }
        per_cohort: dict[str, int] = defaultdict(int)
        enrolments: dict[tuple[str, str], EnrolmentInfo] = {}
        for row in self.rows("enrolments"):
            values = row.values
            enrolled_on, left_on = values.get("enrolled_on"), values.get("left_on")
            if good(enrolled_on) and good(left_on) and left_on < enrolled_on:
                self.error(
                    "enrolments",
                    row.number,
                    "left_on",
                    left_on.isoformat(),
                    format_lazy(
                        _("une date égale ou postérieure à enrolled_on ({date})"),
                        date=enrolled_on.isoformat(),
                    ),
                    "left_before_enrolled",
                )
            kind = values.get("early_exit_kind")
            if good(kind) and kind and values.get("status") != EnrolmentStatus.EARLY_EXIT:
                self.error(
                    "enrolments",
                    row.number,
                    "early_exit_kind",
                    kind,
                    _(
                        "une valeur vide : seule une sortie anticipée positive (early_exit) "
                        "en a une"
                    ),
                    "early_exit_kind_without_early_exit",
                )
            youth, cohort = values.get("youth"), values.get("cohort")
            if good(youth) and good(cohort) and (youth, cohort) not in enrolments:
                end = left_on if good(left_on) else cohort_end.get(cohort)
                enrolments[(youth, cohort)] = EnrolmentInfo(
                    per_cohort[cohort],
                    enrolled_on if good(enrolled_on) else None,
                    end if good(end) else None,
                )
                per_cohort[cohort] += 1
        cohorts_with_slots = {row.values.get("cohort") for row in self.rows("slots")}
        for row in self.rows("cohorts"):
            code = row.values.get("code")
            if good(code) and per_cohort.get(code) and code not in cohorts_with_slots:
                self.warning(
                    "cohorts",
                    row.number,
                    "code",
                    code,
                    _("des créneaux (table slots) pour cette session qui a des inscrits"),
                    "cohort_without_slots",
                )
        return enrolments

    def check_outcomes(self) -> None:
        if "enrolments" in self.unreadable:
            return
        enrolled = {
            (row.values.get("youth"), row.values.get("cohort")) for row in self.rows("enrolments")
        }
        for row in self.rows("outcomes"):
            youth, cohort = row.values.get("youth"), row.values.get("cohort")
            if good(youth) and good(cohort) and (youth, cohort) not in enrolled:
                self.not_enrolled("outcomes", row.number, youth, cohort)

    def not_enrolled(self, table: str, number: int, youth: str, cohort: str) -> None:
        """The error of a row naming an enrolment (youth, cohort) the package does not hold."""
        self.error(
            table,
            number,
            "cohort",
            cohort,
            format_lazy(
                _("une session où le jeune {youth} est inscrit (table enrolments)"), youth=youth
            ),
            "outcome_without_enrolment" if table == "outcomes" else "follow_up_without_enrolment",
        )

    def check_entry(self) -> None:
        """A youth's labour-market status agrees with their situation at entry."""
        for row in self.rows("youth"):
            situation, status = (
                row.values.get("situation_at_entry"),
                row.values.get("labour_status"),
            )
            if not (good(status) and situation is not INVALID):
                continue
            if not labour_status_agrees(situation=situation or "", status=status):
                agreeing = [
                    code
                    for code in LabourStatus.values
                    if labour_status_agrees(situation=situation or "", status=code)
                ]
                self.error(
                    "youth",
                    row.number,
                    "labour_status",
                    status,
                    format_lazy(
                        _("un statut en accord avec situation_at_entry ({situation}) : {codes}"),
                        situation=situation,
                        codes=", ".join(agreeing),
                    ),
                    "labour_status_contradicts_situation",
                )

    def check_follow_ups(self) -> None:
        """A follow-up is of an enrolment of the package that has ended, dated on or after the
        day the young person left (``left_on``, else the cohort's end)."""
        if "enrolments" in self.unreadable or "cohorts" in self.unreadable:
            return
        ends = {row.values.get("code"): row.values.get("end_date") for row in self.rows("cohorts")}
        enrolled = {
            (row.values.get("youth"), row.values.get("cohort")): row.values
            for row in self.rows("enrolments")
        }
        for row in self.rows("follow_ups"):
            youth, cohort = row.values.get("youth"), row.values.get("cohort")
            if not (good(youth) and good(cohort)):
                continue
            enrolment = enrolled.get((youth, cohort))
            if enrolment is None:
                self.not_enrolled("follow_ups", row.number, youth, cohort)
                continue
            if enrolment.get("status") == EnrolmentStatus.IN_PROGRESS:
                self.error(
                    "follow_ups",
                    row.number,
                    "cohort",
                    cohort,
                    _("une inscription terminée : le suivi vient après la sortie"),
                    "follow_up_before_leaving",
                )
                continue
            left = enrolment.get("left_on") or ends.get(cohort)
            date = row.values.get("date")
            if good(left) and good(date) and date < left:
                self.error(
                    "follow_ups",
                    row.number,
                    "date",
                    date.isoformat(),
                    format_lazy(
                        _("une date à partir de la sortie ({date})"), date=left.isoformat()
                    ),
                    "follow_up_before_leaving",
                )

    def check_programme_rules(self) -> None:
        """A flat rate is a percentage (0 to 100); an expense certified names its period, the
        date of its certification and an amount no greater than the amount declared."""
        for row in self.rows("partner_funding"):
            rate = row.values.get("office_flat_rate")
            if good(rate) and rate > 100:
                self.error(
                    "partner_funding",
                    row.number,
                    "office_flat_rate",
                    str(rate),
                    _("un pourcentage de 0 à 100"),
                    "rate_out_of_range",
                )
        for row in self.rows("expenses"):
            values = row.values
            certified, on = values.get("certified_eur"), values.get("certified_on")
            if certified is INVALID or on is INVALID:
                continue
            amount = values.get("amount_eur")
            if certified is not None and (on is None or not good(values.get("period"))):
                self.error(
                    "expenses",
                    row.number,
                    "certified_on" if on is None else "period",
                    "",
                    _("une période et une date de certification pour un montant certifié"),
                    "certified_incomplete",
                )
            elif certified is None and on is not None:
                self.error(
                    "expenses",
                    row.number,
                    "certified_eur",
                    "",
                    _("le montant certifié à cette date"),
                    "certified_incomplete",
                )
            elif certified is not None and good(amount) and certified > amount:
                self.error(
                    "expenses",
                    row.number,
                    "certified_eur",
                    str(certified),
                    format_lazy(_("au plus le montant déclaré ({amount})"), amount=amount),
                    "certified_above_declared",
                )

    def check_narratives(self) -> None:
        """A text cites only figures that exist (``{funnel.youth_recruited}``), and writes a
        literal brace twice (reporting/figure_names.py)."""
        for row in self.rows("narratives"):
            text = row.values.get("text")
            if not good(text):
                continue
            for problem in text_errors(text):
                self.error(
                    "narratives",
                    row.number,
                    "text",
                    problem,
                    _("un texte qui ne cite que des chiffres du bilan (docs/indicators.md)"),
                    "unknown_figure",
                )

    def check_logos(self) -> None:
        """The logos table and the files of ``logos/`` (teenlab.datapackage.logos). A workbook
        cannot carry the images: its logos sheet is left aside, with a warning."""
        from teenlab.datapackage.logos import logos_check

        source = self.package.tables.get(LOGOS.name)
        if self.package.kind == "xlsx":
            if source is not None:
                self.warning(
                    LOGOS.name,
                    None,
                    None,
                    source.label,
                    _(
                        "un paquet .zip ou un dossier pour les logos : un classeur ne porte pas "
                        "leurs images, cette feuille est ignorée et les logos restent tels quels"
                    ),
                    "logos_in_workbook",
                )
            return
        if source is not None:
            self.read_table(LOGOS, source)
        if LOGOS.name in self.unreadable:
            return
        organisations = set(self.codes.get("organisations", {}))
        for issue in logos_check(
            package=self.package, rows=self.rows(LOGOS.name), organisations=organisations
        ):
            self.result.add(issue)
        # Each row now holds the SHA-256 of its logo as stored: compared as a column.
        columns = self.result.columns.get(LOGOS.name)
        if columns is not None and "sha256" not in columns:
            columns.append("sha256")

    def check_setup(self) -> None:
        """An organisation's time zone is one the tz database knows; a residence zone has one
        label (every commune of a zone that gives one gives the same)."""
        known = zoneinfo.available_timezones()
        for row in self.rows("organisations"):
            zone = row.values.get("time_zone")
            if good(zone) and zone and zone not in known:
                self.error(
                    "organisations",
                    row.number,
                    "time_zone",
                    zone,
                    _("un fuseau horaire de la base tz, par exemple Europe/Paris"),
                    "unknown_time_zone",
                )
        labels: dict[str, str] = {}
        for row in self.rows("residence_zones"):
            zone, label = row.values.get("zone"), row.values.get("label")
            if not (good(zone) and good(label) and label):
                continue
            first = labels.setdefault(zone, label)
            if label != first:
                self.error(
                    "residence_zones",
                    row.number,
                    "label",
                    label,
                    format_lazy(
                        _("le libellé des autres communes de la zone {zone} : {label}"),
                        zone=zone,
                        label=first,
                    ),
                    "zone_labels_differ",
                )

    def check_decisions(self) -> None:
        """The project's eligible ages in order; a redirection says where, a waiting list until
        when (after the decision)."""
        for row in self.rows("project"):
            low, high = row.values.get("eligible_age_min"), row.values.get("eligible_age_max")
            if good(low) and good(high) and high < low:
                self.error(
                    "project",
                    row.number,
                    "eligible_age_max",
                    str(high),
                    format_lazy(_("un âge égal ou supérieur à eligible_age_min ({age})"), age=low),
                    "ages_reversed",
                )
        for row in self.rows("recruitment_decisions"):
            values = row.values
            decision = values.get("decision")
            if decision == Decision.REDIRECTED and values.get("redirected_to") is None:
                self.error(
                    "recruitment_decisions",
                    row.number,
                    "redirected_to",
                    "",
                    _("la structure vers laquelle le jeune est réorienté"),
                    "redirection_without_structure",
                )
            if decision != Decision.WAITING_LIST:
                continue
            decided, until = values.get("decided_on"), values.get("waiting_until")
            if until is None:
                self.error(
                    "recruitment_decisions",
                    row.number,
                    "waiting_until",
                    "",
                    _("la date de fin de l'attente, obligatoire pour waiting_list"),
                    "waiting_without_date",
                )
            elif good(until) and good(decided) and until <= decided:
                self.error(
                    "recruitment_decisions",
                    row.number,
                    "waiting_until",
                    until.isoformat(),
                    format_lazy(
                        _("une date postérieure à decided_on ({date})"), date=decided.isoformat()
                    ),
                    "waiting_ends_before_decision",
                )

    def check_consents(self) -> None:
        """Warnings (docs/data-package.md, "consents"): a minor at entry without the notice,
        image rights answer, guardian or parents' authorisation; a minor on a cross-border
        exchange without an *autorisation de sortie du territoire* valid for its dates. Not
        errors: a package records what happened, and a specification package has no consents."""
        consents: dict[str, list[Consent]] = defaultdict(list)
        for row in self.rows("consents"):
            values = row.values
            given_on, valid_until = values.get("given_on"), values.get("valid_until")
            if good(given_on) and good(valid_until) and valid_until < given_on:
                self.error(
                    "consents",
                    row.number,
                    "valid_until",
                    valid_until.isoformat(),
                    format_lazy(_("une date à partir du {date} (given_on)"), date=given_on),
                    "valid_before_given",
                )
            if not all(good(values.get(name)) for name in ("youth", "kind", "given_by")):
                continue
            granted = values.get("granted")
            consents[values["youth"]].append(
                Consent(
                    pk=row.number,
                    kind=values["kind"],
                    given_by=values["given_by"],
                    granted=True if granted is None else granted is True,
                    given_on=values.get("given_on") if good(values.get("given_on")) else None,
                    valid_until=values.get("valid_until")
                    if good(values.get("valid_until"))
                    else None,
                )
            )
        first_enrolment: dict[str, dt.date] = {}
        for row in self.rows("enrolments"):
            youth, day = row.values.get("youth"), row.values.get("enrolled_on")
            if (
                good(youth)
                and good(day)
                and (youth not in first_enrolment or day < first_enrolment[youth])
            ):
                first_enrolment[youth] = day
        births: dict[str, dt.date] = {}
        for row in self.rows("youth"):
            values = row.values
            code, birth = values.get("code"), values.get("birth_date")
            if not good(code) or not good(birth):
                continue
            births[code] = birth
            received = values.get("received_on")
            entry = received if good(received) else first_enrolment.get(code)
            if entry is None or not minor_on(birth_date=birth, day=entry):
                continue
            missing = consents_missing(
                minor=True,
                latest=latest_consents(consents.get(code, [])),
                guardian_name=values.get("guardian_name") or "",
                guardian_contact=values.get("guardian_contact") or "",
            )
            if missing:
                self.warning(
                    "youth",
                    row.number,
                    "code",
                    code,
                    format_lazy(
                        _("pour ce mineur à l'entrée : {missing} (table consents)"),
                        missing="; ".join(map(str, missing)),
                    ),
                    "minor_without_consents",
                )
        self.check_travel_authorisations(consents=consents, births=births)

    def check_travel_authorisations(
        self, *, consents: dict[str, list[Consent]], births: dict[str, dt.date]
    ) -> None:
        stays: dict[Any, tuple[dt.date, dt.date | None]] = {}
        for row in self.rows("exchanges"):
            values = row.values
            start, origin, destination = (
                values.get(n) for n in ("start_date", "origin", "destination")
            )
            if (
                good(start)
                and good(origin)
                and good(destination)
                and destination not in (REMOTE, origin)
            ):
                end = values.get("end_date")
                stays[values.get("code")] = (start, end if good(end) else None)
        for row in self.rows("exchange_participants"):
            exchange, youth = row.values.get("exchange"), row.values.get("youth")
            stay = stays.get(exchange)
            if (
                stay is None
                or not good(youth)
                or not minor_on(birth_date=births.get(youth), day=stay[0])
            ):
                continue
            if travel_authorisation(consents=consents.get(youth, []), start=stay[0], end=stay[1]):
                continue
            self.warning(
                "exchange_participants",
                row.number,
                "youth",
                youth,
                format_lazy(
                    _(
                        "pour ce mineur, une autorisation de sortie du territoire valable "
                        "jusqu'au {date} (table consents, kind travel)"
                    ),
                    date=(stay[1] or stay[0]).isoformat(),
                ),
                "minor_without_travel_authorisation",
            )

    def check_participants(self) -> None:
        """Who took part (docs/data-package.md, "Who took part"): a young person of an event is
        enrolled in its cohort; an exchange's participant is a young person or a named member
        of staff, each once; an exchange's head count is at least the number it names."""
        event_cohort = {
            row.values.get("code"): row.values.get("cohort") for row in self.rows("events")
        }
        enrolled = {
            (row.values.get("youth"), row.values.get("cohort")) for row in self.rows("enrolments")
        }
        for row in self.rows("event_participants"):
            event, youth = row.values.get("event"), row.values.get("youth")
            cohort = event_cohort.get(event)
            known = good(event) and good(youth) and good(cohort)
            if "enrolments" in self.unreadable or not known:
                continue
            if (youth, cohort) not in enrolled:
                self.error(
                    "event_participants",
                    row.number,
                    "youth",
                    youth,
                    format_lazy(
                        _("un jeune inscrit dans la session {cohort} de l'événement {event}"),
                        cohort=cohort,
                        event=event,
                    ),
                    "participant_not_in_cohort",
                )
        named: dict[tuple[Any, str], int] = defaultdict(int)
        seen: dict[tuple, int] = {}
        for row in self.rows("exchange_participants"):
            values = row.values
            exchange, youth = values.get("exchange"), values.get("youth")
            name, organisation = values.get("name"), values.get("organisation")
            if (youth is None) == (name is None):
                self.error(
                    "exchange_participants",
                    row.number,
                    "name",
                    name or "",
                    _("soit le code d'un jeune (youth), soit le nom d'un encadrant (name)"),
                    "participant_youth_or_name",
                )
                continue
            if not good(exchange) or youth is INVALID:
                continue
            who = ("youth", youth) if youth else ("staff", name, organisation or "")
            first = seen.setdefault((exchange, *who), row.number)
            if first != row.number:
                self.error(
                    "exchange_participants",
                    row.number,
                    "youth" if youth else "name",
                    youth or name,
                    format_lazy(
                        _("chaque participant une seule fois par échange (déjà ligne {row})"),
                        row=first,
                    ),
                    "duplicate",
                )
                continue
            named[(exchange, "youth_count" if youth else "staff_count")] += 1
        for row in self.rows("exchanges"):
            code = row.values.get("code")
            for column in ("youth_count", "staff_count"):
                count, names = row.values.get(column), named.get((code, column), 0)
                if good(count) and names and count < names:
                    self.error(
                        "exchanges",
                        row.number,
                        column,
                        str(count),
                        format_lazy(
                            _(
                                "au moins le nombre de personnes nommées dans "
                                "exchange_participants ({n})"
                            ),
                            n=names,
                        ),
                        "count_below_names",
                    )

    def slot_index(self) -> dict[str, SlotInfo]:
        per_cohort: dict[str, int] = defaultdict(int)
        slots: dict[str, SlotInfo] = {}
        for index, row in enumerate(self.rows("slots")):
            values = row.values
            code, cohort = values.get("code"), values.get("cohort")
            if not good(code) or code in slots:
                continue
            start, end = values.get("start"), values.get("end")
            minutes = None
            if good(start) and good(end) and end > start:
                minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
            day = values.get("date")
            slots[code] = SlotInfo(
                cohort if good(cohort) else "",
                per_cohort[cohort] if good(cohort) else 0,
                index,
                day if good(day) else None,
                minutes,
            )
            if good(cohort):
                per_cohort[cohort] += 1
        self.slots_per_cohort = per_cohort
        return slots

    def check_attendance(self, enrolments: dict[tuple[str, str], EnrolmentInfo]) -> None:
        slots = self.slot_index()
        source = self.package.tables.get("attendance")
        seen_slots = bytearray(len(self.rows("slots")))
        if source is not None:
            self.stream_attendance(source, slots, enrolments, seen_slots)
        for index, row in enumerate(self.rows("slots")):
            code = row.values.get("code")
            if good(code) and not seen_slots[index]:
                self.warning(
                    "slots",
                    row.number,
                    "code",
                    code,
                    _("des lignes de présence (table attendance) pour ce créneau"),
                    "slot_without_attendance",
                )

    def stream_attendance(self, source, slots, enrolments, seen_slots) -> None:
        table = TABLE_BY_NAME["attendance"]
        # One bit per possible (enrolment, slot of its cohort) pair finds repeated rows without
        # keeping millions of keys.
        enrolments_per_cohort: dict[str, int] = defaultdict(int)
        for _youth, cohort in enrolments:
            enrolments_per_cohort[cohort] += 1
        offsets: dict[str, int] = {}
        total = 0
        for cohort, count in enrolments_per_cohort.items():
            offsets[cohort] = total
            total += count * self.slots_per_cohort.get(cohort, 0)
        seen_pairs = bytearray(total // 8 + 1)

        youth_codes = self.codes.get("youth", {})
        statuses = set(AttendanceStatus.values)
        partial = AttendanceStatus.PARTIAL.value
        minutes_column = table.column_by_name["minutes"]
        max_minutes = minutes_column.max_value
        if max_minutes is None:
            raise ValueError("the attendance table's minutes column has no maximum")
        expected_slot = format_lazy(_("le code d'une ligne de la table {table}"), table="slots")
        expected_youth = format_lazy(_("le code d'une ligne de la table {table}"), table="youth")
        expected_status = one_of(AttendanceStatus.values)
        expected_minutes = int_expected(minutes_column)
        count = 0
        progress = self.progress
        fixed = ["slot", "youth", "status", "minutes"]
        for number, (slot_code, youth, status_text, minutes_text) in self.cells(
            table, source, fixed=fixed
        ):
            count += 1
            if progress is not None and count % 50_000 == 0:
                progress("validate", count, None)
            if self.incomplete:
                continue  # the missing column is reported once, not on every row
            slot_code, youth, status = slot_code.strip(), youth.strip(), status_text.strip()
            if status not in statuses:
                status = status.lower()
            minutes_text = minutes_text.strip()
            slot = slots.get(slot_code)
            if slot is None and "slots" in self.unreadable:
                pass
            elif slot is None:
                self.error(
                    "attendance",
                    number,
                    "slot",
                    slot_code,
                    expected_slot if slot_code else EXPECTED_VALUE,
                    "unknown_ref" if slot_code else "required",
                )
            else:
                seen_slots[slot.index] = 1
            if youth not in youth_codes and "youth" in self.unreadable:
                youth = None
            elif youth not in youth_codes:
                self.error(
                    "attendance",
                    number,
                    "youth",
                    youth,
                    expected_youth if youth else EXPECTED_VALUE,
                    "unknown_ref" if youth else "required",
                )
                youth = None
            if status not in statuses:
                self.error(
                    "attendance",
                    number,
                    "status",
                    status_text,
                    expected_status if status else EXPECTED_VALUE,
                    "bad_enum" if status else "required",
                )
            minutes = None
            if minutes_text:
                if INTEGER.match(minutes_text) and len(minutes_text) < 6:
                    minutes = int(minutes_text)
                if minutes is None or minutes > max_minutes:
                    self.error(
                        "attendance",
                        number,
                        "minutes",
                        minutes_text,
                        expected_minutes,
                        "bad_int",
                    )
                    minutes = None
                elif slot is not None and slot.minutes is not None and minutes > slot.minutes:
                    self.error(
                        "attendance",
                        number,
                        "minutes",
                        minutes_text,
                        format_lazy(
                            _("au plus la durée du créneau {slot} : {minutes} minutes"),
                            slot=slot_code,
                            minutes=slot.minutes,
                        ),
                        "minutes_above_slot",
                    )
            elif status == partial:
                self.error(
                    "attendance",
                    number,
                    "minutes",
                    "",
                    _("les minutes de présence, obligatoires pour le statut partial"),
                    "partial_without_minutes",
                )
            if slot is None or youth is None or not slot.cohort or "enrolments" in self.unreadable:
                continue
            enrolment = enrolments.get((youth, slot.cohort))
            repeated = False
            if enrolment is not None:
                position = (
                    offsets[slot.cohort]
                    + enrolment.index_in_cohort * self.slots_per_cohort[slot.cohort]
                    + slot.index_in_cohort
                )
                byte, bit = divmod(position, 8)
                repeated = bool(seen_pairs[byte] & (1 << bit))
                seen_pairs[byte] |= 1 << bit
            if enrolment is None or repeated:
                self.error(
                    "attendance",
                    number,
                    "youth",
                    youth,
                    format_lazy(
                        _("un jeune inscrit dans la session {cohort} du créneau {slot}"),
                        cohort=slot.cohort,
                        slot=slot_code,
                    )
                    if enrolment is None
                    else format_lazy(
                        _(
                            "une seule ligne par slot + youth (le créneau {slot} a déjà une ligne "
                            "pour ce jeune)"
                        ),
                        slot=slot_code,
                    ),
                    "not_enrolled" if enrolment is None else "duplicate",
                )
                continue
            day = slot.date
            if day is not None and (
                (enrolment.enrolled_on is not None and day < enrolment.enrolled_on)
                or (enrolment.window_end is not None and day > enrolment.window_end)
            ):
                self.warning(
                    "attendance",
                    number,
                    "slot",
                    slot_code,
                    format_lazy(
                        _(
                            "un créneau entre l'inscription ({start}) et la sortie ou la fin de "
                            "la session ({end}) ; ce créneau du {date} ne compte pas"
                        ),
                        start=enrolment.enrolled_on,
                        end=enrolment.window_end,
                        date=day.isoformat(),
                    ),
                    "outside_enrolment",
                )
        self.result.counts["attendance"] = count


def package_validate(*, package: Package, progress=None) -> Validation:
    """Every error and warning of an opened package, and its parsed tables.

    ``progress(step, done, total)``, when given, hears of the attendance rows as they are read."""
    return Validator(package, progress).run()
