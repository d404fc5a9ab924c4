"""Writes of the project's activities: exchanges, events, phases, cooperations."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Model

from teenlab.core.audit import audit_log, snapshot
from teenlab.core.models import AuditEntry


@transaction.atomic
def activity_save(*, obj: Model, by) -> Model:
    """Save a validated record of the project (new or changed) and journal the change."""
    created = obj.pk is None
    before = None
    if not created:
        previous = type(obj).objects.get(pk=obj.pk)
        before = snapshot(previous)
    obj.full_clean()
    obj.save()
    audit_log(
        user=by,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        obj=obj,
        before=before,
        after=snapshot(obj),
    )
    return obj
