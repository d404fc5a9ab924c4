"""Reads of the activities pages, each from the account's scope within one project."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from teenlab.activities.models import Cooperation, Event, Exchange, Phase
from teenlab.core.models import Project, User
from teenlab.participants.models import Youth
from teenlab.training.models import Cohort, Enrolment


def exchange_list(*, exchanges: QuerySet[Exchange], project: Project) -> list[Exchange]:
    return list(exchanges.filter(project=project).order_by("start_date", "code"))


def event_list(*, events: QuerySet[Event], project: Project) -> list[Event]:
    return list(
        events.filter(project=project)
        .select_related("cohort", "cohort__organisation")
        .annotate(participant_count=Count("participants"))
        .order_by("date", "code")
    )


def _people(youth: QuerySet[Youth]) -> QuerySet[Youth]:
    return youth.order_by("last_name", "first_name", "code")


def event_youth_choices(*, youth: QuerySet[Youth], cohorts: QuerySet[Cohort]) -> QuerySet[Youth]:
    """The young people (among ``youth``, those the account sees) enrolled in one of
    ``cohorts``: whom an event's form offers, each with ``sessions``, their enrolments in those
    cohorts (the form names the session beside the young person)."""
    enrolled = Enrolment.objects.filter(cohort__in=cohorts.values("pk")).select_related("cohort")
    return _people(
        youth.filter(enrolments__cohort__in=cohorts.values("pk"))
        .distinct()
        .prefetch_related(
            Prefetch("enrolments", queryset=enrolled.order_by("enrolled_on"), to_attr="sessions")
        )
    )


def exchange_youth_choices(*, youth: QuerySet[Youth], project: Project) -> QuerySet[Youth]:
    """The young people of ``project`` among ``youth`` (those the account sees)."""
    return _people(youth.filter(project=project))


def exchange_staff_choices(*, project: Project) -> QuerySet[User]:
    """The active accounts of the project's partner organisations: the staff an exchange's
    form offers."""
    return (
        User.objects.filter(is_active=True, organisation__projects=project)
        .select_related("organisation")
        .order_by("last_name", "first_name", "username")
    )


def participations_per_youth(*, project: Project) -> QuerySet[Youth]:
    """Each young person of ``project`` with ``events`` and ``exchanges``: how many events and
    exchanges they took part in (one grouped query; the funder indicators' count per person,
    docs/indicators.md "Participations")."""
    return Youth.objects.filter(project=project).annotate(
        events=Count("event_participations", distinct=True),
        exchanges=Count("exchange_participations", distinct=True),
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
