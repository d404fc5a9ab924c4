"""Reads for the dashboard: SQL aggregates, a fixed number of queries.

Every figure comes from :mod:`teenlab.reporting.indicators`, as the bilan's do. "So far" figures
only count slots dated before ``today`` (today's attendance may not be taken yet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from teenlab.access import FigureScope
from teenlab.activities.models import ExchangeParticipant
from teenlab.core.choices import ConsentGiver, ConsentKind, EnrolmentStatus
from teenlab.core.models import Project
from teenlab.finance.models import BudgetLine, Expense
from teenlab.outcomes.models import Outcome
from teenlab.participants.models import Consent, Youth
from teenlab.reporting import indicators
from teenlab.training.models import Attendance, Enrolment, Slot
from teenlab.training.selectors import youth_entry_annotate

ALERT_ITEMS = 8  # names listed per alert on the dashboard; the count is always complete


# --- The funnel ---------------------------------------------------------------------------------


def _enrolments_in(scope: FigureScope) -> QuerySet[Enrolment]:
    enrolments = Enrolment.objects.filter(scope.cohort_q("cohort__"))
    if scope.kind == "organisation":
        enrolments = enrolments.filter(youth__organisation_id=scope.organisation_id)
    return enrolments


def _youth_in(scope: FigureScope) -> QuerySet[Youth]:
    youth = Youth.objects.filter(project_id=scope.project_id)
    if scope.kind == "organisation":
        youth = youth.filter(Q(organisation_id=scope.organisation_id))
    elif scope.kind == "cohorts":
        youth = youth.filter(pk__in=_enrolments_in(scope).values("youth_id"))
    return youth


def funnel_build(*, scope: FigureScope) -> dict[str, int | None]:
    """received, recruited, completed, early_exits, dropouts, in_progress — counted per
    youth, as the bilan counts them (``indicators.people_counts``).

    ``received`` is None for a trainer's scope: reception happens before any cohort.
    """
    people = indicators.people_counts(_enrolments_in(scope))
    received = None if scope.kind == "cohorts" else indicators.received_count(_youth_in(scope))
    return {"received": received, **people}


# --- Alerts -------------------------------------------------------------------------------------


@dataclass
class Alert:
    count: int
    items: list = field(default_factory=list)


def project_rules(scope: FigureScope) -> indicators.Rules:
    """The rules of the scope's project (threshold, excused absences, age bands)."""
    return indicators.rules_of(Project.objects.get(pk=scope.project_id))


def _active_enrolments(
    scope: FigureScope, *, today: dt.date, rules: indicators.Rules | None
) -> QuerySet[Any]:
    """In-progress enrolments with the attendance indicator's annotations, by the project's
    rules (read here when not given)."""
    return indicators.enrolment_attendance_annotate(
        _enrolments_in(scope).filter(status=EnrolmentStatus.IN_PROGRESS),
        today=today,
        rules=rules or project_rules(scope),
    ).select_related("youth", "cohort")


def low_attendance_enrolments(
    *, scope: FigureScope, today: dt.date, rules: indicators.Rules | None = None
) -> QuerySet[Enrolment]:
    """In-progress enrolments whose attendance so far is under the project's threshold."""
    return (
        _active_enrolments(scope, today=today, rules=rules)
        .filter(scheduled_past__gt=0, reaches_threshold=False)
        .order_by("attendance_rate", "youth__last_name", "pk")
    )


def unreachable_attendance_enrolments(
    *, scope: FigureScope, today: dt.date, rules: indicators.Rules | None = None
) -> QuerySet[Enrolment]:
    """In-progress enrolments that cannot reach the project's threshold even attending every
    remaining slot."""
    rules = rules or project_rules(scope)
    best = F("attended_past") + F("scheduled_minutes") - F("scheduled_past")
    return (
        _active_enrolments(scope, today=today, rules=rules)
        .filter(scheduled_minutes__gt=0)
        .exclude(indicators.reaches_threshold(best, "scheduled_minutes", rules=rules))
        .order_by("attendance_rate", "youth__last_name", "pk")
    )


def cohorts_missing_attendance(*, scope: FigureScope, today: dt.date) -> QuerySet:
    """Per cohort, its past slots with no attendance recorded at all (values rows)."""
    return (
        Slot.objects.scheduled()
        .filter(scope.cohort_q("cohort__"), date__lt=today)
        .filter(~Exists(Attendance.objects.filter(slot=OuterRef("pk"))))
        .order_by()
        .values("cohort_id", "cohort__code", "cohort__name")
        .annotate(missing=Count("pk"))
        .order_by("-missing", "cohort__code")
    )


def enrolments_missing_outcome(*, scope: FigureScope, today: dt.date) -> QuerySet[Enrolment]:
    """Each youth's latest enrolment whose cohort has ended and that has no outcome yet."""
    later = Enrolment.objects.filter(
        youth=OuterRef("youth_id"), enrolled_on__gt=OuterRef("enrolled_on")
    )
    return (
        _enrolments_in(scope)
        .filter(cohort__end_date__lt=today)
        .filter(~Exists(Outcome.objects.filter(enrolment=OuterRef("pk"))))
        .filter(~Exists(later))
        .select_related("youth", "cohort")
        .order_by("cohort__end_date", "youth__last_name", "pk")
    )


# --- Consents to record (docs/privacy.md, "Consent") ------------------------------------------


def _day_number(expression) -> Any:
    """A date as the number YYYYMMDD: two of them differ by less than 180000 when the later is
    before the 18th birthday of the earlier (the same rule as ``core.dates.minor_on``)."""
    return ExtractYear(expression) * 10000 + ExtractMonth(expression) * 100 + ExtractDay(expression)


ADULT_GAP = 180000  # 18 years in _day_number's units


def _consent(kind: str, **filters) -> Exists:
    return Exists(Consent.objects.filter(youth=OuterRef("pk"), kind=kind, **filters))


def _travel_without_authorisation(project_id: int) -> QuerySet[Any]:
    """The young people of the project who were minors on a cross-border exchange without an
    AST valid until its last day (``youth_id`` values: a few rows, the exchanges' minors)."""
    no_travel_authorisation = ~Exists(
        Consent.objects.filter(
            youth=OuterRef("youth_id"),
            kind=ConsentKind.TRAVEL,
            granted=True,
            valid_until__gte=Coalesce(
                OuterRef("exchange__end_date"), OuterRef("exchange__start_date")
            ),
        )
    )
    return (
        ExchangeParticipant.objects.filter(
            exchange__project_id=project_id, youth__project_id=project_id
        )
        .exclude(exchange__destination="remote")
        .exclude(exchange__destination=F("exchange__origin"))
        .annotate(gap=_day_number(F("exchange__start_date")) - _day_number(F("youth__birth_date")))
        .filter(gap__lt=ADULT_GAP)
        .filter(no_travel_authorisation)
        .order_by()
        .values("youth_id")
    )


def youth_missing_consents(*, scope: FigureScope) -> QuerySet[Any]:
    """The young people received in the scope whose record lacks what entry asks for: the
    information notice and an answer on image rights; for a minor at entry, the notice given to
    a parent, the guardian's name and contact and the parents' authorisation to take part; and
    a minor on a cross-border exchange without an AST valid until its last day.

    Each condition is a young person's id in (or not in) the set of the project's consents of
    a kind, which the database reads once for the whole list (a hash), not once per young
    person; :func:`consent_flags_annotate` says what each lacks, for the few listed."""
    consents = Consent.objects.filter(youth__project_id=scope.project_id).order_by()

    def given(kind: str, **filters) -> Q:
        return Q(pk__in=consents.filter(kind=kind, **filters).values("youth_id"))

    # Annotated with each youth's entry date, which the model does not declare.
    entered: QuerySet[Any] = youth_entry_annotate(_youth_in(scope))
    youth = entered.filter(entry_date__isnull=False).annotate(
        minor=Case(
            When(
                birth_date__isnull=False,
                then=_day_number(F("entry_date")) - _day_number(F("birth_date")),
            ),
            default=Value(ADULT_GAP),
        ),
    )
    minor = Q(minor__lt=ADULT_GAP)
    return youth.filter(
        ~given(ConsentKind.NOTICE)
        | ~given(ConsentKind.IMAGE_RIGHTS)
        | Q(pk__in=_travel_without_authorisation(scope.project_id))
        | (
            minor
            & (
                Q(guardian_name="")
                | Q(guardian_contact="")
                | ~given(
                    ConsentKind.NOTICE,
                    given_by__in=(ConsentGiver.GUARDIAN, ConsentGiver.BOTH),
                )
                | ~given(ConsentKind.PARTICIPATION, granted=True)
            )
        )
    ).order_by("received_on", "last_name", "first_name", "pk")


def consent_flags_annotate(youth: QuerySet[Any], *, project_id: int) -> QuerySet[Any]:
    """``youth`` (a few) with what :func:`consent_gaps` reads: whether each consent is there."""
    return youth.annotate(
        has_notice=_consent(ConsentKind.NOTICE),
        notice_to_guardian=_consent(
            ConsentKind.NOTICE, given_by__in=(ConsentGiver.GUARDIAN, ConsentGiver.BOTH)
        ),
        has_image_rights=_consent(ConsentKind.IMAGE_RIGHTS),
        has_participation=_consent(ConsentKind.PARTICIPATION, granted=True),
        travel_missing=ExpressionWrapper(
            Q(pk__in=_travel_without_authorisation(project_id)), output_field=BooleanField()
        ),
    )


def consent_gaps(youth: Any) -> list[str]:
    """What :func:`youth_missing_consents` found missing for one of its young people, in words."""
    minor = youth.minor < ADULT_GAP
    gaps = []
    if not youth.has_notice:
        gaps.append(_("notice d'information"))
    elif minor and not youth.notice_to_guardian:
        gaps.append(_("notice au représentant légal"))
    if not youth.has_image_rights:
        gaps.append(_("droit à l'image"))
    if minor and not (youth.guardian_name and youth.guardian_contact):
        gaps.append(_("représentant légal"))
    if minor and not youth.has_participation:
        gaps.append(_("autorisation parentale"))
    if youth.travel_missing:
        gaps.append(_("autorisation de sortie du territoire"))
    return gaps


@dataclass
class ConsentToDo:
    youth: Youth
    gaps: list[str]


def consents_to_do(*, scope: FigureScope) -> Alert:
    """The dashboard's "to do" panel: how many young people lack a consent, and the first ones
    with what they lack."""
    youth = youth_missing_consents(scope=scope)
    count = youth.count()
    if not count:
        return Alert(count=0)
    # What each lacks, for the listed ones only.
    first = list(youth.values_list("pk", flat=True)[:ALERT_ITEMS])
    listed = consent_flags_annotate(youth.filter(pk__in=first), project_id=scope.project_id)
    return Alert(count=count, items=[ConsentToDo(y, consent_gaps(y)) for y in listed])


def _alert(queryset, *, with_names: bool) -> Alert:
    count = queryset.count()
    items = list(queryset[:ALERT_ITEMS]) if with_names and count else []
    return Alert(count=count, items=items)


# --- Budget -------------------------------------------------------------------------------------


def budget_by_category(*, scope: FigureScope) -> list[indicators.BudgetRow] | None:
    """Planned and spent euros per category (``indicators.budget_by_category``, as the bilan);
    None outside a money scope."""
    q = scope.budget_q()
    if q is None:
        return None
    return indicators.budget_by_category(
        lines=BudgetLine.objects.filter(q), expenses=Expense.objects.filter(q)
    ).rows


# --- The dashboard ------------------------------------------------------------------------------


@dataclass
class Dashboard:
    scope: FigureScope
    funnel: dict
    low_attendance: Alert
    unreachable: Alert
    missing_attendance: Alert
    missing_outcome: Alert
    budget: list[indicators.BudgetRow] | None
    with_names: bool
    rules: indicators.Rules = indicators.DEFAULT_RULES
    # Consents to record: for those who record them (coordinators, counsellors), else None.
    consents: Alert | None = None

    @property
    def threshold(self) -> int:
        """The project's attendance threshold in percent (the alerts' titles)."""
        return self.rules.threshold_percent

    @property
    def budget_totals(self) -> tuple[Decimal, Decimal] | None:
        if self.budget is None:
            return None
        return (
            sum((r.planned for r in self.budget), Decimal(0)),
            sum((r.spent for r in self.budget), Decimal(0)),
        )


def dashboard_build(
    *, scope: FigureScope, today: dt.date, with_names: bool, consents: bool = False
) -> Dashboard:
    """Everything the dashboard shows, in a number of queries that does not grow with the data.

    ``with_names`` is False for partners and auditors: they get the counts, never who.
    ``consents``: whether to list the consents to record (those who record them).
    """
    # One row per cohort (a handful), summed here rather than in a second query.
    missing_rows = list(cohorts_missing_attendance(scope=scope, today=today))
    rules = project_rules(scope)
    return Dashboard(
        scope=scope,
        rules=rules,
        funnel=funnel_build(scope=scope),
        low_attendance=_alert(
            low_attendance_enrolments(scope=scope, today=today, rules=rules),
            with_names=with_names,
        ),
        unreachable=_alert(
            unreachable_attendance_enrolments(scope=scope, today=today, rules=rules),
            with_names=with_names,
        ),
        missing_attendance=Alert(
            count=sum(row["missing"] for row in missing_rows),
            items=missing_rows if with_names else [],
        ),
        missing_outcome=_alert(
            enrolments_missing_outcome(scope=scope, today=today), with_names=with_names
        ),
        budget=budget_by_category(scope=scope),
        with_names=with_names,
        consents=consents_to_do(scope=scope)
        if consents and with_names and scope.kind != "cohorts"
        else None,
    )
