"""Reads for the dashboard: SQL aggregates, a fixed number of queries.

Attendance follows spec/indicators.md (see
:func:`teenlab.training.selectors.enrolment_attendance_annotate`). "So far" figures only count
slots dated before ``today`` (today's attendance may not be taken yet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from teenlab.core.choices import BudgetCategory, EnrolmentStatus
from teenlab.core.scoping import FigureScope
from teenlab.finance.models import BudgetLine, Expense
from teenlab.outcomes.models import Outcome
from teenlab.participants.models import Youth
from teenlab.training.models import Attendance, Enrolment, Slot
from teenlab.training.selectors import enrolment_attendance_annotate

ALERT_ITEMS = 8  # names listed per alert on the dashboard; the count is always complete


# --- The funnel ---------------------------------------------------------------------------------


def _enrolments_in(scope: FigureScope) -> QuerySet[Enrolment]:
    enrolments = Enrolment.objects.filter(scope.cohort_q("cohort__"))
    if scope.kind == "organisation":
        enrolments = enrolments.filter(youth__organisation_id=scope.organisation_id)
    return enrolments


def _youth_in(scope: FigureScope) -> QuerySet[Youth]:
    youth = Youth.objects.filter(project_id=scope.project_id)
    if scope.kind == "organisation":
        youth = youth.filter(organisation_id=scope.organisation_id)
    elif scope.kind == "cohorts":
        youth = youth.filter(pk__in=_enrolments_in(scope).values("youth_id"))
    return youth


def funnel_build(*, scope: FigureScope) -> dict[str, int | None]:
    """received, recruited, completed, dropouts, in_progress — counted per youth (one query).

    ``received`` is None for a trainer's scope: reception happens before any cohort.
    """
    enrolments = _enrolments_in(scope)
    mine = enrolments.filter(youth=OuterRef("pk"))
    youth = _youth_in(scope).annotate(
        is_recruited=Exists(mine),
        has_completed=Exists(mine.filter(status=EnrolmentStatus.COMPLETED)),
        has_active=Exists(mine.filter(status=EnrolmentStatus.IN_PROGRESS)),
    )
    figures = youth.aggregate(
        received=Count("pk", filter=Q(received_on__isnull=False)),
        recruited=Count("pk", filter=Q(is_recruited=True)),
        completed=Count("pk", filter=Q(is_recruited=True, has_completed=True)),
        in_progress=Count("pk", filter=Q(is_recruited=True, has_completed=False, has_active=True)),
        dropouts=Count("pk", filter=Q(is_recruited=True, has_completed=False, has_active=False)),
    )
    if scope.kind == "cohorts":
        figures["received"] = None
    return figures


# --- Alerts -------------------------------------------------------------------------------------


@dataclass
class Alert:
    count: int
    items: list = field(default_factory=list)


def _active_enrolments(scope: FigureScope, *, today: dt.date) -> QuerySet[Enrolment]:
    return enrolment_attendance_annotate(
        _enrolments_in(scope).filter(status=EnrolmentStatus.IN_PROGRESS), today=today
    ).select_related("youth", "cohort")


def low_attendance_enrolments(*, scope: FigureScope, today: dt.date) -> QuerySet[Enrolment]:
    """In-progress enrolments whose attendance so far is under 80 %."""
    return (
        _active_enrolments(scope, today=today)
        .filter(scheduled_past__gt=0)
        .alias(five_attended=F("attended_past") * 5, four_scheduled=F("scheduled_past") * 4)
        .filter(five_attended__lt=F("four_scheduled"))
        .order_by("attendance_rate", "youth__last_name", "pk")
    )


def unreachable_attendance_enrolments(*, scope: FigureScope, today: dt.date) -> QuerySet[Enrolment]:
    """In-progress enrolments that cannot reach 80 % even attending every remaining slot."""
    return (
        _active_enrolments(scope, today=today)
        .filter(scheduled_minutes__gt=0)
        .alias(
            five_best=(F("attended_past") + F("scheduled_minutes") - F("scheduled_past")) * 5,
            four_scheduled=F("scheduled_minutes") * 4,
        )
        .filter(five_best__lt=F("four_scheduled"))
        .order_by("attendance_rate", "youth__last_name", "pk")
    )


def cohorts_missing_attendance(*, scope: FigureScope, today: dt.date) -> QuerySet:
    """Per cohort, its past slots with no attendance recorded at all (values rows)."""
    return (
        Slot.objects.filter(scope.cohort_q("cohort__"), date__lt=today)
        .filter(~Exists(Attendance.objects.filter(slot=OuterRef("pk"))))
        .order_by()
        .values("cohort_id", "cohort__code", "cohort__name")
        .annotate(missing=Count("pk"))
        .order_by("-missing", "cohort__code")
    )


def enrolments_missing_outcome(*, scope: FigureScope, today: dt.date) -> QuerySet[Enrolment]:
    """Each youth's latest enrolment whose cohort has ended and that has no outcome yet."""
    later = Enrolment.objects.filter(
        youth=OuterRef("youth_id"), enrolled_on__gt=OuterRef("enrolled_on")
    )
    return (
        _enrolments_in(scope)
        .filter(cohort__end_date__lt=today)
        .filter(~Exists(Outcome.objects.filter(enrolment=OuterRef("pk"))))
        .filter(~Exists(later))
        .select_related("youth", "cohort")
        .order_by("cohort__end_date", "youth__last_name", "pk")
    )


def _alert(queryset, *, with_names: bool) -> Alert:
    count = queryset.count()
    items = list(queryset[:ALERT_ITEMS]) if with_names and count else []
    return Alert(count=count, items=items)


# --- Budget -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetRow:
    category: str
    label: str
    planned: Decimal
    spent: Decimal

    @property
    def ratio(self) -> float | None:
        return float(self.spent / self.planned) if self.planned else None

    @property
    def over(self) -> bool:
        return self.spent > self.planned


def budget_by_category(*, scope: FigureScope) -> list[BudgetRow] | None:
    """Planned and spent euros per category (two queries); None outside a money scope."""
    q = scope.budget_q()
    if q is None:
        return None
    planned = dict(
        BudgetLine.objects.filter(q)
        .order_by()
        .values("category")
        .annotate(total=Sum("planned_eur"))
        .values_list("category", "total")
    )
    spent = dict(
        Expense.objects.filter(q)
        .order_by()
        .values("category")
        .annotate(total=Sum("amount_eur"))
        .values_list("category", "total")
    )
    zero = Decimal("0")
    return [
        BudgetRow(
            category=category,
            label=str(label),
            planned=planned.get(category) or zero,
            spent=spent.get(category) or zero,
        )
        for category, label in BudgetCategory.choices
        if category in planned or category in spent
    ]


# --- The dashboard ------------------------------------------------------------------------------


@dataclass
class Dashboard:
    scope: FigureScope
    funnel: dict
    low_attendance: Alert
    unreachable: Alert
    missing_attendance: Alert
    missing_outcome: Alert
    budget: list[BudgetRow] | None
    with_names: bool

    @property
    def budget_totals(self) -> tuple[Decimal, Decimal] | None:
        if self.budget is None:
            return None
        return (
            sum((r.planned for r in self.budget), Decimal(0)),
            sum((r.spent for r in self.budget), Decimal(0)),
        )


def dashboard_build(*, scope: FigureScope, today: dt.date, with_names: bool) -> Dashboard:
    """Everything the dashboard shows, in a number of queries that does not grow with the data.

    ``with_names`` is False for partners and auditors: they get the counts, never who.
    """
    # One row per cohort (a handful), summed here rather than in a second query.
    missing_rows = list(cohorts_missing_attendance(scope=scope, today=today))
    return Dashboard(
        scope=scope,
        funnel=funnel_build(scope=scope),
        low_attendance=_alert(
            low_attendance_enrolments(scope=scope, today=today), with_names=with_names
        ),
        unreachable=_alert(
            unreachable_attendance_enrolments(scope=scope, today=today), with_names=with_names
        ),
        missing_attendance=Alert(
            count=sum(row["missing"] for row in missing_rows),
            items=missing_rows if with_names else [],
        ),
        missing_outcome=_alert(
            enrolments_missing_outcome(scope=scope, today=today), with_names=with_names
        ),
        budget=budget_by_category(scope=scope),
        with_names=with_names,
    )
