"""What each role may *do*. What it may *see* lives in :mod:`teenlab.access` (the domain records)
and :mod:`teenlab.core.scoping` (organisations, accounts, projects).

The rule in views: check the role first (403 when the role may not act at all), then fetch the
object through the scoped queryset (404 when it lies outside the account's scope)::

    @role_required(*ACTIONS["youth.edit"])
    def youth_edit(request, pk):
        youth = get_object_or_404(access.youth_for(request.user), pk=pk)

For a page that shows a record, scope alone decides (a partner gets 404 on a youth record, not
403: it must not even learn that the record exists).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

COORDINATOR = "coordinator"
TRAINER = "trainer"
COUNSELLOR = "counsellor"
PARTNER = "partner"
AUDITOR = "auditor"
ROLES = (COORDINATOR, TRAINER, COUNSELLOR, PARTNER, AUDITOR)
STAFF = (COORDINATOR, TRAINER, COUNSELLOR)

# Action → roles allowed to perform it. Templates read it through ``can`` (context processor).
ACTIONS: dict[str, tuple[str, ...]] = {
    "dashboard.view": ROLES,
    "youth.view": (COORDINATOR, COUNSELLOR, TRAINER),
    "youth.edit": (COORDINATOR, COUNSELLOR),
    # Special-category details (GDPR Art. 9): the counsellors who follow the young person only
    # (scope: access.sensitive_youth_for; docs/privacy.md, "Special-category data").
    "sensitive.view": (COUNSELLOR,),
    # A young person's subject-access export (GDPR Art. 15, 20; docs/privacy.md): the staff who
    # follow them (scope: access.subject_access_youth_for).
    "youth.export": (COORDINATOR, COUNSELLOR),
    "recruitment.view": (COORDINATOR, COUNSELLOR),
    "recruitment.edit": (COORDINATOR, COUNSELLOR),
    "enrolment.edit": (COORDINATOR, COUNSELLOR),
    "outcome.edit": (COORDINATOR, COUNSELLOR),
    "cohort.view": (COORDINATOR, COUNSELLOR, TRAINER, AUDITOR),
    "cohort.edit": (COORDINATOR,),
    # The timetable generator: a session's trainers too (scope: access.cohorts_run_by).
    "timetable.generate": (COORDINATOR, TRAINER),
    "attendance.view": (COORDINATOR, TRAINER, AUDITOR),
    "attendance.edit": (COORDINATOR, TRAINER),
    "event.edit": (COORDINATOR, TRAINER),
    "budget.view": (COORDINATOR, AUDITOR),
    "budget.edit": (COORDINATOR,),
    "project.edit": (COORDINATOR,),
    # Setting up a project (core.project_setup): its coordinators of the lead partner (scope:
    # core.scoping.projects_set_up_by) and superusers, who alone create one.
    "project.setup": (COORDINATOR,),
    "bilan.view": ROLES,
    # The funders' indicators and the records behind them (codes, never names).
    "indicators.view": (COORDINATOR, PARTNER, AUDITOR),
    # The bilan's texts: any partner's coordinator (the report is joint; docs/web.md).
    "narrative.edit": (COORDINATOR,),
    "datapackage.import": (COORDINATOR,),
    "datapackage.export": (COORDINATOR,),
    "audit.view": (COORDINATOR, AUDITOR),  # the journal page (their organisation's entries)
    "history.full": (COORDINATOR, COUNSELLOR),  # others read only a record's attendance history
    # A partner organisation's staff read the activities of their projects (never who took part).
    "activity.view": (COORDINATOR, TRAINER, COUNSELLOR, AUDITOR, PARTNER),
    "activity.edit": (COORDINATOR,),
    "accounts.manage": (COORDINATOR,),
    # The organisation's signatory of the attestations of attendance.
    "organisation.edit": (COORDINATOR,),
    # The retention policy applied from the app, to the organisation's own young people, and
    # a young person's request for erasure (docs/privacy.md, "Retention").
    "retention.apply": (COORDINATOR,),
    "erasure.record": (COORDINATOR, COUNSELLOR),
}


# The roles whose rights lie within a role's own, in its organisation: what an account holding
# it may grant and manage (docs/web.md, "Accounts"). A coordinator does everything a trainer, a
# counsellor or an auditor does in their organisation; a partner sees the figures of every
# partner organisation of its projects, which no other role does, so only a partner covers it.
COVERS: dict[str, frozenset[str]] = {
    COORDINATOR: frozenset({COORDINATOR, TRAINER, COUNSELLOR, AUDITOR}),
    TRAINER: frozenset({TRAINER}),
    COUNSELLOR: frozenset({COUNSELLOR}),
    AUDITOR: frozenset({AUDITOR}),
    PARTNER: frozenset({PARTNER}),
}


def grantable_roles(user) -> frozenset[str]:
    """The roles ``user`` may give to, or find on, an account they manage."""
    roles = user_roles(user)
    if user.is_superuser:
        return frozenset(ROLES)
    return frozenset().union(*(COVERS[role] for role in roles))


def user_roles(user) -> frozenset[str]:
    """The roles an account holds (a superuser holds them all; no organisation, no role)."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    if user.is_superuser:
        return frozenset(ROLES)
    if user.organisation_id is None:
        return frozenset()
    return frozenset(role for role in ROLES if getattr(user, f"is_{role}"))


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def can(user, action: str) -> bool:
    return has_role(user, *ACTIONS[action])


def role_required(*roles: str):
    """View decorator: log in first, then 403 unless the account holds one of ``roles``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def action_required(action: str):
    """``role_required`` with the roles of an entry of :data:`ACTIONS`."""
    return role_required(*ACTIONS[action])


class Can:
    """``{% if can.youth_edit %}`` in templates: dots of ACTIONS become underscores."""

    def __init__(self, user):
        self._roles = user_roles(user)

    def __getitem__(self, name: str) -> bool:
        action = name if name in ACTIONS else name.replace("_", ".", 1)
        if action not in ACTIONS:
            raise KeyError(name)
        return bool(self._roles & set(ACTIONS[action]))

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as error:
            raise AttributeError(name) from error
