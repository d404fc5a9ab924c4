"""Reads for the dashboard: SQL aggregates, a fixed number of queries.

Every figure comes from :mod:`teenlab.reporting.indicators`, as the bilan's do. "So far" figures
only count slots dated before ``today`` (today's attendance may not be taken yet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from teenlab.access import FigureScope
from teenlab.core.choices import EnrolmentStatus
from teenlab.core.models import Project
from teenlab.finance.models import BudgetLine, Expense
from teenlab.outcomes.models import Outcome
from teenlab.participants.models import Youth
from teenlab.reporting import indicators
from teenlab.training.models import Attendance, Enrolment, Slot

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
        youth = youth.filter(Q(organisation_id=scope.organisation_id))
    elif scope.kind == "cohorts":
        youth = youth.filter(pk__in=_enrolments_in(scope).values("youth_id"))
    return youth


def funnel_build(*, scope: FigureScope) -> dict[str, int | None]:
    """received, recruited, completed, early_exits, dropouts, in_progress — counted per
    youth, as the bilan counts them (``indicators.people_counts``).

    ``received`` is None for a trainer's scope: reception happens before any cohort.
    """
    people = indicators.people_counts(_enrolments_in(scope))
    received = None if scope.kind == "cohorts" else indicators.received_count(_youth_in(scope))
    return {"received": received, **people}


# --- Alerts -------------------------------------------------------------------------------------


@dataclass
class Alert:
    count: int
    items: list = field(default_factory=list)


def project_rules(scope: FigureScope) -> indicators.Rules:
    """The rules of the scope's project (threshold, excused absences, age bands)."""
    return indicators.rules_of(Project.objects.get(pk=scope.project_id))


def _active_enrolments(
    scope: FigureScope, *, today: dt.date, rules: indicators.Rules | None
) -> QuerySet[Any]:
    """In-progress enrolments with the attendance indicator's annotations, by the project's
    rules (read here when not given)."""
    return indicators.enrolment_attendance_annotate(
        _enrolments_in(scope).filter(status=EnrolmentStatus.IN_PROGRESS),
        today=today,
        rules=rules or project_rules(scope),
    ).select_related("youth", "cohort")


def low_attendance_enrolments(
    *, scope: FigureScope, today: dt.date, rules: indicators.Rules | None = None
) -> QuerySet[Enrolment]:
    """In-progress enrolments whose attendance so far is under the project's threshold."""
    return (
        _active_enrolments(scope, today=today, rules=rules)
        .filter(scheduled_past__gt=0, reaches_threshold=False)
        .order_by("attendance_rate", "youth__last_name", "pk")
    )


def unreachable_attendance_enrolments(
    *, scope: FigureScope, today: dt.date, rules: indicators.Rules | None = None
) -> QuerySet[Enrolment]:
    """In-progress enrolments that cannot reach the project's threshold even attending every
    remaining slot."""
    rules = rules or project_rules(scope)
    best = F("attended_past") + F("scheduled_minutes") - F("scheduled_past")
    return (
        _active_enrolments(scope, today=today, rules=rules)
        .filter(scheduled_minutes__gt=0)
        .exclude(indicators.reaches_threshold(best, "scheduled_minutes", rules=rules))
        .order_by("attendance_rate", "youth__last_name", "pk")
    )


def cohorts_missing_attendance(*, scope: FigureScope, today: dt.date) -> QuerySet:
    """Per cohort, its past slots with no attendance recorded at all (values rows)."""
    return (
        Slot.objects.scheduled()
        .filter(scope.cohort_q("cohort__"), date__lt=today)
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


def budget_by_category(*, scope: FigureScope) -> list[indicators.BudgetRow] | None:
    """Planned and spent euros per category (``indicators.budget_by_category``, as the bilan);
    None outside a money scope."""
    q = scope.budget_q()
    if q is None:
        return None
    return indicators.budget_by_category(
        lines=BudgetLine.objects.filter(q), expenses=Expense.objects.filter(q)
    ).rows


# --- The dashboard ------------------------------------------------------------------------------


@dataclass
class Dashboard:
    scope: FigureScope
    funnel: dict
    low_attendance: Alert
    unreachable: Alert
    missing_attendance: Alert
    missing_outcome: Alert
    budget: list[indicators.BudgetRow] | None
    with_names: bool
    rules: indicators.Rules = indicators.DEFAULT_RULES

    @property
    def threshold(self) -> int:
        """The project's attendance threshold in percent (the alerts' titles)."""
        return self.rules.threshold_percent

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
    rules = project_rules(scope)
    return Dashboard(
        scope=scope,
        rules=rules,
        funnel=funnel_build(scope=scope),
        low_attendance=_alert(
            low_attendance_enrolments(scope=scope, today=today, rules=rules),
            with_names=with_names,
        ),
        unreachable=_alert(
            unreachable_attendance_enrolments(scope=scope, today=today, rules=rules),
            with_names=with_names,
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
