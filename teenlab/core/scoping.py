"""What each account may see: the one place where multi-organisation scoping is decided.

Every view reads records through these functions and fetches single objects with
``get_object_or_404(<entity>s_for(user), pk=...)``, so an object outside the account's scope
answers 404 whatever the URL. What an account may *do* (edit, recruit, take attendance…) is
decided separately by :mod:`teenlab.core.permissions` (403).

Roles combine: an account that is trainer and counsellor sees the union of both scopes.

- coordinator: everything of their organisation (youth, cohorts and what hangs on them, budget);
- counsellor: youth, info sessions, enrolments and outcomes of their organisation; cohorts of
  their organisation (read, to recruit into them);
- trainer: the cohorts they teach (``Cohort.trainers``), their slots, attendance, events, and
  the youth enrolled in them (read: a trainer needs to know whom to expect);
- auditor: read-only figures and attendance proof of their organisation (cohorts, slots,
  attendance; never a youth record);
- partner: figures of the projects their organisation takes part in, all organisations
  together, never a name or a record (every record queryset is empty);
- superuser: everything.

All functions return plain querysets (never ``union()``), so callers can keep filtering.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from teenlab.activities.models import Cooperation, Event, Exchange, Phase
from teenlab.core.models import Organisation, Project, User
from teenlab.core.permissions import ROLES, grantable_roles
from teenlab.finance.models import BudgetLine, Expense
from teenlab.outcomes.models import Outcome
from teenlab.participants.models import InfoSession, Youth
from teenlab.training.models import Attendance, Cohort, Enrolment, Module, Slot

NOTHING = Q(pk__in=[])


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_global(user) -> bool:
    """Superusers see every organisation."""
    return _active(user) and user.is_superuser


def _org_id(user) -> int | None:
    return user.organisation_id if _active(user) else None


def has_any_role(user) -> bool:
    return _active(user) and (
        user.is_superuser
        or (
            user.organisation_id is not None
            and (
                user.is_coordinator
                or user.is_trainer
                or user.is_counsellor
                or user.is_partner
                or user.is_auditor
            )
        )
    )


def organisations_for(user) -> QuerySet[Organisation]:
    if is_global(user):
        return Organisation.objects.all()
    org = _org_id(user)
    if org is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=org)


def users_for(user) -> QuerySet[User]:
    """Accounts a coordinator manages: those of their organisation whose rights are not above
    theirs (never a superuser nor staff, never a role outside ``grantable_roles``)."""
    if is_global(user):
        return User.objects.all()
    org = _org_id(user)
    if org is None or not user.is_coordinator:
        return User.objects.none()
    accounts = User.objects.filter(organisation_id=org, is_superuser=False, is_staff=False)
    for role in set(ROLES) - grantable_roles(user):
        accounts = accounts.filter(**{f"is_{role}": False})
    return accounts


def projects_for(user) -> QuerySet[Project]:
    """Projects the account's organisation takes part in."""
    if is_global(user):
        return Project.objects.all()
    org = _org_id(user)
    if org is None or not has_any_role(user):
        return Project.objects.none()
    return Project.objects.filter(partners__organisation_id=org).distinct()


# --- Cohorts and what hangs on them ------------------------------------------------------------


def _cohort_q(user, prefix: str = "") -> Q:
    """The Q selecting cohorts in scope, on a model reaching Cohort through ``prefix``."""
    if is_global(user):
        return Q()
    org = _org_id(user)
    if org is None:
        return NOTHING
    q = NOTHING
    if user.is_coordinator or user.is_counsellor or user.is_auditor:
        q |= Q(**{f"{prefix}organisation_id": org})
    if user.is_trainer:
        taught = Cohort.trainers.through.objects.filter(user_id=user.pk).values("cohort_id")
        q |= Q(**{f"{prefix}pk__in": taught})
    return q


def cohorts_for(user) -> QuerySet[Cohort]:
    return Cohort.objects.filter(_cohort_q(user))


def modules_for(user) -> QuerySet[Module]:
    return Module.objects.filter(_cohort_q(user, "cohort__"))


def slots_for(user) -> QuerySet[Slot]:
    return Slot.objects.filter(_cohort_q(user, "cohort__"))


def attendance_for(user) -> QuerySet[Attendance]:
    return Attendance.objects.filter(_cohort_q(user, "slot__cohort__"))


def events_for(user) -> QuerySet[Event]:
    return Event.objects.filter(_cohort_q(user, "cohort__"))


# --- Youth and their records --------------------------------------------------------------------


def _youth_q(user, prefix: str = "") -> Q:
    if is_global(user):
        return Q()
    org = _org_id(user)
    if org is None:
        return NOTHING
    q = NOTHING
    if user.is_coordinator or user.is_counsellor:
        q |= Q(**{f"{prefix}organisation_id": org})
    if user.is_trainer:
        taught = Enrolment.objects.filter(cohort__trainers=user).values("youth_id")
        q |= Q(**{f"{prefix}pk__in": taught})
    return q


def youth_for(user) -> QuerySet[Youth]:
    """Youth whose record the account may open (partners and auditors: none)."""
    return Youth.objects.filter(_youth_q(user))


def info_sessions_for(user) -> QuerySet[InfoSession]:
    if is_global(user):
        return InfoSession.objects.all()
    org = _org_id(user)
    if org is None or not (user.is_coordinator or user.is_counsellor):
        return InfoSession.objects.none()
    return InfoSession.objects.filter(organisation_id=org)


def enrolments_for(user) -> QuerySet[Enrolment]:
    """Enrolments in scope: of the organisation's youth or cohorts, or of a taught cohort."""
    if is_global(user):
        return Enrolment.objects.all()
    org = _org_id(user)
    if org is None:
        return Enrolment.objects.none()
    q = NOTHING
    if user.is_coordinator or user.is_counsellor:
        q |= Q(youth__organisation_id=org) | Q(cohort__organisation_id=org)
    if user.is_auditor:
        # Attendance proof lists who was enrolled in the organisation's cohorts.
        q |= Q(cohort__organisation_id=org)
    if user.is_trainer:
        taught = Cohort.trainers.through.objects.filter(user_id=user.pk).values("cohort_id")
        q |= Q(cohort_id__in=taught)
    return Enrolment.objects.filter(q)


def outcomes_for(user) -> QuerySet[Outcome]:
    if is_global(user):
        return Outcome.objects.all()
    org = _org_id(user)
    if org is None or not (user.is_coordinator or user.is_counsellor or user.is_trainer):
        return Outcome.objects.none()
    q = NOTHING
    if user.is_coordinator or user.is_counsellor:
        q |= Q(enrolment__youth__organisation_id=org) | Q(enrolment__cohort__organisation_id=org)
    if user.is_trainer:
        taught = Cohort.trainers.through.objects.filter(user_id=user.pk).values("cohort_id")
        q |= Q(enrolment__cohort_id__in=taught)
    return Outcome.objects.filter(q)


# --- Project-wide records -----------------------------------------------------------------------


def _project_records(model, user, *, roles: tuple[str, ...]):
    if is_global(user):
        return model.objects.all()
    if _org_id(user) is None or not any(getattr(user, role) for role in roles):
        return model.objects.none()
    return model.objects.filter(project__in=projects_for(user).values("pk"))


def exchanges_for(user) -> QuerySet[Exchange]:
    """Exchanges belong to the project: every staff role of a partner organisation sees them."""
    return _project_records(
        Exchange, user, roles=("is_coordinator", "is_trainer", "is_counsellor", "is_auditor")
    )


def phases_for(user) -> QuerySet[Phase]:
    return _project_records(
        Phase, user, roles=("is_coordinator", "is_trainer", "is_counsellor", "is_auditor")
    )


def cooperations_for(user) -> QuerySet[Cooperation]:
    return _project_records(
        Cooperation, user, roles=("is_coordinator", "is_trainer", "is_counsellor", "is_auditor")
    )


def budget_lines_for(user) -> QuerySet[BudgetLine]:
    """Budget lines of the organisation: coordinators (to manage) and auditors (to check)."""
    if is_global(user):
        return BudgetLine.objects.all()
    org = _org_id(user)
    if org is None or not (user.is_coordinator or user.is_auditor):
        return BudgetLine.objects.none()
    return BudgetLine.objects.filter(organisation_id=org)


def expenses_for(user) -> QuerySet[Expense]:
    if is_global(user):
        return Expense.objects.all()
    org = _org_id(user)
    if org is None or not (user.is_coordinator or user.is_auditor):
        return Expense.objects.none()
    return Expense.objects.filter(organisation_id=org)


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
            taught = Cohort.trainers.through.objects.filter(user_id=self.user_id)
            q &= Q(**{f"{prefix}pk__in": taught.values("cohort_id")})
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
    org = _org_id(user)
    if org is None or not projects_for(user).filter(pk=project.pk).exists():
        return None
    if user.is_partner:
        return FigureScope(kind="project", project_id=project.pk, organisation_id=org)
    if user.is_coordinator or user.is_counsellor or user.is_auditor:
        return FigureScope(kind="organisation", project_id=project.pk, organisation_id=org)
    if user.is_trainer:
        return FigureScope(kind="cohorts", project_id=project.pk, user_id=user.pk)
    return None
