"""The journal: who changed, opened or exported what, when; what it was and what it became.

Services save a record through :func:`audited_save`, which validates, saves and journals it in
one transaction (before and after, or only after for a new record)::

    youth.commune = "Menton"
    audited_save(youth, by=by)

A deletion, which is no save, calls :func:`audit_log` itself before deleting.

The access log is the same journal: a view that shows one young person's record, and every
download of personal data or of figures, calls :func:`access_log` once the scoped fetch has
succeeded (the only journal call a view makes)::

    access_log(user=request.user, action=AuditEntry.Action.VIEW, obj=youth,
               details={"page": "youth_detail"})

Every entry is chained to the previous one by its hash (:mod:`teenlab.core.chain`). Records'
pages show :func:`history_for`; the journal page reads :func:`journal_for`.

This module imports no domain app: models are named by their label (``"training.attendance"``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.apps import apps
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _lazy

from teenlab.core.models import AuditEntry
from teenlab.core.permissions import can

LABEL_KEY = "_label"  # str(obj) at the time, kept with the values for the history's wording
PASSWORD_CHANGED = "changed"  # an account's password changed: the journal never keeps the hash
REDACTION_KEY = "redacted"  # a redaction entry's digests (teenlab.core.chain): not shown


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
        return _first_value(obj, "enrolment.youth_id")
    return None


def _first_value(obj: models.Model, *paths: str) -> Any:
    """The value at the first dotted attribute path of ``obj`` that exists and is not None."""
    for path in paths:
        target: Any = obj
        try:
            for part in path.split("."):
                target = getattr(target, part)
        except (AttributeError, models.ObjectDoesNotExist):
            continue
        if target is not None:
            return target
    return None


def _project_id(obj: models.Model) -> int | None:
    if obj._meta.label_lower == "core.project":
        return obj.pk
    return _first_value(
        obj,
        "project_id",
        "cohort.project_id",
        "youth.project_id",
        "enrolment.youth.project_id",
    )


def _organisation_id(obj: models.Model, user) -> int | None:
    """The organisation that owns the record, else the author's: whose journal it is in."""
    if obj._meta.label_lower == "core.organisation":
        return obj.pk
    owner = _first_value(
        obj,
        "organisation_id",
        "youth.organisation_id",
        "cohort.organisation_id",
        "slot.cohort.organisation_id",
        "enrolment.youth.organisation_id",
        "attendance.youth.organisation_id",
    )
    return owner if owner is not None else getattr(user, "organisation_id", None)


def _author(user):
    return user if user is not None and user.is_authenticated else None


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
    return _entry(user=user, action=action, obj=obj, before=before, after=after)


def _entry(
    *, user, action: str, obj: models.Model, before: dict | None, after: dict | None
) -> AuditEntry:
    """The journal's entry about ``obj``, whose project, organisation and young person it names."""
    author = _author(user)
    return AuditEntry.objects.create(
        user=author,
        project_id=_project_id(obj),
        organisation_id=_organisation_id(obj, author),
        action=action,
        model=obj._meta.label_lower,
        object_id=obj.pk,
        youth_id=_youth_id(obj),
        before=before,
        after=after,
    )


M = TypeVar("M", bound=models.Model)


def full_clean(obj: models.Model) -> None:
    """The default validation of :func:`audited_save`: the model's own ``full_clean()``."""
    obj.full_clean()


@transaction.atomic
def audited_save(
    obj: M,
    *,
    by,
    validate: Callable[[M], None] | None = full_clean,
    update_fields: Iterable[str] | None = None,
    skip_unchanged: bool = False,
    snapshot: Callable[[M], dict[str, Any]] = snapshot,
) -> AuditEntry | None:
    """Validate ``obj`` as changed in memory, save it and journal the change, all or nothing.

    The journal's *before* is the stored row, read here (a new record, without a primary key,
    had none: its entry is a creation), so the caller changes ``obj`` and calls this once.
    ``validate`` raises the :class:`~django.core.exceptions.ValidationError` that refuses the
    change: the model's ``full_clean()`` unless told otherwise, ``None`` where the service has
    checked everything itself. ``skip_unchanged``: a record that the change leaves as it was is
    validated but neither saved nor journaled. ``snapshot``: what the journal keeps of the
    record (an account's leaves out its password). Returns the journal entry (``None`` when
    nothing changed).
    """
    before = None if obj.pk is None else snapshot(type(obj)._default_manager.get(pk=obj.pk))
    if validate is not None:
        validate(obj)
    after = snapshot(obj)
    if skip_unchanged and after == before:
        return None
    obj.save(update_fields=update_fields)
    return audit_log(
        user=by,
        action=AuditEntry.Action.UPDATE if before is not None else AuditEntry.Action.CREATE,
        obj=obj,
        before=before,
        after=snapshot(obj),
    )


def command_details() -> dict[str, str]:
    """Who ran a command-line export: no account, the system user."""
    import getpass

    try:
        system_user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        system_user = ""
    return {"via": "command", "system_user": system_user}


def records_version() -> str:
    """What the records are at, as a key: the number and hash of the journal's last change
    (one row read). Every write of the records goes through the journal (services, imports,
    the admin), so a report computed at one version stays true until the next; page reads
    and exports, also journaled, leave it as it is. The hash makes the key differ between
    two databases that reached the same number."""
    from teenlab.core.models import AuditChainHead

    head = AuditChainHead.objects.filter(pk=1).values_list("changed_seq", "changed_hash").first()
    if head is None:
        return "0-"
    seq, digest = head
    return f"{seq}-{digest}"


def access_log(*, user, action: str, obj: models.Model, details: dict | None = None) -> AuditEntry:
    """Record that ``user`` opened (``VIEW``) or downloaded (``EXPORT``) ``obj``.

    ``details`` says what exactly (the page, or the scope, format and file of a download); a
    command-line export has no ``user`` and says so in its details. One INSERT, committed at
    once when no transaction is open.
    """
    if action not in (AuditEntry.Action.VIEW, AuditEntry.Action.EXPORT):
        raise ValueError(f"access_log records views and exports, not {action!r}")
    return _entry(
        user=user,
        action=action,
        obj=obj,
        before=None,
        after={LABEL_KEY: str(obj), **(details or {})},
    )


@transaction.atomic
def journal_redact(
    *, rewrites: dict[int, tuple[dict | None, dict | None]], by, label: str
) -> AuditEntry | None:
    """Replace the payloads (before, after) of the journal entries numbered as ``rewrites``'s
    keys, and chain one redaction entry recording the digest of each one's new content, so that
    ``teenlab audit verify`` still checks them (:mod:`teenlab.core.chain`, "Redaction"). Used by
    the anonymisation of young people's data (docs/privacy.md, "Retention"); nothing else may
    change a written entry."""
    from teenlab.core import chain

    if not rewrites:
        return None
    for seq, (before, after) in rewrites.items():
        AuditEntry.objects.filter(seq=seq).update(
            before=chain.json_ready(before), after=chain.json_ready(after)
        )
    digests = {
        str(row["seq"]): chain.redaction_digest(row)
        for row in AuditEntry.objects.filter(seq__in=list(rewrites)).values(*chain.FIELDS)
    }
    entry = AuditEntry(
        user=_author(by),
        action=AuditEntry.Action.UPDATE,
        model=chain.REDACTION_MODEL,
        after={LABEL_KEY: label, chain.REDACTION_KEY: digests},
    )
    entry.save()
    return entry


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
    if value is None or value == "":
        return "—"
    if field is not None and field.attname == "password":
        return gettext("modifié")
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


# What the access log's details are called on the journal page.
DETAIL_LABELS = {
    "page": _lazy("page"),
    "export": _lazy("export"),
    "scope": _lazy("périmètre"),
    "format": _lazy("format"),
    "lang": _lazy("langue"),
    "file": _lazy("fichier"),
    "week": _lazy("semaine"),
    "slot": _lazy("créneau"),
    "via": _lazy("par"),
    "system_user": _lazy("utilisateur du système"),
}
DETAIL_VALUES = {
    "youth": _lazy("dossier du jeune"),
    "youth_edit": _lazy("formulaire du dossier"),
    "sensitive": _lazy("informations sensibles"),
    "subject_access": _lazy("droit d'accès du jeune"),
    "attendance_correct": _lazy("correction d'émargement"),
    "bilan": _lazy("bilan"),
    "sign_in_sheet": _lazy("feuille d'émargement"),
    "data_package": _lazy("paquet de données"),
    "command": _lazy("ligne de commande"),
}
MASK = "•••"


def _describe(entry: AuditEntry, *, masked: bool = False) -> HistoryItem:
    try:
        model = apps.get_model(entry.model)
    except (LookupError, ValueError):
        model = None
    fields = {}
    if model is not None:
        fields = {
            field.attname: field
            for field in (*model._meta.concrete_fields, *model._meta.many_to_many)
        }
    before = entry.before or {}
    after = entry.after or {}
    keys = [key for key in (after or before) if key not in (LABEL_KEY, REDACTION_KEY)]
    access = entry.action in (AuditEntry.Action.VIEW, AuditEntry.Action.EXPORT)
    # Someone who may not read youth records (an auditor) sees who did what and when, which
    # fields changed, never a young person's name or values.
    hide = masked and entry.youth_id is not None
    changes = []
    for key in keys:
        field = None if access else fields.get(key)
        if access:
            label = str(DETAIL_LABELS.get(key, key))
        else:
            label = str(field.verbose_name) if field is not None else key
        if entry.action == AuditEntry.Action.CREATE and after.get(key) in (None, "", False):
            continue  # a new record: list what was filled in, not every empty field

        def shown(values, key=key, field=field):
            if hide and not access:
                return MASK
            value = values.get(key)
            if access and isinstance(value, str) and value in DETAIL_VALUES:
                return str(DETAIL_VALUES[value])
            return _display(field, value)

        changes.append(
            Change(
                label=label,
                before=shown(before) if entry.before is not None else "",
                after=shown(after) if entry.after is not None else "",
            )
        )
    label = after.get(LABEL_KEY) or before.get(LABEL_KEY) or ""
    if hide:
        label = gettext("jeune n° %(id)s") % {"id": entry.youth_id}
    return HistoryItem(
        entry=entry,
        model_name=str(model._meta.verbose_name) if model is not None else entry.model,
        object_label=label,
        changes=tuple(changes),
    )


def history_for(
    *,
    user,
    youth=None,
    obj: models.Model | None = None,
    attendance: QuerySet | None = None,
    limit: int = 200,
) -> list[HistoryItem]:
    """Newest first, the changes ``user`` may read: everything about a young person, or one
    object's own entries (one query). Views and exports are not part of a record's history.

    Coordinators and counsellors (``history.full``) read every change; anyone else (a trainer)
    only the changes of the ``attendance`` rows (marks, signatures, corrections) the view passes
    (``access.attendance_for(user)``: of the cohorts they teach; none when not given).
    """
    entries = AuditEntry.objects.select_related("user").filter(action__in=AuditEntry.CHANGES)
    if youth is not None:
        entries = entries.filter(youth_id=youth.pk)
    elif obj is not None:
        entries = entries.filter(model=obj._meta.label_lower, object_id=obj.pk)
    else:
        raise TypeError("history_for needs youth or obj")
    if not can(user, "history.full"):
        if attendance is None:
            return []
        entries = entries.filter(
            model="training.attendance",
            object_id__in=attendance.values("pk"),
        )
    return [_describe(entry) for entry in entries.order_by("-seq")[:limit]]


# --- The journal page ---------------------------------------------------------------------------


def journal_for(user) -> QuerySet[AuditEntry]:
    """The entries the journal page shows ``user``: those filed under their organisation or
    written by one of its accounts (coordinators, auditors); every entry for a superuser."""
    if not can(user, "audit.view"):
        return AuditEntry.objects.none()
    if user.is_superuser:
        return AuditEntry.objects.all()
    org = user.organisation_id
    return AuditEntry.objects.filter(
        models.Q(organisation_id=org) | models.Q(user__organisation_id=org)
    )


def journal_describe(entries, *, user) -> list[HistoryItem]:
    """The page's entries, worded; values about young people hidden from who may not read them."""
    masked = not can(user, "history.full")
    return [_describe(entry, masked=masked) for entry in entries]
