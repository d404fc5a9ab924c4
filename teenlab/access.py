"""What each account may see among the domain records, and which figures: one place.

Every view reads records through these functions and fetches single objects with
``get_object_or_404(access.<entity>s_for(user), pk=...)``, so an object outside the account's
scope answers 404 whatever the URL. What an account may *do* (edit, recruit, take attendance…)
is decided separately by :mod:`teenlab.core.permissions` (403); core's own records
(organisations, accounts, projects) by :mod:`teenlab.core.scoping`.

This module sits above the record apps (docs/web.md, "Layers"): it reads their models, and
their selectors never import it — a view passes them the visible queryset
(``selectors.cohort_list(cohorts=access.cohorts_for(request.user), …)``).

Roles combine: an account that is trainer and counsellor sees the union of both scopes.

- coordinator: everything of their organisation (youth, cohorts and what hangs on them, budget);
- counsellor: youth, info sessions, enrolments and outcomes of their organisation; cohorts of
  their organisation (read, to recruit into them);
- trainer: the cohorts they teach (``Cohort.trainers``), their slots, attendance, events, and
  the youth enrolled in them (read: a trainer needs to know whom to expect);
- auditor: read-only figures and attendance proof of their organisation (cohorts, slots,
  attendance; never a youth record);
- partner: figures of the projects their organisation takes part in, all organisations
  together, and the activities of those projects (exchanges, events, phases, cooperations),
  never a young person's name or record (every youth-bearing queryset is empty);
- superuser: everything.

All functions return plain querysets (never ``union()``), so callers can keep filtering.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

from teenlab.activities.models import Cooperation, Event, Exchange, Phase
from teenlab.core.choices import PartnerRole
from teenlab.core.models import Organisation, Project
from teenlab.core.permissions import AUDITOR, COORDINATOR, COUNSELLOR, PARTNER, has_role, user_roles
from teenlab.core.scoping import NOTHING, is_global, organisation_id_of, projects_for
from teenlab.finance.models import (
    BudgetLine,
    Expense,
    PartnerFunding,
    PlannedCost,
    ReportingPeriod,
)
from teenlab.outcomes.models import Outcome
from teenlab.participants.models import InfoSession, Youth
from teenlab.training.models import Attendance, Cohort, Enrolment, Module, Slot

# The roles that read a project's shared records (exchanges, events, phases, cooperations): every
# staff role of a partner organisation, and a partner organisation's staff (issue 11, point 5).
PROJECT_READERS = ("is_coordinator", "is_trainer", "is_counsellor", "is_auditor", "is_partner")


def _taught(user_id) -> QuerySet:
    """The ids of the cohorts ``user_id`` teaches (a subquery)."""
    return Cohort.trainers.through.objects.filter(user_id=user_id).values("cohort_id")


# --- Cohorts and what hangs on them ------------------------------------------------------------


def _rule_q(user, *, organisation: dict[str, tuple[str, ...]], trainer: Callable[[], Q]) -> Q:
    """Everything for a superuser, nothing without an organisation; else the union of the
    rows of the account's organisation reached by each lookup of ``organisation`` (mapped to
    the roles that read them) and, for a trainer, of ``trainer()``."""
    if is_global(user):
        return Q()
    org = organisation_id_of(user)
    if org is None:
        return NOTHING
    q = NOTHING
    for lookup, roles in organisation.items():
        if any(getattr(user, f"is_{role}") for role in roles):
            q |= Q(**{lookup: org})
    if user.is_trainer:
        q |= trainer()
    return q


def _cohort_q(user, prefix: str = "") -> Q:
    """The Q selecting cohorts in scope, on a model reaching Cohort through ``prefix``."""
    return _rule_q(
        user,
        organisation={f"{prefix}organisation_id": (COORDINATOR, COUNSELLOR, AUDITOR)},
        trainer=lambda: Q(**{f"{prefix}pk__in": _taught(user.pk)}),
    )


def cohorts_for(user) -> QuerySet[Cohort]:
    return Cohort.objects.filter(_cohort_q(user))


def cohorts_run_by(user) -> QuerySet[Cohort]:
    """Cohorts whose schedule, attendance and events the account may change: its organisation's
    for a coordinator, the taught ones for a trainer (a trainer who is also counsellor reads the
    organisation's cohorts but only runs those they teach)."""
    cohorts = cohorts_for(user)
    if is_global(user) or has_role(user, COORDINATOR):
        return cohorts
    return cohorts.filter(trainers=user)


def modules_for(user) -> QuerySet[Module]:
    return Module.objects.filter(_cohort_q(user, "cohort__"))


def slots_for(user) -> QuerySet[Slot]:
    return Slot.objects.filter(_cohort_q(user, "cohort__"))


def attendance_for(user) -> QuerySet[Attendance]:
    return Attendance.objects.filter(_cohort_q(user, "slot__cohort__"))


def events_for(user) -> QuerySet[Event]:
    """Events of the cohorts in scope; a partner reads every event of its projects (title,
    date, session, association, how many took part: never who)."""
    if not is_global(user) and user.is_partner and organisation_id_of(user) is not None:
        return Event.objects.filter(
            _cohort_q(user, "cohort__") | Q(project__in=projects_for(user).values("pk"))
        )
    return Event.objects.filter(_cohort_q(user, "cohort__"))


# --- Youth and their records --------------------------------------------------------------------


def _youth_q(user) -> Q:
    return _rule_q(
        user,
        organisation={"organisation_id": (COORDINATOR, COUNSELLOR)},
        trainer=lambda: Q(
            pk__in=Enrolment.objects.filter(cohort__trainers=user).values("youth_id")
        ),
    )


def youth_for(user) -> QuerySet[Youth]:
    """Youth whose record the account may open (partners and auditors: none)."""
    return Youth.objects.filter(_youth_q(user))


def subject_access_youth_for(user) -> QuerySet[Youth]:
    """Youth whose subject-access export the account may produce: those of its organisation,
    for a coordinator or counsellor (a trainer's taught youth of another organisation are not);
    every youth for a superuser (docs/privacy.md, "Subject access and portability")."""
    return Youth.objects.filter(
        _rule_q(
            user,
            organisation={"organisation_id": (COORDINATOR, COUNSELLOR)},
            trainer=lambda: NOTHING,
        )
    )


def sensitive_youth_for(user) -> QuerySet[Youth]:
    """Youth whose special-category details the account may read and write: those of its
    organisation, for a counsellor. Held as a role of the account, never implied: a superuser
    without the counsellor's role, a coordinator, a trainer, an auditor or a partner read none
    (docs/privacy.md, "Special-category data")."""
    org = organisation_id_of(user)
    if org is None or not user.is_active or not user.is_counsellor:
        return Youth.objects.none()
    return Youth.objects.filter(organisation_id=org)


def may_read_sensitive(user, youth: Youth) -> bool:
    """Whether ``youth`` is in :func:`sensitive_youth_for` ``(user)``, without a query."""
    org = organisation_id_of(user)
    return org is not None and bool(user.is_counsellor) and youth.organisation_id == org


def _enrolment_q(user, prefix: str = "", *, auditors: bool) -> Q:
    """Enrolments of the organisation's youth or cohorts, or of a taught cohort; ``auditors``:
    whether an auditor reads those of the organisation's cohorts."""
    staff = (COORDINATOR, COUNSELLOR)
    return _rule_q(
        user,
        organisation={
            f"{prefix}youth__organisation_id": staff,
            f"{prefix}cohort__organisation_id": (*staff, AUDITOR) if auditors else staff,
        },
        trainer=lambda: Q(**{f"{prefix}cohort_id__in": _taught(user.pk)}),
    )


def enrolments_for(user) -> QuerySet[Enrolment]:
    """Enrolments in scope: of the organisation's youth or cohorts, or of a taught cohort.
    Auditors read those of the organisation's cohorts: attendance proof lists who was enrolled."""
    return Enrolment.objects.filter(_enrolment_q(user, auditors=True))


def outcomes_for(user) -> QuerySet[Outcome]:
    """Outcomes of the enrolments in scope; never an auditor's or a partner's."""
    return Outcome.objects.filter(_enrolment_q(user, "enrolment__", auditors=False))


# --- Records of one organisation, records of the project ---------------------------------------


def _organisation_records(model: type[Model], user, *, roles: tuple[str, ...]) -> QuerySet:
    """``model``'s rows of the account's organisation, for the accounts holding one of ``roles``."""
    if is_global(user):
        return model._default_manager.all()
    org = organisation_id_of(user)
    if org is None or not any(getattr(user, role) for role in roles):
        return model._default_manager.none()
    return model._default_manager.filter(organisation_id=org)


def _project_records(model: type[Model], user, *, roles: tuple[str, ...]) -> QuerySet:
    """``model``'s rows of the projects the organisation takes part in, for ``roles``."""
    if is_global(user):
        return model._default_manager.all()
    if organisation_id_of(user) is None or not any(getattr(user, role) for role in roles):
        return model._default_manager.none()
    return model._default_manager.filter(project__in=projects_for(user).values("pk"))


def info_sessions_for(user) -> QuerySet[InfoSession]:
    return _organisation_records(InfoSession, user, roles=("is_coordinator", "is_counsellor"))


def exchanges_for(user) -> QuerySet[Exchange]:
    """Exchanges belong to the project: every staff role of a partner organisation sees them."""
    return _project_records(Exchange, user, roles=PROJECT_READERS)


def phases_for(user) -> QuerySet[Phase]:
    return _project_records(Phase, user, roles=PROJECT_READERS)


def cooperations_for(user) -> QuerySet[Cooperation]:
    return _project_records(Cooperation, user, roles=PROJECT_READERS)


def budget_lines_for(user) -> QuerySet[BudgetLine]:
    """Budget lines of the organisation: coordinators (to manage) and auditors (to check)."""
    return _organisation_records(BudgetLine, user, roles=("is_coordinator", "is_auditor"))


def expenses_for(user) -> QuerySet[Expense]:
    return _organisation_records(Expense, user, roles=("is_coordinator", "is_auditor"))


def reporting_periods_for(user) -> QuerySet[ReportingPeriod]:
    """The programme's reporting periods belong to the project: its partners' coordinators
    (who declare into them) and auditors read them; coordinators set them."""
    return _project_records(ReportingPeriod, user, roles=("is_coordinator", "is_auditor"))


def planned_costs_for(user) -> QuerySet[PlannedCost]:
    return _organisation_records(PlannedCost, user, roles=("is_coordinator", "is_auditor"))


def fundings_for(user) -> QuerySet[PartnerFunding]:
    return _organisation_records(PartnerFunding, user, roles=("is_coordinator", "is_auditor"))


def filing_organisations_for(user, project: Project) -> QuerySet[Organisation] | None:
    """The organisations a new budget line or expense may be filed under, when the account
    picks one (a superuser without organisation: the project's partners); None when it is
    always the account's own organisation."""
    if user.organisation_id is not None:
        return None
    return Organisation.objects.filter(partnerships__project=project).order_by("name")


def cohort_organisations_for(user, project: Project) -> QuerySet[Organisation] | None:
    """The organisations a session of ``project`` may be filed under when the account picks one:
    a superuser, or a coordinator of the project's lead partner, picks among the project's
    partners; None when it is always the account's own organisation."""
    partners = Organisation.objects.filter(partnerships__project=project).order_by("name")
    if user.is_superuser:
        return partners
    lead = project.partners.filter(
        organisation_id=user.organisation_id, role=PartnerRole.LEAD_PARTNER
    )
    if user.organisation_id is not None and has_role(user, COORDINATOR) and lead.exists():
        return partners
    return None


# --- Figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureScope:
    """Which records the account's figures (dashboard, bilan) count, within one project.

    ``kind`` is ``project`` (every organisation: superusers and partners), ``organisation``
    (coordinators, counsellors, auditors) or ``cohorts`` (trainers: the cohorts they teach;
    youth received before any cohort are then not counted, as in the bilan's cohort scope).
    """

    kind: str
    project_id: int
    organisation_id: int | None = None
    user_id: int | None = None

    def youth_q(self, prefix: str = "") -> Q:
        if self.kind == "organisation":
            return Q(**{f"{prefix}organisation_id": self.organisation_id})
        if self.kind == "cohorts":
            return NOTHING
        return Q(**{f"{prefix}project_id": self.project_id})

    def cohort_q(self, prefix: str = "") -> Q:
        q = Q(**{f"{prefix}project_id": self.project_id})
        if self.kind == "organisation":
            q &= Q(**{f"{prefix}organisation_id": self.organisation_id})
        elif self.kind == "cohorts":
            q &= Q(**{f"{prefix}pk__in": _taught(self.user_id)})
        return q

    def budget_q(self, prefix: str = "") -> Q | None:
        """None when money is out of this scope (a trainer's cohorts carry no budget)."""
        if self.kind == "cohorts":
            return None
        q = Q(**{f"{prefix}project_id": self.project_id})
        if self.kind == "organisation":
            q &= Q(**{f"{prefix}organisation_id": self.organisation_id})
        return q


def figure_scope_for(user, project: Project) -> FigureScope | None:
    """The widest figures the account may see in ``project``; None if it may see none."""
    if is_global(user):
        return FigureScope(kind="project", project_id=project.pk)
    org = organisation_id_of(user)
    if org is None or not projects_for(user).filter(pk=project.pk).exists():
        return None
    if user.is_partner:
        return FigureScope(kind="project", project_id=project.pk, organisation_id=org)
    if user.is_coordinator or user.is_counsellor or user.is_auditor:
        return FigureScope(kind="organisation", project_id=project.pk, organisation_id=org)
    if user.is_trainer:
        return FigureScope(kind="cohorts", project_id=project.pk, user_id=user.pk)
    return None


def figures_name_people(user) -> bool:
    """Whether the account's figures may name people (the dashboard's alerts): partners and
    auditors see how many, never who."""
    return user.is_superuser or bool(user_roles(user) - {PARTNER, AUDITOR})


def figure_organisations_for(user, project: Project) -> QuerySet[Organisation]:
    """The partner organisations of ``project`` whose figures (bilan) the account may read: any
    for a partner or a superuser; their own for a coordinator, a counsellor or an auditor."""
    partners = Organisation.objects.filter(partnerships__project=project).order_by("name")
    if is_global(user) or _holds(user, PARTNER):
        return partners
    if not _holds(user, COORDINATOR, COUNSELLOR, AUDITOR) or user.organisation_id is None:
        return partners.none()
    return partners.filter(pk=user.organisation_id)


def whole_project_figures(user) -> bool:
    """Whether the account may read figures of the whole project (a bilan): every role but a
    trainer who holds no other role."""
    return is_global(user) or _holds(user, PARTNER, COORDINATOR, COUNSELLOR, AUDITOR)


def _holds(user, *roles: str) -> bool:
    return any(getattr(user, f"is_{role}", False) for role in roles)
