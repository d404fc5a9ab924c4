"""What the retention policy reads: each young person's last contact, and who is due for
anonymisation (docs/privacy.md, "Retention")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from teenlab.activities.models import EventParticipant, ExchangeParticipant
from teenlab.core.dates import months_after
from teenlab.core.models import AuditEntry, Project
from teenlab.outcomes.models import FollowUp, Outcome
from teenlab.participants.models import Consent, RecruitmentDecision, Youth
from teenlab.privacy.models import Anonymisation
from teenlab.training.models import Attendance, Enrolment

# What a last contact can be, in the order a tie is told (the first that gives the date).
CONTACT_KINDS = {
    "received": _("reçu"),
    "enrolment": _("inscription ou sortie"),
    "attendance": _("présence"),
    "outcome": _("sortie recueillie"),
    "follow_up": _("suivi après la sortie"),
    "decision": _("décision de recrutement"),
    "consent": _("consentement"),
    "exchange": _("échange"),
    "event": _("événement"),
    "record": _("modification du dossier"),
}


@dataclass(frozen=True)
class Due:
    """A young person due for anonymisation: their code (never their name), their last contact
    (date and what it was) and the day retention ended."""

    youth_id: int
    code: str
    organisation_id: int
    last_contact: dt.date | None
    contact_kind: str
    due_since: dt.date

    @property
    def contact_label(self) -> str:
        return str(CONTACT_KINDS.get(self.contact_kind, self.contact_kind))


@dataclass(frozen=True)
class SignaturesDue:
    """An anonymised young person whose signatures were kept for the funder's audit period,
    now ended."""

    youth_id: int
    code: str
    organisation_id: int
    kept_until: dt.date | None


def _latest(found: dict[int, tuple[dt.date, str]], rows: Iterable, kind: str) -> None:
    for youth_id, day in rows:
        if day is None:
            continue
        if isinstance(day, dt.datetime):
            day = day.date()
        if youth_id not in found or day > found[youth_id][0]:
            found[youth_id] = (day, kind)


def last_contacts(youth: QuerySet[Youth]) -> dict[int, tuple[dt.date, str]]:
    """``{youth id: (date, kind)}``: the latest of the day they were received, each enrolment's
    day, its leaving day (else its session's end), each attendance's day, each outcome recorded,
    each follow-up, each recruitment decision (and the end of a waiting list), each consent,
    each exchange (its end, else its start) and event, and each change of their records made in
    the app by an account (imports and commands are not contacts). A dozen grouped queries."""
    ids = youth.values("pk")
    found: dict[int, tuple[dt.date, str]] = {}
    _latest(found, youth.values_list("pk", "received_on"), "received")
    enrolments = Enrolment.objects.filter(youth__in=ids).values("youth")
    _latest(found, enrolments.annotate(d=Max("enrolled_on")).values_list("youth", "d"), "enrolment")
    ends = enrolments.annotate(d=Max(Coalesce("left_on", "cohort__end_date")))
    _latest(found, ends.values_list("youth", "d"), "enrolment")
    attendance = Attendance.objects.filter(youth__in=ids).values("youth")
    _latest(found, attendance.annotate(d=Max("slot__date")).values_list("youth", "d"), "attendance")
    outcomes = Outcome.objects.filter(enrolment__youth__in=ids).values("enrolment__youth")
    _latest(
        found,
        outcomes.annotate(d=Max("recorded_on")).values_list("enrolment__youth", "d"),
        "outcome",
    )
    follow_ups = FollowUp.objects.filter(enrolment__youth__in=ids).values("enrolment__youth")
    _latest(
        found,
        follow_ups.annotate(d=Max("date")).values_list("enrolment__youth", "d"),
        "follow_up",
    )
    decisions = RecruitmentDecision.objects.filter(youth__in=ids).values("youth")
    for field in ("decided_on", "waiting_until"):
        _latest(found, decisions.annotate(d=Max(field)).values_list("youth", "d"), "decision")
    consents = Consent.objects.filter(youth__in=ids).values("youth")
    _latest(found, consents.annotate(d=Max("given_on")).values_list("youth", "d"), "consent")
    exchanges = ExchangeParticipant.objects.filter(youth__in=ids).values("youth")
    _latest(
        found,
        exchanges.annotate(
            d=Max(Coalesce("exchange__end_date", "exchange__start_date"))
        ).values_list("youth", "d"),
        "exchange",
    )
    events = EventParticipant.objects.filter(youth__in=ids).values("youth")
    _latest(found, events.annotate(d=Max("event__date")).values_list("youth", "d"), "event")
    changes = AuditEntry.objects.filter(
        youth_id__in=ids, action__in=AuditEntry.CHANGES, user__isnull=False
    ).exclude(action=AuditEntry.Action.IMPORT)
    _latest(
        found,
        changes.values("youth_id").annotate(d=Max(TruncDate("at"))).values_list("youth_id", "d"),
        "record",
    )
    return found


def retention_end(last_contact: dt.date, *, years: int) -> dt.date:
    """The day personal data is due for anonymisation: ``years`` after the last contact."""
    return months_after(last_contact, 12 * years)


def due_for_anonymisation(
    *, project: Project, today: dt.date, youth: QuerySet[Youth] | None = None
) -> list[Due]:
    """The young people of ``project`` (within ``youth`` when given) not yet anonymised whose
    last contact is at least the project's retention period before ``today``; a young person
    with no dated contact at all is due from the project's end. By code."""
    candidates = (youth if youth is not None else Youth.objects.all()).filter(
        project=project, anonymisation__isnull=True
    )
    contacts = last_contacts(candidates)
    years = project.retention_period_years
    due = []
    for pk, code, organisation_id in candidates.order_by("code").values_list(
        "pk", "code", "organisation_id"
    ):
        day, kind = contacts.get(pk, (None, ""))
        since = retention_end(day or project.end_date, years=years)
        if since <= today:
            due.append(Due(pk, code, organisation_id, day, kind, since))
    return due


def signatures_due(
    *, project: Project, today: dt.date, youth: QuerySet[Youth] | None = None
) -> list[SignaturesDue]:
    """Anonymised young people of ``project`` whose signatures were kept for an audit period
    that has ended (before ``today``)."""
    rows = Anonymisation.objects.filter(
        project=project,
        signatures_erased_at__isnull=True,
        signatures_kept_until__lt=today,
    )
    if youth is not None:
        rows = rows.filter(youth__in=youth.values("pk"))
    return [
        SignaturesDue(youth_id, code, organisation_id, kept_until)
        for youth_id, code, organisation_id, kept_until in rows.order_by("youth__code").values_list(
            "youth_id", "youth__code", "youth__organisation_id", "signatures_kept_until"
        )
    ]


def signatures_kept_until(*, project: Project, today: dt.date) -> dt.date | None:
    """Until when an anonymisation on ``today`` keeps the signature images: the end of the
    funder's audit period if it is still to come; else None (erased at once)."""
    end = project.audit_retention_until
    return end if end is not None and end >= today else None
