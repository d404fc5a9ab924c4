"""Changes to youth records, info sessions and recruitment: atomic, validated, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenlab.core.audit import LABEL_KEY, audited_save
from teenlab.core.choices import ConsentGiver, ConsentKind, labour_status_agrees
from teenlab.core.models import Organisation, Project
from teenlab.participants.models import (
    DECLARED_FIELDS,
    Consent,
    InfoSession,
    SensitiveNote,
    Youth,
)

# The characteristics at entry besides the situation (issue 13): the form's "Situation à
# l'entrée" fieldset.
ENTRY_FIELDS = (
    "labour_status",
    "education_level",
    "left_school_without_diploma",
    *DECLARED_FIELDS,
)
YOUTH_FIELDS = (
    "code",
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "commune",
    "received_on",
    "info_session",
    "referred_by",
    "situation_at_entry",
    *ENTRY_FIELDS,
    "guardian_name",
    "guardian_contact",
)
CONSENT_FIELDS = ("kind", "given_on", "given_by", "granted", "version", "language", "valid_until")


def labour_status_conflict() -> str:
    """The error of a labour-market status that contradicts the situation at entry."""
    return _("Cette situation sur le marché du travail contredit la situation à l'entrée.")


def _check_youth(youth: Youth) -> None:
    if youth.info_session is not None and youth.info_session.project_id != youth.project_id:
        raise ValidationError(
            {"info_session": _("Cette information collective est d'un autre projet.")}
        )
    if (
        Youth.objects.filter(project_id=youth.project_id, code=youth.code)
        .exclude(pk=youth.pk)
        .exists()
    ):
        raise ValidationError({"code": _("Ce code est déjà celui d'un autre jeune du projet.")})
    if not labour_status_agrees(situation=youth.situation_at_entry, status=youth.labour_status):
        raise ValidationError({"labour_status": labour_status_conflict()})
    youth.full_clean(validate_unique=False, validate_constraints=True)


def _youth_apply(youth: Youth, data: dict[str, Any]) -> None:
    for name in YOUTH_FIELDS:
        if name in data:
            setattr(youth, name, data[name])


@transaction.atomic
def youth_create(
    *, project: Project, organisation: Organisation, data: dict[str, Any], by
) -> Youth:
    """Create a young person's record (fields of :data:`YOUTH_FIELDS` from ``data``)."""
    youth = Youth(project=project, organisation=organisation)
    _youth_apply(youth, data)
    audited_save(youth, by=by, validate=_check_youth)
    return youth


@transaction.atomic
def youth_update(*, youth: Youth, data: dict[str, Any], by) -> Youth:
    """Change a young person's record; the journal keeps what each changed field was."""
    youth = Youth.objects.select_for_update().get(pk=youth.pk)
    _youth_apply(youth, data)
    audited_save(youth, by=by, validate=_check_youth, skip_unchanged=True)
    return youth


@transaction.atomic
def info_session_create(
    *, project: Project, organisation: Organisation, code: str, date: dt.date, place: str, by
) -> InfoSession:
    if InfoSession.objects.filter(project=project, code=code).exists():
        raise ValidationError(
            {"code": _("Ce code est déjà celui d'une autre information collective.")}
        )
    session = InfoSession(
        project=project, organisation=organisation, code=code, date=date, place=place
    )
    audited_save(session, by=by, validate=lambda s: s.full_clean(validate_unique=False))
    return session


# --- Consents and authorisations (docs/privacy.md, "Consent") ---------------------------------


def _check_consent(consent: Consent) -> None:
    errors: dict[str, str] = {}
    if consent.given_on is None:
        errors["given_on"] = _("Indiquez la date.")
    if consent.kind == ConsentKind.TRAVEL:
        if consent.given_by == ConsentGiver.YOUTH:
            errors["given_by"] = _(
                "Une autorisation de sortie du territoire est signée par le représentant légal."
            )
        if consent.valid_until is None:
            errors["valid_until"] = _(
                "Indiquez jusqu'à quand l'autorisation de sortie du territoire est valable."
            )
    if consent.kind == ConsentKind.NOTICE and not consent.granted:
        errors["granted"] = _("Une notice d'information est remise : cochez « accordé ».")
    if (
        consent.valid_until is not None
        and consent.given_on is not None
        and consent.valid_until < consent.given_on
    ):
        errors["valid_until"] = _("La fin de validité ne peut pas précéder la date.")
    if errors:
        raise ValidationError(errors)
    consent.full_clean()


@transaction.atomic
def consent_record(*, youth: Youth, by, **data: Any) -> Consent:
    """Record one consent, notice or authorisation of ``youth`` (fields of
    :data:`CONSENT_FIELDS`), journaled."""
    consent = Consent(youth=youth, recorded_by=by if getattr(by, "pk", None) else None)
    for name in CONSENT_FIELDS:
        if name in data:
            setattr(consent, name, data[name])
    if consent.kind != ConsentKind.NOTICE:
        consent.version, consent.language = "", ""
    audited_save(consent, by=by, validate=_check_consent)
    return consent


# --- Special-category data (docs/privacy.md, "Special-category data") -------------------------


def sensitive_snapshot(note: SensitiveNote) -> dict[str, Any]:
    """What the journal keeps of a sensitive note: who wrote it and when, never its text."""
    return {
        LABEL_KEY: str(note),
        "youth_id": note.youth_id,
        "updated_at": note.updated_at.isoformat() if note.updated_at else None,
        "updated_by_id": note.updated_by_id,
    }


@transaction.atomic
def sensitive_note_save(*, youth: Youth, text: str, by) -> SensitiveNote:
    """Write the special-category details of ``youth``; the journal records that they changed,
    by whom and when, not what they say."""
    note = SensitiveNote.objects.select_for_update().filter(youth=youth).first()
    if note is None:
        note = SensitiveNote(youth=youth)
    elif note.text == text:
        return note
    note.text = text
    note.updated_by = by if getattr(by, "pk", None) else None
    note.updated_at = timezone.now()
    audited_save(note, by=by, snapshot=sensitive_snapshot)
    return note
