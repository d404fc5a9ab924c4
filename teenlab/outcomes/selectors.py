"""Reads of the outcomes pages: cohorts with their missing outcomes, one cohort's enrolments."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from teenlab.core import scoping
from teenlab.core.models import Project
from teenlab.training.models import Cohort, Enrolment


def outcome_cohorts(*, user, project: Project) -> list[Cohort]:
    """The cohorts of ``project`` the account may see, with enrolled and outcome counts."""
    enrolments = scoping.enrolments_for(user).values("pk")
    return list(
        scoping.cohorts_for(user)
        .filter(project=project)
        .select_related("organisation")
        .annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__in=enrolments), distinct=True),
            with_outcome=Count(
                "enrolments",
                filter=Q(enrolments__in=enrolments, enrolments__outcome__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-end_date", "code")
    )


def cohort_for_outcomes(*, user) -> QuerySet[Cohort]:
    """Cohorts whose outcomes page the account may open (fetch one with get_object_or_404)."""
    return scoping.cohorts_for(user).select_related("organisation", "project")


def cohort_outcome_enrolments(*, user, cohort: Cohort) -> list[Enrolment]:
    """Every enrolment of ``cohort`` in the account's scope, with its youth and outcome."""
    return list(
        scoping.enrolments_for(user)
        .filter(cohort=cohort)
        .select_related("youth", "outcome")
        .order_by("youth__last_name", "youth__first_name", "pk")
    )


def cohort_has_ended(cohort: Cohort, *, today: dt.date) -> bool:
    return cohort.end_date < today
