"""Reads of the activities pages, each from the account's scope within one project."""

from __future__ import annotations

from django.db.models import QuerySet

from teenlab.activities.models import Cooperation, Event, Exchange, Phase
from teenlab.core.models import Project
from teenlab.training.models import Cohort


def exchange_list(*, exchanges: QuerySet[Exchange], project: Project) -> list[Exchange]:
    return list(exchanges.filter(project=project).order_by("start_date", "code"))


def event_list(*, events: QuerySet[Event], project: Project) -> list[Event]:
    return list(
        events.filter(project=project)
        .select_related("cohort", "cohort__organisation")
        .order_by("date", "code")
    )


def phase_list(*, phases: QuerySet[Phase], project: Project) -> list[Phase]:
    return list(phases.filter(project=project).order_by("number"))


def cooperation_list(*, cooperations: QuerySet[Cooperation], project: Project) -> list[Cooperation]:
    return list(cooperations.filter(project=project).order_by("name"))


def event_cohorts(*, cohorts: QuerySet[Cohort], project: Project | None = None) -> QuerySet[Cohort]:
    """The ``cohorts`` whose events the account may manage (``access.cohorts_run_by``), of
    ``project`` if given, newest first."""
    if project is not None:
        cohorts = cohorts.filter(project=project)
    return cohorts.order_by("-start_date", "code")


def editable_events(*, events: QuerySet[Event], cohorts: QuerySet[Cohort]) -> QuerySet[Event]:
    """The ``events`` (those the account sees) of the ``cohorts`` it runs."""
    return events.filter(cohort__in=event_cohorts(cohorts=cohorts).values("pk"))


def activity_counts(*, visible: dict[str, QuerySet], project: Project) -> dict[str, int]:
    """How many of each the tabs show (four small queries): ``visible`` maps each tab to the
    records the account sees."""
    return {tab: records.filter(project=project).count() for tab, records in visible.items()}
