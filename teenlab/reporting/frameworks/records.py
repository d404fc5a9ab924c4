"""The records the funders' indicators read, in a scope (the bilan's scopes and rules).

- project: the project's records;
- organisation: the partner's (an enrolment when both its youth and its cohort are the
  partner's, as in the bilan; exchanges whose origin or destination is the partner's country);
- cohort: the cohort's enrolments and events; exchanges and partners are None (they belong to
  the project, not to a cohort).
"""

from __future__ import annotations

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from teenlab.activities.models import Event, EventParticipant, Exchange, ExchangeParticipant
from teenlab.core.choices import EnrolmentStatus, LabourStatus, Situation
from teenlab.core.models import ProjectPartner, ResidenceZone
from teenlab.outcomes.models import FollowUp
from teenlab.reporting import indicators
from teenlab.reporting.scoping import ResolvedScope
from teenlab.reporting.selectors import _enrolments_in_scope, _first_in_scope
from teenlab.training.models import Enrolment


def enrolments(scope: ResolvedScope) -> QuerySet[Enrolment]:
    """Every enrolment of the scope: one person in one training session."""
    return _enrolments_in_scope(scope.project, scope.organisation, scope.cohort)


def exchange_participants(scope: ResolvedScope) -> QuerySet[ExchangeParticipant] | None:
    """Everyone who took part in an exchange of the scope (young people and staff)."""
    if scope.cohort is not None:
        return None
    rows = ExchangeParticipant.objects.filter(exchange__project=scope.project)
    if scope.organisation is not None:
        country = scope.organisation.country
        rows = rows.filter(Q(exchange__origin=country) | Q(exchange__destination=country))
    return rows


def exchanges_counted(scope: ResolvedScope) -> QuerySet[Exchange] | None:
    """The exchanges of the scope that list no participant, with their head count
    (``heads``: young people and staff, 0 when not given)."""
    if scope.cohort is not None:
        return None
    rows = Exchange.objects.filter(project=scope.project, participants__isnull=True)
    if scope.organisation is not None:
        country = scope.organisation.country
        rows = rows.filter(Q(origin=country) | Q(destination=country))
    return rows.annotate(
        heads=Coalesce("youth_count", Value(0)) + Coalesce("staff_count", Value(0))
    )


def events_without_participants(scope: ResolvedScope) -> QuerySet[Event]:
    return events(scope).filter(participants__isnull=True)


def events(scope: ResolvedScope) -> QuerySet[Event]:
    """The events of the scope's cohorts (the bilan's ``events``)."""
    rows = Event.objects.filter(cohort__project=scope.project)
    if scope.organisation is not None:
        rows = rows.filter(cohort__organisation=scope.organisation)
    if scope.cohort is not None:
        rows = rows.filter(cohort=scope.cohort)
    return rows


def event_participants(scope: ResolvedScope) -> QuerySet[EventParticipant]:
    return EventParticipant.objects.filter(event__in=events(scope))


def partners(scope: ResolvedScope) -> QuerySet[ProjectPartner] | None:
    """The project's partners (lead, partners, associated); a partner's scope: itself."""
    if scope.cohort is not None:
        return None
    rows = ProjectPartner.objects.filter(project=scope.project)
    if scope.organisation is not None:
        rows = rows.filter(organisation=scope.organisation)
    return rows


def _rural(scope: ResolvedScope, prefix: str) -> Case | Value:
    """``yes``/``no``/``""`` (not said) of a young person's commune, from the project's zones
    (one small query: its communes are listed in the expression)."""
    flagged: dict[bool, list[str]] = {True: [], False: []}
    for commune, rural in ResidenceZone.objects.filter(
        project=scope.project, rural__isnull=False
    ).values_list("commune", "rural"):
        flagged[bool(rural)].append(commune)
    whens = [
        When(**{f"{prefix}commune__in": names}, then=Value("yes" if rural else "no"))
        for rural, names in flagged.items()
        if names
    ]
    return Case(*whens, default=Value("")) if whens else Value("")


def _labour(prefix: str) -> Case:
    """A young person's labour-market status at entry: the recorded status, else the one the
    situation at entry implies (a student is inactive); ``""`` when neither says."""
    status = f"{prefix}labour_status"
    situation = f"{prefix}situation_at_entry"
    return Case(
        When(~Q(**{status: ""}), then=F(status)),
        When(**{situation: Situation.UNEMPLOYED}, then=Value(LabourStatus.UNEMPLOYED.value)),
        When(
            **{f"{situation}__in": [Situation.INACTIVE, Situation.IN_EDUCATION]},
            then=Value(LabourStatus.INACTIVE.value),
        ),
        When(**{situation: Situation.EMPLOYED}, then=Value(LabourStatus.EMPLOYED.value)),
        default=Value(""),
    )


def participants(scope: ResolvedScope) -> QuerySet[Enrolment]:
    """Each participant once (ESF+): their first enrolment in scope, annotated with their
    situation at entry (``labour``), their age span at entry (``age_span``: YYYYMMDD
    difference, whole years = span // 10 000) and their commune's ``rural`` flag."""
    return _first_in_scope(enrolments(scope)).annotate(
        labour=_labour("youth__"),
        age_span=indicators.DateNumber("enrolled_on") - indicators.DateNumber("youth__birth_date"),
        rural=_rural(scope, "youth__"),
    )


def leavers(scope: ResolvedScope) -> QuerySet[Enrolment]:
    """Each participant who left the operation once: their latest enrolment in scope, when
    none of their enrolments in scope is in progress."""
    in_scope = enrolments(scope)
    later = in_scope.filter(youth=OuterRef("youth")).filter(
        Q(enrolled_on__gt=OuterRef("enrolled_on"))
        | Q(enrolled_on=OuterRef("enrolled_on"), pk__gt=OuterRef("pk"))
    )
    still_in = in_scope.filter(youth=OuterRef("youth"), status=EnrolmentStatus.IN_PROGRESS)
    return in_scope.filter(~Exists(later), ~Exists(still_in))


def follow_ups(scope: ResolvedScope) -> QuerySet[FollowUp]:
    """The follow-ups (at exit and at six months) of the participants who left, of their
    latest enrolment."""
    return FollowUp.objects.filter(enrolment__in=leavers(scope))


def trainees(scope: ResolvedScope) -> QuerySet[Enrolment]:
    """The enrolments with slots in their window, with their attended minutes (the bilan's
    trainee-hours: stored totals, hours as attended)."""
    return (
        indicators.enrolment_totals(enrolments(scope))
        .filter(slots__gt=0)
        .annotate(labour=_labour("youth__"))
    )
