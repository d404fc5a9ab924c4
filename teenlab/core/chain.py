"""The journal's hash chain: how an entry's hash is computed, and how the chain is checked.

Each :class:`~teenlab.core.models.AuditEntry` carries ``seq`` (its number, 1, 2, 3… with no gap)
and ``hash`` = SHA-256 of the previous entry's hash and of the entry's canonical content (every
stored field but ``hash`` and the row id, as sorted compact JSON). One row,
:class:`~teenlab.core.models.AuditChainHead`, holds the last number and hash; a writer locks it
for the rest of its transaction (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite, an UPDATE
that takes the database's single write lock), so two writers never chain onto the same entry.

:func:`chain_verify` then names every entry whose content no longer gives its hash (edited),
every number missing from the sequence (removed) and a head that does not match the last entry
(entries removed at the end).

The canonical form below is part of the stored data: changing it would make every existing
entry look edited. The data migration that chained the entries written before the chain existed
(``core/migrations/0005``) uses these same functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connections, transaction
from django.db.models import F

GENESIS = "0" * 64  # the "previous hash" of the first entry
FIELDS = (
    "seq",
    "at",
    "user_id",
    "project_id",
    "organisation_id",
    "action",
    "model",
    "object_id",
    "youth_id",
    "before",
    "after",
)


def json_ready(value: Any) -> Any:
    """``value`` as it will read back from a JSON column (dates as text, tuples as lists…)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


# Values that normalise to themselves: skipped without a call (an imported slot's ledger entry
# holds thousands of them).
_PLAIN = frozenset({str, int, bool, type(None)})


def _normalised(value: Any) -> Any:
    # PostgreSQL's jsonb gives 1e16 back as 10000000000000000: a float equal to an integer is
    # hashed as that integer, so that both databases give the same hash.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {
            str(key): item if type(item) in _PLAIN else _normalised(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [item if type(item) in _PLAIN else _normalised(item) for item in value]
    return value


def instant(value: dt.datetime | str) -> str:
    """An instant as hashed: UTC, ISO 8601 with microseconds (from a datetime or its text)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def content_hash(content: dict[str, Any], *, previous: str) -> str:
    """SHA-256 of ``previous`` and of ``content`` as sorted compact JSON (the canonical form).

    The attendance ledger (:mod:`teenlab.training.ledger`) chains its entries with it too."""
    canonical = json.dumps(
        _normalised(content), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(f"{previous}\n{canonical}".encode()).hexdigest()


def entry_values(entry) -> dict[str, Any]:
    """The content an entry's hash covers (an AuditEntry, historical model or not)."""
    return {name: getattr(entry, name) for name in FIELDS}


def entry_hash(values: dict[str, Any], *, previous: str) -> str:
    content = dict(values)
    content["at"] = instant(content["at"])
    return content_hash(content, previous=previous)


# --- Redaction (docs/privacy.md, "Retention") ----------------------------------------------------
#
# Anonymisation rewrites the personal values inside journal entries, which changes their content
# but not their stored hash. It then appends one *redaction* entry (model REDACTION_MODEL) whose
# ``after[REDACTION_KEY]`` maps each rewritten entry's number to the digest of its new content.
# The verification accepts an entry whose content gives that digest (the redaction entry is
# itself chained, so the digests cannot be changed unseen) and keeps checking every link with
# the stored hashes: an entry edited after its redaction, or without one, is still "edited".
REDACTION_MODEL = "core.redaction"
REDACTION_KEY = "redacted"
_REDACTED = "redacted"  # the "previous hash" of a redaction digest (it is no link of the chain)


def redaction_digest(values: dict[str, Any]) -> str:
    """The digest a redaction entry records of an entry's content as rewritten."""
    return entry_hash(values, previous=_REDACTED)


def _redactions(using: str) -> dict[int, str]:
    """``{entry number: digest of its rewritten content}``, the latest redaction of each, from
    redaction entries that follow the entry they name."""
    from teenlab.core.models import AuditEntry

    digests: dict[int, str] = {}
    rows = AuditEntry.objects.using(using).filter(model=REDACTION_MODEL).order_by("seq")
    for seq, after in rows.values_list("seq", "after"):
        for number, digest in ((after or {}).get(REDACTION_KEY) or {}).items():
            if str(number).isdigit() and int(number) < seq:
                digests[int(number)] = digest
    return digests


# --- Writing ------------------------------------------------------------------------------------


def head_lock(*, using: str):
    """The chain's head row, locked until the current transaction ends (created if missing)."""
    from teenlab.core.models import AuditChainHead, AuditEntry

    heads = AuditChainHead.objects.using(using)
    if not connections[using].features.has_select_for_update:
        # SQLite has no row locks: writing takes its one write lock now, before the head is
        # read, and keeps it to the end of the transaction.
        heads.filter(pk=1).update(seq=F("seq"))
    head = heads.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    # A flushed test database, or a head removed by hand: continue from the last entry.
    entries = AuditEntry.objects.using(using).order_by("-seq")
    last = entries.values("seq", "hash").first() or {"seq": 0, "hash": GENESIS}
    changed = entries.filter(action__in=AuditEntry.CHANGES).values("seq", "hash").first()
    if changed:
        last |= {"changed_seq": changed["seq"], "changed_hash": changed["hash"]}
    try:
        with transaction.atomic(using=using):
            return heads.create(pk=1, **last)
    except IntegrityError:  # another writer created it first
        return heads.select_for_update().get(pk=1)


# --- Checking -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    kind: str  # "edited", "removed", "truncated", "head"
    seq: int  # the entry edited, or the first number missing
    last: int | None = None  # the last number missing (removed, truncated)
    at: dt.datetime | None = None
    action: str = ""
    model: str = ""
    object_id: int | None = None


@dataclass(frozen=True)
class Verification:
    entries: int
    head_seq: int
    head_hash: str
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _entries(using: str, chunk: int) -> Iterator[dict[str, Any]]:
    from teenlab.core.models import AuditEntry

    rows = AuditEntry.objects.using(using).order_by("seq").values(*FIELDS, "hash")
    return rows.iterator(chunk_size=chunk)


def chain_verify(*, using: str = "default", chunk: int = 2000) -> Verification:
    """Recompute every entry's hash from its content and its predecessor's stored hash."""
    from teenlab.core.models import AuditChainHead

    problems: list[Problem] = []
    redacted = _redactions(using)
    previous_seq, previous_hash, count = 0, GENESIS, 0
    for row in _entries(using, chunk):
        count += 1
        seq = row["seq"]
        if seq != previous_seq + 1:
            problems.append(Problem("removed", previous_seq + 1, last=seq - 1))
            # What preceded the gap is gone: the entry after it cannot be checked against it.
            expected = None
        else:
            values = {name: row[name] for name in FIELDS}
            expected = entry_hash(values, previous=previous_hash)
            # Rewritten by an anonymisation: its content must be what the redaction recorded.
            rewritten = seq in redacted and redaction_digest(values) == redacted[seq]
            if expected != row["hash"] and rewritten:
                expected = row["hash"]
        if expected is not None and expected != row["hash"]:
            problems.append(
                Problem(
                    "edited",
                    seq,
                    at=row["at"],
                    action=row["action"],
                    model=row["model"],
                    object_id=row["object_id"],
                )
            )
        previous_seq, previous_hash = seq, row["hash"]
    head = AuditChainHead.objects.using(using).filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (previous_seq, previous_hash)
    if head_seq > previous_seq:
        problems.append(Problem("truncated", previous_seq + 1, last=head_seq))
    elif head_seq != previous_seq or head_hash != previous_hash:
        problems.append(Problem("head", head_seq))
    return Verification(count, head_seq, head_hash, tuple(problems))
