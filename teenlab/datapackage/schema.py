"""The tables and columns of the data package (docs/data-package.md), as data: the one place
where a table or a column is declared.

Readers, the validator, the loader, the writers and the demo's generator all work from these
declarations: a column's type says how a cell is parsed and written back, its ``required`` flag
whether the column must be in the file, its ``blank`` flag whether a cell may be left empty, its
``field`` which field of the table's model holds it (the loader writes it there, the writers
read it from there). A table names its model, the path from that model to the project, and its
natural key (the columns that identify a row, which also order the rows of an export).

Adding a column is one line in ``TABLES`` (and the model field, with its migration): see "How to
add a column" in docs/data-package.md.

Models are named by their label (``"participants.Youth"``), so that this module imports no model:
the demo's generator uses it without a configured Django.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.apps import apps
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
    # The model field that holds the column (default: the column's name); a path through foreign
    # keys (``organisation__name``) for a field of a related model. A reference's field is the
    # foreign key, and its cell the code of the row it points at.
    field: str | None = None

    @property
    def may_be_blank(self) -> bool:
        return (not self.required) if self.blank is None else self.blank

    @property
    def model_field(self) -> str:
        return self.field or self.name

    @property
    def path(self) -> str:
        """The ORM path of the cell's value from the table's model (a reference: the code)."""
        return f"{self.model_field}__code" if self.kind == Kind.REF else self.model_field

    @property
    def enumeration(self) -> type[models.TextChoices]:
        if self.choices is None:
            raise TypeError(f"column {self.name} ({self.kind}) has no enumeration")
        return self.choices


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    required: bool = False
    # Columns whose values together identify a row (its natural key); a repeat is a "duplicate"
    # error, and an export writes the rows in this order.
    key: tuple[str, ...] = ()
    exactly_one_row: bool = False
    model: str = ""  # the label of the model a row is stored as
    # The path from the model to its project ("": the model is the project).
    scope: str = "project"
    # The rows' order in an export, as ORM paths (default: the natural key's).
    order: tuple[str, ...] = ()
    # The table a row belongs to, found by the same natural key (an outcome: the enrolment of
    # its youth in its cohort); the columns of the key are then fields of that row.
    parent: str | None = None
    # The columns of the key that name the parent row (default: the whole key; a follow-up's
    # key adds its kind to its enrolment's).
    parent_key: tuple[str, ...] = ()
    column_by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_by_name", {c.name: c for c in self.columns})

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.required]

    @property
    def parent_columns(self) -> tuple[str, ...]:
        return self.parent_key or self.key

    @property
    def export_order(self) -> list[str]:
        return list(self.order) or [self.column_by_name[name].path for name in self.key]

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


def code(name: str = "code", *, field: str | None = None) -> Column:
    return Column(name, Kind.CODE, max_length=64, field=field)


def text(
    name: str, *, required: bool = True, max_length: int | None = 200, field: str | None = None
) -> Column:
    return Column(name, Kind.TEXT, required=required, max_length=max_length, field=field)


def date(name: str, *, required: bool = True, blank: bool | None = None) -> Column:
    return Column(name, Kind.DATE, required=required, blank=blank)


def money(
    name: str, *, required: bool = True, min_value: int | None = 0, field: str | None = None
) -> Column:
    return Column(
        name, Kind.DECIMAL, required=required, max_digits=12, min_value=min_value, field=field
    )


def enum(name: str, enumeration: type[models.TextChoices], *, required: bool = True) -> Column:
    return Column(name, Kind.ENUM, required=required, choices=enumeration)


def ref(name: str, table: str, *, required: bool = True, field: str | None = None) -> Column:
    return Column(name, Kind.REF, required=required, ref=table, max_length=64, field=field)


def integer(name: str, *, required: bool = True, max_value: int = 2_147_483_647) -> Column:
    return Column(name, Kind.INT, required=required, max_value=max_value)


TABLES: tuple[Table, ...] = (
    Table(
        "project",
        (
            code(),
            text("name"),
            text("programme"),
            # teenlab's addition (issue 11, point 5): the programme's name in it and en.
            text("programme_it", required=False),
            text("programme_en", required=False),
            date("start_date"),
            date("end_date"),
            money("cofinancing_total_eur", required=False),
            integer("eligible_age_min", required=False, max_value=99),
            integer("eligible_age_max", required=False, max_value=99),
            # teenlab's additions (issue 9, point 1): the call, the rules of the reports.
            text("call", required=False),
            Column("attendance_threshold", Kind.INT, required=False, min_value=1, max_value=100),
            enum("excused_absences", choices.ExcusedRule, required=False),
            enum("age_bands", choices.AgeBandSet, required=False),
            # teenlab's additions (issue 12, point 3): the retention policy.
            Column("retention_years", Kind.INT, required=False, min_value=1, max_value=30),
            date("audit_retention_until", required=False),
            # teenlab's additions (issue 11, point 4): the EU emblem and the funding statement
            # of the printed documents, per language.
            Column("eu_emblem", Kind.BOOL, required=False),
            text("funding_statement_fr", required=False, max_length=300),
            text("funding_statement_it", required=False, max_length=300),
            text("funding_statement_en", required=False, max_length=300),
        ),
        required=True,
        key=("code",),
        exactly_one_row=True,
        model="core.Project",
        scope="",
    ),
    Table(
        "organisations",
        (
            # An organisation is shared by every project: the table's rows are the project's
            # partners, with the organisation's own fields.
            code(field="organisation__code"),
            text("name", field="organisation__name"),
            Column("country", Kind.COUNTRY, field="organisation__country"),
            enum("role", choices.PartnerRole),
            text("city", required=False, max_length=120, field="organisation__city"),
            money("cofinancing_eur", required=False),
            text("phone", required=False, max_length=40, field="organisation__phone"),
            Column(
                "email",
                Kind.EMAIL,
                required=False,
                max_length=254,
                field="organisation__email",
            ),
            text("website", required=False, field="organisation__website"),
            text("time_zone", required=False, max_length=64, field="organisation__time_zone"),
        ),
        required=True,
        key=("code",),
        model="core.ProjectPartner",
    ),
    Table(
        "residence_zones",
        (
            text("commune", max_length=120),
            code("zone"),
            text("label", required=False, max_length=120),
            # teenlab's addition (issue 13): a rural area (empty: not said).
            Column("rural", Kind.BOOL, required=False),
        ),
        key=("commune",),
        model="core.ResidenceZone",
    ),
    Table(
        "phases",
        (
            integer("number", max_value=32767),
            text("name"),
            date("start_date", required=False),
            date("end_date", required=False),
            # teenlab's additions (issue 11, point 5): the name in it and en.
            text("name_it", required=False),
            text("name_en", required=False),
        ),
        key=("number",),
        model="activities.Phase",
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
        model="participants.InfoSession",
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
            # teenlab's addition (issue 12, point 1): a minor's legal guardian.
            text("guardian_name", required=False),
            text("guardian_contact", required=False),
            # teenlab's additions (issue 13): characteristics at entry, empty when not recorded.
            enum("labour_status", choices.LabourStatus, required=False),
            enum("education_level", choices.EducationLevel, required=False),
            Column("left_school_without_diploma", Kind.BOOL, required=False),
            enum("disability", choices.Declared, required=False),
            enum("foreign_background", choices.Declared, required=False),
            enum("third_country_national", choices.Declared, required=False),
            enum("homeless", choices.Declared, required=False),
        ),
        required=True,
        key=("code",),
        model="participants.Youth",
    ),
    # teenlab's addition (issue 12, point 1): consents, notices and authorisations at entry.
    Table(
        "consents",
        (
            ref("youth", "youth"),
            enum("kind", choices.ConsentKind),
            date("given_on", required=False),
            enum("given_by", choices.ConsentGiver),
            Column("granted", Kind.BOOL, required=False),
            text("version", required=False, max_length=64),
            enum("language", choices.Language, required=False),
            date("valid_until", required=False),
        ),
        model="participants.Consent",
        scope="youth__project",
        order=("youth__code", "kind", "given_on", "id"),
    ),
    Table(
        "recruitment_decisions",
        (
            ref("youth", "youth"),
            date("decided_on"),
            enum("decision", choices.Decision),
            text("reason", required=False, max_length=None),
            enum("redirected_to", choices.Redirection, required=False),
            text("redirected_detail", required=False),
            date("waiting_until", required=False),
        ),
        key=("youth", "decided_on"),
        model="participants.RecruitmentDecision",
        scope="youth__project",
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
        model="training.Cohort",
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
        model="training.Module",
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
            text("cancelled_reason", required=False, max_length=None),
        ),
        key=("code",),
        model="training.Slot",
    ),
    Table(
        "closures",
        (
            ref("cohort", "cohorts"),
            date("start_date"),
            date("end_date"),
            text("label"),
        ),
        key=("cohort", "start_date"),
        model="training.Closure",
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
            text("eligibility_justification", required=False, max_length=None),
            enum("early_exit_kind", choices.EarlyExitKind, required=False),
            text("leaving_detail", required=False, max_length=200),
        ),
        required=True,
        key=("youth", "cohort"),
        model="training.Enrolment",
        scope="cohort__project",
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
        model="training.Attendance",
        scope="slot__project",
    ),
    Table(
        "outcomes",
        (
            ref("youth", "youth", field="enrolment__youth"),
            ref("cohort", "cohorts", field="enrolment__cohort"),
            enum("professional_project", choices.ProfessionalProject),
            enum("exit", choices.Exit),
            text("detail", required=False, max_length=None),
            date("recorded_on", required=False),
        ),
        key=("youth", "cohort"),
        model="outcomes.Outcome",
        scope="enrolment__cohort__project",
        parent="enrolments",
    ),
    # teenlab's addition (issue 13): the situation after leaving, at exit and at six months.
    Table(
        "follow_ups",
        (
            ref("youth", "youth", field="enrolment__youth"),
            ref("cohort", "cohorts", field="enrolment__cohort"),
            enum("kind", choices.FollowUpKind),
            enum("situation", choices.FollowUpSituation),
            date("date"),
            enum("source", choices.FollowUpSource),
            Column("qualification_gained", Kind.BOOL, required=False),
            text("detail", required=False),
        ),
        key=("youth", "cohort", "kind"),
        model="outcomes.FollowUp",
        scope="enrolment__cohort__project",
        parent="enrolments",
        parent_key=("youth", "cohort"),
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
            # teenlab's additions (issue 11, point 5): the title in it and en.
            text("title_it", required=False),
            text("title_en", required=False),
        ),
        key=("code",),
        model="activities.Exchange",
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
            # teenlab's additions (issue 11, point 5): the title in it and en.
            text("title_it", required=False),
            text("title_en", required=False),
        ),
        key=("code",),
        model="activities.Event",
    ),
    # teenlab's additions (docs/data-package.md, "Who took part"): optional tables.
    Table(
        "event_participants",
        (ref("event", "events"), ref("youth", "youth")),
        key=("event", "youth"),
        model="activities.EventParticipant",
        scope="event__project",
    ),
    Table(
        "exchange_participants",
        (
            ref("exchange", "exchanges"),
            ref("youth", "youth", required=False),
            text("name", required=False),
            text("organisation", required=False),
        ),
        key=("exchange", "youth", "name", "organisation"),
        model="activities.ExchangeParticipant",
        scope="exchange__project",
    ),
    # teenlab's additions (docs/data-package.md, "The programme's rules"): optional tables.
    Table(
        "reporting_periods",
        (code(), date("start_date"), date("end_date")),
        key=("code",),
        model="finance.ReportingPeriod",
    ),
    Table(
        "planned_costs",
        (
            ref("organisation", "organisations"),
            ref("period", "reporting_periods"),
            enum("cost_category", choices.DeclaredCostCategory),
            money("planned_eur"),
        ),
        key=("organisation", "period", "cost_category"),
        model="finance.PlannedCost",
    ),
    Table(
        "partner_funding",
        (
            ref("organisation", "organisations"),
            money("eu_eur", required=False),
            money("national_eur", required=False),
            money("own_eur", required=False),
            Column("office_flat_rate", Kind.DECIMAL, required=False, max_digits=5),
        ),
        key=("organisation",),
        model="finance.PartnerFunding",
    ),
    Table(
        "budget",
        (
            ref("organisation", "organisations"),
            enum("category", choices.BudgetCategory),
            money("planned_eur"),
        ),
        key=("organisation", "category"),
        model="finance.BudgetLine",
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
            # teenlab's addition (issue 13, point 4): the programme's rules.
            enum("cost_category", choices.DeclaredCostCategory, required=False),
            ref("period", "reporting_periods", required=False),
            money("certified_eur", required=False),
            date("certified_on", required=False),
        ),
        model="finance.Expense",
        order=("date", "organisation__code", "category", "label", "amount_eur", "id"),
    ),
    Table(
        "narratives",
        (
            enum("section", choices.NarrativeSection),
            enum("lang", choices.Language),
            text("text", max_length=None),
            # teenlab's addition: no = the section is left out of the bilan.
            Column("in_bilan", Kind.BOOL, required=False),
        ),
        key=("section", "lang"),
        model="core.Narrative",
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
            # teenlab's additions (issue 11, point 5): the note in it and en.
            text("note_it", required=False, max_length=None),
            text("note_en", required=False, max_length=None),
        ),
        key=("name",),
        model="activities.Cooperation",
    ),
)

# The logos (teenlab's addition, docs/data-package.md "Logos"): a table naming image files that
# the package carries in its ``logos/`` folder. Not in ``TABLES``: its rows are no records the
# generic loader writes but files, checked and stored by teenlab.datapackage.logos. ``owner`` is
# ``programme``, ``funder`` or the code of a row of ``organisations``.
LOGOS = Table(
    "logos",
    (
        code("owner"),
        text("file"),
        Column("sha256", Kind.TEXT, required=False, max_length=64),
    ),
    key=("owner",),
    model="core.Logo",
)

TABLE_BY_NAME: dict[str, Table] = {table.name: table for table in (*TABLES, LOGOS)}
TABLE_NAMES: list[str] = [table.name for table in (*TABLES, LOGOS)]
REQUIRED_TABLES: list[str] = [table.name for table in TABLES if table.required]
# Where a cell's value is another table's `code`: the referring column names the table.
ROLE_SEPARATOR = ";"
REMOTE = choices.REMOTE

# The organisations table holds a project partner (role, cofinancing) and the fields of its
# organisation, which every project shares: {column: field of the organisation}, and the
# partner's columns.
_ORGANISATION = "organisation__"
ORGANISATION_FIELDS: dict[str, str] = {
    column.name: column.model_field.removeprefix(_ORGANISATION)
    for column in TABLE_BY_NAME["organisations"].columns
    if column.model_field.startswith(_ORGANISATION) and column.name != "code"
}
PARTNER_FIELDS: tuple[str, ...] = tuple(
    column.name
    for column in TABLE_BY_NAME["organisations"].columns
    if not column.model_field.startswith(_ORGANISATION)
)


def cell_text(column: Column | None, value: object) -> str:
    """A value as a package's cell writes it: dates ``YYYY-MM-DD``, times ``HH:MM``, decimals
    with ``.`` and no trailing zeros, booleans ``yes``/``no``, nothing for None."""
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
