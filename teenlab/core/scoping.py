"""What each account may see among core's own records: organisations, accounts, projects.

The rules for the domain records (youth, cohorts, attendance, outcomes, budget…) and for
figures live one layer up, in :mod:`teenlab.access`; they build on :func:`is_global`,
:func:`organisation_id_of` and :func:`projects_for` here. Every function returns a plain
queryset (never ``union()``), so callers can keep filtering.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from teenlab.core.choices import PartnerRole
from teenlab.core.models import Organisation, Project, User
from teenlab.core.permissions import ROLES, grantable_roles

NOTHING = Q(pk__in=[])


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_global(user) -> bool:
    """Superusers see every organisation."""
    return _active(user) and user.is_superuser


def organisation_id_of(user) -> int | None:
    """The account's organisation, None for an inactive or anonymous account."""
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
    org = organisation_id_of(user)
    if org is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=org)


def users_for(user) -> QuerySet[User]:
    """Accounts a coordinator manages: those of their organisation whose rights are not above
    theirs (never a superuser nor staff, never a role outside ``grantable_roles``)."""
    if is_global(user):
        return User.objects.all()
    org = organisation_id_of(user)
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
    org = organisation_id_of(user)
    if org is None or not has_any_role(user):
        return Project.objects.none()
    return Project.objects.filter(partners__organisation_id=org).distinct()


def projects_set_up_by(user) -> QuerySet[Project]:
    """Projects the account sets up (teenlab.core.project_setup): every one for a superuser;
    for a coordinator, those whose lead partner is their organisation."""
    if is_global(user):
        return Project.objects.all()
    org = organisation_id_of(user)
    if org is None or not user.is_coordinator:
        return Project.objects.none()
    return Project.objects.filter(
        partners__organisation_id=org, partners__role=PartnerRole.LEAD_PARTNER
    ).distinct()
