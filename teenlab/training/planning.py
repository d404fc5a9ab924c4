"""Sessions (cohorts) and their modules, created and edited in the app: atomic, validated,
audited services, and the codes they propose.

A session belongs to one partner organisation of its project; its trainers are accounts with
the trainer role of that organisation. A module is removed only while no slot with attendance
uses it (its attendance is proof); the slots it leaves keep their hours, without module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teenlab.core.audit import LABEL_KEY, audit_log, audited_save, snapshot
from teenlab.core.codes import CODE_MAX_LENGTH
from teenlab.core.models import AuditEntry, Organisation, Project, User
from teenlab.training.models import Attendance, Cohort, Module, Slot


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
    by,
) -> Module:
    """Add a module to ``cohort`` (``module`` None) or change ``module``."""
    same_code = Module.objects.filter(project_id=cohort.project_id, code=code)
    if module is not None:
        same_code = same_code.exclude(pk=module.pk)
    if same_code.exists():
        raise ValidationError({"code": [_("Ce code est déjà celui d'un autre module du projet.")]})
    if planned_hours < 0:
        raise ValidationError({"planned_hours": [_("Les heures prévues ne sont pas négatives.")]})
    if module is None:
        module = Module(project_id=cohort.project_id, cohort=cohort)
    else:
        module = Module.objects.select_for_update().get(pk=module.pk)
    module.code, module.name, module.strand, module.planned_hours = (
        code,
        name,
        strand,
        planned_hours,
    )
    audited_save(module, by=by, skip_unchanged=True)
    return module


def module_has_attendance(*, module: Module) -> bool:
    return Attendance.objects.filter(slot__module=module).exists()


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
