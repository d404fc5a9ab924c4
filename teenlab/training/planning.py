"""Sessions (cohorts) and their modules, created and edited in the app: atomic, validated,
audited services, and the codes they propose.

A session belongs to one partner organisation of its project; its trainers are accounts with
the trainer role of that organisation. A module is removed only while no slot with attendance
uses it (its attendance is proof); the slots it leaves keep their hours, without module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import holidays
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teenlab.core.audit import LABEL_KEY, audit_log, audited_save, snapshot
from teenlab.core.codes import CODE_MAX_LENGTH
from teenlab.core.models import AuditEntry, Organisation, Project, User
from teenlab.training.models import (
    Attendance,
    AttendanceEntry,
    Closure,
    Cohort,
    Module,
    Slot,
    SlotCountersignature,
)
from teenlab.training.selectors import module_hours, unassigned_minutes
from teenlab.training.services import _day, refuse_slot_count, slots_bulk_create


def _first_free(base: str, taken: set[str], *, start: int = 1) -> str:
    n = start
    while f"{base}{n:02d}" in taken:
        n += 1
    return f"{base}{n:02d}"[:CODE_MAX_LENGTH]


def cohort_code_propose(*, project: Project, year: int) -> str:
    """A free session code of the project: ``S<yy>-<nn>`` (``S27-01``, then ``S27-02``…)."""
    taken = set(Cohort.objects.filter(project=project).values_list("code", flat=True))
    return _first_free(f"S{year % 100:02d}-", taken)


def module_code_propose(*, cohort: Cohort) -> str:
    """A free module code of the project, after the session's: ``<session>-M<nn>``."""
    taken = set(Module.objects.filter(project_id=cohort.project_id).values_list("code", flat=True))
    return _first_free(f"{cohort.code}-M", taken)


def trainers_of(
    *, organisations: QuerySet[Organisation] | Iterable[Organisation]
) -> QuerySet[User]:
    """The active accounts with the trainer role of ``organisations``: who may teach their
    sessions."""
    return User.objects.filter(
        organisation__in=organisations, is_trainer=True, is_active=True
    ).order_by("last_name", "first_name", "username")


def _trainer_labels(trainers: Iterable[User]) -> list[str]:
    return sorted(user.get_full_name() or user.get_username() for user in trainers)


@transaction.atomic
def cohort_save(
    *,
    cohort: Cohort | None,
    project: Project,
    organisation: Organisation,
    code: str,
    name: str,
    start_date: dt.date,
    end_date: dt.date,
    trainers: Iterable[User],
    by,
) -> Cohort:
    """Create a session of ``project`` (``cohort`` None) or change ``cohort``, and set its
    trainers.

    Refused (nothing written) when its organisation is not a partner of the project, when a
    trainer is not a trainer of that organisation, when its code is taken in the project, when
    the dates are reversed, or when new dates would leave existing slots outside the session."""
    trainers = list(trainers)
    errors: dict[str, list[str]] = {}
    if not project.partners.filter(organisation=organisation).exists():
        errors.setdefault("organisation", []).append(
            _("Cette organisation n'est pas partenaire du projet.")
        )
    allowed = set(trainers_of(organisations=[organisation]).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in trainers):
        errors.setdefault("trainers", []).append(
            _("Choisissez des comptes formateur·rice de l'organisation de la session.")
        )
    pk = None if cohort is None else cohort.pk
    same_code = Cohort.objects.filter(project=project, code=code)
    if pk is not None:
        same_code = same_code.exclude(pk=pk)
    if same_code.exists():
        errors.setdefault("code", []).append(_("Ce code est déjà celui d'une autre session."))
    if end_date < start_date:
        errors.setdefault("end_date", []).append(_("La date de fin précède la date de début."))
    elif pk is not None:
        outside = (
            Slot.objects.filter(cohort_id=pk)
            .exclude(date__range=(start_date, end_date))
            .order_by("date")
            .first()
        )
        if outside is not None:
            errors.setdefault("end_date", []).append(
                _(
                    "Des créneaux tombent hors de ces dates (le %(day)s) : déplacez-les ou "
                    "annulez-les d'abord."
                )
                % {"day": date_format(outside.date, "SHORT_DATE_FORMAT")}
            )
    if errors:
        raise ValidationError(errors)
    if cohort is None:
        cohort = Cohort(project=project)
        before = None
    else:
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        before = _trainer_labels(cohort.trainers.all())
    cohort.organisation = organisation
    cohort.code, cohort.name = code, name
    cohort.start_date, cohort.end_date = start_date, end_date
    audited_save(cohort, by=by, skip_unchanged=True)
    after = _trainer_labels(trainers)
    cohort.trainers.set(trainers)
    if (before or []) != after:
        audit_log(
            user=by,
            action=AuditEntry.Action.UPDATE,
            obj=cohort,
            before={LABEL_KEY: str(cohort), "trainers": before or []},
            after={LABEL_KEY: str(cohort), "trainers": after},
        )
    return cohort


@transaction.atomic
def module_save(
    *,
    module: Module | None,
    cohort: Cohort,
    code: str,
    name: str,
    strand: str,
    planned_hours: Decimal,
    trainer=None,
    by,
) -> Module:
    """Add a module to ``cohort`` (``module`` None) or change ``module``; its ``trainer``, if
    any, is one of the session's trainers."""
    same_code = Module.objects.filter(project_id=cohort.project_id, code=code)
    if module is not None:
        same_code = same_code.exclude(pk=module.pk)
    if same_code.exists():
        raise ValidationError({"code": [_("Ce code est déjà celui d'un autre module du projet.")]})
    if planned_hours < 0:
        raise ValidationError({"planned_hours": [_("Les heures prévues ne sont pas négatives.")]})
    if trainer is not None and not cohort.trainers.filter(pk=trainer.pk).exists():
        raise ValidationError(
            {"trainer": [_("Choisissez un formateur ou une formatrice de la session.")]}
        )
    if module is None:
        module = Module(project_id=cohort.project_id, cohort=cohort)
    else:
        module = Module.objects.select_for_update().get(pk=module.pk)
    module.code, module.name, module.strand, module.planned_hours, module.trainer = (
        code,
        name,
        strand,
        planned_hours,
        trainer,
    )
    audited_save(module, by=by, skip_unchanged=True)
    return module


def module_has_attendance(*, module: Module) -> bool:
    return Attendance.objects.of_project(module.project_id).filter(slot__module=module).exists()


@transaction.atomic
def module_delete(*, module: Module, by) -> None:
    """Remove a module; refused once a slot with attendance uses it. Its other slots stay on
    the timetable without module."""
    module = Module.objects.select_for_update().get(pk=module.pk)
    if module_has_attendance(module=module):
        raise ValidationError(
            _(
                "Des présences sont saisies sur des créneaux de ce module : il ne peut plus être "
                "supprimé."
            )
        )
    before = snapshot(module)
    audit_log(user=by, action=AuditEntry.Action.DELETE, obj=module, before=before)
    module.delete()


# --- The timetable generator --------------------------------------------------------------------

MAX_GENERATED_SLOTS = 400
# The language of the holiday names the ``holidays`` library gives, per page language.
HOLIDAY_LANGUAGES = {"fr": "fr", "it": "it_IT", "en": "en_US"}


@dataclass(frozen=True)
class PatternRow:
    """One line of the weekly pattern: every ``weekday`` (0 = Monday), from ``start`` to
    ``end``, ``module`` (or none) at ``place``."""

    weekday: int
    start: dt.time
    end: dt.time
    module: Module | None = None
    place: str = ""


@dataclass(frozen=True)
class ClosureSpan:
    """A closure given to the generator: from ``start_date`` to ``end_date``, both included."""

    start_date: dt.date
    end_date: dt.date
    label: str


@dataclass(frozen=True)
class PlannedSlot:
    date: dt.date
    start: dt.time
    end: dt.time
    module: Module | None
    place: str

    @property
    def minutes(self) -> int:
        return Slot.minutes_between(self.start, self.end)


@dataclass(frozen=True)
class SkippedDay:
    date: dt.date
    reason: str
    holiday: bool  # a public holiday (else a closure)


@dataclass(frozen=True)
class ModuleTotal:
    """A module's hours once the plan is saved, against its planned hours (``module`` None:
    the slots of no module, which have no planned hours)."""

    module: Module | None
    planned_minutes: int | None
    scheduled_minutes: int  # already on the timetable, not cancelled
    new_minutes: int

    @property
    def total_minutes(self) -> int:
        return self.scheduled_minutes + self.new_minutes

    @property
    def difference_minutes(self) -> int | None:
        """Positive: more than planned; negative: fewer."""
        if self.planned_minutes is None:
            return None
        return self.total_minutes - self.planned_minutes

    @property
    def gap_minutes(self) -> int:
        """The difference without its sign (what the page prints beside "over" or "under")."""
        return abs(self.difference_minutes or 0)


@dataclass(frozen=True)
class TimetablePlan:
    slots: list[PlannedSlot]
    skipped: list[SkippedDay]
    totals: list[ModuleTotal]
    holidays_known: bool  # whether the library knows the organisation's country


def public_holidays(
    *, country: str, first_day: dt.date, last_day: dt.date, language: str | None
) -> dict[dt.date, str] | None:
    """The public holidays of ``country`` between two dates, named in ``language`` when the
    ``holidays`` library offers it; None when it does not know the country."""
    years = range(first_day.year, last_day.year + 1)
    code = HOLIDAY_LANGUAGES.get((language or "")[:2])
    try:
        calendar = holidays.country_holidays(country, years=years)
        if code in calendar.supported_languages:
            calendar = holidays.country_holidays(country, years=years, language=code)
    except NotImplementedError:
        return None
    return {day: name for day, name in calendar.items() if first_day <= day <= last_day}


def _weekday_name(weekday: int) -> str:
    return date_format(dt.date(2024, 1, 1) + dt.timedelta(days=weekday), "l")


def _check_pattern(
    *,
    cohort: Cohort,
    first_day: dt.date,
    last_day: dt.date,
    rows: list[PatternRow],
    closures: list[ClosureSpan],
) -> None:
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if last_day < first_day:
        refuse("last_day", _("La dernière date précède la première date."))
    if first_day < cohort.start_date or last_day > cohort.end_date:
        refuse(
            "first_day",
            _("Les dates doivent être comprises dans la session (du %(start)s au %(end)s).")
            % {"start": _day(cohort.start_date), "end": _day(cohort.end_date)},
        )
    if not rows:
        refuse("pattern", _("Ajoutez au moins une ligne au modèle de semaine."))
    for n, row in enumerate(rows, start=1):
        if not 0 <= row.weekday <= 6:
            refuse("pattern", _("Ligne %(n)d : jour de la semaine inconnu.") % {"n": n})
        if row.end <= row.start:
            refuse(
                "pattern",
                _("Ligne %(n)d : l'heure de fin doit suivre l'heure de début.") % {"n": n},
            )
        if row.module is not None and row.module.cohort_id != cohort.pk:
            refuse(
                "pattern", _("Ligne %(n)d : ce module appartient à une autre session.") % {"n": n}
            )
    for a, first in enumerate(rows, start=1):
        for b, second in enumerate(rows[a:], start=a + 1):
            if (
                first.weekday == second.weekday
                and first.start < second.end
                and second.start < first.end
            ):
                refuse(
                    "pattern",
                    _("Lignes %(a)d et %(b)d : les horaires se chevauchent le %(weekday)s.")
                    % {"a": a, "b": b, "weekday": _weekday_name(first.weekday)},
                )
    for closure in closures:
        if closure.end_date < closure.start_date:
            refuse(
                "closures",
                _("Fermeture « %(label)s » : la fin précède le début.") % {"label": closure.label},
            )
    if errors:
        raise ValidationError(errors)


def timetable_plan(
    *,
    cohort: Cohort,
    first_day: dt.date,
    last_day: dt.date,
    rows: list[PatternRow],
    closures: list[ClosureSpan] = (),  # type: ignore[assignment]
    language: str | None = None,
) -> TimetablePlan:
    """The slots a weekly pattern gives between two dates, without writing anything: each date
    of a row's weekday, except the public holidays of the session's country (``holidays``) and
    the closures (the session's recorded ones and ``closures``), each skipped date with its
    reason, and each module's hours against its planned hours.

    Refused (``ValidationError``) for reversed dates or hours, dates outside the session, rows
    that overlap, a slot overlapping one already on the timetable (not cancelled), or when the
    pattern gives no slot."""
    rows, closures = list(rows), list(closures)
    _check_pattern(
        cohort=cohort, first_day=first_day, last_day=last_day, rows=rows, closures=closures
    )
    known = public_holidays(
        country=cohort.organisation.country,
        first_day=first_day,
        last_day=last_day,
        language=language,
    )
    spans = [
        *closures,
        *(
            ClosureSpan(c.start_date, c.end_date, c.label)
            for c in Closure.objects.filter(
                cohort=cohort, start_date__lte=last_day, end_date__gte=first_day
            )
        ),
    ]
    weekdays = {row.weekday for row in rows}
    slots: list[PlannedSlot] = []
    skipped: list[SkippedDay] = []
    day = first_day
    while day <= last_day:
        if day.weekday() in weekdays:
            closure = next((c for c in spans if c.start_date <= day <= c.end_date), None)
            if known and day in known:
                skipped.append(SkippedDay(day, known[day], holiday=True))
            elif closure is not None:
                skipped.append(SkippedDay(day, closure.label, holiday=False))
            else:
                slots.extend(
                    PlannedSlot(day, row.start, row.end, row.module, row.place)
                    for row in sorted(rows, key=lambda r: r.start)
                    if row.weekday == day.weekday()
                )
        day += dt.timedelta(days=1)
    refuse_slot_count(len(slots), empty_field="pattern", most=MAX_GENERATED_SLOTS)
    _refuse_clashes(cohort=cohort, slots=slots)
    return TimetablePlan(
        slots=slots,
        skipped=skipped,
        totals=_totals(cohort=cohort, slots=slots),
        holidays_known=known is not None,
    )


def _refuse_clashes(*, cohort: Cohort, slots: list[PlannedSlot]) -> None:
    existing = Slot.objects.scheduled().filter(
        cohort=cohort, date__in={slot.date for slot in slots}
    )
    by_day: dict[dt.date, list[tuple[dt.time, dt.time]]] = {}
    for day, start, end in existing.values_list("date", "start", "end"):
        by_day.setdefault(day, []).append((start, end))
    clashes = [
        slot
        for slot in slots
        if any(s < slot.end and slot.start < e for s, e in by_day.get(slot.date, ()))
    ]
    if clashes:
        listed = ", ".join(
            f"{_day(slot.date)} {slot.start:%H:%M}-{slot.end:%H:%M}" for slot in clashes[:5]
        )
        raise ValidationError(
            {"pattern": [_("Ces horaires chevauchent des créneaux existants : %s.") % listed]}
        )


def _totals(*, cohort: Cohort, slots: list[PlannedSlot]) -> list[ModuleTotal]:
    new: dict[int | None, int] = {}
    for slot in slots:
        key = None if slot.module is None else slot.module.pk
        new[key] = new.get(key, 0) + slot.minutes
    totals = [
        ModuleTotal(
            module=module,
            planned_minutes=int(module.planned_hours * 60),
            scheduled_minutes=module.scheduled_minutes,  # type: ignore[attr-defined]
            new_minutes=new.get(module.pk, 0),
        )
        for module in module_hours(cohort=cohort)
    ]
    unassigned = unassigned_minutes(cohort=cohort)
    if unassigned or None in new:
        totals.append(
            ModuleTotal(
                module=None,
                planned_minutes=None,
                scheduled_minutes=unassigned,
                new_minutes=new.get(None, 0),
            )
        )
    return totals


@transaction.atomic
def timetable_generate(
    *,
    cohort: Cohort,
    first_day: dt.date,
    last_day: dt.date,
    rows: list[PatternRow],
    closures: list[ClosureSpan] = (),  # type: ignore[assignment]
    by,
) -> list[Slot]:
    """Save the slots of :func:`timetable_plan` in one transaction, and the new ``closures``
    as the session's records (shown on its calendar); all or nothing, journaled."""
    cohort = Cohort.objects.select_for_update().select_related("organisation").get(pk=cohort.pk)
    plan = timetable_plan(
        cohort=cohort, first_day=first_day, last_day=last_day, rows=rows, closures=closures
    )
    for span in closures:
        recorded = Closure.objects.filter(cohort=cohort, start_date=span.start_date).first()
        if recorded is None:
            recorded = Closure(project_id=cohort.project_id, cohort=cohort)
        recorded.start_date, recorded.end_date = span.start_date, span.end_date
        recorded.label = span.label
        audited_save(recorded, by=by, skip_unchanged=True)
    created = slots_bulk_create(
        cohort=cohort,
        slots=[(slot.date, slot.start, slot.end, slot.module, slot.place) for slot in plan.slots],
    )
    audit_log(
        user=by,
        action=AuditEntry.Action.CREATE,
        obj=cohort,
        after={
            LABEL_KEY: str(cohort),
            "schedule": _("%(n)d créneaux du %(first)s au %(last)s")
            % {
                "n": len(created),
                "first": _day(plan.slots[0].date),
                "last": _day(plan.slots[-1].date),
            },
            "skipped": [f"{skip.date.isoformat()} {skip.reason}" for skip in plan.skipped],
        },
    )
    return created


# --- Single slots: add, move, cancel, delete ----------------------------------------------------


def _slot_errors(
    *,
    cohort: Cohort,
    date: dt.date,
    start: dt.time,
    end: dt.time,
    module: Module | None = None,
    exclude: int | None = None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not cohort.start_date <= date <= cohort.end_date:
        errors.setdefault("date", []).append(
            _("La date doit être comprise dans la session (du %(start)s au %(end)s).")
            % {"start": _day(cohort.start_date), "end": _day(cohort.end_date)}
        )
    if end <= start:
        errors.setdefault("end", []).append(_("L'heure de fin doit suivre l'heure de début."))
    if module is not None and module.cohort_id != cohort.pk:
        errors.setdefault("module", []).append(_("Ce module appartient à une autre session."))
    if not errors:
        clash = (
            Slot.objects.scheduled()
            .filter(cohort=cohort, date=date, start__lt=end, end__gt=start)
            .exclude(pk=exclude)
            .first()
        )
        if clash is not None:
            errors.setdefault("start", []).append(
                _("Ces horaires chevauchent le créneau de %(start)s à %(end)s.")
                % {"start": f"{clash.start:%H:%M}", "end": f"{clash.end:%H:%M}"}
            )
    return errors


@transaction.atomic
def slot_add(
    *,
    cohort: Cohort,
    date: dt.date,
    start: dt.time,
    end: dt.time,
    module: Module | None,
    place: str,
    by,
) -> Slot:
    """One more slot on the session's timetable."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    errors = _slot_errors(cohort=cohort, date=date, start=start, end=end, module=module)
    if errors:
        raise ValidationError(errors)
    (slot,) = slots_bulk_create(cohort=cohort, slots=[(date, start, end, module, place)])
    audit_log(user=by, action=AuditEntry.Action.CREATE, obj=slot, after=snapshot(slot))
    return slot


def slot_is_countersigned(*, slot: Slot) -> bool:
    return SlotCountersignature.objects.filter(slot_id=slot.pk).exists()


def _refuse_if_countersigned(slot: Slot, message: str) -> None:
    if slot_is_countersigned(slot=slot):
        raise ValidationError(message)


def slot_has_attendance(*, slot: Slot) -> bool:
    return (
        Attendance.objects.of_project(slot.project_id).filter(slot_id=slot.pk).exists()
        or AttendanceEntry.objects.of_project(slot.project_id).filter(slot_id=slot.pk).exists()
    )


@transaction.atomic
def slot_move(*, slot: Slot, date: dt.date, start: dt.time, end: dt.time, place: str, by) -> Slot:
    """Move a slot to another date, hours or place. Refused for a countersigned or cancelled
    slot, and, once attendance is recorded on it, for any change but its place (the attendance
    was taken at that time)."""
    slot = Slot.objects.select_for_update().select_related("cohort").get(pk=slot.pk)
    _refuse_if_countersigned(
        slot, _("Ce créneau est contre-signé : il a eu lieu et ne peut plus être déplacé.")
    )
    if slot.is_cancelled:
        raise ValidationError(_("Ce créneau est annulé : il ne peut plus être déplacé."))
    moved = (date, start, end) != (slot.date, slot.start, slot.end)
    if moved and slot_has_attendance(slot=slot):
        raise ValidationError(
            _(
                "Des présences sont saisies sur ce créneau : seul son lieu peut changer. "
                "Annulez-le et ajoutez-en un autre."
            )
        )
    errors = _slot_errors(cohort=slot.cohort, date=date, start=start, end=end, exclude=slot.pk)
    if errors:
        raise ValidationError(errors)
    slot.date, slot.start, slot.end, slot.place = date, start, end, place
    audited_save(slot, by=by, skip_unchanged=True)
    return slot


@transaction.atomic
def slot_cancel(*, slot: Slot, reason: str, by) -> Slot:
    """Cancel a slot with its reason: it stays on the timetable, marked cancelled, with its
    attendance and ledger as they were (proof), but it is no longer scheduled time
    (docs/indicators.md). Refused for a countersigned slot (it took place)."""
    slot = Slot.objects.select_for_update().get(pk=slot.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Indiquez le motif de l'annulation.")]})
    if slot.is_cancelled:
        raise ValidationError(_("Ce créneau est déjà annulé."))
    _refuse_if_countersigned(
        slot, _("Ce créneau est contre-signé : il a eu lieu et ne peut pas être annulé.")
    )
    slot.cancelled_reason = reason
    audited_save(slot, by=by, update_fields=("cancelled_reason",))
    return slot


@transaction.atomic
def slot_delete(*, slot: Slot, by) -> None:
    """Remove a slot entered by mistake; refused once attendance is recorded on it (then it
    is only cancelled, its attendance kept as proof)."""
    slot = Slot.objects.select_for_update().get(pk=slot.pk)
    if slot_has_attendance(slot=slot) or slot_is_countersigned(slot=slot):
        raise ValidationError(
            _("Des présences sont saisies sur ce créneau : il ne peut être qu'annulé.")
        )
    audit_log(user=by, action=AuditEntry.Action.DELETE, obj=slot, before=snapshot(slot))
    slot.delete()
