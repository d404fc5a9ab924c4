"""Reads for the youth and recruitment pages, within the account's scope."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    CharField,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from teenlab.core.choices import OTHER_ZONE
from teenlab.core.models import Project, ResidenceZone
from teenlab.participants.models import InfoSession, Youth


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def youth_zone_annotate(queryset: QuerySet[Youth]) -> QuerySet[Youth]:
    zone = ResidenceZone.objects.filter(project=OuterRef("project_id"), commune=OuterRef("commune"))
    return queryset.annotate(
        zone=Coalesce(
            Subquery(zone.values("zone")[:1]), Value(OTHER_ZONE), output_field=CharField()
        )
    )


def zones_of(project: Project) -> list[str]:
    zones = list(
        ResidenceZone.objects.filter(project=project)
        .order_by("zone")
        .values_list("zone", flat=True)
        .distinct()
    )
    return [*zones, OTHER_ZONE] if OTHER_ZONE not in zones else zones


def info_sessions_list(*, sessions: QuerySet[InfoSession], project: Project) -> list[InfoSession]:
    return list(
        sessions.filter(project=project)
        .annotate(
            came=Count("youth", distinct=True),
            recruited=Count("youth", filter=Q(youth__enrolments__isnull=False), distinct=True),
        )
        .order_by("-date", "code")
    )
