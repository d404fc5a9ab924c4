"""Find the project, partner and cohort a command names by their codes, with clear errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from teenlab.core.models import Organisation, Project
from teenlab.training.models import Cohort

_Coded = TypeVar("_Coded", Organisation, Cohort)


class ScopeNotFound(Exception):
    """A code that names nothing; the message (translated) lists the valid codes."""


@dataclass(frozen=True)
class ResolvedScope:
    project: Project
    organisation: Organisation | None = None
    cohort: Cohort | None = None


def _codes(codes) -> str:
    listed = ", ".join(codes)
    return listed or _("aucun")


def _by_code(records: QuerySet[_Coded], code: str, unknown: str, *, project: Project) -> _Coded:
    """The record of ``records`` with ``code``; else ScopeNotFound, ``unknown`` naming the codes
    that exist."""
    records = records.order_by("code")
    found = records.filter(code=code).first()
    if found is None:
        raise ScopeNotFound(
            unknown
            % {
                "project": project.code,
                "code": code,
                "codes": _codes(records.values_list("code", flat=True)),
            }
        )
    return found


def scope_resolve(
    *, project: str | None = None, organisation: str | None = None, cohort: str | None = None
) -> ResolvedScope:
    """The records named by ``--project``, ``--organisation`` and ``--cohort``.

    Without ``project``, the database's only project; several projects need a choice.
    """
    project_codes = list(Project.objects.order_by("code").values_list("code", flat=True))
    if project is None:
        if not project_codes:
            raise ScopeNotFound(
                _(
                    "La base ne contient aucun projet : importez un paquet de données "
                    "(teenlab import) ou chargez la démonstration (teenlab demo)."
                )
            )
        if len(project_codes) > 1:
            raise ScopeNotFound(
                _(
                    "La base contient plusieurs projets ; choisissez-en un avec "
                    "--project : %(codes)s."
                )
                % {"codes": _codes(project_codes)}
            )
        project = project_codes[0]
    found = Project.objects.filter(code=project).first()
    if found is None:
        raise ScopeNotFound(
            _("Projet inconnu : « %(code)s ». Projets de la base : %(codes)s.")
            % {"code": project, "codes": _codes(project_codes)}
        )

    partner = None
    if organisation is not None:
        partners = Organisation.objects.filter(partnerships__project=found)
        partner = _by_code(
            partners,
            organisation,
            _(
                "Organisation inconnue dans le projet %(project)s : « %(code)s ». "
                "Partenaires du projet : %(codes)s."
            ),
            project=found,
        )

    session = None
    if cohort is not None:
        cohorts = Cohort.objects.filter(project=found)
        if partner is not None:
            cohorts = cohorts.filter(organisation=partner)
        session = _by_code(
            cohorts,
            cohort,
            _(
                "Session de formation inconnue dans le projet %(project)s : « %(code)s ». "
                "Sessions : %(codes)s."
            ),
            project=found,
        )
    return ResolvedScope(project=found, organisation=partner, cohort=session)
