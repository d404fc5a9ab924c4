"""Reads for the cohorts and sign-in pages, within the account's scope, in a fixed number of
queries (SQL aggregates; lists are materialised before rendering)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import AttendanceStatus, Decision, EnrolmentStatus
from teenlab.core.models import Project
from teenlab.participants.models import InfoSession, RecruitmentDecision, Youth
from teenlab.participants.selectors import youth_zone_annotate, zone_q
from teenlab.training.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceEntry,
    AttendanceSource,
    Closure,
    Cohort,
    Enrolment,
    Module,
    Slot,
    SlotCountersignature,
)


def _minutes_of(slots: QuerySet, group: str) -> Coalesce:
    summed = (
        slots.order_by()
        .values(group)
        .annotate(total=Sum("duration_minutes", output_field=IntegerField()))
        .values("total")
    )
    return Coalesce(Subquery(summed, output_field=IntegerField()), Value(0))


def _count_of(rows: QuerySet, group: str) -> Coalesce:
    """How many ``rows`` (filtered on an ``OuterRef``) there are, 0 for none: one subquery."""
    counted = rows.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), Value(0))


def cohort_list(*, cohorts: QuerySet[Cohort], project: Project | None) -> list[Cohort]:
    """``cohorts`` (those the account sees) with their counts: enrolled, in progress, slots,
    hours (one query)."""
    if project is not None:
        cohorts = cohorts.filter(project=project)
    enrolments = Enrolment.objects.filter(cohort=OuterRef("pk")).order_by().values("cohort")
    planned = (
        Module.objects.filter(cohort=OuterRef("pk"))
        .order_by()
        .values("cohort")
        .annotate(total=Sum("planned_hours"))
        .values("total")
    )
    return list(
        cohorts.select_related("organisation")
        .annotate(
            enrolled=Coalesce(
                Subquery(enrolments.annotate(n=Count("pk")).values("n")),
                Value(0),
            ),
            slot_count=_count_of(Slot.objects.scheduled().filter(cohort=OuterRef("pk")), "cohort"),
            scheduled_minutes=_minutes_of(
                Slot.objects.scheduled().filter(cohort=OuterRef("pk")), "cohort"
            ),
            planned_hours=Subquery(planned),
        )
        .order_by("-start_date", "code")
    )


def module_hours(*, cohort: Cohort) -> list[Module]:
    """The cohort's modules with ``scheduled_minutes`` (sum of their slots not cancelled) beside
    ``planned_hours``, and their trainer (one query)."""
    return list(
        Module.objects.filter(project=cohort.project_id, cohort=cohort)
        .select_related("trainer")
        .annotate(
            scheduled_minutes=_minutes_of(
                Slot.objects.scheduled().filter(module=OuterRef("pk")), "module"
            )
        )
        .order_by("code")
    )


def unassigned_minutes(*, cohort: Cohort) -> int:
    return (
        Slot.objects.scheduled()
        .filter(project=cohort.project_id, cohort=cohort, module__isnull=True)
        .aggregate(total=Sum("duration_minutes"))["total"]
        or 0
    )


def cohort_enrolments(*, enrolments: QuerySet[Enrolment], cohort: Cohort) -> QuerySet[Enrolment]:
    """The cohort's ``enrolments`` (those the account sees; the view adds the attendance
    indicator: ``indicators.enrolment_attendance_annotate``)."""
    return (
        enrolments.filter(cohort__project=cohort.project_id, cohort=cohort)
        .select_related("youth")
        .order_by("youth__last_name", "youth__first_name", "pk")
    )


def _slots_with_progress(slots: QuerySet[Slot]) -> QuerySet[Slot]:
    return slots.select_related("module").annotate(
        marked=_count_of(Attendance.objects.filter(slot=OuterRef("pk")), "slot"),
        locked=Exists(SlotCountersignature.objects.filter(slot=OuterRef("pk"))),
    )


@dataclass
class CalendarDay:
    day: dt.date
    in_month: bool
    slots: list = field(default_factory=list)
    closure: str = ""  # the label of the session's closure that day, if any


def _closures_by_day(*, cohort: Cohort, start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """The label of the cohort's closure on each day from ``start`` to ``end`` (one query)."""
    labels: dict[dt.date, str] = {}
    for closure in Closure.objects.filter(cohort=cohort, start_date__lte=end, end_date__gte=start):
        day = max(closure.start_date, start)
        while day <= min(closure.end_date, end):
            labels.setdefault(day, closure.label)
            day += dt.timedelta(days=1)
    return labels


@dataclass
class MonthCalendar:
    month: dt.date  # first day
    weeks: list[list[CalendarDay]]
    slots: list[Slot]
    previous: dt.date | None
    next: dt.date | None


def month_of(value: str | None, *, cohort: Cohort, today: dt.date) -> dt.date:
    """The first day of the month to show: ``YYYY-MM`` if valid and within the cohort, else the
    current month if within the cohort, else the cohort's first month."""
    first = cohort.start_date.replace(day=1)
    last = cohort.end_date.replace(day=1)
    if value:
        try:
            year, month = (int(part) for part in value.split("-", 1))
            chosen = dt.date(year, month, 1)
        except (TypeError, ValueError):
            chosen = None
        if chosen is not None and first <= chosen <= last:
            return chosen
    current = today.replace(day=1)
    return current if first <= current <= last else first


def _add_month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_calendar(*, cohort: Cohort, month: dt.date) -> MonthCalendar:
    """The month's grid (weeks from Monday) with the cohort's slots in it (one query)."""
    weeks_days = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    start, end = weeks_days[0][0], weeks_days[-1][-1]
    slots = list(
        _slots_with_progress(
            Slot.objects.filter(project=cohort.project_id, cohort=cohort, date__range=(start, end))
        ).order_by("date", "start", "code")
    )
    by_day: dict[dt.date, list[Slot]] = {}
    for slot in slots:
        by_day.setdefault(slot.date, []).append(slot)
    closed = _closures_by_day(cohort=cohort, start=start, end=end)
    weeks = [
        [
            CalendarDay(
                day=day,
                in_month=day.month == month.month,
                slots=by_day.get(day, []),
                closure=closed.get(day, ""),
            )
            for day in week
        ]
        for week in weeks_days
    ]
    previous = _add_month(month, -1)
    following = _add_month(month, 1)
    first, last = cohort.start_date.replace(day=1), cohort.end_date.replace(day=1)
    return MonthCalendar(
        month=month,
        weeks=weeks,
        slots=[slot for slot in slots if slot.date.month == month.month],
        previous=previous if previous >= first else None,
        next=following if following <= last else None,
    )


@dataclass
class WeekCalendar:
    monday: dt.date
    days: list[CalendarDay]
    slots: list[Slot]
    previous: dt.date | None
    next: dt.date | None


def week_of(value: str | None, *, cohort: Cohort) -> dt.date | None:
    """The Monday of the week to show for ``?week=YYYY-MM-DD`` (any day of it), kept within the
    cohort; None without a readable date (the month is shown then)."""
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    day = min(max(day, cohort.start_date), cohort.end_date)
    return day - dt.timedelta(days=day.weekday())


def week_calendar(*, cohort: Cohort, monday: dt.date) -> WeekCalendar:
    """One week (Monday to Sunday) with the cohort's slots (one query)."""
    sunday = monday + dt.timedelta(days=6)
    slots = list(
        _slots_with_progress(
            Slot.objects.filter(
                project=cohort.project_id, cohort=cohort, date__range=(monday, sunday)
            )
        ).order_by("date", "start", "code")
    )
    closed = _closures_by_day(cohort=cohort, start=monday, end=sunday)
    days = [
        CalendarDay(
            day=monday + dt.timedelta(days=n),
            in_month=True,
            slots=[slot for slot in slots if slot.date == monday + dt.timedelta(days=n)],
            closure=closed.get(monday + dt.timedelta(days=n), ""),
        )
        for n in range(7)
    ]
    previous = monday - dt.timedelta(days=7)
    following = monday + dt.timedelta(days=7)
    return WeekCalendar(
        monday=monday,
        days=days,
        slots=slots,
        previous=previous if previous + dt.timedelta(days=6) >= cohort.start_date else None,
        next=following if following <= cohort.end_date else None,
    )


def slots_of_day(*, slots: QuerySet[Slot], day: dt.date) -> list[Slot]:
    """The slots of ``day`` in scope (a trainer: those of the cohorts they teach), cancelled
    ones left out."""
    return list(
        _slots_with_progress(slots.filter(date=day, cancelled_reason=""))
        .select_related("cohort")
        .annotate(
            expected=Coalesce(
                Subquery(
                    Enrolment.objects.filter(
                        cohort=OuterRef("cohort_id"), enrolled_on__lte=OuterRef("date")
                    )
                    .exclude(left_on__lt=OuterRef("date"))
                    .order_by()
                    .values("cohort")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                Value(0),
            )
        )
        .order_by("start", "cohort__code", "code")
    )


# --- One slot's sign-in -------------------------------------------------------------------------


@dataclass
class SheetRow:
    enrolment: Enrolment
    attendance: Attendance | None
    corrections: list[AttendanceCorrection]
    # The young person's ledger entries at the slot, in order (the printed sheet lists them).
    entries: list[AttendanceEntry] = field(default_factory=list)

    @property
    def youth(self):
        return self.enrolment.youth

    @property
    def signature(self):
        if self.attendance is None:
            return None
        return getattr(self.attendance, "signature", None)

    @property
    def open_to_trainee(self) -> bool:
        """In trainee mode a young person may sign only without a status yet, or partial."""
        return self.attendance is None or self.attendance.status == AttendanceStatus.PARTIAL


@dataclass
class Sheet:
    slot: Slot
    rows: list[SheetRow]
    trainers: list
    countersignature: SlotCountersignature | None
    # The slot's entries that are no young person's (countersignature, import), and its last.
    entries: list[AttendanceEntry] = field(default_factory=list)
    last_entry: AttendanceEntry | None = None

    @property
    def zone(self):
        """The time zone the sheet prints its times in: the organisation's."""
        return self.slot.cohort.organisation.zone

    @property
    def window(self) -> tuple[dt.datetime, dt.datetime]:
        return self.slot.signing_window()

    @property
    def locked(self) -> bool:
        return self.countersignature is not None

    @property
    def unmarked(self) -> int:
        return sum(1 for row in self.rows if row.attendance is None)

    @property
    def signed(self) -> int:
        return sum(1 for row in self.rows if row.signature is not None)

    @property
    def corrected_rows(self) -> list[SheetRow]:
        return [row for row in self.rows if row.corrections]


def slot_sheet_queryset(*, slots: QuerySet[Slot]) -> QuerySet[Slot]:
    return slots.select_related("cohort", "cohort__project", "cohort__organisation", "module")


def sheets_build(*, slots: list[Slot]) -> list[Sheet]:
    """The sign-in sheets of ``slots`` (of one cohort): expected youth, their attendance row,
    signature and corrections, the trainers and the countersignature — five queries whatever
    the number of slots and youth."""
    if not slots:
        return []
    cohort_ids = {slot.cohort_id for slot in slots}
    project_ids = {slot.project_id for slot in slots}
    first = min(slot.date for slot in slots)
    last = max(slot.date for slot in slots)
    enrolments = list(
        Enrolment.objects.filter(
            cohort__project__in=project_ids, cohort_id__in=cohort_ids, enrolled_on__lte=last
        )
        .exclude(left_on__lt=first)
        .select_related("youth")
        .order_by("youth__last_name", "youth__first_name", "pk")
    )
    slot_ids = [slot.pk for slot in slots]
    attendance = {
        (row.slot_id, row.youth_id): row
        for row in Attendance.objects.filter(
            slot__project__in=project_ids, slot_id__in=slot_ids
        ).select_related("signature", "signature__collected_by")
    }
    corrections: dict[tuple[int, int], list[AttendanceCorrection]] = {}
    for correction in AttendanceCorrection.objects.filter(
        slot__project__in=project_ids, slot_id__in=slot_ids
    ).select_related("corrected_by"):
        corrections.setdefault((correction.slot_id, correction.youth_id), []).append(correction)
    countersignatures = {
        c.slot_id: c
        for c in SlotCountersignature.objects.filter(slot_id__in=slot_ids).select_related("trainer")
    }
    entries: dict[tuple[int, int | None], list[AttendanceEntry]] = {}
    last_entries: dict[int, AttendanceEntry] = {}
    for entry in (
        AttendanceEntry.objects.filter(slot__project__in=project_ids, slot_id__in=slot_ids)
        .defer("rows")
        .select_related("collected_by")
        .order_by("slot_id", "seq")
    ):
        entries.setdefault((entry.slot_id, entry.youth_id), []).append(entry)
        last_entries[entry.slot_id] = entry
    trainers: dict[int, list] = {}
    for cohort in Cohort.objects.filter(pk__in=cohort_ids).prefetch_related(Prefetch("trainers")):
        trainers[cohort.pk] = sorted(
            cohort.trainers.all(), key=lambda u: (u.last_name, u.first_name, u.pk)
        )
    sheets = []
    for slot in slots:
        rows = [
            SheetRow(
                enrolment=enrolment,
                attendance=attendance.get((slot.pk, enrolment.youth_id)),
                corrections=corrections.get((slot.pk, enrolment.youth_id), []),
                entries=entries.get((slot.pk, enrolment.youth_id), []),
            )
            for enrolment in enrolments
            if enrolment.cohort_id == slot.cohort_id
            and enrolment.enrolled_on <= slot.date
            and (enrolment.left_on is None or enrolment.left_on >= slot.date)
        ]
        sheets.append(
            Sheet(
                slot=slot,
                rows=rows,
                trainers=trainers.get(slot.cohort_id, []),
                countersignature=countersignatures.get(slot.pk),
                entries=entries.get((slot.pk, None), []),
                last_entry=last_entries.get(slot.pk),
            )
        )
    return sheets


def expected_enrolment(*, slot: Slot, youth_id: int) -> Enrolment | None:
    """The enrolment that expects this youth at the slot, or None."""
    return (
        Enrolment.objects.expected_at(slot)
        .filter(youth_id=youth_id)
        .select_related("youth")
        .first()
    )


def sheet_row(*, slot: Slot, youth_id: int) -> SheetRow | None:
    """One row of a slot's sheet (after a change, for htmx): None if not expected."""
    enrolment = expected_enrolment(slot=slot, youth_id=youth_id)
    if enrolment is None:
        return None
    attendance = (
        Attendance.objects.of_project(slot.project_id)
        .filter(slot=slot, youth_id=youth_id)
        .select_related("signature", "signature__collected_by")
        .first()
    )
    return SheetRow(
        enrolment=enrolment,
        attendance=attendance,
        corrections=list(
            AttendanceCorrection.objects.of_project(slot.project_id)
            .filter(slot=slot, youth_id=youth_id)
            .select_related("corrected_by")
        ),
    )


def week_slots(*, cohort: Cohort, monday: dt.date) -> list[Slot]:
    return list(
        Slot.objects.filter(
            project=cohort.project_id,
            cohort=cohort,
            date__range=(monday, monday + dt.timedelta(days=6)),
        )
        .select_related("cohort", "cohort__project", "cohort__organisation", "module")
        .order_by("date", "start", "code")
    )


def sheet_counts(*, slot: Slot) -> dict[str, int]:
    """Expected youth, those without a status and the signatures of a slot (two queries)."""
    expected = Enrolment.objects.expected_at(slot)
    total = expected.count()
    rows = (
        Attendance.objects.of_project(slot.project_id)
        .filter(slot=slot, youth_id__in=expected.values("youth_id"))
        .aggregate(marked=Count("pk"), signed=Count("signature"))
    )
    return {"total": total, "unmarked": total - rows["marked"], "signed": rows["signed"]}


# --- Youth journeys and recruitment (the youth and recruitment pages) ----------------------


RECEIVED = "received"


YOUTH_STATUSES = (
    (RECEIVED, _("Reçu, sans décision")),
    *((decision.value, decision.label) for decision in Decision),
    (EnrolmentStatus.IN_PROGRESS.value, _("En parcours")),
    (EnrolmentStatus.COMPLETED.value, _("Parcours terminé")),
    (EnrolmentStatus.EARLY_EXIT.value, _("Sortie anticipée positive")),
    (EnrolmentStatus.DROPPED_OUT.value, _("Abandon")),
)


def _latest_decision(field: str) -> Subquery:
    return Subquery(
        RecruitmentDecision.objects.filter(youth=OuterRef("pk"))
        .order_by("-decided_on", "-pk")
        .values(field)[:1]
    )


def youth_status_annotate(
    queryset: QuerySet[Youth], *, among: list[int] | None = None
) -> QuerySet[Youth]:
    """``journey``: completed / early_exit / in_progress / dropped_out for a young person
    recruited (as the funnel counts); otherwise their latest recruitment decision
    (not_retained, redirected, withdrawn, waiting_list), or ``received`` while nothing is
    decided. ``waiting_until``: the
    end of the latest decision's waiting (None unless on the waiting list).

    ``among``: the ids of the young people annotated (a page of a list), when known: the
    database then reads their enrolments only, whichever way it runs the subqueries (it may
    read a whole table once rather than look each young person up)."""
    mine = Enrolment.objects.filter(youth=OuterRef("pk"))
    if among is not None:
        mine = mine.filter(youth_id__in=among)
    return queryset.annotate(
        decision=_latest_decision("decision"),
        waiting_until=_latest_decision("waiting_until"),
        journey=Case(
            When(Exists(mine.filter(status=EnrolmentStatus.COMPLETED)), then=Value("completed")),
            When(Exists(mine.filter(status=EnrolmentStatus.EARLY_EXIT)), then=Value("early_exit")),
            When(
                Exists(mine.filter(status=EnrolmentStatus.IN_PROGRESS)), then=Value("in_progress")
            ),
            When(Exists(mine), then=Value("dropped_out")),
            When(decision__isnull=False, then=F("decision")),
            default=Value(RECEIVED),
            output_field=CharField(),
        ),
    )


def journey_q(status: str, *, project: Project) -> Q:
    """Youth whose ``journey`` (:func:`youth_status_annotate`) is ``status``, written as
    semi- and anti-joins on the project's enrolments and decisions: the database runs each once
    for the whole list instead of a subquery per young person (the youth list's filter)."""
    enrolments = Enrolment.objects.filter(cohort__project=project).order_by()

    def holding(*statuses: str) -> Q:
        return Q(pk__in=enrolments.filter(status__in=statuses).values("youth_id"))

    # The journey of a recruited young person: the first of these their enrolments hold.
    precedence = [
        EnrolmentStatus.COMPLETED.value,
        EnrolmentStatus.EARLY_EXIT.value,
        EnrolmentStatus.IN_PROGRESS.value,
    ]
    if status in precedence:
        q = holding(status)
        for earlier in precedence[: precedence.index(status)]:
            q &= ~holding(earlier)
        return q
    recruited = Q(pk__in=enrolments.values("youth_id"))
    if status == EnrolmentStatus.DROPPED_OUT:
        return recruited & ~holding(*precedence)
    decisions = RecruitmentDecision.objects.of_project(project).order_by()
    if status == RECEIVED:
        return ~recruited & ~Q(pk__in=decisions.values("youth_id"))
    later = RecruitmentDecision.objects.filter(youth=OuterRef("youth_id")).filter(
        Q(decided_on__gt=OuterRef("decided_on"))
        | Q(decided_on=OuterRef("decided_on"), pk__gt=OuterRef("pk"))
    )
    latest = decisions.filter(decision=status).filter(~Exists(later))
    return ~recruited & Q(pk__in=latest.values("youth_id"))


def youth_search(
    *,
    youth: QuerySet[Youth],
    project: Project,
    text: str = "",
    cohort: Cohort | None = None,
    status: str = "",
    zone: str = "",
) -> QuerySet[Youth]:
    """The youth list's young people: scoped, searched, filtered and in the list's order,
    without annotations (every filter a plain condition or a semi-join, no subquery per young
    person): the view paginates this, then reads the page's rows with :func:`youth_rows`. The
    age band filter is an indicator: the view applies ``indicators.age_band_q``."""
    youth = youth.filter(project=project)
    for word in text.split():
        youth = youth.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(code__icontains=word)
        )
    if cohort is not None:
        youth = youth.filter(
            pk__in=Enrolment.objects.filter(cohort__project=project, cohort=cohort).values(
                "youth_id"
            )
        )
    if status:
        youth = youth.filter(journey_q(status, project=project))
    if zone:
        youth = youth.filter(zone_q(zone, project=project))
    return youth.order_by("last_name", "first_name", "code")


def youth_rows(
    *,
    youth: QuerySet[Youth],
    project: Project,
    ids: list[int],
    enrolments: QuerySet[Enrolment] | None = None,
) -> list[Youth]:
    """The rows of one page of the youth list (``ids``, among ``youth``, in that order), with
    status, zone, ``entry_date`` (see :func:`youth_entry_annotate`) and their enrolments with
    cohort and outcome — ``enrolments`` if given (the view passes them annotated with their
    attendance): the annotations run for the page's rows only."""
    if enrolments is None:
        enrolments = Enrolment.objects.all()
    rows = youth_zone_annotate(
        youth_status_annotate(
            youth_entry_annotate(youth.filter(project=project, pk__in=ids)), among=ids
        )
    ).prefetch_related(
        Prefetch(
            "enrolments",
            queryset=enrolments.filter(cohort__project=project)
            .select_related("cohort", "outcome")
            .order_by("enrolled_on", "pk"),
        )
    )
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def youth_entry_annotate(queryset: QuerySet[Youth]) -> QuerySet[Youth]:
    """``entry_date``: the day a young person's age at entry is taken — the day received, or,
    when the record does not say, their first enrolment (None without either). The same day
    as eligibility (``participants.selectors.eligibility``)."""
    first = (
        Enrolment.objects.filter(youth=OuterRef("pk")).order_by("enrolled_on").values("enrolled_on")
    )
    return queryset.annotate(entry_date=Coalesce("received_on", Subquery(first[:1])))


def missed_slots(*, enrolment: Enrolment, today: dt.date) -> list[Slot]:
    """The slots ``enrolment``'s young person missed: those of its cohort within its window
    (``enrolled_on`` to ``left_on`` or the cohort's end) dated before ``today`` and not
    cancelled, marked absent
    or excused or with no attendance row, oldest first; each with ``missed_status`` (the
    row's status, None for no row) and its module."""
    end = enrolment.left_on or enrolment.cohort.end_date
    row = Attendance.objects.filter(slot=OuterRef("pk"), youth_id=enrolment.youth_id)
    return list(
        Slot.objects.scheduled()
        .filter(
            project=enrolment.cohort.project_id,
            cohort_id=enrolment.cohort_id,
            date__gte=enrolment.enrolled_on,
            date__lte=end,
            date__lt=today,
        )
        .annotate(missed_status=Subquery(row.values("status")[:1]))
        .filter(
            Q(missed_status__isnull=True)
            | Q(missed_status__in=(AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED))
        )
        .select_related("module")
        .order_by("date", "start", "code")
    )


def youth_enrolments(*, enrolments: QuerySet[Enrolment], youth: Youth) -> QuerySet[Enrolment]:
    """A young person's ``enrolments`` (those the account sees), with their outcome and
    ``imported_attended``: how many of their attended slots rest on imported rows, with no
    signature (the view adds the attendance indicator:
    ``indicators.enrolment_attendance_annotate``)."""
    imported = Attendance.objects.filter(
        youth=OuterRef("youth_id"),
        slot__cohort=OuterRef("cohort_id"),
        source=AttendanceSource.IMPORTED,
        status__in=(AttendanceStatus.PRESENT, AttendanceStatus.PARTIAL),
    )
    return (
        enrolments.filter(cohort__project=youth.project_id, youth=youth)
        .select_related("cohort", "outcome", "youth")
        .annotate(imported_attended=_count_of(imported, "youth"))
        .order_by("enrolled_on", "pk")
    )


def recruitable_cohorts(*, cohorts: QuerySet[Cohort], project: Project) -> QuerySet[Cohort]:
    return cohorts.filter(project=project).order_by("-start_date", "code")


# How many suggestions a searchable session field offers as one types.
COHORT_SUGGESTIONS = 20


def cohort_suggestions(*, cohorts: QuerySet[Cohort], project: Project, text: str) -> list[Cohort]:
    """The first sessions of ``project`` among ``cohorts`` whose code or name contains ``text``
    (all of them when empty), the latest first: what a searchable session field suggests."""
    text = text.strip()
    matching = recruitable_cohorts(cohorts=cohorts, project=project)
    if text:
        matching = matching.filter(Q(code__icontains=text) | Q(name__icontains=text))
    return list(matching.select_related("organisation")[:COHORT_SUGGESTIONS])


def _received_not_recruited(youth: QuerySet[Youth], project: Project) -> QuerySet[Youth]:
    return youth_status_annotate(
        youth.filter(project=project, received_on__isnull=False).filter(
            ~Exists(Enrolment.objects.filter(youth=OuterRef("pk")))
        )
    ).select_related("info_session")


def youth_awaiting_decision(
    *, youth: QuerySet[Youth], project: Project, today: dt.date
) -> QuerySet[Youth]:
    """Among ``youth`` (those the account sees), those received and not recruited for whom a
    decision is due: nothing decided yet, or a waiting list that ended by ``today``. Oldest
    first."""
    return (
        _received_not_recruited(youth, project)
        .filter(Q(journey=RECEIVED) | Q(journey=Decision.WAITING_LIST, waiting_until__lte=today))
        .order_by("received_on", "last_name", "pk")
    )


def youth_waiting_list(*, youth: QuerySet[Youth], project: Project) -> QuerySet[Youth]:
    """Those on the waiting list, the soonest end of waiting first."""
    return (
        _received_not_recruited(youth, project)
        .filter(Q(journey=Decision.WAITING_LIST))
        .order_by("waiting_until", "received_on", "pk")
    )


def recruitment_pipeline(*, youth: QuerySet[Youth], project: Project) -> list[tuple[str, str, int]]:
    """The young people received, counted by where they stand: (code, label, count) in the
    order of ``YOUTH_STATUSES`` (every state, zero included)."""
    received = youth_status_annotate(youth.filter(project=project, received_on__isnull=False))
    counts = received.aggregate(
        **{code: Count("pk", filter=Q(journey=code)) for code, _label in YOUTH_STATUSES}
    )
    return [(code, str(label), counts[code]) for code, label in YOUTH_STATUSES]


def info_session_attendees(*, youth: QuerySet[Youth], session: InfoSession) -> list[Youth]:
    return list(
        youth_status_annotate(youth.filter(info_session=session)).order_by(
            "last_name", "first_name"
        )
    )
