"""Each enrolment's attendance totals (``EnrolmentAttendance``), kept with the records.

One function writes them, :func:`refresh_enrolment_totals`: it recomputes, in one set-based
statement, the totals of the enrolments it is given from their cohort's slots and the young
person's attendance rows, and is called in the transaction of every write that changes them
(docs/indicators.md, "Attendance totals"):

- a single record saved or deleted through the ORM — the sign-in, marks, late entries,
  corrections, rest-absent, a slot moved, shortened, cancelled or deleted, an enrolment's dates
  or status, a session's dates, the admin, the tests' factories — by the model signals
  connected in :func:`connect` (``TrainingConfig.ready``): no service can forget it;
- the writes that send no signal call it themselves: the slots created in bulk
  (``services.slots_bulk_create``), an attendance row's source set by ``update()``
  (``services.attendance_admin_recorded``) and the import, once for the project at the end.

Raw SQL and anything else that bypasses the ORM is caught by :func:`rollups_check`
(``teenlab rollups check [--fix]``), which compares the stored totals with a recomputation.

The totals are raw minutes; the project's rules (threshold, excused absences counted absent,
attended or left out) are applied when the reports read them (``reporting.indicators``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps as global_apps
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save

from teenlab.core.audit import audit_log
from teenlab.core.choices import AttendanceStatus
from teenlab.core.models import AuditEntry, Project

# What an attended minute rests on (docs/indicators.md, "The method note"): its row's source.
ATTENDANCE_BASES: dict[str, tuple[str, ...]] = {
    "signatures": ("signed",),
    "trainer": ("marked", "late", "corrected"),
    "imports": ("imported",),
}
# The stored column of each basis.
BASIS_COLUMNS = {
    "signatures": "signed_minutes",
    "trainer": "trainer_minutes",
    "imports": "imported_minutes",
}
TOTAL_FIELDS = (
    "slots",
    "scheduled_minutes",
    "excused_minutes",
    *BASIS_COLUMNS.values(),
)


def _tables(apps) -> dict[str, str]:
    names = {
        "totals": "EnrolmentAttendance",
        "enrolment": "Enrolment",
        "cohort": "Cohort",
        "slot": "Slot",
        "attendance": "Attendance",
    }
    quote = connection.ops.quote_name
    return {
        key: quote(apps.get_model("training", model)._meta.db_table) for key, model in names.items()
    }


def _totals_select(apps, where: str) -> str:
    """SELECT enrolment id and its totals, one row per enrolment matching ``where`` (on
    ``e``, the enrolment table), slots or not: the cohort's non-cancelled slots dated from
    ``enrolled_on`` to ``left_on`` or the cohort's end (both included), each with the young
    person's attendance row if any (one at most: attendance is unique per slot and youth)."""
    t = _tables(apps)
    present, partial = AttendanceStatus.PRESENT.value, AttendanceStatus.PARTIAL.value
    excused = AttendanceStatus.EXCUSED.value
    attended = (
        f"CASE WHEN a.status = '{present}' THEN s.duration_minutes "
        f"WHEN a.status = '{partial}' THEN CASE WHEN COALESCE(a.minutes, 0) < s.duration_minutes "
        "THEN COALESCE(a.minutes, 0) ELSE s.duration_minutes END ELSE 0 END"
    )

    def basis(sources: tuple[str, ...]) -> str:
        listed = ", ".join(f"'{source}'" for source in sources)
        return f"COALESCE(SUM(CASE WHEN a.source IN ({listed}) THEN {attended} ELSE 0 END), 0)"

    return (
        "SELECT e.id, COUNT(s.id), COALESCE(SUM(s.duration_minutes), 0), "
        f"COALESCE(SUM(CASE WHEN a.status = '{excused}' THEN s.duration_minutes ELSE 0 END), 0), "
        + ", ".join(basis(ATTENDANCE_BASES[name]) for name in BASIS_COLUMNS)
        + f" FROM {t['enrolment']} e"
        f" INNER JOIN {t['cohort']} c ON c.id = e.cohort_id"
        f" LEFT JOIN {t['slot']} s ON s.cohort_id = e.cohort_id AND s.cancelled_reason = ''"
        " AND s.date >= e.enrolled_on AND s.date <= COALESCE(e.left_on, c.end_date)"
        f" LEFT JOIN {t['attendance']} a ON a.slot_id = s.id AND a.youth_id = e.youth_id"
        f" WHERE {where} GROUP BY e.id"
    )


def _where(enrolments: QuerySet) -> tuple[str, list[Any]]:
    sql, params = enrolments.order_by().values("pk").query.sql_with_params()
    return f"e.id IN ({sql})", list(params)


def _refresh(cursor, *, apps, where: str, params: list[Any]) -> None:
    t = _tables(apps)
    columns = ", ".join(("enrolment_id", *TOTAL_FIELDS))
    updates = ", ".join(f"{name} = excluded.{name}" for name in TOTAL_FIELDS)
    cursor.execute(
        f"INSERT INTO {t['totals']} ({columns}) {_totals_select(apps, where)}"
        f" ON CONFLICT (enrolment_id) DO UPDATE SET {updates}",
        params,
    )


def refresh_enrolment_totals(
    *,
    enrolments: QuerySet | None = None,
    cohort_ids: list[int] | None = None,
    project: Project | None = None,
) -> None:
    """Recompute from the records the totals of ``enrolments`` (a queryset), of the cohorts
    ``cohort_ids``, or of every enrolment of ``project``: one statement, in the caller's
    transaction. On PostgreSQL the enrolments' rows are locked first, so that two transactions
    writing the same young person's attendance each count the other's committed rows."""
    Enrolment = global_apps.get_model("training", "Enrolment")
    if enrolments is None:
        enrolments = Enrolment.objects.all()
    if cohort_ids is not None:
        enrolments = enrolments.filter(cohort_id__in=cohort_ids)
    if project is not None:
        enrolments = enrolments.filter(cohort__project=project)
    where, params = _where(enrolments)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql" and project is None:
            list(enrolments.order_by().select_for_update(of=("self",)).values_list("pk"))
        _refresh(cursor, apps=global_apps, where=where, params=params)


def refresh_all(apps) -> None:
    """Every enrolment's totals (the migration that creates them, with its historical models)."""
    with connection.cursor() as cursor:
        _refresh(cursor, apps=apps, where="1 = 1", params=[])


# --- The check -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """An enrolment whose stored totals differ from a recomputation (``stored`` None: none)."""

    enrolment_id: int
    youth: str
    cohort: str
    stored: dict[str, int] | None
    computed: dict[str, int]


def _computed(enrolments: QuerySet) -> dict[int, dict[str, int]]:
    where, params = _where(enrolments)
    with connection.cursor() as cursor:
        cursor.execute(_totals_select(global_apps, where), params)
        return {row[0]: dict(zip(TOTAL_FIELDS, row[1:], strict=True)) for row in cursor.fetchall()}


def rollups_check(*, project: Project | None = None) -> list[Difference]:
    """The enrolments (of ``project``, or all) whose stored totals are missing or differ from
    a recomputation from the records, by enrolment id."""
    Enrolment = global_apps.get_model("training", "Enrolment")
    EnrolmentAttendance = global_apps.get_model("training", "EnrolmentAttendance")
    enrolments = Enrolment.objects.all()
    if project is not None:
        enrolments = enrolments.filter(cohort__project=project)
    computed = _computed(enrolments)
    stored = {
        row["enrolment_id"]: {name: row[name] for name in TOTAL_FIELDS}
        for row in EnrolmentAttendance.objects.filter(enrolment__in=enrolments).values(
            "enrolment_id", *TOTAL_FIELDS
        )
    }
    wrong = sorted(pk for pk, totals in computed.items() if stored.get(pk) != totals)
    labels = {
        pk: (youth, cohort)
        for pk, youth, cohort in Enrolment.objects.filter(pk__in=wrong).values_list(
            "pk", "youth__code", "cohort__code"
        )
    }
    return [
        Difference(
            enrolment_id=pk,
            youth=labels[pk][0],
            cohort=labels[pk][1],
            stored=stored.get(pk),
            computed=computed[pk],
        )
        for pk in wrong
    ]


@transaction.atomic
def rollups_fix(*, project: Project | None = None, by=None) -> list[Difference]:
    """Repair the totals ``rollups_check`` finds wrong, in one transaction, each repair
    journaled (before: the stored totals, after: the recomputed ones). Returns the repairs."""
    differences = rollups_check(project=project)
    if not differences:
        return differences
    EnrolmentAttendance = global_apps.get_model("training", "EnrolmentAttendance")
    Enrolment = global_apps.get_model("training", "Enrolment")
    refresh_enrolment_totals(
        enrolments=Enrolment.objects.filter(pk__in=[d.enrolment_id for d in differences])
    )
    repaired = EnrolmentAttendance.objects.select_related(
        "enrolment__youth", "enrolment__cohort"
    ).in_bulk([d.enrolment_id for d in differences])
    for difference in differences:
        audit_log(
            user=by,
            action=AuditEntry.Action.UPDATE,
            obj=repaired[difference.enrolment_id],
            before=difference.stored or {},
            after=difference.computed,
        )
    return differences


# --- Kept by the model signals -----------------------------------------------------------------
# Style (docs/style.md): signals are avoided; these are connected here because a total must
# follow every single-record write, whoever makes it (a service, the admin, a factory), and
# the writes that send none call refresh_enrolment_totals themselves.


def _deleted_directly(origin, model: type[Model]) -> bool:
    """Whether a deletion started from ``model`` itself (a row or a queryset of rows): not a
    cascade from a young person, a session or a project, whose enrolments go too."""
    if isinstance(origin, QuerySet):
        return origin.model is model
    return isinstance(origin, model)


def _attendance_changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if "origin" in kwargs and not _deleted_directly(kwargs["origin"], sender):
        return
    Enrolment = global_apps.get_model("training", "Enrolment")
    Slot = global_apps.get_model("training", "Slot")
    refresh_enrolment_totals(
        enrolments=Enrolment.objects.filter(
            youth_id=instance.youth_id,
            cohort_id__in=Slot.objects.filter(pk=instance.slot_id).values("cohort_id"),
        )
    )


def _slot_before_save(sender, instance, **kwargs) -> None:
    """Remember the cohort a slot leaves (the admin may move it to another one)."""
    if kwargs.get("raw") or instance.pk is None:
        return
    instance._rollups_cohort_before = (
        sender._default_manager.filter(pk=instance.pk).values_list("cohort_id", flat=True).first()
    )


def _slot_changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if "origin" in kwargs and not _deleted_directly(kwargs["origin"], sender):
        return
    cohorts = {instance.cohort_id, getattr(instance, "_rollups_cohort_before", None)} - {None}
    refresh_enrolment_totals(cohort_ids=sorted(cohorts))


def _enrolment_saved(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    refresh_enrolment_totals(enrolments=sender._default_manager.filter(pk=instance.pk))


def _cohort_saved(sender, instance, created, **kwargs) -> None:
    if kwargs.get("raw") or created:
        return
    refresh_enrolment_totals(cohort_ids=[instance.pk])


def connect() -> None:
    """Connect the signals that keep the totals (``TrainingConfig.ready``)."""
    Attendance = global_apps.get_model("training", "Attendance")
    Slot = global_apps.get_model("training", "Slot")
    Enrolment = global_apps.get_model("training", "Enrolment")
    Cohort = global_apps.get_model("training", "Cohort")
    uid = "teenlab.training.rollups"
    post_save.connect(_attendance_changed, sender=Attendance, dispatch_uid=f"{uid}.a.save")
    post_delete.connect(_attendance_changed, sender=Attendance, dispatch_uid=f"{uid}.a.delete")
    pre_save.connect(_slot_before_save, sender=Slot, dispatch_uid=f"{uid}.s.pre")
    post_save.connect(_slot_changed, sender=Slot, dispatch_uid=f"{uid}.s.save")
    post_delete.connect(_slot_changed, sender=Slot, dispatch_uid=f"{uid}.s.delete")
    post_save.connect(_enrolment_saved, sender=Enrolment, dispatch_uid=f"{uid}.e.save")
    post_save.connect(_cohort_saved, sender=Cohort, dispatch_uid=f"{uid}.c.save")
