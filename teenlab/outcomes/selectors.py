"""Reads of the outcomes pages: cohorts with their missing outcomes, one cohort's enrolments."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from teenlab.core.models import Project
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
