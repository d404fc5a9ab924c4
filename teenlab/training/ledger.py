"""The attendance ledger: each slot's sign-in acts, append-only and chained by hash.

Every service that changes a slot's sheet (a signature, a mark, a late entry, the
countersignature, a correction) and the data-package import append one
:class:`~teenlab.training.models.AttendanceEntry` in the same transaction. Entries of one slot
are numbered 1, 2, 3… (``seq``) and each one's ``hash`` is SHA-256 of the previous entry's hash
(:data:`GENESIS` for the first) and of its content as canonical JSON — the same canonical form as
the journal's chain (:func:`teenlab.core.chain.content_hash`). The services hold the slot's row
lock (``SELECT … FOR UPDATE``; SQLite's transactions are IMMEDIATE), so two writers never chain
onto the same entry.

:func:`replay` gives the sheet a slot's entries leave; :func:`ledger_verify` (``teenlab
attendance verify``) recomputes every chain and compares that replay with the sheet's tables;
:func:`record_import` writes the data-package import's entries.

The canonical form is part of the stored data: changing :data:`FIELDS` or :func:`entry_content`
would make every existing entry look edited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone

from teenlab.core.bulk import copy_available, copy_rows
from teenlab.core.chain import GENESIS, content_hash, instant, json_ready
from teenlab.core.choices import AttendanceStatus
from teenlab.participants.models import Youth
from teenlab.training.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceEntry,
    AttendanceSignature,
    AttendanceSource,
    EntryKind,
    Slot,
    SlotCountersignature,
)

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


# A signature image erased by the retention policy (docs/privacy.md, "Retention") is replaced
# by this prefix and the SHA-256 it had: the picture is gone, the ledger's proof still checks.
ERASED_PREFIX = b"erased:sha256:"


def image_erased(image: bytes | memoryview | None) -> bytes:
    """What an erased signature image is stored as: its digest, no picture."""
    return ERASED_PREFIX + image_digest(image).encode("ascii")


def is_erased(image: bytes | memoryview | None) -> bool:
    return bool(image) and bytes(image).startswith(ERASED_PREFIX)  # type: ignore[arg-type]


def image_digest(image: bytes | memoryview | None) -> str:
    """The SHA-256 of a signature's PNG as the ledger keeps it ("" for no image); an erased
    image gives the digest it had."""
    if not image:
        return ""
    data = bytes(image)
    if data.startswith(ERASED_PREFIX):
        return data[len(ERASED_PREFIX) :].decode("ascii")
    return hashlib.sha256(data).hexdigest()


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


# --- Replaying --------------------------------------------------------------------------------


@dataclass
class SheetState:
    """What a slot's sheet holds, as its ledger says (:func:`replay`) or as its tables do
    (:func:`sheets_stored`): each young person's attendance (status, minutes, source) and
    signature (image digest, collector, time, typed), the countersignature (trainer, image
    digest, time) and the corrections."""

    attendance: dict[int, tuple[str, int | None, str]] = field(default_factory=dict)
    signatures: dict[int, tuple[str, int | None, str, bool]] = field(default_factory=dict)
    countersignature: tuple[int | None, str, str] | None = None
    corrections: Counter = field(default_factory=Counter)


SOURCE_OF_KIND: dict[str, str] = {
    EntryKind.SIGNATURE: AttendanceSource.SIGNED,
    EntryKind.MARK: AttendanceSource.MARKED,
    EntryKind.LATE: AttendanceSource.LATE,
    EntryKind.CORRECTION: AttendanceSource.CORRECTED,
}


def replay(entries: Iterable[Mapping[str, Any]]) -> SheetState:
    """The sheet that a slot's entries, in order, leave.

    An import entry states the slot's whole attendance (``rows``: youth id, status, minutes,
    source); an entry without a status removes the young person's row (the administration's
    delete); absent or excused removes a signature."""
    state = SheetState()
    for entry in entries:
        kind, youth = entry["kind"], entry["youth_id"]
        at = instant(entry["recorded_at"])
        if kind == EntryKind.IMPORT:
            state.attendance = {row[0]: (row[1], row[2], row[3]) for row in entry["rows"] or []}
            state.signatures = {
                y: signed for y, signed in state.signatures.items() if y in state.attendance
            }
            continue
        if kind == EntryKind.COUNTERSIGNATURE:
            state.countersignature = (entry["collected_by_id"], entry["image_sha256"], at)
            continue
        if not entry["status"]:
            state.attendance.pop(youth, None)
            state.signatures.pop(youth, None)
            continue
        state.attendance[youth] = (entry["status"], entry["minutes"], SOURCE_OF_KIND[kind])
        if kind == EntryKind.SIGNATURE:
            signed = (entry["image_sha256"], entry["collected_by_id"], at, entry["typed"])
            state.signatures[youth] = signed
        elif entry["status"] in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED):
            state.signatures.pop(youth, None)
        if kind == EntryKind.CORRECTION:
            correction = (youth, entry["status"], entry["minutes"], entry["reason"])
            state.corrections[(*correction, entry["collected_by_id"], at)] += 1
    return state


def sheets_stored(slot_ids: list[int]) -> dict[int, SheetState]:
    """What the attendance, signature, countersignature and correction tables hold now for
    ``slot_ids``, in the shape of :func:`replay` (four queries)."""
    states = {slot_id: SheetState() for slot_id in slot_ids}
    for slot_id, youth, *attendance in Attendance.objects.filter(slot_id__in=slot_ids).values_list(
        "slot_id", "youth_id", "status", "minutes", "source"
    ):
        states[slot_id].attendance[youth] = tuple(attendance)
    for slot_id, youth, image, by, at, typed in AttendanceSignature.objects.filter(
        attendance__slot_id__in=slot_ids
    ).values_list(
        "attendance__slot_id",
        "attendance__youth_id",
        "image",
        "collected_by_id",
        "signed_at",
        "typed_name",
    ):
        states[slot_id].signatures[youth] = (image_digest(image), by, instant(at), bool(typed))
    for slot_id, by, image, at in SlotCountersignature.objects.filter(
        slot_id__in=slot_ids
    ).values_list("slot_id", "trainer_id", "image", "signed_at"):
        states[slot_id].countersignature = (by, image_digest(image), instant(at))
    for slot_id, *correction, at in AttendanceCorrection.objects.filter(
        slot_id__in=slot_ids
    ).values_list(
        "slot_id", "youth_id", "status", "minutes", "reason", "corrected_by_id", "corrected_at"
    ):
        states[slot_id].corrections[(*correction, instant(at))] += 1
    return states


def _batches(iterable: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ledgers(slot_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The entries of ``slot_ids``, in order, as values (one query)."""
    ledgers: dict[int, list[dict[str, Any]]] = {pk: [] for pk in slot_ids}
    for entry in (
        AttendanceEntry.objects.filter(slot_id__in=slot_ids)
        .order_by("slot_id", "seq")
        .values(*FIELDS, "prev_hash", "hash")
    ):
        ledgers[entry["slot_id"]].append(entry)
    return ledgers


# --- The import ---------------------------------------------------------------------------------


def record_import(*, slots: QuerySet[Slot], by, chunk: int = 500) -> int:
    """After a data-package import: one ``import`` entry for each of ``slots`` whose attendance
    is no longer what its ledger says, stating the slot's whole attendance (``rows``: youth id,
    status, minutes, source, by youth id). Bulk-created, a few queries per ``chunk`` slots.
    Returns how many entries were written."""
    written = 0
    now = timezone.now()
    ids = slots.order_by("pk").values_list("pk", flat=True)
    for batch in _batches(ids.iterator(chunk_size=chunk), chunk):
        ledgers = _ledgers(batch)
        current: dict[int, dict[int, tuple]] = {pk: {} for pk in batch}
        for slot_id, youth, *attendance in Attendance.objects.filter(slot_id__in=batch).values_list(
            "slot_id", "youth_id", "status", "minutes", "source"
        ):
            current[slot_id][youth] = tuple(attendance)
        entries = []
        for pk in batch:
            if replay(ledgers[pk]).attendance == current[pk]:
                continue
            last = ledgers[pk][-1] if ledgers[pk] else None
            seq, previous = (last["seq"], last["hash"]) if last else (0, GENESIS)
            # The entry's stored values (its model's defaults but these), hashed as chained()
            # hashes a model instance; written without one (thousands of slots per import).
            values = dict(
                IMPORT_DEFAULTS,
                slot_id=pk,
                seq=seq + 1,
                rows=[[youth, *current[pk][youth]] for youth in sorted(current[pk])],
                recorded_at=now,
                collected_by_id=getattr(by, "pk", None),
                prev_hash=previous,
            )
            values["hash"] = entry_hash(values, previous=previous)
            entries.append(values)
        _entries_insert(entries, chunk=chunk)
        written += len(entries)
    return written


# An import entry's fields that are its model's defaults.
IMPORT_DEFAULTS: dict[str, Any] = {
    "kind": EntryKind.IMPORT.value,
    "youth_id": None,
    "status": "",
    "minutes": None,
    "typed": False,
    "reason": "",
    "image_sha256": "",
    "taken_at": None,
    "device": "",
    "idempotency_key": None,
}


def _entries_insert(entries: list[dict[str, Any]], *, chunk: int) -> None:
    """Write ledger entries given as their stored values: COPY on PostgreSQL."""
    if not copy_available():
        AttendanceEntry.objects.bulk_create(
            [AttendanceEntry(**values) for values in entries], batch_size=chunk
        )
        return
    fields = {field.attname: field for field in AttendanceEntry._meta.concrete_fields}
    rows_field = fields["rows"]
    columns = [*FIELDS, "prev_hash", "hash"]
    database = connections[AttendanceEntry.objects.db]
    copy_rows(
        AttendanceEntry,
        [fields[name].column for name in columns],
        (
            [
                rows_field.get_db_prep_save(values[name], database)
                if name == "rows"
                else values[name]
                for name in columns
            ]
            for values in entries
        ),
    )


# --- Checking -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotProblem:
    slot: str  # the slot's code
    kind: str  # "edited", "removed", "attendance", "signature", "countersignature", "correction"
    seq: int | None = None  # the entry edited, or the first number missing
    last: int | None = None  # the last number missing
    youth: tuple[str, ...] = ()  # the codes of the young people whose row differs


@dataclass(frozen=True)
class LedgerVerification:
    slots: int
    entries: int
    problems: tuple[SlotProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def slots_named(self) -> list[str]:
        return sorted({problem.slot for problem in self.problems})


def _chain_problems(code: str, entries: list[dict[str, Any]]) -> list[SlotProblem]:
    problems = []
    previous_seq, previous_hash = 0, GENESIS
    for entry in entries:
        seq = entry["seq"]
        if seq != previous_seq + 1:
            problems.append(SlotProblem(code, "removed", previous_seq + 1, seq - 1))
        elif entry["prev_hash"] != previous_hash or (
            entry_hash(entry, previous=previous_hash) != entry["hash"]
        ):
            problems.append(SlotProblem(code, "edited", seq))
        previous_seq, previous_hash = seq, entry["hash"]
    return problems


def _differing(expected: Mapping, stored: Mapping) -> set:
    return {key for key in expected.keys() | stored.keys() if expected.get(key) != stored.get(key)}


def _sheet_problems(code: str, expected: SheetState, stored: SheetState) -> list[tuple]:
    """(kind, youth ids) of each part of the sheet that is not what the ledger says."""
    problems: list[tuple] = []
    for kind, differ in (
        ("attendance", _differing(expected.attendance, stored.attendance)),
        ("signature", _differing(expected.signatures, stored.signatures)),
        ("correction", {key[0] for key in _differing(expected.corrections, stored.corrections)}),
    ):
        if differ:
            problems.append((code, kind, differ))
    if expected.countersignature != stored.countersignature:
        problems.append((code, "countersignature", set()))
    return problems


def ledger_verify(*, slots: QuerySet[Slot], chunk: int = 500) -> LedgerVerification:
    """Recompute each slot's chain and replay its entries against its sheet: every slot whose
    entries were edited or removed, or whose attendance, signatures, countersignature or
    corrections are no longer what its ledger says, is named."""
    problems: list[SlotProblem] = []
    differing: list[tuple] = []
    count = entries = 0
    rows = slots.order_by("pk").values_list("pk", "code")
    for batch in _batches(rows.iterator(chunk_size=chunk), chunk):
        ids = [pk for pk, _code in batch]
        ledgers = _ledgers(ids)
        stored = sheets_stored(ids)
        count += len(ids)
        for pk, code in batch:
            entries += len(ledgers[pk])
            problems += _chain_problems(code, ledgers[pk])
            differing += _sheet_problems(code, replay(ledgers[pk]), stored[pk])
    youth_ids = {youth for _code, _kind, ids in differing for youth in ids}
    codes = dict(Youth.objects.filter(pk__in=youth_ids).values_list("pk", "code"))
    for code, kind, ids in differing:
        named = tuple(sorted(codes.get(youth, f"#{youth}") for youth in ids))
        problems.append(SlotProblem(code, kind, youth=named))
    problems.sort(key=lambda problem: (problem.slot, problem.seq or 0))
    return LedgerVerification(count, entries, tuple(problems))
