"""Writes of the project's activities: exchanges, events, phases, cooperations."""

from __future__ import annotations

from django.db.models import Model

from teenlab.core.audit import audited_save


def activity_save(*, obj: Model, by) -> Model:
    """Save a validated record of the project (new or changed) and journal the change."""
    audited_save(obj, by=by)
    return obj
