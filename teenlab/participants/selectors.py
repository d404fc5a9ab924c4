"""Reads for the youth and recruitment pages, within the account's scope."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import OTHER_ZONE, EnrolmentStatus
from teenlab.core.models import Project, ResidenceZone
from teenlab.participants.models import InfoSession, Youth
from teenlab.training.models import Cohort, Enrolment

RECEIVED = "received"
YOUTH_STATUSES = (
    (RECEIVED, _("Reçu, pas encore recruté")),
    (EnrolmentStatus.IN_PROGRESS.value, _("En parcours")),
    (EnrolmentStatus.COMPLETED.value, _("Parcours terminé")),
    (EnrolmentStatus.DROPPED_OUT.value, _("Abandon")),
)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def youth_status_annotate(queryset: QuerySet[Youth]) -> QuerySet[Youth]:
    """``journey``: received / in_progress / completed / dropped_out, as the funnel counts."""
    mine = Enrolment.objects.filter(youth=OuterRef("pk"))
    return queryset.annotate(
        journey=Case(
            When(Exists(mine.filter(status=EnrolmentStatus.COMPLETED)), then=Value("completed")),
            When(
                Exists(mine.filter(status=EnrolmentStatus.IN_PROGRESS)), then=Value("in_progress")
            ),
            When(Exists(mine), then=Value("dropped_out")),
            default=Value(RECEIVED),
            output_field=CharField(),
        )
    )


def youth_zone_annotate(queryset: QuerySet[Youth]) -> QuerySet[Youth]:
    zone = ResidenceZone.objects.filter(project=OuterRef("project_id"), commune=OuterRef("commune"))
    return queryset.annotate(
        zone=Coalesce(
            Subquery(zone.values("zone")[:1]), Value(OTHER_ZONE), output_field=CharField()
        )
    )


def youth_search(
    *,
    youth: QuerySet[Youth],
    project: Project,
    text: str = "",
    cohort: Cohort | None = None,
    status: str = "",
    zone: str = "",
) -> QuerySet[Youth]:
    """The youth list: scoped, searched, filtered, with status, zone and their cohorts (the age
    band filter is an indicator: the view applies ``indicators.age_band_q``)."""
    youth = youth.filter(project=project)
    for word in text.split():
        youth = youth.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(code__icontains=word)
        )
    if cohort is not None:
        youth = youth.filter(enrolments__cohort=cohort)
    youth = youth_zone_annotate(youth_status_annotate(youth))
    if status:
        youth = youth.filter(Q(journey=status))
    if zone:
        youth = youth.filter(Q(zone=zone))
    return youth.prefetch_related(
        Prefetch(
            "enrolments",
            queryset=Enrolment.objects.select_related("cohort").order_by("enrolled_on"),
        )
    ).order_by("last_name", "first_name", "code")


def zones_of(project: Project) -> list[str]:
    zones = list(
        ResidenceZone.objects.filter(project=project)
        .order_by("zone")
        .values_list("zone", flat=True)
        .distinct()
    )
    return [*zones, OTHER_ZONE] if OTHER_ZONE not in zones else zones


def youth_enrolments(*, enrolments: QuerySet[Enrolment], youth: Youth) -> QuerySet[Enrolment]:
    """A young person's ``enrolments`` (those the account sees), with their outcome (the view
    adds the attendance indicator: ``indicators.enrolment_attendance_annotate``)."""
    return (
        enrolments.filter(youth=youth)
        .select_related("cohort", "outcome")
        .order_by("enrolled_on", "pk")
    )


def recruitable_cohorts(*, cohorts: QuerySet[Cohort], project: Project) -> QuerySet[Cohort]:
    return cohorts.filter(project=project).order_by("-start_date", "code")


def info_sessions_list(*, sessions: QuerySet[InfoSession], project: Project) -> list[InfoSession]:
    return list(
        sessions.filter(project=project)
        .annotate(
            came=Count("youth", distinct=True),
            recruited=Count("youth", filter=Q(youth__enrolments__isnull=False), distinct=True),
        )
        .order_by("-date", "code")
    )


def youth_awaiting_decision(*, youth: QuerySet[Youth], project: Project) -> QuerySet[Youth]:
    """Among ``youth`` (those the account sees), those received and not yet recruited into any
    cohort, oldest first."""
    return (
        youth.filter(project=project, received_on__isnull=False)
        .filter(~Exists(Enrolment.objects.filter(youth=OuterRef("pk"))))
        .select_related("info_session")
        .order_by("received_on", "last_name", "pk")
    )


def info_session_attendees(*, youth: QuerySet[Youth], session: InfoSession) -> list[Youth]:
    return list(
        youth_status_annotate(youth.filter(info_session=session)).order_by(
            "last_name", "first_name"
        )
    )
