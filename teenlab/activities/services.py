"""Writes of the project's activities: exchanges, events, phases, cooperations, and who took
part in an event or an exchange."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teenlab.activities.models import Event, EventParticipant, Exchange, ExchangeParticipant
from teenlab.core.audit import audit_log, audited_save, snapshot
from teenlab.core.choices import ConsentKind
from teenlab.core.models import AuditEntry, User
from teenlab.participants.models import Consent, Youth
from teenlab.participants.selectors import needs_travel_authorisation, travel_authorisation
from teenlab.training.models import Enrolment


def activity_save(*, obj: Model, by) -> Model:
    """Save a validated record of the project (new or changed) and journal the change."""
    audited_save(obj, by=by)
    return obj


def _delete(rows: Iterable[Model], *, by) -> None:
    for row in rows:
        audit_log(user=by, action=AuditEntry.Action.DELETE, obj=row, before=snapshot(row))
        row.delete()


def event_youth_choices(*, event: Event) -> QuerySet[Youth]:
    """The young people who may take part in ``event``: those enrolled in its cohort."""
    return Youth.objects.filter(
        pk__in=Enrolment.objects.filter(cohort_id=event.cohort_id).values("youth_id")
    )


@transaction.atomic
def event_save(
    *, event: Event, participants: Iterable[Youth], by, scope: QuerySet[Youth] | None = None
) -> Event:
    """Save ``event`` and set who took part: ``participants``, young people enrolled in its
    cohort (anyone else is refused). Only the participants among ``scope`` (the young people the
    account sees; all if None) are replaced: the others stay. Every change is journaled."""
    audited_save(event, by=by)
    chosen = {youth.pk: youth for youth in participants}
    allowed = set(
        event_youth_choices(event=event).filter(pk__in=chosen).values_list("pk", flat=True)
    )
    refused = [chosen[pk] for pk in chosen if pk not in allowed]
    if refused:
        raise ValidationError(
            {
                "participants": _(
                    "Pas inscrit dans la session de l'événement (%(cohort)s) : %(names)s."
                )
                % {"cohort": event.cohort.name, "names": ", ".join(map(str, refused))}
            }
        )
    rows = event.participants.all()
    if scope is not None:
        rows = rows.filter(youth__in=scope)
    present = {row.youth_id: row for row in rows}
    _delete([row for pk, row in present.items() if pk not in chosen], by=by)
    for pk in chosen:
        if pk not in present:
            audited_save(EventParticipant(event=event, youth=chosen[pk]), by=by)
    return event


def named_staff(text: str) -> list[tuple[str, str]]:
    """The people a form's text names, one a line: ``Name, Organisation`` (the organisation
    after the last comma, optional). Blank lines are skipped, repeats kept once."""
    people: list[tuple[str, str]] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        name, _comma, organisation = line.rpartition(",") if "," in line else (line, "", "")
        person = (name.strip(), organisation.strip())
        if person[0] and person not in people:
            people.append(person)
    return people


def staff_label(account: User) -> tuple[str, str]:
    """The name and organisation an account's participation row carries."""
    name = account.get_full_name().strip() or account.username
    organisation = account.organisation
    return name, organisation.name if organisation is not None else ""


@transaction.atomic
def exchange_save(
    *,
    exchange: Exchange,
    youth: Iterable[Youth] | None = None,
    accounts: Iterable[User] = (),
    others: Iterable[tuple[str, str]] = (),
    by,
    scope: QuerySet[Youth] | None = None,
) -> Exchange:
    """Save ``exchange`` and, unless ``youth`` is None, set who took part: the young people
    ``youth`` (only those among ``scope``, the young people the account sees, are replaced),
    and the staff — ``accounts`` and the ``others`` named with their organisation.

    Head counts follow the names (docs/indicators.md, "Participations"): once a young person
    (a member of staff) is named, ``youth_count`` (``staff_count``) is the number named; with
    none named the count entered stays. Every change is journaled."""
    if exchange.pk is None:
        audited_save(exchange, by=by)
    if youth is not None:
        _exchange_participants_set(
            exchange=exchange,
            youth=list(youth),
            accounts=list(accounts),
            others=list(others),
            by=by,
            scope=scope,
        )
    named_youth = exchange.participants.filter(youth__isnull=False).count()
    named_staff_count = exchange.participants.filter(youth__isnull=True).count()
    if named_youth:
        exchange.youth_count = named_youth
    if named_staff_count:
        exchange.staff_count = named_staff_count
    audited_save(exchange, by=by, skip_unchanged=True)
    return exchange


def _exchange_participants_set(
    *,
    exchange: Exchange,
    youth: list[Youth],
    accounts: list[User],
    others: list[tuple[str, str]],
    by,
    scope: QuerySet[Youth] | None,
) -> None:
    wrong = [y for y in youth if y.project_id != exchange.project_id]
    if wrong:
        raise ValidationError(
            {"youth": _("Jeunes d'un autre projet : %s.") % ", ".join(map(str, wrong))}
        )
    rows = exchange.participants.filter(youth__isnull=False)
    if scope is not None:
        rows = rows.filter(youth__in=scope)
    present = {row.youth_id: row for row in rows}
    chosen = {y.pk: y for y in youth}
    _check_travel_authorisations(
        exchange=exchange, youth=[y for pk, y in chosen.items() if pk not in present]
    )
    _delete([row for pk, row in present.items() if pk not in chosen], by=by)
    for pk, young in chosen.items():
        if pk not in present:
            audited_save(ExchangeParticipant(exchange=exchange, youth=young), by=by)
    # Staff: the accounts chosen and the people named, each once (by name and organisation).
    wanted: dict[tuple[str, str], User | None] = {}
    for account in accounts:
        wanted.setdefault(staff_label(account), account)
    for person in others:
        wanted.setdefault(person, None)
    staff = {(row.name, row.organisation): row for row in exchange.participants.filter(youth=None)}
    _delete([row for key, row in staff.items() if key not in wanted], by=by)
    for (name, organisation), member in wanted.items():
        kept = staff.get((name, organisation))
        if kept is None:
            kept = ExchangeParticipant(exchange=exchange, name=name, organisation=organisation)
        kept.staff = member
        audited_save(kept, by=by, skip_unchanged=True)


def _check_travel_authorisations(*, exchange: Exchange, youth: list[Youth]) -> None:
    """Refuse to add a minor to a cross-border exchange without a recorded *autorisation de
    sortie du territoire* valid until the exchange's last day (docs/privacy.md, "Consent")."""
    if not exchange.cross_border or not youth:
        return
    needing = [
        y
        for y in youth
        if needs_travel_authorisation(youth=y, start=exchange.start_date, cross_border=True)
    ]
    if not needing:
        return
    consents: dict[int, list[Consent]] = {}
    for consent in Consent.objects.filter(youth__in=needing, kind=ConsentKind.TRAVEL):
        consents.setdefault(consent.youth_id, []).append(consent)
    refused = [
        y
        for y in needing
        if travel_authorisation(
            consents=consents.get(y.pk, []), start=exchange.start_date, end=exchange.end_date
        )
        is None
    ]
    if refused:
        raise ValidationError(
            {
                "youth": _(
                    "Mineur sans autorisation de sortie du territoire valable jusqu'au "
                    "%(date)s enregistrée dans son dossier : %(names)s."
                )
                % {
                    "date": date_format(
                        exchange.end_date or exchange.start_date, "SHORT_DATE_FORMAT"
                    ),
                    "names": ", ".join(map(str, refused)),
                }
            }
        )
