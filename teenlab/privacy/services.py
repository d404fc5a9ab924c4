"""Anonymising young people's personal data: the retention policy (``teenlab retention``, the
retention page) and erasure on request (GDPR Art. 17), one path for both (docs/privacy.md,
"Retention").

What goes, in one transaction per call: names (the record then reads ``Anonyme <code>``),
guardian's name and contact, the exact birth date (kept: the year, and the age in whole years
on every day a report counts it), the commune (kept: its residence zone), every free text about
the young person (notes, reasons, details, the sensitive note, a typed signature's name), the
signature images (kept as their SHA-256 until the end of the funder's audit period when it is
still to come), and the same values inside the journal's entries (changes and access log) and
the admin's log. What stays: codes, dates, statuses, choices, attendance, outcomes — every
figure of the bilan — and the hash chains, which still verify.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from teenlab.activities.models import ExchangeParticipant
from teenlab.core.audit import audited_save, journal_redact
from teenlab.core.models import AuditEntry, Project, ResidenceZone
from teenlab.outcomes.models import FollowUp, Outcome
from teenlab.participants.models import RecruitmentDecision, SensitiveNote, Youth
from teenlab.privacy import selectors
from teenlab.privacy.models import (
    Anonymisation,
    AnonymisationReason,
    ErasureDecision,
    ErasureException,
    ErasureRequest,
)
from teenlab.training.ledger import image_erased, is_erased
from teenlab.training.models import AttendanceSignature, Enrolment

ANONYMOUS = "Anonyme"  # an anonymised young person's first name; their code is their last name
TYPED_ERASED = "•"  # a typed signature's name, erased (not empty: the ledger keeps "typed")

# The free texts about a young person, by model: emptied (the journal's copies too).
FREE_TEXTS: dict[str, tuple[str, ...]] = {
    "participants.youth": ("guardian_name", "guardian_contact"),
    "participants.recruitmentdecision": ("reason", "redirected_detail"),
    "participants.sensitivenote": ("text",),
    "training.enrolment": ("note", "eligibility_justification", "leaving_detail"),
    "outcomes.outcome": ("detail",),
    "outcomes.followup": ("detail",),
}


def _num(day: dt.date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


def _age(day: dt.date, birth: dt.date) -> int:
    """Whole years, as the reports compute them in SQL (dates as YYYYMMDD numbers)."""
    return (_num(day) - _num(birth)) // 10_000


def coarse_birth_date(birth_date: dt.date | None, *, days: Iterable[dt.date]) -> dt.date | None:
    """The earliest day of the birth year that gives the same age in whole years on each of
    ``days`` (the days the reports count an age on): the year is kept, and every age band,
    minority or eligibility a report or page computes on those days stays the same; the
    exact day is gone (1 January when no day constrains it)."""
    if birth_date is None:
        return None
    days = [day for day in days if day is not None]
    ages = [(day, _age(day, birth_date)) for day in days]
    candidate = dt.date(birth_date.year, 1, 1)
    while candidate < birth_date:
        if all(_age(day, candidate) == age for day, age in ages):
            return candidate
        candidate += dt.timedelta(days=1)
    return birth_date


def _age_days(youth: Youth) -> list[dt.date]:
    """The days a report or page counts this young person's age on: received, each enrolment,
    each exchange's first day (the travel authorisation of a minor)."""
    days = [youth.received_on] if youth.received_on else []
    days += Enrolment.objects.filter(youth=youth).values_list("enrolled_on", flat=True)
    days += ExchangeParticipant.objects.filter(youth=youth).values_list(
        "exchange__start_date", flat=True
    )
    return days


def zone_commune(*, project_id: int, commune: str) -> str:
    """The commune an anonymised record keeps: the first (by name) of the project's communes in
    the same residence zone with the same rural flag, so that every count by zone or rural
    area stays; empty for a commune outside the listed zones (it counted as "other")."""
    row = ResidenceZone.objects.filter(project_id=project_id, commune=commune).first()
    if row is None:
        return ""
    return (
        ResidenceZone.objects.filter(project_id=project_id, zone=row.zone, rural=row.rural)
        .order_by("commune")
        .values_list("commune", flat=True)
        .first()
        or ""
    )


@dataclass
class _Person:
    """One young person's personal values before and after, and the words to scrub."""

    youth_id: int
    label_before: str
    label_after: str
    youth_values: dict[str, Any]
    words: list[str]

    def scrub(self, text: str, *, full_only: bool = False) -> str:
        text = text.replace(self.label_before, self.label_after)
        if full_only:
            return text
        for word in self.words:
            text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", self.label_after, text)
        return text


def _scrub_value(value: Any, person: _Person, *, full_only: bool) -> Any:
    if isinstance(value, str):
        return person.scrub(value, full_only=full_only)
    if isinstance(value, dict):
        return {k: _scrub_value(v, person, full_only=full_only) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_value(v, person, full_only=full_only) for v in value]
    return value


def _payload(entry: AuditEntry, values: dict | None, person: _Person, *, own: bool) -> dict | None:
    if values is None:
        return None
    values = dict(values)
    if own:
        if entry.model == "participants.youth":
            for key, after in person.youth_values.items():
                if key in values:
                    values[key] = after
        for key in FREE_TEXTS.get(entry.model, ()):
            if values.get(key):
                values[key] = ""
        if entry.model == "training.attendancesignature" and values.get("typed_name"):
            values["typed_name"] = TYPED_ERASED
    return _scrub_value(values, person, full_only=not own)


def _journal_rewrites(people: dict[int, _Person]) -> dict[int, tuple[dict | None, dict | None]]:
    """The journal entries that hold these young people's values, rewritten: their own entries
    (changes and access log) by field and word; any other entry that names one of them in full."""
    rewrites: dict[int, tuple[dict | None, dict | None]] = {}
    labels = {person.label_before: person for person in people.values() if person.label_before}
    entries = AuditEntry.objects.order_by("seq").only("seq", "model", "youth_id", "before", "after")
    for entry in entries.iterator(chunk_size=2000):
        person = people.get(entry.youth_id) if entry.youth_id is not None else None
        if person is not None:
            found = [(person, True)]
        else:
            text = f"{entry.before} {entry.after}"
            found = [(p, False) for label, p in labels.items() if label in text]
        if not found:
            continue
        before, after = entry.before, entry.after
        for someone, own in found:
            before = _payload(entry, before, someone, own=own)
            after = _payload(entry, after, someone, own=own)
        if (before, after) != (entry.before, entry.after):
            rewrites[entry.seq] = (before, after)
    return rewrites


def _person(youth: Youth) -> _Person:
    new_birth = coarse_birth_date(youth.birth_date, days=_age_days(youth))
    values: dict[str, Any] = {
        "first_name": ANONYMOUS,
        "last_name": youth.code,
        "birth_date": new_birth.isoformat() if new_birth else None,
        "commune": zone_commune(project_id=youth.project_id, commune=youth.commune),
        "guardian_name": "",
        "guardian_contact": "",
    }
    words = [
        word
        for word in {
            youth.first_name.strip(),
            youth.last_name.strip(),
            youth.guardian_name.strip(),
            youth.guardian_contact.strip(),
        }
        if len(word) > 1 and word not in (ANONYMOUS, youth.code)
    ]
    return _Person(
        youth_id=youth.pk,
        label_before=str(youth),
        label_after=f"{ANONYMOUS} {youth.code}",
        youth_values=values,
        words=sorted(words, key=len, reverse=True),
    )


def _erase_signatures(youth_ids: list[int]) -> int:
    """Replace each signature image by its digest (the ledger still checks it)."""
    count = 0
    for pk, image in AttendanceSignature.objects.filter(
        attendance__youth_id__in=youth_ids
    ).values_list("pk", "image"):
        if image and not is_erased(image):
            AttendanceSignature.objects.filter(pk=pk).update(image=image_erased(image))
            count += 1
    return count


def _anonymise_records(youth: Youth, person: _Person) -> None:
    values = person.youth_values
    birth = values["birth_date"]
    Youth.objects.filter(pk=youth.pk).update(
        first_name=values["first_name"],
        last_name=values["last_name"],
        birth_date=dt.date.fromisoformat(birth) if birth else None,
        commune=values["commune"],
        guardian_name="",
        guardian_contact="",
    )
    RecruitmentDecision.objects.filter(youth=youth).update(reason="", redirected_detail="")
    SensitiveNote.objects.filter(youth=youth).update(text="")
    Enrolment.objects.filter(youth=youth).update(
        note="", eligibility_justification="", leaving_detail=""
    )
    Outcome.objects.filter(enrolment__youth=youth).update(detail="")
    FollowUp.objects.filter(enrolment__youth=youth).update(detail="")
    AttendanceSignature.objects.filter(attendance__youth=youth).exclude(typed_name="").update(
        typed_name=TYPED_ERASED
    )


def _scrub_admin_log(people: Iterable[_Person]) -> None:
    """The admin's own log keeps a record's name (``object_repr``) and a change message."""
    for person in people:
        if not person.label_before:
            continue
        for row in LogEntry.objects.filter(
            Q(object_repr__contains=person.label_before)
            | Q(change_message__contains=person.label_before)
        ):
            LogEntry.objects.filter(pk=row.pk).update(
                object_repr=person.scrub(row.object_repr, full_only=True),
                change_message=person.scrub(row.change_message, full_only=True),
            )


@dataclass(frozen=True)
class Applied:
    anonymised: tuple[str, ...]  # codes
    signatures_erased: tuple[str, ...]  # codes whose kept signatures were erased
    journal_entries: int  # entries rewritten


@transaction.atomic
def anonymise(
    *,
    project: Project,
    youth_ids: list[int],
    by,
    today: dt.date,
    reason: str = AnonymisationReason.RETENTION,
    signatures_of: list[int] | None = None,
) -> Applied:
    """Anonymise the young people ``youth_ids`` of ``project`` (not yet anonymised), and erase
    the signatures kept for the audit of ``signatures_of`` (anonymised already), in one
    transaction; journaled (one entry per young person, one redaction entry for the journal)."""
    people = list(
        Youth.objects.select_for_update()
        .filter(project=project, pk__in=youth_ids)
        .exclude(pk__in=Anonymisation.objects.values("youth_id"))
        .order_by("code")
    )
    contacts = selectors.last_contacts(Youth.objects.filter(pk__in=[y.pk for y in people]))
    kept_until = selectors.signatures_kept_until(project=project, today=today)
    persons = {youth.pk: _person(youth) for youth in people}
    rewrites = _journal_rewrites(persons)
    now = timezone.now()
    for youth in people:
        _anonymise_records(youth, persons[youth.pk])
    if kept_until is None:
        _erase_signatures([youth.pk for youth in people])
    _scrub_admin_log(persons.values())
    journal_redact(
        rewrites=rewrites,
        by=by,
        label=_("Anonymisation de %(count)s jeune(s)") % {"count": len(people)},
    )
    for youth in people:
        record = Anonymisation(
            youth=youth,
            project=project,
            reason=reason,
            last_contact=contacts.get(youth.pk, (None, ""))[0],
            anonymised_at=now,
            anonymised_by=by if getattr(by, "is_authenticated", False) else None,
            signatures_kept_until=kept_until,
            signatures_erased_at=now if kept_until is None else None,
        )
        audited_save(record, by=by)
    erased = []
    if signatures_of:
        for record in Anonymisation.objects.select_for_update().filter(
            project=project, youth_id__in=signatures_of, signatures_erased_at__isnull=True
        ):
            _erase_signatures([record.youth_id])
            record.signatures_erased_at = now
            audited_save(record, by=by)
            erased.append(record.youth.code)
    return Applied(
        anonymised=tuple(youth.code for youth in people),
        signatures_erased=tuple(sorted(erased)),
        journal_entries=len(rewrites),
    )


def retention_apply(*, project: Project, by, today: dt.date, youth=None) -> Applied:
    """Everything the retention policy finds due in ``project`` on ``today`` (within ``youth``
    when given: an organisation's own), applied in one transaction."""
    due = selectors.due_for_anonymisation(project=project, today=today, youth=youth)
    signatures = selectors.signatures_due(project=project, today=today, youth=youth)
    return anonymise(
        project=project,
        youth_ids=[item.youth_id for item in due],
        signatures_of=[item.youth_id for item in signatures],
        by=by,
        today=today,
    )


@transaction.atomic
def erasure_record(
    *,
    youth: Youth,
    by,
    requested_on: dt.date,
    requested_by: str,
    decision: str,
    exception: str = "",
    today: dt.date | None = None,
) -> ErasureRequest:
    """A request to erase a young person's data (Art. 17), decided: ``erased`` anonymises them
    now through the retention's path, the signatures kept until the end of the funder's audit
    period when it is still to come (exception ``audit``, recorded); ``refused`` needs an
    exception (Art. 17(3)) and changes nothing else."""
    today = today or timezone.localdate()
    if requested_on > today:
        raise ValidationError({"requested_on": _("La date de la demande est à venir.")})
    if Anonymisation.objects.filter(youth=youth).exists():
        raise ValidationError(_("Les données de ce jeune sont déjà anonymisées."))
    project = youth.project
    kept_until = None
    if decision == ErasureDecision.ERASED:
        kept_until = selectors.signatures_kept_until(project=project, today=today)
        exception = ErasureException.AUDIT if kept_until is not None else ErasureException.NONE
    elif not exception:
        raise ValidationError({"exception": _("Un refus dit l'exception qui le fonde.")})
    request = ErasureRequest(
        youth=youth,
        requested_on=requested_on,
        requested_by=requested_by,
        decided_on=today,
        decision=decision,
        exception=exception,
        kept_until=kept_until,
        recorded_by=by,
    )
    audited_save(request, by=by)
    if decision == ErasureDecision.ERASED:
        anonymise(
            project=project,
            youth_ids=[youth.pk],
            by=by,
            today=today,
            reason=AnonymisationReason.ERASURE,
        )
    return request
