"""Reads for the youth and recruitment pages, within the account's scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
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

from teenlab.core.choices import OTHER_ZONE, ConsentGiver, ConsentKind
from teenlab.core.dates import age_on, minor_on
from teenlab.core.models import Project, ResidenceZone
from teenlab.participants.models import (
    Consent,
    InfoSession,
    RecruitmentDecision,
    SensitiveNote,
    Youth,
)


def youth_zone_annotate(queryset: QuerySet[Youth]) -> QuerySet[Youth]:
    """Youth with their residence ``zone`` (code; ``other`` for a commune not listed) and its
    ``zone_label`` (the zone's label; its code when it has none; empty for ``other``) and
    ``rural`` (the commune's flag; None when not listed or not said)."""
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
        # Whether the commune is a rural area (None: not listed, or not said).
        rural=Subquery(zone.values("rural")[:1], output_field=BooleanField()),
    )


def zone_q(zone: str, *, project: Project) -> Q:
    """Youth of ``project`` whose residence zone (``youth_zone_annotate``'s ``zone``) is
    ``zone``: a filter on the commune against the project's few listed communes (read here,
    one small query), which the database checks row by row without a subquery and estimates
    well."""
    listed = dict(ResidenceZone.objects.filter(project=project).values_list("commune", "zone"))
    in_zone = Q(commune__in=[commune for commune, z in listed.items() if z == zone])
    if zone == OTHER_ZONE:
        return in_zone | ~Q(commune__in=list(listed))
    return in_zone


# How many suggestions a searchable info session field offers as one types.
INFO_SESSION_SUGGESTIONS = 20


def info_session_suggestions(*, project: Project, text: str) -> list[InfoSession]:
    """The latest info sessions of ``project`` whose code contains ``text`` (all of them when
    empty): what the youth form's searchable info session field suggests (its choices are the
    project's sessions)."""
    sessions = InfoSession.objects.filter(project=project).select_related("organisation")
    if text.strip():
        sessions = sessions.filter(code__icontains=text.strip())
    return list(sessions.order_by("-date", "code")[:INFO_SESSION_SUGGESTIONS])


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
    neet = youth.neet_at_entry
    low, high = project.eligible_ages
    return Eligibility(age=age, age_min=low, age_max=high, neet=neet)


def latest_decision(*, youth: Youth) -> RecruitmentDecision | None:
    return youth.decisions.order_by("-decided_on", "-pk").first()


# --- Consent and information at entry (docs/privacy.md, "Consent") ----------------------------


def latest_consents(consents: Iterable[Consent]) -> dict[str, Consent]:
    """The latest record of each kind (by date, then as recorded)."""
    latest: dict[str, Consent] = {}
    for consent in sorted(consents, key=lambda c: (c.given_on or dt.date.min, c.pk or 0)):
        latest[consent.kind] = consent
    return latest


def consents_missing(
    *, minor: bool, latest: dict[str, Consent], guardian_name: str, guardian_contact: str
) -> list[str]:
    """What is missing from a young person's record at entry, in words: the information notice
    and an answer on image rights for everyone; for a minor, the notice given to a parent too,
    the guardian's name and contact and the parents' authorisation to take part."""
    missing = []
    notice = latest.get(ConsentKind.NOTICE)
    if notice is None:
        missing.append(_("notice d'information non remise"))
    elif minor and notice.given_by == ConsentGiver.YOUTH:
        missing.append(_("notice non remise au représentant légal"))
    if ConsentKind.IMAGE_RIGHTS not in latest:
        missing.append(_("droit à l'image non renseigné"))
    if minor:
        if not guardian_name or not guardian_contact:
            missing.append(_("représentant légal ou son contact manquant"))
        if not _granted(latest.get(ConsentKind.PARTICIPATION)):
            missing.append(_("autorisation parentale de participation manquante"))
    return missing


def _granted(consent: Consent | None) -> bool:
    return consent is not None and consent.granted


def travel_authorisation(
    *, consents: Iterable[Consent], start: dt.date, end: dt.date | None
) -> Consent | None:
    """The latest granted *autorisation de sortie du territoire* valid for a stay from
    ``start`` to ``end`` (its last day: ``start`` when it has no end), else None."""
    last_day = end or start
    found = latest_consents(
        c
        for c in consents
        if c.kind == ConsentKind.TRAVEL
        and c.granted
        and c.valid_until is not None
        and c.valid_until >= last_day
    )
    return found.get(ConsentKind.TRAVEL)


def needs_travel_authorisation(*, youth: Youth, start: dt.date, cross_border: bool) -> bool:
    """Whether ``youth`` needs an AST for a stay starting on ``start``: a minor that day, on a
    stay across a border (docs/privacy.md, "Consent")."""
    return cross_border and minor_on(birth_date=youth.birth_date, day=start)


@dataclass(frozen=True)
class ConsentSummary:
    """What the youth's page shows of consents: the latest of each kind, whether the young
    person was a minor at entry, and what is missing."""

    latest: dict[str, Consent]
    minor_at_entry: bool
    missing: list[str]
    history: list[Consent]

    def of(self, kind: str) -> Consent | None:
        return self.latest.get(kind)

    @property
    def notice(self) -> Consent | None:
        return self.latest.get(ConsentKind.NOTICE)

    @property
    def image_rights(self) -> Consent | None:
        return self.latest.get(ConsentKind.IMAGE_RIGHTS)

    @property
    def participation(self) -> Consent | None:
        return self.latest.get(ConsentKind.PARTICIPATION)

    @property
    def travel(self) -> Consent | None:
        return self.latest.get(ConsentKind.TRAVEL)


def consent_summary(*, youth: Youth, entry_date: dt.date | None) -> ConsentSummary:
    """``youth``'s consents (one query); minority at ``entry_date`` (today when not received)."""
    history = list(
        youth.consents.of_project(youth.project_id)
        .select_related("recorded_by")
        .order_by("-given_on", "-pk")
    )
    latest = latest_consents(history)
    minor = minor_on(birth_date=youth.birth_date, day=entry_date or timezone.localdate())
    return ConsentSummary(
        latest=latest,
        minor_at_entry=minor,
        missing=consents_missing(
            minor=minor,
            latest=latest,
            guardian_name=youth.guardian_name,
            guardian_contact=youth.guardian_contact,
        ),
        history=history,
    )


def sensitive_note_of(*, youth: Youth) -> SensitiveNote | None:
    """``youth``'s special-category details; the view journals the read."""
    return SensitiveNote.objects.filter(youth=youth).select_related("updated_by").first()
