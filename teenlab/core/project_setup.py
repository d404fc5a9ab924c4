"""Setting up a project in the app (issue 9, point 1): the project itself, its partner
organisations with their role and cofinancing, its residence zones and the rules its reports
apply. Every change is atomic and journaled (``audited_save``).

Who: a superuser creates a project; a superuser or a coordinator of the project's lead partner
sets it up (``scoping.projects_set_up_by``). Views call these services with the form's
``cleaned_data``; a refusal is a ``ValidationError`` (shown on the form), an account outside
the project a ``PermissionDenied``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teenlab.core import scoping
from teenlab.core.audit import audit_log, audited_save, snapshot
from teenlab.core.choices import PartnerRole
from teenlab.core.models import (
    AuditEntry,
    Organisation,
    Project,
    ProjectPartner,
    ResidenceZone,
)

PROJECT_FIELDS = (
    "code",
    "name",
    "programme",
    "programme_it",
    "programme_en",
    "call",
    "start_date",
    "end_date",
    "cofinancing_total_eur",
    # What the printed documents (bilan's cover, sign-in sheets) say of the EU funding.
    "eu_emblem",
    "funding_statement_fr",
    "funding_statement_it",
    "funding_statement_en",
)
# The rules of the reports (reporting.indicators.Rules) and the eligible ages at entry.
RULE_FIELDS = (
    "attendance_threshold",
    "excused_absences",
    "age_bands",
    "eligible_age_min",
    "eligible_age_max",
)
ORGANISATION_FIELDS = ("code", "name", "country", "city", "time_zone")


def _check_sets_up(project: Project, by) -> Project:
    """``project`` locked for the change, if ``by`` may set it up; else PermissionDenied."""
    if not scoping.projects_set_up_by(by).filter(pk=project.pk).exists():
        raise PermissionDenied
    return Project.objects.select_for_update().get(pk=project.pk)


def _unique_code(model, code: str, *, exclude: int | None = None) -> None:
    taken = model.objects.filter(code=code)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError({"code": _("Ce code est déjà pris.")})


@transaction.atomic
def project_create(
    *,
    by,
    code: str,
    name: str,
    programme: str,
    start_date: dt.date,
    end_date: dt.date,
    call: str = "",
    cofinancing_total_eur: Decimal | None = None,
    programme_it: str = "",
    programme_en: str = "",
    eu_emblem: bool = True,
    funding_statement_fr: str = "",
    funding_statement_it: str = "",
    funding_statement_en: str = "",
) -> Project:
    """A new project (superusers only); its partners, zones and rules come next."""
    if not scoping.is_global(by):
        raise PermissionDenied
    _unique_code(Project, code)
    project = Project(
        code=code,
        name=name.strip(),
        programme=programme.strip(),
        programme_it=programme_it.strip(),
        programme_en=programme_en.strip(),
        call=call.strip(),
        start_date=start_date,
        end_date=end_date,
        cofinancing_total_eur=cofinancing_total_eur,
        eu_emblem=eu_emblem,
        funding_statement_fr=funding_statement_fr.strip(),
        funding_statement_it=funding_statement_it.strip(),
        funding_statement_en=funding_statement_en.strip(),
    )
    audited_save(project, by=by)
    return project


@transaction.atomic
def project_update(*, project: Project, by, **values) -> Project:
    """Change the project's code, name, programme and call, period, total cofinancing, or
    what its printed documents say of the EU funding (emblem, funding statement)."""
    project = _check_sets_up(project, by)
    unknown = set(values) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"not a project field: {sorted(unknown)}")
    if "code" in values:
        _unique_code(Project, values["code"], exclude=project.pk)
    for name, value in values.items():
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    audited_save(project, by=by, skip_unchanged=True)
    return project


@transaction.atomic
def project_rules_update(
    *,
    project: Project,
    by,
    attendance_threshold: int,
    excused_absences: str,
    age_bands: str,
    eligible_age_min: int | None = None,
    eligible_age_max: int | None = None,
) -> Project:
    """The rules the project's pages and reports apply: attendance threshold (percent), how
    excused absences count, the age bands of the reports, the eligible ages at entry."""
    project = _check_sets_up(project, by)
    project.attendance_threshold = attendance_threshold
    project.excused_absences = excused_absences
    project.age_bands = age_bands
    project.eligible_age_min = eligible_age_min
    project.eligible_age_max = eligible_age_max
    low, high = project.eligible_ages  # an empty bound is the usual one (16 or 26)
    if low > high:
        raise ValidationError(
            {"eligible_age_max": _("L'âge maximum doit être au moins égal à l'âge minimum.")}
        )
    audited_save(project, by=by, skip_unchanged=True)
    return project


RETENTION_FIELDS = ("retention_years", "audit_retention_until")
RETENTION_YEARS_RANGE = (1, 30)


@transaction.atomic
def project_retention_update(
    *,
    project: Project,
    by,
    retention_years: int | None = None,
    audit_retention_until: dt.date | None = None,
) -> Project:
    """The project's retention policy (docs/privacy.md, "Retention"): the years personal data
    is kept after a young person's last contact (empty: 2), and the end of the funder's audit
    period, until which attendance proof is kept pseudonymised (empty: not recorded)."""
    project = _check_sets_up(project, by)
    low, high = RETENTION_YEARS_RANGE
    if retention_years is not None and not low <= retention_years <= high:
        raise ValidationError(
            {"retention_years": _("Entre %(low)s et %(high)s ans.") % {"low": low, "high": high}}
        )
    if audit_retention_until is not None and audit_retention_until < project.end_date:
        raise ValidationError(
            {"audit_retention_until": _("La période d'audit finit après la fin du projet.")}
        )
    project.retention_years = retention_years
    project.audit_retention_until = audit_retention_until
    audited_save(project, by=by, skip_unchanged=True)
    return project


@transaction.atomic
def partner_save(
    *,
    project: Project,
    by,
    role: str,
    organisation: Organisation | None = None,
    cofinancing_eur: Decimal | None = None,
    code: str = "",
    name: str = "",
    country: str = "",
    city: str = "",
    time_zone: str = "",
) -> ProjectPartner:
    """Make ``organisation`` (or a new one: ``code``, ``name``, ``country``, ``city``,
    ``time_zone``) a partner of ``project`` with ``role`` and ``cofinancing_eur``; an
    organisation already a partner has its role and cofinancing changed."""
    project = _check_sets_up(project, by)
    if organisation is None:
        if not (code and name and country):
            raise ValidationError(
                _(
                    "Choisissez une organisation, ou donnez le code, le nom et le pays "
                    "d'une nouvelle."
                )
            )
        _unique_code(Organisation, code)
        organisation = Organisation(
            code=code,
            name=name.strip(),
            country=country.strip().upper(),
            city=city.strip(),
            time_zone=time_zone.strip(),
        )
        audited_save(organisation, by=by)
    partner = ProjectPartner.objects.filter(project=project, organisation=organisation).first()
    if partner is None:
        partner = ProjectPartner(project=project, organisation=organisation)
    was_lead = partner.role == PartnerRole.LEAD_PARTNER
    partner.role = role
    partner.cofinancing_eur = cofinancing_eur
    audited_save(partner, by=by, skip_unchanged=True)
    if was_lead and not project.partners.filter(role=PartnerRole.LEAD_PARTNER).exists():
        raise ValidationError(
            {"role": _("Le projet doit garder un chef de file : donnez ce rôle à un partenaire.")}
        )
    return partner


@transaction.atomic
def zone_save(
    *, project: Project, by, commune: str, zone: str, label: str = "", rural: bool | None = None
) -> ResidenceZone:
    """Count ``commune`` in the residence zone ``zone`` (a code) labelled ``label``; the label
    is the zone's: every commune of the zone gets it (an empty label keeps the zone's).
    ``rural``: whether the commune is a rural area (None: not said)."""
    project = _check_sets_up(project, by)
    commune, label = commune.strip(), label.strip()
    if not commune:
        raise ValidationError({"commune": _("Donnez le nom de la commune.")})
    row = ResidenceZone.objects.filter(project=project, commune__iexact=commune).first()
    if row is None:
        row = ResidenceZone(project=project, commune=commune)
    same_zone = ResidenceZone.objects.filter(project=project, zone=zone)
    if not label:
        label = same_zone.exclude(label="").values_list("label", flat=True).first() or ""
    row.zone, row.label, row.rural = zone, label, rural
    audited_save(row, by=by, skip_unchanged=True)
    for other in same_zone.exclude(pk=row.pk).exclude(label=label):
        other.label = label
        audited_save(other, by=by)
    return row


@transaction.atomic
def zone_remove(*, zone: ResidenceZone, by) -> None:
    """The commune is no longer listed: its young people count in ``other``."""
    _check_sets_up(zone.project, by)
    before = snapshot(zone)
    audit_log(user=by, action=AuditEntry.Action.DELETE, obj=zone, before=before)
    zone.delete()
