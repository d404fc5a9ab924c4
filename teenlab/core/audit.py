"""The journal of changes: who changed what, when, what it was and what it became.

Services call :func:`audit_log` inside their transaction; views never do::

    before = snapshot(youth)
    ... change and save youth ...
    audit_log(user=by, action=AuditEntry.Action.UPDATE, obj=youth, before=before,
              after=snapshot(youth))

Records' pages show :func:`history_for`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models

from teenlab.core.models import AuditEntry

LABEL_KEY = "_label"  # str(obj) at the time, kept with the values for the history's wording


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's stored values, JSON-ready (foreign keys as ids), and its label."""
    values: dict[str, Any] = {LABEL_KEY: str(obj)}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        values[field.attname] = _json_value(getattr(obj, field.attname))
    return values


def _youth_id(obj: models.Model) -> int | None:
    label = obj._meta.label_lower
    if label == "participants.youth":
        return obj.pk
    if hasattr(obj, "youth_id"):
        return obj.youth_id
    if label == "outcomes.outcome":
        return obj.enrolment.youth_id
    return None


def _project_id(obj: models.Model) -> int | None:
    for path in (
        "project_id",
        "cohort.project_id",
        "youth.project_id",
        "enrolment.youth.project_id",
    ):
        target: Any = obj
        try:
            for part in path.split("."):
                target = getattr(target, part)
        except (AttributeError, models.ObjectDoesNotExist):
            continue
        if target is not None:
            return target
    return None


def audit_log(
    *,
    user,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    """Record one change. For an update, only the fields that changed are kept."""
    if before is not None and after is not None:
        changed = {key for key in after if before.get(key) != after.get(key)} - {LABEL_KEY}
        before = {LABEL_KEY: before.get(LABEL_KEY), **{k: before.get(k) for k in changed}}
        after = {LABEL_KEY: after.get(LABEL_KEY), **{k: after.get(k) for k in changed}}
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        project_id=_project_id(obj),
        action=action,
        model=obj._meta.label_lower,
        object_id=obj.pk,
        youth_id=_youth_id(obj),
        before=before,
        after=after,
    )


# --- Reading the history ------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryItem:
    entry: AuditEntry
    model_name: str
    object_label: str
    changes: tuple[Change, ...]


def _display(field: models.Field | None, value: Any) -> str:
    from django.utils.translation import gettext

    if value is None or value == "":
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool) or (field is not None and isinstance(field, models.BooleanField)):
        return gettext("oui") if value else gettext("non")
    if field is not None and isinstance(field, models.DateField) and isinstance(value, str):
        try:
            from django.utils.formats import date_format

            return date_format(dt.date.fromisoformat(value[:10]), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return str(value)


def _describe(entry: AuditEntry) -> HistoryItem:
    try:
        model = apps.get_model(entry.model)
    except (LookupError, ValueError):
        model = None
    fields = {}
    if model is not None:
        fields = {field.attname: field for field in model._meta.concrete_fields}
    before = entry.before or {}
    after = entry.after or {}
    keys = [key for key in (after or before) if key != LABEL_KEY]
    changes = []
    for key in keys:
        field = fields.get(key)
        label = str(field.verbose_name) if field is not None else key
        if entry.action == AuditEntry.Action.CREATE and after.get(key) in (None, "", False):
            continue  # a new record: list what was filled in, not every empty field
        changes.append(
            Change(
                label=label,
                before=_display(field, before.get(key)) if entry.before is not None else "",
                after=_display(field, after.get(key)) if entry.after is not None else "",
            )
        )
    return HistoryItem(
        entry=entry,
        model_name=str(model._meta.verbose_name) if model is not None else entry.model,
        object_label=after.get(LABEL_KEY) or before.get(LABEL_KEY) or "",
        changes=tuple(changes),
    )


def history_for(
    *, youth=None, obj: models.Model | None = None, limit: int = 200
) -> list[HistoryItem]:
    """Newest first: everything about a young person, or one object's own entries (one query)."""
    entries = AuditEntry.objects.select_related("user")
    if youth is not None:
        entries = entries.filter(youth_id=youth.pk)
    elif obj is not None:
        entries = entries.filter(model=obj._meta.label_lower, object_id=obj.pk)
    else:
        raise TypeError("history_for needs youth or obj")
    return [_describe(entry) for entry in entries.order_by("-at", "-id")[:limit]]
