"""Reads of the activities pages, each from the account's scope within one project."""

from __future__ import annotations

from django.db.models import QuerySet

from teenlab.activities.models import Cooperation, Event, Exchange, Phase
from teenlab.core import scoping
from teenlab.core.models import Project
from teenlab.core.permissions import COORDINATOR, has_role
from teenlab.training.models import Cohort


def exchange_list(*, user, project: Project) -> list[Exchange]:
    return list(scoping.exchanges_for(user).filter(project=project).order_by("start_date", "code"))


def event_list(*, user, project: Project) -> list[Event]:
    return list(
        scoping.events_for(user)
        .filter(project=project)
        .select_related("cohort", "cohort__organisation")
        .order_by("date", "code")
    )


def phase_list(*, user, project: Project) -> list[Phase]:
    return list(scoping.phases_for(user).filter(project=project).order_by("number"))


def cooperation_list(*, user, project: Project) -> list[Cooperation]:
    return list(scoping.cooperations_for(user).filter(project=project).order_by("name"))


def event_cohorts(*, user, project: Project | None = None) -> QuerySet[Cohort]:
    """Cohorts whose events the account may manage: a coordinator's organisation's, a trainer's
    own (a trainer who is also counsellor manages only the cohorts they teach)."""
    cohorts = scoping.cohorts_for(user)
    if not (scoping.is_global(user) or has_role(user, COORDINATOR)):
        cohorts = cohorts.filter(trainers=user)
    if project is not None:
        cohorts = cohorts.filter(project=project)
    return cohorts.order_by("-start_date", "code")


def editable_events(*, user) -> QuerySet[Event]:
    return scoping.events_for(user).filter(cohort__in=event_cohorts(user=user).values("pk"))


def activity_counts(*, user, project: Project) -> dict[str, int]:
    """How many of each the tabs show (four small queries)."""
    return {
        "exchanges": scoping.exchanges_for(user).filter(project=project).count(),
        "events": scoping.events_for(user).filter(project=project).count(),
        "phases": scoping.phases_for(user).filter(project=project).count(),
        "cooperations": scoping.cooperations_for(user).filter(project=project).count(),
    }
