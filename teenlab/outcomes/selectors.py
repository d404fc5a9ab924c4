"""Reads of the outcomes pages: cohorts with their missing outcomes, one cohort's enrolments,
the follow-ups due after leaving."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DateField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from teenlab.core.choices import EnrolmentStatus, FollowUpKind
from teenlab.core.dates import month_end, months_after
from teenlab.core.models import Project
from teenlab.outcomes.models import FollowUp
from teenlab.training.models import Cohort, Enrolment


def outcome_cohorts(
    *, cohorts: QuerySet[Cohort], enrolments: QuerySet[Enrolment], project: Project
) -> list[Cohort]:
    """The ``cohorts`` of ``project`` (those the account sees), with their counts of enrolled
    and of outcomes among the ``enrolments`` the account sees."""
    visible = enrolments.values("pk")
    return list(
        cohorts.filter(project=project)
        .select_related("organisation")
        .annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__in=visible), distinct=True),
            with_outcome=Count(
                "enrolments",
                filter=Q(enrolments__in=visible, enrolments__outcome__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-end_date", "code")
    )


def cohort_for_outcomes(*, cohorts: QuerySet[Cohort]) -> QuerySet[Cohort]:
    """The ``cohorts`` (those the account sees) ready for their outcomes page (fetch one with
    get_object_or_404)."""
    return cohorts.select_related("organisation", "project")


def cohort_outcome_enrolments(
    *, enrolments: QuerySet[Enrolment], cohort: Cohort
) -> list[Enrolment]:
    """Every enrolment of ``cohort`` among ``enrolments`` (those the account sees), with its
    youth and outcome."""
    return list(
        enrolments.filter(cohort__project=cohort.project_id, cohort=cohort)
        .select_related("youth", "outcome")
        .order_by("youth__last_name", "youth__first_name", "pk")
    )


def cohort_has_ended(cohort: Cohort, *, today: dt.date) -> bool:
    return cohort.end_date < today


# --- Follow-ups after leaving (docs/indicators.md, "Situation after leaving") -------------------

# The exit follow-up is due within four weeks of leaving; the other one six months after.
EXIT_FOLLOW_UP_DAYS = 28
SIX_MONTHS = 6


@dataclass(frozen=True)
class DueFollowUp:
    enrolment: Enrolment
    kind: str
    left_on: dt.date
    due_on: dt.date
    overdue: bool

    @property
    def kind_label(self) -> str:
        return str(FollowUpKind(self.kind).label)


@dataclass(frozen=True)
class DueFollowUps:
    """The follow-ups due by the end of the month (and overdue) among the enrolments in scope:
    how many of each kind, and the first ``items`` by due date."""

    exit_count: int
    six_months_count: int
    items: list[DueFollowUp]

    @property
    def count(self) -> int:
        return self.exit_count + self.six_months_count


def follow_ups_due(
    *, enrolments: QuerySet[Enrolment], today: dt.date, items: int = 10
) -> DueFollowUps:
    """The follow-ups to record this month among ``enrolments`` (the scope's), in three queries:
    at exit, as soon as the young person has left (due four weeks later); at six months, when
    that day falls this month or earlier. Overdue: due before ``today``."""
    end = month_end(today)
    left: QuerySet[Any] = (
        enrolments.exclude(status=EnrolmentStatus.IN_PROGRESS)
        .annotate(
            left=Coalesce("left_on", "cohort__end_date", output_field=DateField()),
            **{
                f"has_{kind}": Exists(FollowUp.objects.filter(enrolment=OuterRef("pk"), kind=kind))
                for kind in FollowUpKind.values
            },
        )
        .order_by()
    )
    due: dict[str, Q] = {
        FollowUpKind.EXIT.value: Q(has_exit=False, left__lte=today),
        # Left before this day, six months on falls by the end of the month.
        FollowUpKind.SIX_MONTHS.value: Q(
            has_six_months=False,
            left__lt=months_after(end + dt.timedelta(days=1), -SIX_MONTHS),
        ),
    }
    counts = left.aggregate(**{kind: Count("pk", filter=q) for kind, q in due.items()})
    order = ("left", "youth__last_name", "youth__first_name", "pk")
    rows = []
    for kind, q in due.items():
        for enrolment in left.filter(q).select_related("youth", "cohort").order_by(*order)[:items]:
            if kind == FollowUpKind.EXIT:
                on = enrolment.left + dt.timedelta(days=EXIT_FOLLOW_UP_DAYS)
            else:
                on = months_after(enrolment.left, SIX_MONTHS)
            rows.append(DueFollowUp(enrolment, kind, enrolment.left, on, on < today))
    rows.sort(key=lambda row: (row.due_on, row.enrolment.youth.last_name, row.enrolment.pk))
    return DueFollowUps(counts[FollowUpKind.EXIT], counts[FollowUpKind.SIX_MONTHS], rows[:items])


def follow_up_enrolment(*, enrolments: QuerySet[Enrolment], pk: int) -> QuerySet[Enrolment]:
    """The enrolment ``pk`` among ``enrolments`` (those the account sees), with its youth and
    cohort (fetch it with get_object_or_404)."""
    return enrolments.filter(pk=pk).select_related("youth", "cohort")


def follow_up_of(*, enrolment: Enrolment, kind: str) -> FollowUp | None:
    """The ``kind`` follow-up recorded for ``enrolment``, if any."""
    return (
        FollowUp.objects.of_project(enrolment.cohort.project_id)
        .filter(enrolment=enrolment, kind=kind)
        .first()
    )
