"""Changes to accounts, made by the coordinators of an organisation (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teenlab.core.audit import audit_log, snapshot
from teenlab.core.models import AuditEntry, Organisation, User

ACCOUNT_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "is_coordinator",
    "is_trainer",
    "is_counsellor",
    "is_partner",
    "is_auditor",
    "is_active",
)
SECRET_FIELDS = {"password", "last_login"}


def _account_snapshot(user: User) -> dict[str, Any]:
    """What the journal keeps of an account: never the password hash."""
    return {k: v for k, v in snapshot(user).items() if k not in SECRET_FIELDS}


@transaction.atomic
def user_create(
    *, organisation: Organisation, username: str, password: str, data: dict[str, Any], by
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Cet identifiant est déjà pris.")})
    user = User(username=username, organisation=organisation)
    for name in ACCOUNT_FIELDS:
        if name in data:
            setattr(user, name, data[name])
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_log(user=by, action=AuditEntry.Action.CREATE, obj=user, after=_account_snapshot(user))
    return user


@transaction.atomic
def user_update(*, account: User, data: dict[str, Any], by) -> User:
    """Change an account's names and roles. Coordinators cannot lock themselves out."""
    account = User.objects.select_for_update().get(pk=account.pk)
    before = _account_snapshot(account)
    for name in ACCOUNT_FIELDS:
        if name in data:
            setattr(account, name, data[name])
    if account.pk == by.pk and not (account.is_coordinator and account.is_active):
        raise ValidationError(
            _(
                "Vous ne pouvez ni retirer votre propre rôle de coordination "
                "ni désactiver votre compte."
            )
        )
    account.full_clean(exclude=["password"])
    account.save()
    after = _account_snapshot(account)
    if after != before:
        audit_log(user=by, action=AuditEntry.Action.UPDATE, obj=account, before=before, after=after)
    return account
