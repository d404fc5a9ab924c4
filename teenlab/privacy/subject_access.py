"""A young person's subject-access export (GDPR Art. 15, right of access; Art. 20, portability):
everything teenlab holds about them, as a PDF in their language and as JSON.

What it holds (docs/privacy.md, "Subject access and portability", documents the JSON):

- the record, the consents, the recruitment decisions, the enrolments with their outcome and
  follow-ups, every attendance row with its signature (the PNG as stored, and its SHA-256),
  the attendance corrections, the events and exchanges taken part in;
- the special-category note, with its text only when the account producing the export may read
  it (a counsellor of the organisation), that read journaled like any other; else the export
  says a note exists and who may give it;
- the change history of their records and the access log (who opened or downloaded their
  record, when, which page), both from the journal (:mod:`teenlab.core.audit`).

The export itself is journaled before it is built (:func:`subject_access_log`), so it lists
itself among the accesses. The PDF is laid out by WeasyPrint from one template
(``privacy/subject_access_pdf.html``) and a static stylesheet.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.db import models
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from teenlab.activities.models import EventParticipant, ExchangeParticipant
from teenlab.core.audit import access_log, journal_describe
from teenlab.core.choices import ConsentKind, Language
from teenlab.core.models import AuditEntry
from teenlab.outcomes.models import FollowUp, Outcome
from teenlab.participants.models import Consent, RecruitmentDecision, SensitiveNote, Youth
from teenlab.training.models import Attendance, AttendanceCorrection, Enrolment

M = TypeVar("M", bound=models.Model)
FORMAT = "teenlab-subject-access"
FORMAT_VERSION = 1
LANGUAGES: tuple[str, ...] = tuple(Language.values)  # fr, it, en
STATIC = Path(__file__).resolve().parent.parent / "static"
FONTS_CSS = STATIC / "reporting" / "fonts.css"
PDF_CSS = STATIC / "teenlab" / "subject-access-pdf.css"
TEMPLATE = "privacy/subject_access_pdf.html"
# Fields never shown as such: the young person (the export is theirs), the images (apart).
SKIPPED = {"youth", "image"}


def youth_language(youth: Youth) -> str:
    """The young person's language: that of the latest notice they were given in a language,
    else their organisation's country's (teenlab records no other language per young person)."""
    notice = (
        Consent.objects.of_project(youth.project_id)
        .filter(youth=youth, kind=ConsentKind.NOTICE)
        .exclude(language="")
        .order_by(F("given_on").desc(nulls_last=True), "-pk")
        .values_list("language", flat=True)
        .first()
    )
    lang = notice or youth.organisation.language
    return lang if lang in LANGUAGES else Language.EN


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _values(obj: models.Model) -> dict[str, Any]:
    """A record's stored values, JSON-ready: codes as stored, foreign keys as ids."""
    return {
        f.attname: _json_value(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.name not in SKIPPED and not isinstance(f, models.BinaryField)
    } | {"id": obj.pk}


def _shown(obj: models.Model, f: models.Field) -> str:
    value = getattr(obj, f.name)
    if value is None or value == "":
        return "—"
    if f.choices:
        return str(getattr(obj, f"get_{f.name}_display")())
    if isinstance(value, bool):
        return gettext("oui") if value else gettext("non")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


# Labels the PDF words itself: "nom" is a name in general elsewhere (an organisation's), which
# Italian and English write differently from a surname.
LABELS = {"first_name": gettext_lazy("prénom"), "last_name": gettext_lazy("nom de famille")}


def _facts(obj: models.Model, *, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """A record's fields as (label, value) in the active language, for the PDF."""
    return [
        (str(LABELS.get(f.name, f.verbose_name)), _shown(obj, f))
        for f in obj._meta.concrete_fields
        if not f.primary_key
        and f.name not in SKIPPED
        and f.name not in skip
        and not isinstance(f, models.BinaryField)
    ]


@dataclass(frozen=True)
class Signature:
    png: bytes
    sha256: str
    typed_name: str
    signed_at: dt.datetime
    collected_by: str

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


@dataclass(frozen=True)
class AttendanceLine:
    attendance: Attendance
    signature: Signature | None


@dataclass
class SubjectAccess:
    """Everything held about one young person, read once for both formats."""

    youth: Youth
    produced_at: dt.datetime
    produced_by: Any
    lang: str
    consents: list[Consent]
    decisions: list[RecruitmentDecision]
    enrolments: list[Enrolment]
    outcomes: dict[int, Outcome]  # by enrolment id
    follow_ups: dict[int, list[FollowUp]]  # by enrolment id
    attendance: list[AttendanceLine]
    corrections: list[AttendanceCorrection]
    events: list[EventParticipant]
    exchanges: list[ExchangeParticipant]
    sensitive_note: SensitiveNote | None
    sensitive_included: bool
    history: list[AuditEntry]
    accesses: list[AuditEntry]


def _who(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _signature(attendance: Attendance) -> Signature | None:
    try:
        sig = attendance.signature
    except models.ObjectDoesNotExist:
        return None
    png = bytes(sig.image)
    return Signature(
        png=png,
        sha256=hashlib.sha256(png).hexdigest(),
        typed_name=sig.typed_name,
        signed_at=sig.signed_at,
        collected_by=_who(sig.collected_by),
    )


def _journal(youth: Youth) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(youth_id=youth.pk).select_related("user").order_by("seq")


def subject_access_log(*, youth: Youth, by, fmt: str, lang: str, sensitive: bool) -> None:
    """Journal the export (an access to the record), and the read of the sensitive note when
    the export carries its text (as every read of it is journaled)."""
    access_log(
        user=by,
        action=AuditEntry.Action.EXPORT,
        obj=youth,
        details={"export": "subject_access", "format": fmt, "lang": lang},
    )
    note = SensitiveNote.objects.filter(youth=youth).first() if sensitive else None
    if note is not None:
        access_log(
            user=by,
            action=AuditEntry.Action.VIEW,
            obj=note,
            details={"page": "subject_access"},
        )


def _rows(rows: QuerySet[M], youth: Youth, *, related: str, order: str) -> list[M]:
    """The young person's rows among ``rows``, oldest first."""
    return list(rows.filter(youth=youth).select_related(related).order_by(order, "pk"))


def subject_access_build(
    *, youth: Youth, by, lang: str, sensitive: bool, now: dt.datetime | None = None
) -> SubjectAccess:
    """Read everything held about ``youth``. ``sensitive``: whether the account ``by`` may read
    the special-category note (``access.may_read_sensitive``), whose text is then included."""
    # Every read names the young person's project (docs/scaling.md).
    project = youth.project_id
    enrolments = list(
        Enrolment.objects.of_project(project)
        .filter(youth=youth)
        .select_related("cohort")
        .order_by("enrolled_on", "pk")
    )
    follow_ups: dict[int, list[FollowUp]] = {}
    for follow_up in (
        FollowUp.objects.of_project(project).filter(enrolment__youth=youth).order_by("date", "pk")
    ):
        follow_ups.setdefault(follow_up.enrolment_id, []).append(follow_up)
    attendance = (
        Attendance.objects.of_project(project)
        .filter(youth=youth)
        .select_related("slot__cohort", "slot__module", "signature__collected_by")
        .order_by("slot__date", "slot__start", "pk")
    )
    return SubjectAccess(
        youth=youth,
        produced_at=now or timezone.now(),
        produced_by=by,
        lang=lang,
        consents=_rows(
            Consent.objects.of_project(project), youth, related="recorded_by", order="given_on"
        ),
        decisions=_rows(
            RecruitmentDecision.objects.of_project(project),
            youth,
            related="decided_by",
            order="decided_on",
        ),
        enrolments=enrolments,
        outcomes={
            o.enrolment_id: o
            for o in Outcome.objects.of_project(project).filter(enrolment__youth=youth)
        },
        follow_ups=follow_ups,
        attendance=[AttendanceLine(a, _signature(a)) for a in attendance],
        corrections=_rows(
            AttendanceCorrection.objects.of_project(project),
            youth,
            related="slot__cohort",
            order="slot__date",
        ),
        events=_rows(EventParticipant.objects.all(), youth, related="event", order="event__date"),
        exchanges=_rows(
            ExchangeParticipant.objects.all(),
            youth,
            related="exchange",
            order="exchange__start_date",
        ),
        sensitive_note=SensitiveNote.objects.filter(youth=youth).first(),
        sensitive_included=sensitive,
        history=list(_journal(youth).filter(action__in=AuditEntry.CHANGES)),
        accesses=list(
            _journal(youth).filter(action__in=(AuditEntry.Action.VIEW, AuditEntry.Action.EXPORT))
        ),
    )


# --- JSON (Art. 20: structured, commonly used, machine-readable) --------------------------------


def _entry_json(entry: AuditEntry, **more: Any) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "by": _who(entry.user),
        "action": entry.action,
        "model": entry.model,
        "object_id": entry.object_id,
        **more,
    }


def _details(entry: AuditEntry) -> dict[str, Any]:
    """An access's details (page, export, format, language), without the record's label."""
    return {key: value for key, value in (entry.after or {}).items() if key != "_label"}


def _sensitive_json(data: SubjectAccess) -> dict[str, Any] | None:
    note = data.sensitive_note
    if note is None:
        return None
    held: dict[str, Any] = {
        "updated_at": _json_value(note.updated_at),
        "included": data.sensitive_included,
    }
    if data.sensitive_included:
        held["text"] = note.text
    return held


def subject_access_dict(data: SubjectAccess) -> dict[str, Any]:
    """The JSON document (docs/privacy.md documents each key)."""
    youth = data.youth
    attendance = []
    for line in data.attendance:
        row = _values(line.attendance)
        slot = line.attendance.slot
        row |= {
            "cohort": slot.cohort.code,
            "slot": slot.code,
            "date": slot.date.isoformat(),
            "start": slot.start.isoformat(),
            "end": slot.end.isoformat(),
            "module": slot.module.name if slot.module else None,
            "signature": None,
        }
        if line.signature is not None:
            sig = line.signature
            row["signature"] = {
                "png_base64": base64.b64encode(sig.png).decode("ascii"),
                "sha256": sig.sha256,
                "typed_name": sig.typed_name,
                "signed_at": sig.signed_at.isoformat(),
                "collected_by": sig.collected_by,
            }
        attendance.append(row)
    enrolments = []
    for enrolment in data.enrolments:
        outcome = data.outcomes.get(enrolment.pk)
        enrolments.append(
            _values(enrolment)
            | {
                "cohort": enrolment.cohort.code,
                "cohort_name": enrolment.cohort.name,
                "outcome": _values(outcome) if outcome else None,
                "follow_ups": [_values(f) for f in data.follow_ups.get(enrolment.pk, [])],
            }
        )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "produced_at": data.produced_at.isoformat(),
        "produced_by": _who(data.produced_by),
        "language": data.lang,
        "controller": {
            "organisation": youth.organisation.name,
            "project": youth.project.name,
        },
        "youth": _values(youth)
        | {"organisation": youth.organisation.name, "project": youth.project.code},
        "consents": [_values(c) for c in data.consents],
        "recruitment_decisions": [_values(d) for d in data.decisions],
        "enrolments": enrolments,
        "attendance": attendance,
        "attendance_corrections": [
            _values(c) | {"slot": c.slot.code, "date": c.slot.date.isoformat()}
            for c in data.corrections
        ],
        "events": [
            _values(p) | {"event": p.event.code, "title": str(p.event), "date": _event_date(p)}
            for p in data.events
        ],
        "exchanges": [
            _values(p)
            | {
                "exchange": p.exchange.code,
                "title": str(p.exchange),
                "start_date": _json_value(p.exchange.start_date),
                "end_date": _json_value(p.exchange.end_date),
            }
            for p in data.exchanges
        ],
        "sensitive_note": _sensitive_json(data),
        "history": [_entry_json(e, before=e.before, after=e.after) for e in data.history],
        "access_log": [_entry_json(e, details=_details(e)) for e in data.accesses],
    }


def _event_date(participant: EventParticipant) -> str | None:
    return _json_value(participant.event.date)


def subject_access_json(data: SubjectAccess) -> bytes:
    return json.dumps(subject_access_dict(data), ensure_ascii=False, indent=2).encode("utf-8")


# --- PDF (Art. 15: in a concise, intelligible form, in the young person's language) -------------


@dataclass(frozen=True)
class PrintedRecord:
    title: str
    facts: list[tuple[str, str]]
    signature: Signature | None = None


def _printed(data: SubjectAccess) -> dict[str, Any]:
    """What the template prints, worded in the active language."""
    enrolments = []
    for enrolment in data.enrolments:
        enrolments.append(PrintedRecord(str(enrolment.cohort), _facts(enrolment, skip=("cohort",))))
        outcome = data.outcomes.get(enrolment.pk)
        if outcome is not None:
            enrolments.append(
                PrintedRecord(
                    gettext("Sortie : %(cohort)s") % {"cohort": enrolment.cohort},
                    _facts(outcome, skip=("enrolment",)),
                )
            )
        for follow_up in data.follow_ups.get(enrolment.pk, []):
            enrolments.append(
                PrintedRecord(
                    gettext("Suivi : %(kind)s") % {"kind": follow_up.get_kind_display()},
                    _facts(follow_up, skip=("enrolment",)),
                )
            )
    attendance = [
        PrintedRecord(
            f"{line.attendance.slot.cohort.code} · {line.attendance.slot}",
            _facts(line.attendance, skip=("slot",)),
            line.signature,
        )
        for line in data.attendance
    ]
    return {
        "record": _facts(data.youth, skip=("project", "organisation")),  # in the heading
        "before": [
            (
                gettext("Consentements et autorisations"),
                [PrintedRecord(c.get_kind_display(), _facts(c)) for c in data.consents],
            ),
            (
                gettext("Décisions de recrutement"),
                [PrintedRecord(d.get_decision_display(), _facts(d)) for d in data.decisions],
            ),
            (gettext("Inscriptions, sorties et suivis"), enrolments),
        ],
        "attendance": attendance,
        "signed": sum(1 for line in data.attendance if line.signature is not None),
        "after": [
            (
                gettext("Corrections de présence"),
                [PrintedRecord(str(c.slot), _facts(c, skip=("slot",))) for c in data.corrections],
            ),
            (
                gettext("Événements"),
                [PrintedRecord(str(p.event), _facts(p, skip=("event",))) for p in data.events],
            ),
            (
                gettext("Échanges"),
                [
                    PrintedRecord(str(p.exchange), _facts(p, skip=("exchange",)))
                    for p in data.exchanges
                ],
            ),
        ],
    }


def subject_access_html(data: SubjectAccess) -> str:
    with translation.override(data.lang):
        return render_to_string(
            TEMPLATE,
            {
                "data": data,
                "youth": data.youth,
                "lang": data.lang,
                "produced_by": _who(data.produced_by),
                "printed": _printed(data),
                "history": journal_describe(data.history, user=data.produced_by),
                "accesses": [
                    (item, _who(item.entry.user))
                    for item in journal_describe(data.accesses, user=data.produced_by)
                ],
                "fonts_css_url": FONTS_CSS.as_uri(),
                "pdf_css_url": PDF_CSS.as_uri(),
            },
        )


def subject_access_pdf(data: SubjectAccess) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only the PDF needs.
    from weasyprint import HTML

    html = subject_access_html(data)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return HTML(string=html, base_url=STATIC.as_uri() + "/").write_pdf(pdf_tags=True)
