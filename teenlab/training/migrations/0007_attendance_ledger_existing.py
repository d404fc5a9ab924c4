"""Chain the attendance written before the ledger existed, so that ``teenlab attendance verify``
passes on an upgraded database.

A slot with no signature, countersignature or correction gets one ``import`` entry stating its
rows (source ``imported``: nothing shows they were signed). A slot that went through the sign-in
gets one entry per row — a ``signature`` (with the signature's time, collector and image
digest) or a ``mark`` (at the time and by the account of the journal's last entry on that row,
else now) — then its countersignature and its corrections, in the order they were made. The
entries use :mod:`teenlab.training.ledger`'s canonical form, as the services do.
"""

from collections import defaultdict

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

CHUNK = 500


def _batches(ids, size):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def chain_existing(apps, schema_editor):
    from teenlab.training import ledger

    db = schema_editor.connection.alias
    Slot = apps.get_model("training", "Slot")
    Attendance = apps.get_model("training", "Attendance")
    Signature = apps.get_model("training", "AttendanceSignature")
    Countersignature = apps.get_model("training", "SlotCountersignature")
    Correction = apps.get_model("training", "AttendanceCorrection")
    Entry = apps.get_model("training", "AttendanceEntry")
    AuditEntry = apps.get_model("core", "AuditEntry")
    now = timezone.now()

    chained = Entry.objects.using(db).values("slot_id")
    with_rows = Attendance.objects.using(db).values("slot_id")
    locked = Countersignature.objects.using(db).values("slot_id")
    slot_ids = list(
        Slot.objects.using(db)
        .exclude(pk__in=chained)
        .filter(Q(pk__in=with_rows) | Q(pk__in=locked))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for batch in _batches(slot_ids, CHUNK):
        rows = defaultdict(list)
        for row in Attendance.objects.using(db).filter(slot_id__in=batch).order_by("youth_id"):
            rows[row.slot_id].append(row)
        signatures = {
            s.attendance_id: s
            for s in Signature.objects.using(db).filter(attendance__slot_id__in=batch)
        }
        counters = {
            c.slot_id: c for c in Countersignature.objects.using(db).filter(slot_id__in=batch)
        }
        corrections = defaultdict(list)
        for c in Correction.objects.using(db).filter(slot_id__in=batch).order_by(
            "corrected_at", "pk"
        ):
            corrections[c.slot_id].append(c)
        marked_at = {}
        for object_id, at, user_id in (
            AuditEntry.objects.using(db)
            .filter(
                model="training.attendance",
                object_id__in=[r.pk for slot_rows in rows.values() for r in slot_rows],
            )
            .order_by("seq")
            .values_list("object_id", "at", "user_id")
        ):
            marked_at[object_id] = (at, user_id)

        entries, sources = [], defaultdict(list)
        for slot_id in batch:
            slot_rows = rows.get(slot_id, [])
            signed = [r for r in slot_rows if r.pk in signatures]
            if not signed and slot_id not in counters and not corrections.get(slot_id):
                entries += ledger.chained(
                    slot_id,
                    [
                        Entry(
                            kind="import",
                            rows=[[r.youth_id, r.status, r.minutes, "imported"] for r in slot_rows],
                            recorded_at=now,
                        )
                    ],
                    after=(0, ledger.GENESIS),
                )
                sources["imported"] += [r.pk for r in slot_rows]
                continue
            corrected = {c.youth_id for c in corrections.get(slot_id, [])}
            made = []
            for r in slot_rows:
                source = "corrected" if r.youth_id in corrected else None
                signature = signatures.get(r.pk)
                if signature is not None:
                    made.append(
                        Entry(
                            kind="signature",
                            youth_id=r.youth_id,
                            status=r.status,
                            minutes=r.minutes,
                            typed=bool(signature.typed_name),
                            image_sha256=ledger.image_digest(signature.image),
                            recorded_at=signature.signed_at,
                            collected_by_id=signature.collected_by_id,
                        )
                    )
                    sources[source or "signed"].append(r.pk)
                else:
                    at, user_id = marked_at.get(r.pk, (now, None))
                    made.append(
                        Entry(
                            kind="mark",
                            youth_id=r.youth_id,
                            status=r.status,
                            minutes=r.minutes,
                            recorded_at=at,
                            collected_by_id=user_id,
                        )
                    )
                    sources[source or "marked"].append(r.pk)
            made.sort(key=lambda e: e.recorded_at)
            counter = counters.get(slot_id)
            if counter is not None:
                made.append(
                    Entry(
                        kind="countersignature",
                        image_sha256=ledger.image_digest(counter.image),
                        recorded_at=counter.signed_at,
                        collected_by_id=counter.trainer_id,
                    )
                )
            for c in corrections.get(slot_id, []):
                made.append(
                    Entry(
                        kind="correction",
                        youth_id=c.youth_id,
                        status=c.status,
                        minutes=c.minutes,
                        reason=c.reason,
                        recorded_at=c.corrected_at,
                        collected_by_id=c.corrected_by_id,
                    )
                )
            entries += ledger.chained(slot_id, made, after=(0, ledger.GENESIS))
        Entry.objects.using(db).bulk_create(entries, batch_size=CHUNK)
        for source, pks in sources.items():
            for part in _batches(pks, CHUNK):
                Attendance.objects.using(db).filter(pk__in=part).update(source=source)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_signing_window_time_zone"),
        ("training", "0006_attendance_source"),
    ]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
