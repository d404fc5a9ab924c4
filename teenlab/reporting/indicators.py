"""The one home of every rule the dashboard, the cohort and youth pages and the bilan share
(docs/indicators.md, "Where each rule lives"): they all read their figures from here, so they
cannot disagree.

- the project's rules (``Rules``, ``rules_of``): the attendance threshold, how excused absences
  count, the age-band set; every function below that depends on them takes ``rules`` (the
  default, ``DEFAULT_RULES``, is TEEN LAB's: 80 %, excused counted absent, TEEN LAB's bands);
- attendance: the minutes a row counts (``attended_minutes``: a partial presence counts its
  minutes **capped at the slot's duration**), the window of an enrolment (``window_end``), the
  rate per enrolment (``enrolment_attendance_annotate`` for the pages, ``enrolment_attendance``
  for the bilan's totals) and the threshold (``Rules.threshold``, ``reaches_threshold``);
- who is expected at a slot (``expected_at``, defined once by the records:
  ``Enrolment.objects.expected_at``, which the sign-in uses too);
- the age bands (``AGE_BAND_SETS``, ``age_band_expression`` for the bilan, ``age_band_q`` for
  the youth list);
- the funnel (``people_counts``, ``received_count``): completed, early positive exits, in
  progress and dropouts;
- the budget by category (``budget_by_category``).

Layering: this module sits in reporting, above the record apps; the record apps' models,
services and selectors never import it (their views may).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce, Least, NullIf
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import (
    AgeBandSet,
    AttendanceStatus,
    BudgetCategory,
    EnrolmentStatus,
    ExcusedRule,
)
from teenlab.core.dates import years_before
from teenlab.core.models import ATTENDANCE_THRESHOLD_PERCENT, Project
from teenlab.finance.models import BudgetLine, Expense
from teenlab.participants.models import Youth
from teenlab.training import rollups
from teenlab.training.models import Attendance, Enrolment, Slot

# --- The project's rules -----------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """The rules a project's reports apply (Project.attendance_threshold, excused_absences,
    age_bands; docs/indicators.md, "The project's rules")."""

    threshold_percent: int = ATTENDANCE_THRESHOLD_PERCENT
    excused: str = ExcusedRule.ABSENT
    age_bands: str = AgeBandSet.TEENLAB

    @property
    def threshold(self) -> Fraction:
        """The share of its scheduled minutes an enrolment must attend (exactly it counts)."""
        return Fraction(self.threshold_percent, 100)

    @property
    def bands(self) -> tuple[AgeBand, ...]:
        return AGE_BAND_SETS[self.age_bands]

    @property
    def band_codes(self) -> tuple[str, ...]:
        return tuple(band.code for band in self.bands)

    def as_dict(self) -> dict[str, int | str]:
        return {
            "attendance_threshold": self.threshold_percent,
            "excused_absences": self.excused,
            "age_bands": self.age_bands,
        }


DEFAULT_RULES = Rules()


def rules_of(project: Project | None) -> Rules:
    """The rules of ``project`` (no project: the defaults)."""
    if project is None:
        return DEFAULT_RULES
    values = project.rule_values  # an empty rule is TEEN LAB's
    return Rules(
        threshold_percent=int(values["attendance_threshold"]),
        excused=str(values["excused_absences"]),
        age_bands=str(values["age_bands"]),
    )


# --- Attendance ---------------------------------------------------------------------------------

BUDGET_WARNING = Decimal("0.9")  # a budget category past 90 % spent is shown in warning colours


def reaches_threshold(attended, scheduled, *, rules: Rules | None = None) -> GreaterThanOrEqual:
    """``attended / scheduled >= rules.threshold`` in integers (at 80 %: attended x 5 >=
    scheduled x 4, so that the exact threshold counts and no float can tip it): an SQL
    condition usable in ``filter()`` (negated with ``~Q(...)``) or as a boolean annotation.
    ``attended`` and ``scheduled`` are field names or expressions."""
    threshold = (rules or DEFAULT_RULES).threshold
    attended = F(attended) if isinstance(attended, str) else attended
    scheduled = F(scheduled) if isinstance(scheduled, str) else scheduled
    return GreaterThanOrEqual(attended * threshold.denominator, scheduled * threshold.numerator)


def window_end(prefix: str = "") -> Coalesce:
    """The last day of an enrolment's attendance window: ``left_on``, or its cohort's end."""
    return Coalesce(f"{prefix}left_on", f"{prefix}cohort__end_date")


def attended_minutes(*, status: str, minutes: str, duration, rules: Rules | None = None) -> Case:
    """The minutes one attendance row counts: ``present`` the whole slot, ``partial`` its
    minutes **capped at the slot's duration** (a slot shortened after the sign-in cannot count
    more than it lasts: 100 % at most), ``excused`` the whole slot when the project counts
    excused absences as attended, anything else 0. ``status`` and ``minutes`` are the row's
    field paths, ``duration`` the slot's duration (a path or an expression)."""
    duration = F(duration) if isinstance(duration, str) else duration
    counted = [AttendanceStatus.PRESENT]
    if (rules or DEFAULT_RULES).excused == ExcusedRule.ATTENDED:
        counted.append(AttendanceStatus.EXCUSED)
    return Case(
        When(**{f"{status}__in": counted}, then=duration),
        When(
            **{status: AttendanceStatus.PARTIAL},
            then=Least(Coalesce(minutes, Value(0)), duration),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )


# What an attended hour rests on (docs/indicators.md, "The method note"): the source of its row
# (defined with the stored totals, which keep the minutes of each).
ATTENDANCE_BASES = rollups.ATTENDANCE_BASES


def _sum_subquery(queryset: QuerySet, group: str, expression) -> Coalesce:
    """Coalesce(Subquery(SUM(expression) grouped by ``group``), 0): one value per outer row."""
    summed = (
        queryset.order_by()
        .values(group)
        .annotate(total=Sum(expression, output_field=IntegerField()))
        .values("total")
    )
    return Coalesce(Subquery(summed, output_field=IntegerField()), Value(0))


def _not_excused(slots: QuerySet, *, rules: Rules, youth) -> QuerySet:
    """``slots`` without those ``youth`` was excused from, when the project leaves excused
    absences out of the scheduled hours (``ExcusedRule.EXCLUDED``)."""
    if rules.excused != ExcusedRule.EXCLUDED:
        return slots
    excused = Attendance.objects.filter(
        slot=OuterRef("pk"), youth=youth, status=AttendanceStatus.EXCUSED
    )
    return slots.filter(~Exists(excused))


def enrolment_attendance_annotate(
    queryset: QuerySet, *, today: dt.date, rules: Rules | None = None
) -> QuerySet:
    """Enrolments annotated with their attendance by the project's ``rules``, computed in the
    database (the pages):

    - ``scheduled_minutes``: every slot of the enrolment's window (without the excused ones
      when the rules leave them out), from its stored totals;
    - ``scheduled_past``: those dated before ``today`` (today's may not be taken yet);
    - ``attended_past``: minutes attended on those (``attended_minutes``);
    - ``attendance_rate``: attended_past / scheduled_past (None without a past slot) — once the
      cohort has ended, the rate of the bilan;
    - ``reaches_threshold``: whether that rate reaches ``rules.threshold``.
    """
    rules = rules or DEFAULT_RULES
    queryset = queryset.annotate(window_end=window_end())
    # An enrolment whose window ended before today has every slot in the past: its stored
    # totals are its figures, and the database skips the two subqueries over its slots and
    # attendance rows (CASE evaluates only the branch it takes).
    stored_attended, stored_scheduled = _rule_minutes(rules)
    ended = Q(window_end__lt=today)
    slots = _not_excused(
        Slot.objects.scheduled().filter(
            cohort=OuterRef("cohort_id"),
            date__gte=OuterRef("enrolled_on"),
            date__lte=OuterRef("window_end"),
        ),
        rules=rules,
        youth=OuterRef(OuterRef("youth_id")),
    )
    attended = Attendance.objects.filter(
        youth=OuterRef("youth_id"),
        slot__cohort=OuterRef("cohort_id"),
        slot__date__gte=OuterRef("enrolled_on"),
        slot__date__lte=OuterRef("window_end"),
        slot__date__lt=today,
        slot__cancelled_reason="",
    )
    minutes = attended_minutes(
        status="status", minutes="minutes", duration="slot__duration_minutes", rules=rules
    )
    return queryset.annotate(
        scheduled_minutes=Coalesce(stored_scheduled, Value(0)),
        scheduled_past=Case(
            When(ended, then=Coalesce(stored_scheduled, Value(0))),
            default=_sum_subquery(slots.filter(date__lt=today), "cohort", F("duration_minutes")),
            output_field=IntegerField(),
        ),
        attended_past=Case(
            When(ended, then=Coalesce(stored_attended, Value(0))),
            default=_sum_subquery(attended, "youth", minutes),
            output_field=IntegerField(),
        ),
    ).annotate(
        attendance_rate=Cast("attended_past", FloatField())
        / NullIf(Cast("scheduled_past", FloatField()), Value(0.0)),
        reaches_threshold=reaches_threshold("attended_past", "scheduled_past", rules=rules),
    )


def enrolment_attendance(
    enrolments: QuerySet, *, also: Sequence[str] = (), rules: Rules | None = None
) -> QuerySet:
    """One row per enrolment that has slots in its window: ``pk``, ``youth``,
    ``scheduled_minutes`` and ``attended_minutes`` over the slots of its cohort dated from
    ``enrolled_on`` to ``window_end`` (both included): the bilan's totals.

    ``rules``: the project's, for the rates (an excused slot counted as attended, or left out
    of ``scheduled_minutes``); without them, the hours as they were attended (trainee-hours,
    attestations: an excused absence is not an hour attended).

    ``also``: more fields of the enrolment to put in each row (``"youth__code"``); a field of
    its cohort's slots (``"cohort__slots__module"``) splits the row by that field's value.

    One grouped join (enrolment, its cohort's slots, the youth's attendance row of each slot,
    if any): the database reads each attendance row once instead of running a subquery per
    enrolment (bench/bilan.py)."""

    rules = rules or DEFAULT_RULES
    counted = [AttendanceStatus.PRESENT, AttendanceStatus.PARTIAL]
    if rules.excused != ExcusedRule.ABSENT:
        counted.append(AttendanceStatus.EXCUSED)
    slot = "cohort__slots__"
    in_window = enrolments.annotate(window_end=window_end()).filter(
        **{
            f"{slot}date__gte": F("enrolled_on"),
            f"{slot}date__lte": F("window_end"),
            f"{slot}cancelled_reason": "",
        }
    )
    # Only the rows that count minutes: an absence, or no row at all, counts 0 either way, and
    # the join has fewer rows to match.
    with_rows = in_window.annotate(
        row=FilteredRelation(
            "cohort__slots__attendance",
            condition=Q(
                cohort__slots__attendance__youth=F("youth"),
                cohort__slots__attendance__status__in=counted,
            ),
        )
    )
    duration = F(f"{slot}duration_minutes")
    minutes = attended_minutes(
        status="row__status", minutes="row__minutes", duration=duration, rules=rules
    )
    scheduled: F | Case = duration
    if rules.excused == ExcusedRule.EXCLUDED:
        scheduled = Case(
            When(row__status=AttendanceStatus.EXCUSED, then=Value(0)),
            default=duration,
            output_field=IntegerField(),
        )
    return (
        with_rows.order_by()
        .values("pk", "youth", *also)
        .annotate(scheduled_minutes=Sum(scheduled), attended_minutes=Sum(minutes))
    )


def enrolment_totals(enrolments: QuerySet, *, rules: Rules | None = None) -> QuerySet:
    """``enrolments`` annotated from their stored attendance totals (``EnrolmentAttendance``,
    kept by ``training.rollups`` with every write; docs/indicators.md, "Attendance totals"):
    ``slots`` (the non-cancelled slots of the window), ``scheduled_minutes`` and
    ``attended_minutes`` by the project's ``rules`` — the figures of
    ``enrolment_attendance``, read from one row per enrolment instead of its attendance rows.
    An excused absence counts attended (``ExcusedRule.ATTENDED``) or leaves the scheduled
    minutes (``EXCLUDED``); without ``rules``, the hours as they were attended."""
    attended, scheduled = _rule_minutes(rules or DEFAULT_RULES)
    return enrolments.annotate(
        slots=F("attendance_totals__slots"), scheduled_minutes=scheduled, attended_minutes=attended
    )


def _rule_minutes(rules: Rules) -> tuple[ExpressionWrapper, ExpressionWrapper]:
    """The attended and scheduled minutes of an enrolment's stored totals by ``rules``."""
    totals = "attendance_totals__"
    attended: Combinable = sum(
        (F(f"{totals}{column}") for column in rollups.BASIS_COLUMNS.values()), start=Value(0)
    )
    scheduled: Combinable = F(f"{totals}scheduled_minutes")
    if rules.excused == ExcusedRule.ATTENDED:
        attended = attended + F(f"{totals}excused_minutes")
    elif rules.excused == ExcusedRule.EXCLUDED:
        scheduled = scheduled - F(f"{totals}excused_minutes")
    return (
        ExpressionWrapper(attended, output_field=IntegerField()),
        ExpressionWrapper(scheduled, output_field=IntegerField()),
    )


def hours_by_basis(enrolments: QuerySet) -> dict[str, Decimal]:
    """Hours attended by ``enrolments`` by what they rest on (``ATTENDANCE_BASES``), from
    their stored totals: ``attended_hours_by_basis`` of the attendance rows of their windows,
    in one aggregate over the enrolments."""
    sums = enrolments.aggregate(
        **{
            basis: Sum(f"attendance_totals__{column}")
            for basis, column in rollups.BASIS_COLUMNS.items()
        }
    )
    return {basis: quantize_cents(Decimal(sums[basis] or 0) / 60) for basis in ATTENDANCE_BASES}


def enrolment_module_attendance(enrolments: QuerySet) -> QuerySet:
    """``enrolment_attendance`` split by module: one row per enrolment and module of the slots
    in its window (``module``: its id, None for the slots of no module), with the
    ``scheduled_minutes`` and ``attended_minutes`` of those slots. The rows of one enrolment
    add up to its row of ``enrolment_attendance`` (the attestation of attendance)."""
    return enrolment_attendance(enrolments, also=("cohort__slots__module",))


def expected_at(slot: Slot) -> QuerySet[Enrolment]:
    """The enrolments expected at ``slot``: those whose attendance window holds its date (the
    sign-in's list; defined by the records, ``Enrolment.objects.expected_at``)."""
    return Enrolment.objects.expected_at(slot)


# --- Age bands ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeBand:
    code: str
    label: str | Promise
    below: int | None  # the age the band stops before; None: no upper bound
    low: int | None = None  # the youngest age in the band; None: no lower bound
    # The last band of a set has neither: every other age, and an unknown birth date.


# The age-band sets a project may report in (Project.age_bands; docs/indicators.md). Codes are
# those of the JSON; each set ends with its ``other`` band (other ages and unknown birth dates).
AGE_BAND_SETS: dict[str, tuple[AgeBand, ...]] = {
    AgeBandSet.TEENLAB: (
        AgeBand("minor", _("Mineur (moins de 18 ans)"), 18),
        AgeBand("18-23", _("De 18 à 23 ans"), 24, 18),
        AgeBand("24-26", _("De 24 à 26 ans"), 27, 24),
        AgeBand("other", _("Plus de 26 ans ou âge inconnu"), None),
    ),
    AgeBandSet.ESF_PLUS: (
        AgeBand("under-18", _("Moins de 18 ans"), 18),
        AgeBand("18-29", _("De 18 à 29 ans"), 30, 18),
        AgeBand("30-plus", _("30 ans ou plus"), None, 30),
        AgeBand("other", _("Âge inconnu"), None),
    ),
    AgeBandSet.MISSION_LOCALE: (
        AgeBand("16-17", _("De 16 à 17 ans"), 18, 16),
        AgeBand("18-21", _("De 18 à 21 ans"), 22, 18),
        AgeBand("22-25", _("De 22 à 25 ans"), 26, 22),
        AgeBand("other", _("Autre âge ou âge inconnu"), None),
    ),
}
AGE_BANDS = AGE_BAND_SETS[AgeBandSet.TEENLAB]  # TEEN LAB's, the default
# Every code of every set: those a published JSON may hold (reporting.verify).
ALL_AGE_BAND_CODES: tuple[str, ...] = tuple(
    dict.fromkeys(band.code for bands in AGE_BAND_SETS.values() for band in bands)
)


def age_band_label(code: str, *, rules: Rules | None = None) -> str:
    """The label of the band ``code`` in the project's set (the code itself if unknown)."""
    for band in (rules or DEFAULT_RULES).bands:
        if band.code == code:
            return str(band.label)
    return code


class DateNumber(Func):
    """A date as the integer YYYYMMDD (2004-01-10 is 20040110).

    Whole years between two dates are the integer part of the difference of their numbers
    divided by 10 000 (the month and day part only takes a year off before the birthday; born
    on 29 February, one has a birthday on 1 March). SQLite gets it from its own strftime rather
    than from Django's date functions, which SQLite runs as Python, row by row."""

    output_field = IntegerField()
    template = (
        "(EXTRACT(YEAR FROM %(expressions)s) * 10000 + EXTRACT(MONTH FROM %(expressions)s) * 100"
        " + EXTRACT(DAY FROM %(expressions)s))"
    )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(strftime('%%%%Y%%%%m%%%%d', %(expressions)s) AS INTEGER)",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        # date_part gives a double, EXTRACT a numeric: integers from doubles are about twice
        # as quick over a project's enrolments, for the same number.
        return super().as_sql(
            compiler,
            connection,
            template=(
                "(date_part('year', %(expressions)s)::integer * 10000"
                " + date_part('month', %(expressions)s)::integer * 100"
                " + date_part('day', %(expressions)s)::integer)"
            ),
            **extra_context,
        )


def _bounded(band: AgeBand) -> bool:
    return band.below is not None or band.low is not None


def age_band_expression(*, on: str, birth_date: str, rules: Rules | None = None) -> Case:
    """The SQL expression of the age band (in the project's set) of a youth born on
    ``birth_date`` at the date ``on`` (field paths): the set's last band, ``other``, without a
    birth date or outside every other band."""
    bands = (rules or DEFAULT_RULES).bands
    span = DateNumber(on) - DateNumber(birth_date)
    whens = []
    for band in bands:
        if not _bounded(band):
            continue
        conditions: list[GreaterThanOrEqual | LessThan] = []
        if band.low is not None:
            conditions.append(GreaterThanOrEqual(span, band.low * 10_000))
        if band.below is not None:
            conditions.append(LessThan(span, band.below * 10_000))
        whens.append(When(Q(*conditions), then=Value(band.code)))
    return Case(
        When(**{f"{birth_date}__isnull": True}, then=Value(bands[-1].code)),
        *whens,
        default=Value(bands[-1].code),
    )


def age_years_expression(*, on: str, birth_date: str) -> Case:
    """The whole years of age at the date ``on`` of a youth born on ``birth_date`` (field
    paths): None without a birth date, -1 when born after ``on``. The bilan groups its
    recruited by it (a few dozen groups) and names each group's band with ``band_of_years``:
    the date arithmetic runs once per row instead of once per band."""
    span = DateNumber(on) - DateNumber(birth_date)
    return Case(
        When(**{f"{birth_date}__isnull": True}, then=Value(None)),
        When(LessThan(span, 0), then=Value(-1)),
        default=ExpressionWrapper(span / 10_000, output_field=IntegerField()),
        output_field=IntegerField(),
    )


def band_of_years(years: int | None, *, rules: Rules | None = None) -> str:
    """The code of the band (in the project's set) of someone ``years`` old (None: unknown,
    the set's last band), as ``age_band_expression`` puts them."""
    bands = (rules or DEFAULT_RULES).bands
    if years is not None:
        for band in bands:
            if not _bounded(band):
                continue
            if (band.low is None or years >= band.low) and (
                band.below is None or years < band.below
            ):
                return band.code
    return bands[-1].code


def _band_q(band: AgeBand, *, field: str, today: dt.date) -> Q:
    q = Q(**{f"{field}__isnull": False})
    if band.low is not None:
        q &= Q(**{f"{field}__lte": years_before(today, band.low)})
    if band.below is not None:
        q &= Q(**{f"{field}__gt": years_before(today, band.below)})
    return q


def age_band_q(code: str, *, today: dt.date, prefix: str = "", rules: Rules | None = None) -> Q:
    """Youth whose age on ``today`` falls in the band ``code`` of the project's set (all youth
    for an unknown code)."""
    field = f"{prefix}birth_date"
    bands = (rules or DEFAULT_RULES).bands
    for band in bands:
        if band.code != code:
            continue
        if _bounded(band):
            return _band_q(band, field=field, today=today)
        others = Q()
        for other in bands:
            if _bounded(other):
                others |= _band_q(other, field=field, today=today)
        return Q(**{f"{field}__isnull": True}) | ~others
    return Q()


# --- The funnel ---------------------------------------------------------------------------------


def people_counts(enrolments: QuerySet[Enrolment], *, rules: Rules | None = None) -> dict[str, int]:
    """Recruited, completed, early positive exits, in progress and dropouts among
    ``enrolments``: people, not enrolments (a youth who dropped out and came back counts once).
    Each youth is in one state, the first that applies: completed (a completed enrolment),
    early positive exit, in progress, dropout — so the four add up to the recruited. Two
    queries. With ``rules``, also ``completed_with_attendance``: the completed youth with a
    completed enrolment reaching the project's threshold (``reaches_threshold``; the exact
    threshold counts; no slots, no assiduity), read from the enrolments' stored totals in the
    same query."""
    completed = Q(status=EnrolmentStatus.COMPLETED)
    extra = {}
    counted = enrolments
    if rules is not None:
        counted = enrolment_totals(enrolments, rules=rules)
        extra["completed_with_attendance"] = Count(
            "youth",
            distinct=True,
            filter=completed
            & Q(reaches_threshold("attended_minutes", "scheduled_minutes", rules=rules))
            & Q(scheduled_minutes__gt=0),
        )
    counts = counted.aggregate(
        recruited=Count("youth", distinct=True),
        completed=Count("youth", distinct=True, filter=completed),
        **extra,
    )
    completed_elsewhere = Exists(
        enrolments.filter(youth=OuterRef("youth"), status=EnrolmentStatus.COMPLETED)
    )
    early_elsewhere = Exists(
        enrolments.filter(youth=OuterRef("youth"), status=EnrolmentStatus.EARLY_EXIT)
    )
    later = (
        enrolments.filter(status__in=[EnrolmentStatus.EARLY_EXIT, EnrolmentStatus.IN_PROGRESS])
        .filter(~completed_elsewhere)
        .annotate(early=early_elsewhere)
        .aggregate(
            early_exits=Count("youth", distinct=True, filter=Q(early=True)),
            in_progress=Count("youth", distinct=True, filter=Q(early=False)),
        )
    )
    return {
        **({"completed_with_attendance": counts["completed_with_attendance"]} if extra else {}),
        "recruited": counts["recruited"],
        "completed": counts["completed"],
        "early_exits": later["early_exits"],
        "in_progress": later["in_progress"],
        "dropouts": counts["recruited"]
        - counts["completed"]
        - later["early_exits"]
        - later["in_progress"],
    }


def received_count(youth: QuerySet[Youth]) -> int:
    """The youth received (with a ``received_on`` date)."""
    return youth.filter(received_on__isnull=False).count()


# --- Budget by category -------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetRow:
    category: str
    planned: Decimal
    spent: Decimal

    @property
    def label(self) -> str:
        try:
            return str(BudgetCategory(self.category).label)
        except ValueError:
            return self.category

    @property
    def ratio(self) -> float | None:
        return float(self.spent / self.planned) if self.planned else None

    @property
    def over(self) -> bool:
        return self.spent > self.planned

    @property
    def nearly_spent(self) -> bool:
        """Within budget but past ``BUDGET_WARNING`` of it: the dashboard's warning colour."""
        return not self.over and self.planned > 0 and self.spent > self.planned * BUDGET_WARNING

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.spent


@dataclass(frozen=True)
class BudgetByCategory:
    """Planned and spent euros per category (to the cent), in the categories' order; a mapping
    lists only the categories that occur."""

    planned: dict[str, Decimal]
    spent: dict[str, Decimal]

    @property
    def planned_total(self) -> Decimal:
        return sum(self.planned.values(), Decimal(0))

    @property
    def spent_total(self) -> Decimal:
        return sum(self.spent.values(), Decimal(0))

    @property
    def rows(self) -> list[BudgetRow]:
        """One row per category planned or spent (0 where there is none)."""
        zero = Decimal(0)
        codes = _category_order([*self.planned, *self.spent])
        return [
            BudgetRow(
                category=code,
                planned=self.planned.get(code, zero),
                spent=self.spent.get(code, zero),
            )
            for code in codes
        ]

    @property
    def total(self) -> BudgetRow:
        return BudgetRow(category="total", planned=self.planned_total, spent=self.spent_total)


def _category_order(codes: Iterable[str]) -> list[str]:
    present = set(codes)
    known = [code for code in BudgetCategory.values if code in present]
    return [*known, *sorted(present - set(BudgetCategory.values))]


def _money_by_category(queryset: QuerySet, amount: str) -> dict[str, Decimal]:
    rows = dict(
        queryset.order_by()
        .values_list("category")
        .annotate(total=Sum(amount))
        .values_list("category", "total")
    )
    # To the cent: SQLite sums decimals as binary floats (123.45 * 200 = 24689.99999999997).
    return {code: quantize_cents(rows[code]) for code in _category_order(rows)}


def money_by_organisation(queryset: QuerySet, amount: str) -> dict[str, dict[str, Decimal]]:
    """``{organisation code: {category: euros}}`` of budget lines or expenses (one grouped
    query), each mapping in the categories' order."""
    rows: dict[str, dict[str, Decimal]] = {}
    for code, category, total in (
        queryset.order_by()
        .values_list("organisation__code", "category")
        .annotate(total=Sum(amount))
        .values_list("organisation__code", "category", "total")
    ):
        rows.setdefault(code, {})[category] = quantize_cents(total)
    return {
        code: {category: amounts[category] for category in _category_order(amounts)}
        for code, amounts in rows.items()
    }


def quantize_cents(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def budget_by_category(
    *, lines: QuerySet[BudgetLine], expenses: QuerySet[Expense]
) -> BudgetByCategory:
    """Planned euros of ``lines`` and spent euros of ``expenses`` per category (two grouped
    queries): the dashboard's budget, the budget page's and the bilan's."""
    return BudgetByCategory(
        planned=_money_by_category(lines, "planned_eur"),
        spent=_money_by_category(expenses, "amount_eur"),
    )
