"""Changes to cohorts' schedules, enrolments and attendance: atomic, validated, audited.

The sign-in (émargement) of a slot: each young person expected that day signs (the attendance
row becomes ``present``, or keeps ``partial``), the trainer marks the others absent, excused or
partial, then countersigns. Once countersigned the slot is *locked*: its attendance changes only
through :func:`attendance_correct`, which writes an :class:`AttendanceCorrection` and a journal
entry beside the new value. A young person signs only inside the slot's signing window
(:func:`signing_window`); outside it the trainer records a late entry with its reason
(:func:`attendance_late_entry`). Every act also appends one entry to the slot's hash-chained
ledger (:mod:`teenlab.training.ledger`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teenlab.core.audit import audited_save
from teenlab.core.choices import (
    AttendanceStatus,
    Decision,
    DropoutReason,
    EarlyExitKind,
    EnrolmentStatus,
    Redirection,
)
from teenlab.participants.models import RecruitmentDecision, Youth
from teenlab.participants.selectors import eligibility
from teenlab.training import ledger, rollups
from teenlab.training.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceEntry,
    AttendanceSignature,
    AttendanceSource,
    Cohort,
    Enrolment,
    EntryKind,
    Module,
    Slot,
    SlotCountersignature,
)

MAX_SIGNATURE_BYTES = 300 * 1024
MAX_SIGNATURE_SIDE = 4000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DATA_URL_PREFIX = "data:image/png;base64,"


# --- Schedules ----------------------------------------------------------------------------------


def _day(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def refuse_slot_count(n: int, *, empty_field: str, most: int) -> None:
    """Refuse a schedule that gives no slot (the error on ``empty_field``) or more than
    ``most`` at once."""
    if not n:
        raise ValidationError(
            {empty_field: [_("Aucune date ne correspond : aucun créneau à créer.")]}
        )
    if n > most:
        raise ValidationError(
            {
                "last_day": [
                    _("Trop de créneaux d'un coup (%(n)d, au plus %(max)d).")
                    % {"n": n, "max": most}
                ]
            }
        )


def _slot_code(cohort: Cohort, day: dt.date, start: dt.time, taken: set[str]) -> str:
    base = f"{cohort.code}-{day:%Y%m%d}-{start:%H%M}"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    taken.add(code)
    return code


def slots_bulk_create(
    *,
    cohort: Cohort,
    slots: list[tuple[dt.date, dt.time, dt.time, Module | None, str]],
) -> list[Slot]:
    """Insert ``slots`` (date, start, end, module, place) of ``cohort``, each with a code of its
    own (``<cohort>-<yyyymmdd>-<hhmm>``); the caller has checked them and journals them."""
    taken = set(
        Slot.objects.filter(project_id=cohort.project_id, code__startswith=cohort.code).values_list(
            "code", flat=True
        )
    )
    created = Slot.objects.bulk_create(
        Slot(
            project_id=cohort.project_id,
            cohort=cohort,
            module=module,
            code=_slot_code(cohort, day, start, taken),
            date=day,
            start=start,
            end=end,
            place=place,
            duration_minutes=Slot.minutes_between(start, end),
        )
        for day, start, end, module, place in slots
    )
    rollups.refresh_enrolment_totals(cohort_ids=[cohort.pk])  # bulk_create sends no signal
    return created


# --- Enrolments ---------------------------------------------------------------------------------


ENROLMENT_EXIT_FIELDS = (
    "status",
    "left_on",
    "dropout_reason",
    "early_exit_kind",
    "leaving_detail",
)
# A dropout's "other" reason or what an early exit was for, in a few words.
LEAVING_DETAIL_MAX = 200


def _locked_enrolment(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update().select_related("cohort", "youth").get(pk=enrolment.pk)
    )


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, by) -> Enrolment:
    """The young person went through the whole course."""
    enrolment = _locked_enrolment(enrolment)
    if enrolment.status != EnrolmentStatus.IN_PROGRESS:
        raise ValidationError(_("Seul un parcours en cours peut être marqué comme terminé."))
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.left_on = None
    enrolment.dropout_reason = ""
    enrolment.early_exit_kind = ""
    enrolment.leaving_detail = ""
    audited_save(enrolment, by=by, validate=None, update_fields=ENROLMENT_EXIT_FIELDS)
    return enrolment


def _check_left_on(enrolment: Enrolment, left_on: dt.date) -> None:
    if left_on < enrolment.enrolled_on:
        raise ValidationError({"left_on": [_("La date de sortie précède la date d'inscription.")]})
    if left_on > enrolment.cohort.end_date:
        raise ValidationError(
            {"left_on": [_("La date de sortie est postérieure à la fin de la session.")]}
        )


def _leaving_detail(detail: str) -> str:
    detail = " ".join(detail.split())
    if len(detail) > LEAVING_DETAIL_MAX:
        raise ValidationError(
            {
                "detail": [
                    _("La précision tient en %(n)d caractères au plus.") % {"n": LEAVING_DETAIL_MAX}
                ]
            }
        )
    return detail


@transaction.atomic
def enrolment_drop_out(
    *, enrolment: Enrolment, left_on: dt.date, reason: str, by, detail: str = ""
) -> Enrolment:
    """The young person left before the end without a positive exit; ``reason`` may be empty
    (not known), ``other`` needs a ``detail``."""
    enrolment = _locked_enrolment(enrolment)
    if enrolment.status != EnrolmentStatus.IN_PROGRESS:
        raise ValidationError(_("Seul un parcours en cours peut être marqué comme abandonné."))
    if reason and reason not in DropoutReason.values:
        raise ValidationError({"reason": [_("Motif d'abandon inconnu.")]})
    detail = _leaving_detail(detail)
    if reason == DropoutReason.OTHER and not detail:
        raise ValidationError({"detail": [_("Précisez le motif « autre ».")]})
    _check_left_on(enrolment, left_on)
    enrolment.status = EnrolmentStatus.DROPPED_OUT
    enrolment.left_on = left_on
    enrolment.dropout_reason = reason
    enrolment.early_exit_kind = ""
    enrolment.leaving_detail = detail
    audited_save(enrolment, by=by, validate=None, update_fields=ENROLMENT_EXIT_FIELDS)
    return enrolment


@transaction.atomic
def enrolment_early_exit(
    *, enrolment: Enrolment, left_on: dt.date, kind: str, by, detail: str = ""
) -> Enrolment:
    """The young person left before the end for work, an apprenticeship, training or study:
    an early positive exit, not a dropout (docs/indicators.md)."""
    enrolment = _locked_enrolment(enrolment)
    if enrolment.status != EnrolmentStatus.IN_PROGRESS:
        raise ValidationError(
            _("Seul un parcours en cours peut être marqué comme sortie anticipée positive.")
        )
    if kind not in EarlyExitKind.values:
        raise ValidationError({"kind": [_("Choisissez ce que le jeune est parti faire.")]})
    detail = _leaving_detail(detail)
    _check_left_on(enrolment, left_on)
    enrolment.status = EnrolmentStatus.EARLY_EXIT
    enrolment.left_on = left_on
    enrolment.dropout_reason = ""
    enrolment.early_exit_kind = kind
    enrolment.leaving_detail = detail
    audited_save(enrolment, by=by, validate=None, update_fields=ENROLMENT_EXIT_FIELDS)
    return enrolment


# --- The sign-in --------------------------------------------------------------------------------


def signature_png(value: str | bytes) -> bytes:
    """The PNG bytes of a signature sent as a ``data:image/png;base64,`` URL or as bytes.

    Refused unless it is a real PNG image of a sensible size with something drawn on it."""
    error = ValidationError({"image": [_("La signature n'est pas une image PNG valide.")]})
    if isinstance(value, str):
        value = value.strip()
        if not value.startswith(DATA_URL_PREFIX):
            raise error
        encoded = value[len(DATA_URL_PREFIX) :]
        if len(encoded) > MAX_SIGNATURE_BYTES * 4 // 3 + 8:
            raise ValidationError({"image": [_("La signature est trop lourde.")]})
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise error from None
    else:
        data = bytes(value)
    if len(data) > MAX_SIGNATURE_BYTES:
        raise ValidationError({"image": [_("La signature est trop lourde.")]})
    if not data.startswith(PNG_MAGIC):
        raise error
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != "PNG":
                raise error
            width, height = probe.size
            if not (0 < width <= MAX_SIGNATURE_SIDE and 0 < height <= MAX_SIGNATURE_SIDE):
                raise error
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            ink = image.convert("RGBA")
            alpha_box = ink.getchannel("A").getbbox()
            light_box = ink.convert("L").point(lambda v: 255 if v < 200 else 0).getbbox()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise error from None
    # Transparent background: the ink is what is opaque; opaque background: what is dark.
    drawn = light_box if ink.getchannel("A").getextrema()[0] == 255 else alpha_box
    if drawn is None:
        raise ValidationError({"image": [_("La signature est vide : signez dans le cadre.")]})
    return _cropped(ink, drawn)


def _cropped(image, box: tuple[int, int, int, int]) -> bytes:
    """The signature cut to its ink and a small margin, so that it fills its line on the sheet."""
    margin = 8
    left, top, right, bottom = box
    box = (
        max(left - margin, 0),
        max(top - margin, 0),
        min(right + margin, image.width),
        min(bottom + margin, image.height),
    )
    buffer = io.BytesIO()
    image.crop(box).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _slot_for_update(slot: Slot) -> Slot:
    """The slot, its row locked to the end of the transaction (with its project and
    organisation, for the signing window): the writers of one slot's ledger go one at a time."""
    return (
        Slot.objects.select_for_update(of=("self",))
        .select_related("cohort__project", "cohort__organisation")
        .get(pk=slot.pk)
    )


def slot_is_locked(slot: Slot) -> bool:
    return SlotCountersignature.objects.filter(slot_id=slot.pk).exists()


def _refuse_if_cancelled(slot: Slot) -> None:
    if slot.cancelled_reason:
        raise ValidationError(
            _("Ce créneau est annulé (%(reason)s) : son émargement ne change plus.")
            % {"reason": slot.cancelled_reason}
        )


def _refuse_if_locked(slot: Slot) -> None:
    _refuse_if_cancelled(slot)
    if slot_is_locked(slot):
        raise ValidationError(
            _(
                "L'émargement de ce créneau est contre-signé et verrouillé : "
                "toute modification passe par une correction."
            )
        )


def _expected_youth(slot: Slot, youth: Youth) -> None:
    _refuse_if_cancelled(slot)
    if not Enrolment.objects.expected_at(slot).filter(youth_id=youth.pk).exists():
        raise ValidationError(_("Ce jeune n'est pas inscrit à ce créneau."))


def _check_minutes(slot: Slot, status: str, minutes: int | None) -> int | None:
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": [_("Statut de présence inconnu.")]})
    if status != AttendanceStatus.PARTIAL:
        return None
    if minutes is None:
        raise ValidationError({"minutes": [_("Indiquez les minutes de présence.")]})
    if not 0 < minutes <= slot.duration_minutes:
        raise ValidationError(
            {
                "minutes": [
                    _("Une présence partielle compte entre 1 et %(max)d minutes.")
                    % {"max": slot.duration_minutes}
                ]
            }
        )
    return minutes


def _attendance_set(
    attendance: Attendance | None,
    *,
    slot: Slot,
    youth: Youth,
    status: str,
    minutes: int | None,
    source: str,
    by,
) -> Attendance:
    """The young person's attendance at the slot (a new row if ``attendance`` is None) set to
    ``status``, ``minutes`` and ``source``, saved and journaled if that changes it."""
    if attendance is None:
        attendance = Attendance(slot=slot, youth=youth)
    attendance.status, attendance.minutes, attendance.source = status, minutes, source
    audited_save(attendance, by=by, validate=None, skip_unchanged=True)
    return attendance


# --- The signing window, the device's time and replays --------------------------------------------


TAKEN_AT_PAST_LIMIT = dt.timedelta(hours=12)  # a device's time older than this is not believed


def signing_window(slot: Slot) -> tuple[dt.datetime, dt.datetime]:
    """When the young people may sign the slot themselves (:meth:`Slot.signing_window`)."""
    return slot.signing_window()


def taken_at_plausible(taken_at: dt.datetime | None, *, now: dt.datetime) -> bool:
    """A device's time is believed when it is not in the future and at most 12 hours old."""
    return taken_at is not None and now - TAKEN_AT_PAST_LIMIT <= taken_at <= now


def _check_taken_at(taken_at: dt.datetime | None) -> dt.datetime | None:
    if taken_at is not None and timezone.is_naive(taken_at):
        raise ValidationError(
            {"taken_at": [_("L'heure de saisie doit indiquer son fuseau horaire.")]}
        )
    return taken_at


def _refuse_outside_window(slot: Slot, taken_at: dt.datetime | None) -> None:
    now = timezone.now()
    when = taken_at if taken_at is not None and taken_at_plausible(taken_at, now=now) else now
    opens, closes = signing_window(slot)
    if not opens <= when <= closes:
        zone = slot.cohort.organisation.zone
        raise ValidationError(
            _(
                "L'émargement de ce créneau est ouvert du %(opens)s au %(closes)s : "
                "hors de ces heures, le·la formateur·rice enregistre une saisie tardive "
                "avec son motif."
            )
            % {
                "opens": date_format(opens.astimezone(zone), "SHORT_DATETIME_FORMAT"),
                "closes": date_format(closes.astimezone(zone), "SHORT_DATETIME_FORMAT"),
            }
        )


def idempotency_key_clean(value: str | None) -> str | None:
    """A client-made UUID in its canonical text form; None when none was given."""
    if value is None or not str(value).strip():
        return None
    try:
        return str(uuid.UUID(str(value).strip()))
    except ValueError:
        raise ValidationError(
            {"idempotency_key": [_("La clé d'idempotence n'est pas un UUID valide.")]}
        ) from None


def _replayed(key: str | None, *, slot: Slot, **content) -> AttendanceEntry | None:
    """The entry an earlier call with ``key`` wrote (None if none): a replay of the same
    request returns it; the same key with another content is refused."""
    if key is None:
        return None
    entry = AttendanceEntry.objects.filter(idempotency_key=key).first()
    if entry is None:
        return None
    stored = {name: getattr(entry, name) for name in content}
    if entry.slot_id != slot.pk or stored != content:
        raise ValidationError(
            {"idempotency_key": [_("Cette clé d'idempotence a déjà servi pour une autre saisie.")]}
        )
    return entry


def _current_attendance(slot: Slot, youth_id: int) -> Attendance:
    return Attendance.objects.get(slot=slot, youth_id=youth_id)


# --- The sign-in acts -----------------------------------------------------------------------------


@transaction.atomic
def attendance_sign(
    *,
    slot: Slot,
    youth: Youth,
    image: str | bytes,
    by,
    typed_name: str = "",
    taken_at: dt.datetime | None = None,
    idempotency_key: str | None = None,
    device: str = "",
) -> Attendance:
    """The young person signs: present (or still partial, with its minutes), signature kept
    with its time and the account that collected it, and one ledger entry.

    Only inside the signing window (:func:`signing_window`), judged on ``taken_at`` (the time
    the device took the signature) when plausible, else on the server's time. A replay of the
    same ``idempotency_key`` returns the attendance and writes nothing."""
    slot = _slot_for_update(slot)
    key = idempotency_key_clean(idempotency_key)
    taken_at = _check_taken_at(taken_at)
    png = signature_png(image)
    typed_name = (typed_name or "").strip()[:200]
    if _replayed(
        key,
        slot=slot,
        kind=EntryKind.SIGNATURE,
        youth_id=youth.pk,
        image_sha256=ledger.image_digest(png),
        typed=bool(typed_name),
    ):
        return _current_attendance(slot, youth.pk)
    _refuse_if_locked(slot)
    _expected_youth(slot, youth)
    _refuse_outside_window(slot, taken_at)
    attendance = Attendance.objects.filter(slot=slot, youth=youth).first()
    if attendance is None:
        attendance = Attendance(slot=slot, youth=youth, status=AttendanceStatus.PRESENT)
    elif attendance.status != AttendanceStatus.PARTIAL:
        attendance.status, attendance.minutes = AttendanceStatus.PRESENT, None
    attendance.source = AttendanceSource.SIGNED
    audited_save(attendance, by=by, validate=None)
    entry = ledger.append(
        slot=slot,
        kind=EntryKind.SIGNATURE,
        by=by,
        youth_id=youth.pk,
        status=attendance.status,
        minutes=attendance.minutes,
        typed=bool(typed_name),
        image=png,
        taken_at=taken_at,
        device=device,
        idempotency_key=key,
    )
    AttendanceSignature.objects.update_or_create(
        attendance=attendance,
        defaults={
            "image": png,
            "typed_name": typed_name,
            "signed_at": entry.recorded_at,
            "collected_by": by,
        },
    )
    return attendance


def _mark(
    *,
    slot: Slot,
    youth: Youth,
    kind: str,
    status: str,
    minutes: int | None,
    reason: str = "",
    by,
    taken_at: dt.datetime | None,
    idempotency_key: str | None,
    device: str,
) -> Attendance:
    """The trainer's mark or late entry: the attendance set, one ledger entry; absent or
    excused removes a signature taken by mistake."""
    slot = _slot_for_update(slot)
    key = idempotency_key_clean(idempotency_key)
    taken_at = _check_taken_at(taken_at)
    minutes = _check_minutes(slot, status, minutes)
    if _replayed(
        key, slot=slot, kind=kind, youth_id=youth.pk, status=status, minutes=minutes, reason=reason
    ):
        return _current_attendance(slot, youth.pk)
    _refuse_if_locked(slot)
    _expected_youth(slot, youth)
    attendance = _attendance_set(
        Attendance.objects.filter(slot=slot, youth=youth).first(),
        slot=slot,
        youth=youth,
        status=status,
        minutes=minutes,
        source=ledger.SOURCE_OF_KIND[kind],
        by=by,
    )
    ledger.append(
        slot=slot,
        kind=kind,
        by=by,
        youth_id=youth.pk,
        status=status,
        minutes=minutes,
        reason=reason,
        taken_at=taken_at,
        device=device,
        idempotency_key=key,
    )
    if status in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED):
        AttendanceSignature.objects.filter(attendance=attendance).delete()
    return attendance


def partial_minutes(
    *, slot: Slot, arrival: dt.time | None = None, departure: dt.time | None = None
) -> int:
    """The minutes a young person spent at the slot when they arrived at ``arrival`` and/or
    left at ``departure`` (the slot's own start or end stands for the one not given).

    Refused unless each time falls strictly within the slot and the arrival precedes the
    departure."""
    if arrival is None and departure is None:
        raise ValidationError({"arrival": [_("Indiquez l'heure d'arrivée ou l'heure de départ.")]})
    outside = _("L'heure doit être comprise entre %(start)s et %(end)s.") % {
        "start": slot.start.strftime("%H:%M"),
        "end": slot.end.strftime("%H:%M"),
    }
    errors: dict[str, list[str]] = {}
    for field, moment in (("arrival", arrival), ("departure", departure)):
        if moment is not None and not slot.start < moment < slot.end:
            errors[field] = [outside]
    if errors:
        raise ValidationError(errors)
    begin, finish = arrival or slot.start, departure or slot.end
    if finish <= begin:
        raise ValidationError({"departure": [_("L'heure de départ doit suivre l'arrivée.")]})
    return min(Slot.minutes_between(begin, finish), slot.duration_minutes)


@transaction.atomic
def attendance_mark_rest_absent(*, slot: Slot, by, device: str = "") -> list[Attendance]:
    """Every young person expected at the slot who has neither signed nor been marked is
    marked absent, through :func:`attendance_mark` (its rules, its journal and its ledger
    entry), all or none."""
    slot = _slot_for_update(slot)
    _refuse_if_locked(slot)
    marked = Attendance.objects.filter(slot=slot).values("youth_id")
    rest = (
        Enrolment.objects.expected_at(slot)
        .exclude(youth_id__in=marked)
        .select_related("youth")
        .order_by("youth__last_name", "youth__first_name", "pk")
    )
    return [
        attendance_mark(
            slot=slot, youth=enrolment.youth, status=AttendanceStatus.ABSENT, by=by, device=device
        )
        for enrolment in rest
    ]


@transaction.atomic
def attendance_mark(
    *,
    slot: Slot,
    youth: Youth,
    status: str,
    minutes: int | None = None,
    by,
    taken_at: dt.datetime | None = None,
    idempotency_key: str | None = None,
    device: str = "",
) -> Attendance:
    """The trainer marks a young person absent, excused, partial (with minutes) or present.

    Absent or excused removes a signature taken by mistake; partial keeps it."""
    return _mark(
        slot=slot,
        youth=youth,
        kind=EntryKind.MARK,
        status=status,
        minutes=minutes,
        by=by,
        taken_at=taken_at,
        idempotency_key=idempotency_key,
        device=device,
    )


@transaction.atomic
def attendance_late_entry(
    *,
    slot: Slot,
    youth: Youth,
    status: str,
    minutes: int | None = None,
    reason: str,
    by,
    taken_at: dt.datetime | None = None,
    idempotency_key: str | None = None,
    device: str = "",
) -> Attendance:
    """The trainer records a young person's attendance outside the signing window (a sheet
    filled in after the day, a signature missed): kept and printed as a late entry with its
    reason, its time and who recorded it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Indiquez le motif de la saisie tardive.")]})
    return _mark(
        slot=slot,
        youth=youth,
        kind=EntryKind.LATE,
        status=status,
        minutes=minutes,
        reason=reason,
        by=by,
        taken_at=taken_at,
        idempotency_key=idempotency_key,
        device=device,
    )


@transaction.atomic
def slot_countersign(
    *,
    slot: Slot,
    image: str | bytes,
    by,
    taken_at: dt.datetime | None = None,
    idempotency_key: str | None = None,
    device: str = "",
) -> SlotCountersignature:
    """The trainer countersigns: every expected young person must have signed or been marked.

    The slot is locked from then on."""
    slot = _slot_for_update(slot)
    key = idempotency_key_clean(idempotency_key)
    taken_at = _check_taken_at(taken_at)
    png = signature_png(image)
    if _replayed(
        key,
        slot=slot,
        kind=EntryKind.COUNTERSIGNATURE,
        youth_id=None,
        image_sha256=ledger.image_digest(png),
    ):
        return SlotCountersignature.objects.get(slot=slot)
    _refuse_if_locked(slot)
    unmarked = (
        Enrolment.objects.expected_at(slot)
        .exclude(youth_id__in=Attendance.objects.filter(slot=slot).values("youth_id"))
        .count()
    )
    if unmarked:
        raise ValidationError(
            _(
                "%(n)d jeune(s) n'ont ni signé ni été marqués absents, excusés ou partiels : "
                "complétez la feuille avant de contre-signer."
            )
            % {"n": unmarked}
        )
    entry = ledger.append(
        slot=slot,
        kind=EntryKind.COUNTERSIGNATURE,
        by=by,
        image=png,
        taken_at=taken_at,
        device=device,
        idempotency_key=key,
    )
    countersignature = SlotCountersignature(
        slot=slot, trainer=by, image=png, signed_at=entry.recorded_at
    )
    audited_save(countersignature, by=by, validate=None)
    return countersignature


@transaction.atomic
def attendance_correct(
    *, slot: Slot, youth: Youth, status: str, minutes: int | None, reason: str, by, device: str = ""
) -> AttendanceCorrection:
    """Change the attendance of a locked slot: the new value, an AttendanceCorrection keeping
    what it was and why, a ledger entry and a journal entry."""
    slot = _slot_for_update(slot)
    if not slot_is_locked(slot):
        raise ValidationError(
            _("Ce créneau n'est pas encore contre-signé : modifiez directement la feuille.")
        )
    _expected_youth(slot, youth)
    minutes = _check_minutes(slot, status, minutes)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Indiquez le motif de la correction.")]})
    attendance = Attendance.objects.filter(slot=slot, youth=youth).first()
    if attendance is not None and (attendance.status, attendance.minutes) == (status, minutes):
        raise ValidationError({"status": [_("C'est déjà la présence enregistrée.")]})
    entry = ledger.append(
        slot=slot,
        kind=EntryKind.CORRECTION,
        by=by,
        youth_id=youth.pk,
        status=status,
        minutes=minutes,
        reason=reason,
        device=device,
    )
    correction = AttendanceCorrection.objects.create(
        slot=slot,
        youth=youth,
        status_before=attendance.status if attendance else "",
        minutes_before=attendance.minutes if attendance else None,
        status=status,
        minutes=minutes,
        reason=reason,
        corrected_by=by,
        corrected_at=entry.recorded_at,
    )
    _attendance_set(
        attendance,
        slot=slot,
        youth=youth,
        status=status,
        minutes=minutes,
        source=AttendanceSource.CORRECTED,
        by=by,
    )
    return correction


@transaction.atomic
def attendance_admin_recorded(*, attendance: Attendance, by, removed: bool = False) -> None:
    """An attendance row saved (or about to be deleted) in the administration of an unlocked
    slot: one ledger entry, as a trainer's mark (an entry without status for a deletion), so
    that the slot's ledger still says what its sheet holds. Absent or excused removes a
    signature, as a mark does."""
    slot = _slot_for_update(attendance.slot)
    if not removed and attendance.source != AttendanceSource.MARKED:
        Attendance.objects.filter(pk=attendance.pk).update(source=AttendanceSource.MARKED)
        attendance.source = AttendanceSource.MARKED
        rollups.refresh_enrolment_totals(  # update() sends no signal
            enrolments=Enrolment.objects.filter(
                youth_id=attendance.youth_id, cohort_id=slot.cohort_id
            )
        )
    ledger.append(
        slot=slot,
        kind=EntryKind.MARK,
        by=by,
        youth_id=attendance.youth_id,
        status="" if removed else attendance.status,
        minutes=None if removed else attendance.minutes,
        reason=_("Administration"),
    )
    if not removed and attendance.status in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED):
        AttendanceSignature.objects.filter(attendance=attendance).delete()


# --- Recruitment ---------------------------------------------------------------------------


@transaction.atomic
def enrolment_create(
    *,
    youth: Youth,
    cohort: Cohort,
    enrolled_on: dt.date,
    eligibility_justification: str = "",
    by,
) -> Enrolment:
    """The decision to recruit a young person into a cohort: an in-progress enrolment.

    A young person outside the entry criteria (:func:`~teenlab.participants.selectors.eligibility`)
    can still be recruited, with a recorded justification."""
    if cohort.project_id != youth.project_id:
        raise ValidationError({"cohort": _("Cette session appartient à un autre projet.")})
    justification = (eligibility_justification or "").strip()
    found = eligibility(youth=youth, project=cohort.project)
    if found.eligible is False and not justification:
        raise ValidationError(
            {
                "eligibility_justification": _(
                    "Ce jeune ne remplit pas les critères d'entrée (%(problems)s) : indiquez "
                    "pourquoi il est tout de même recruté."
                )
                % {"problems": " ; ".join(found.problems)}
            }
        )
    if enrolled_on > cohort.end_date:
        raise ValidationError(
            {"enrolled_on": _("La date d'inscription est postérieure à la fin de la session.")}
        )
    if Enrolment.objects.filter(youth=youth, cohort=cohort).exists():
        raise ValidationError({"cohort": _("Ce jeune est déjà inscrit dans cette session.")})
    enrolment = Enrolment(
        youth=youth,
        cohort=cohort,
        enrolled_on=enrolled_on,
        status=EnrolmentStatus.IN_PROGRESS,
        eligibility_justification=justification,
    )
    try:
        audited_save(enrolment, by=by, validate=None)
    except IntegrityError as error:  # a simultaneous recruitment of the same youth
        raise ValidationError(
            {"cohort": _("Ce jeune est déjà inscrit dans cette session.")}
        ) from error
    return enrolment


@transaction.atomic
def recruitment_decide(
    *,
    youth: Youth,
    decision: str,
    decided_on: dt.date,
    reason: str = "",
    redirected_to: str = "",
    redirected_detail: str = "",
    waiting_until: dt.date | None = None,
    by,
) -> RecruitmentDecision:
    """Decide for a young person received and not recruited: not retained (with a reason),
    redirected (to which structure), withdrawn, or on the waiting list until a date.

    A second decision on the same day replaces the first (a correction); each is journaled."""
    youth = Youth.objects.select_for_update().get(pk=youth.pk)
    if decision not in Decision.values:
        raise ValidationError({"decision": [_("Décision inconnue.")]})
    if youth.received_on is None:
        raise ValidationError(_("Enregistrez d'abord la date à laquelle ce jeune a été reçu."))
    if Enrolment.objects.filter(youth=youth).exists():
        raise ValidationError(
            _(
                "Ce jeune est déjà recruté dans une session : un départ se note comme une "
                "sortie de la session, pas comme une décision de recrutement."
            )
        )
    errors: dict[str, list[str]] = {}
    if decided_on < youth.received_on:
        errors["decided_on"] = [_("La décision ne peut précéder l'accueil du jeune.")]
    elif decided_on > timezone.localdate():
        errors["decided_on"] = [_("La date de décision est dans le futur.")]
    reason = (reason or "").strip()
    redirected_detail = (redirected_detail or "").strip()[:200]
    if decision == Decision.NOT_RETAINED and not reason:
        errors["reason"] = [_("Indiquez pourquoi ce jeune n'est pas retenu.")]
    if decision == Decision.REDIRECTED:
        if redirected_to not in Redirection.values:
            errors["redirected_to"] = [_("Indiquez vers quelle structure il est réorienté.")]
        elif redirected_to == Redirection.OTHER and not redirected_detail:
            errors["redirected_detail"] = [_("Nommez la structure.")]
    else:
        redirected_to, redirected_detail = "", ""
    if decision == Decision.WAITING_LIST:
        if waiting_until is None:
            errors["waiting_until"] = [_("Indiquez jusqu'à quand il reste en liste d'attente.")]
        elif waiting_until <= decided_on:
            errors["waiting_until"] = [_("La fin de l'attente doit suivre la décision.")]
    else:
        waiting_until = None
    if errors:
        raise ValidationError(errors)
    record = RecruitmentDecision.objects.filter(youth=youth, decided_on=decided_on).first()
    if record is None:
        record = RecruitmentDecision(youth=youth, decided_on=decided_on)
    record.decision, record.reason = decision, reason
    record.redirected_to, record.redirected_detail = redirected_to, redirected_detail
    record.waiting_until, record.decided_by = waiting_until, by
    audited_save(record, by=by, validate=None)
    return record
