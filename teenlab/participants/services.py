"""Changes to youth records, info sessions and recruitment: atomic, validated, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teenlab.core.audit import audited_save
from teenlab.core.models import Organisation, Project
from teenlab.participants.models import InfoSession, Youth

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
    "data_notice_given",
    "image_rights",
    "guardian_contact",
)


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
