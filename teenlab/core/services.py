"""Changes to accounts, made by the coordinators of an organisation (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from teenlab.core import scoping
from teenlab.core.audit import audit_log, audited_save, snapshot
from teenlab.core.models import AuditEntry, Organisation, User
from teenlab.core.permissions import ROLES, grantable_roles

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


def _validate_account(user: User) -> None:
    user.full_clean(exclude=["password"])


def _check_within_reach(account: User, by) -> None:
    """An account ends within its editor's reach: no role beyond ``grantable_roles(by)``."""
    beyond = [
        role for role in ROLES if getattr(account, f"is_{role}") and role not in grantable_roles(by)
    ]
    if beyond or (not by.is_superuser and (account.is_superuser or account.is_staff)):
        raise ValidationError(
            _("Vous ne pouvez pas donner à un compte plus de droits que les vôtres.")
        )


@transaction.atomic
def user_create(
    *, organisation: Organisation, username: str, password: str, data: dict[str, Any], by
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Cet identifiant est déjà pris.")})
    # The password is the coordinator's choice, to be replaced at the first login.
    user = User(username=username, organisation=organisation, must_change_password=True)
    for name in ACCOUNT_FIELDS:
        if name in data:
            setattr(user, name, data[name])
    _check_within_reach(user, by)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    audited_save(user, by=by, validate=_validate_account, snapshot=_account_snapshot)
    return user


@transaction.atomic
def user_update(*, account: User, data: dict[str, Any], by) -> User:
    """Change an account's names and roles. Coordinators cannot lock themselves out."""
    account = User.objects.select_for_update().get(pk=account.pk)
    if not scoping.users_for(by).filter(pk=account.pk).exists():
        raise PermissionDenied
    for name in ACCOUNT_FIELDS:
        if name in data:
            setattr(account, name, data[name])

    def validate(account: User) -> None:
        _check_within_reach(account, by)
        if account.pk == by.pk and not (account.is_coordinator and account.is_active):
            raise ValidationError(
                _(
                    "Vous ne pouvez ni retirer votre propre rôle de coordination "
                    "ni désactiver votre compte."
                )
            )
        _validate_account(account)

    audited_save(account, by=by, validate=validate, skip_unchanged=True, snapshot=_account_snapshot)
    return account


@transaction.atomic
def organisation_signatory_update(
    *, organisation: Organisation, name: str, title: str, by
) -> Organisation:
    """Record who signs the organisation's attestations of attendance (name and title; both
    empty: nobody, and the attestations say so). Only the organisation's own coordinators."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not scoping.organisations_for(by).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    name, title = name.strip(), title.strip()
    if bool(name) != bool(title):
        raise ValidationError(
            _("Donnez le nom et la qualité du signataire, ou aucun des deux."),
        )
    organisation.signatory_name = name
    organisation.signatory_title = title
    audited_save(organisation, by=by, skip_unchanged=True)
    return organisation


def user_has_entries(account: User) -> bool:
    """Whether the account figures in the journal as the author of an entry."""
    return AuditEntry.objects.filter(user=account).exists()


def kept_message(account: User) -> str:
    return _(
        "Le compte « %(account)s » figure au journal : il a été désactivé et non supprimé, "
        "pour que le journal continue de le nommer."
    ) % {"account": account}


@transaction.atomic
def user_delete(*, account: User, by) -> bool:
    """Delete an account, or deactivate it when the journal or a record names it (its
    entries, signatures it collected…). True when deleted, False when deactivated."""
    account = User.objects.select_for_update().get(pk=account.pk)
    if not user_has_entries(account):
        before = _account_snapshot(account)
        try:
            with transaction.atomic():
                audit_log(user=by, action=AuditEntry.Action.DELETE, obj=account, before=before)
                account.delete()
        except (ProtectedError, RestrictedError):
            pass  # a record still names the account (a signature it collected, say)
        else:
            return True
    if account.is_active:
        account.is_active = False
        audited_save(
            account,
            by=by,
            validate=None,
            update_fields=["is_active"],
            snapshot=_account_snapshot,
        )
    return False


# --- Second factor (django-otp) ----------------------------------------------------------------

RECOVERY_CODES = 10


def second_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """The authenticator app to scan: the account's pending one, or a new random key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="teenlab", confirmed=False)


@transaction.atomic
def second_factor_enrolment_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm ``device`` with a code from the app; ``None`` when the code is wrong.

    The app replaces any earlier one, and new single-use recovery codes replace the old ones:
    they are returned once, to be shown once, and kept only as django-otp keeps them.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, confirmed=False)
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=device.user).delete()
    recovery = StaticDevice.objects.create(user=device.user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


def second_factor_verify(*, user: User, token: str):
    """The device (authenticator app, or a recovery code, used up) that accepts ``token``."""
    token = "".join(token.split()).lower()
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user, confirmed=True):
            verified = otp_verify_token(user, device.persistent_id, token)
            if verified is not None:
                return verified
    return None
