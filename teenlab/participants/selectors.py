"""Reads for the youth and recruitment pages, within the account's scope."""

from __future__ import annotations

from dataclasses import dataclass

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
from django.utils import timezone
from django.utils.translation import gettext as _

from teenlab.core.choices import NEET_SITUATIONS, OTHER_ZONE, Situation
from teenlab.core.dates import age_on
from teenlab.core.models import Project, ResidenceZone
from teenlab.participants.models import InfoSession, RecruitmentDecision, Youth


def youth_zone_annotate(queryset: QuerySet[Youth]) -> QuerySet[Youth]:
    """Youth with their residence ``zone`` (code; ``other`` for a commune not listed) and its
    ``zone_label`` (the zone's label; its code when it has none; empty for ``other``)."""
    zone = ResidenceZone.objects.filter(project=OuterRef("project_id"), commune=OuterRef("commune"))
    return queryset.annotate(
        zone=Coalesce(
            Subquery(zone.values("zone")[:1]), Value(OTHER_ZONE), output_field=CharField()
        ),
        zone_label=Coalesce(
            Subquery(zone.exclude(label="").values("label")[:1]),
            Subquery(zone.values("zone")[:1]),
            Value(""),
            output_field=CharField(),
        ),
    )


def other_zone_label() -> str:
    """What pages print for a commune no zone lists."""
    return _("Autre commune ou commune inconnue")


def zones_of(project: Project) -> list[tuple[str, str]]:
    """``(code, label)`` of the project's residence zones by code, ``other`` last: what the
    pages print for a zone is its label (its code when it has none), never a bare code."""
    labels: dict[str, str] = {}
    for zone, label in (
        ResidenceZone.objects.filter(project=project)
        .order_by("zone", "commune")
        .values_list("zone", "label")
    ):
        if not labels.get(zone):
            labels[zone] = label
    zones = [(zone, label or zone) for zone, label in labels.items() if zone != OTHER_ZONE]
    return [*zones, (OTHER_ZONE, labels.get(OTHER_ZONE) or other_zone_label())]


def info_sessions_list(*, sessions: QuerySet[InfoSession], project: Project) -> list[InfoSession]:
    return list(
        sessions.filter(project=project)
        .annotate(
            came=Count("youth", distinct=True),
            recruited=Count("youth", filter=Q(youth__enrolments__isnull=False), distinct=True),
        )
        .order_by("-date", "code")
    )


# --- Eligibility at entry and recruitment decisions ------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    """Whether a young person met the programme's entry criteria on the day they were received:
    age within the project's range, and NEET (neither in employment nor in education or
    training). ``None`` where the record does not say (no birth date, situation unknown)."""

    age: int | None
    age_min: int
    age_max: int
    neet: bool | None

    @property
    def age_ok(self) -> bool | None:
        return None if self.age is None else self.age_min <= self.age <= self.age_max

    @property
    def eligible(self) -> bool | None:
        checks = (self.age_ok, self.neet)
        if False in checks:
            return False
        return None if None in checks else True

    @property
    def problems(self) -> list[str]:
        """What makes the young person ineligible, in words (empty when eligible or unknown)."""
        found = []
        if self.age_ok is False:
            found.append(
                _("%(age)d ans à l'accueil, hors de la tranche de %(min)d à %(max)d ans")
                % {"age": self.age, "min": self.age_min, "max": self.age_max}
            )
        if self.neet is False:
            found.append(_("en emploi ou en formation à l'entrée (pas NEET)"))
        return found

    @property
    def unknowns(self) -> list[str]:
        found = []
        if self.age_ok is None:
            found.append(_("âge à l'accueil inconnu"))
        if self.neet is None:
            found.append(_("situation à l'entrée inconnue"))
        return found


def eligibility(*, youth: Youth, project: Project) -> Eligibility:
    """``youth``'s eligibility under ``project``'s rules, on the day received (today if not yet
    received)."""
    day = youth.received_on or timezone.localdate()
    age = age_on(birth_date=youth.birth_date, day=day) if youth.birth_date else None
    situation = youth.situation_at_entry
    neet = None if situation in ("", Situation.UNKNOWN) else situation in NEET_SITUATIONS
    low, high = project.eligible_ages
    return Eligibility(age=age, age_min=low, age_max=high, neet=neet)


def latest_decision(*, youth: Youth) -> RecruitmentDecision | None:
    return youth.decisions.order_by("-decided_on", "-pk").first()
