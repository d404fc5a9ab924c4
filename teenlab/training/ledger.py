"""The attendance ledger: each slot's sign-in acts, append-only and chained by hash.

Every service that changes a slot's sheet (a signature, a mark, a late entry, the
countersignature, a correction) and the data-package import append one
:class:`~teenlab.training.models.AttendanceEntry` in the same transaction. Entries of one slot
are numbered 1, 2, 3… (``seq``) and each one's ``hash`` is SHA-256 of the previous entry's hash
(:data:`GENESIS` for the first) and of its content as canonical JSON — the same canonical form as
the journal's chain (:func:`teenlab.core.chain.content_hash`). The services hold the slot's row
lock (``SELECT … FOR UPDATE``; SQLite's transactions are IMMEDIATE), so two writers never chain
onto the same entry.

The canonical form is part of the stored data: changing :data:`FIELDS` or :func:`entry_content`
would make every existing entry look edited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone

from teenlab.core.chain import GENESIS, content_hash, instant, json_ready
from teenlab.training.models import AttendanceEntry, Slot

# The stored fields an entry's hash covers (every field but the row id, prev_hash and hash).
FIELDS = (
    "slot_id",
    "seq",
    "kind",
    "youth_id",
    "status",
    "minutes",
    "typed",
    "reason",
    "image_sha256",
    "rows",
    "recorded_at",
    "taken_at",
    "collected_by_id",
    "device",
    "idempotency_key",
)


def image_digest(image: bytes | memoryview | None) -> str:
    """The SHA-256 of a signature's PNG as the ledger keeps it ("" for no image)."""
    return hashlib.sha256(bytes(image)).hexdigest() if image else ""


def entry_content(values: Mapping[str, Any]) -> dict[str, Any]:
    """The content an entry's hash covers, from its stored values (a model or a values() row)."""
    content = {name: values[name] for name in FIELDS}
    content["recorded_at"] = instant(content["recorded_at"])
    if content["taken_at"] is not None:
        content["taken_at"] = instant(content["taken_at"])
    content["rows"] = json_ready(content["rows"])
    return content


def entry_hash(values: Mapping[str, Any], *, previous: str) -> str:
    return content_hash(entry_content(values), previous=previous)


def values_of(entry: AttendanceEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in FIELDS}


def last_of(slot_id: int) -> tuple[int, str]:
    """The slot's last number and hash (0 and GENESIS before its first entry)."""
    last = (
        AttendanceEntry.objects.filter(slot_id=slot_id)
        .order_by("-seq")
        .values_list("seq", "hash")
        .first()
    )
    return last or (0, GENESIS)


def chained(
    slot_id: int, entries: Iterable[AttendanceEntry], *, after: tuple[int, str] | None = None
) -> list[AttendanceEntry]:
    """``entries`` of one slot numbered and hashed after ``after`` (the slot's last entry, read
    when not given): unsaved, for a bulk create."""
    seq, previous = after if after is not None else last_of(slot_id)
    chain = []
    for entry in entries:
        seq += 1
        entry.slot_id, entry.seq, entry.prev_hash = slot_id, seq, previous
        entry.hash = previous = entry_hash(values_of(entry), previous=previous)
        chain.append(entry)
    return chain


def append(
    *,
    slot: Slot,
    kind: str,
    by,
    youth_id: int | None = None,
    status: str = "",
    minutes: int | None = None,
    typed: bool = False,
    reason: str = "",
    image: bytes | None = None,
    taken_at: dt.datetime | None = None,
    device: str = "",
    idempotency_key: str | None = None,
) -> AttendanceEntry:
    """One entry at the end of the slot's ledger. The caller holds the slot's row lock."""
    entry = AttendanceEntry(
        kind=kind,
        youth_id=youth_id,
        status=status,
        minutes=minutes,
        typed=typed,
        reason=reason,
        image_sha256=image_digest(image),
        recorded_at=timezone.now(),
        taken_at=taken_at,
        collected_by_id=getattr(by, "pk", None),
        device=device[:64],
        idempotency_key=idempotency_key,
    )
    (entry,) = chained(slot.pk, [entry])
    entry.save(force_insert=True)
    return entry
