"""What the HTML/PDF and XLSX bilans show, section by section, labelled and formatted.

:func:`report_build` turns a :class:`~teenlab.reporting.bilan.Bilan` into plain values the
templates and the workbook only lay out: every label translated, every share given with its
count and denominator. Each section has its own builder in
:mod:`teenlab.reporting.renderers.sections`; the report is their fields side by side. Call it
inside ``translation.override(lang)``; it never queries the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from teenlab.core.choices import PartnerRole
from teenlab.core.languages import in_language
from teenlab.core.logos import png_data_url
from teenlab.core.publicity import Publicity, publicity
from teenlab.reporting.bilan import Bilan
from teenlab.reporting.formatting import date_format, lang_resolve, period_format
from teenlab.reporting.renderers.sections.activity import (
    ExchangesSection,
    StrandsSection,
    exchanges_section,
    strands_section,
)
from teenlab.reporting.renderers.sections.charts import report_charts
from teenlab.reporting.renderers.sections.common import Row, Table, Tile, figure_row, tile
from teenlab.reporting.renderers.sections.figures import FiguresSection, figures_section
from teenlab.reporting.renderers.sections.finance import (
    BudgetRow,
    FinanceSection,
    finance_section,
)
from teenlab.reporting.renderers.sections.narratives import (
    Narrative,
    NarrativesSection,
    narrative_blocks,
    narratives_section,
)
from teenlab.reporting.renderers.sections.outcomes import OutcomesSection, outcomes_section
from teenlab.reporting.renderers.sections.project import ProjectSection, project_section


@dataclass(frozen=True)
class Report(
    FiguresSection,
    OutcomesSection,
    NarrativesSection,
    ProjectSection,
    FinanceSection,
    StrandsSection,
    ExchangesSection,
):
    """The whole report: the cover's values, then every section's fields (see their builders)."""

    lang: str = ""
    title: str = ""
    project_name: str = ""
    programme: str = ""
    period: str = ""
    period_months: str = ""
    scope_label: str = ""
    scope_kind: str = ""  # project, organisation or cohort
    generated_on: str = ""
    cover_figures: list[Tile] = field(default_factory=list)
    # (alternative text, data: URL) of the logos printed at the top of the first page.
    logos: list[tuple[str, str]] = field(default_factory=list)
    charts: dict[str, str] = field(default_factory=dict)
    # The EU emblem and the funding statement of the cover (core.publicity).
    publicity: Publicity | None = None
    # Who publishes the report (the PDF's author): the partner in scope, else the lead partner.
    author: str = ""

    @property
    def sections(self) -> list[tuple[str, str]]:
        """(anchor, heading) of every section shown, in the report's order."""
        return [(code, title) for code, title in section_titles() if self.has_section(code)]

    @property
    def titles(self) -> dict[str, str]:
        return {code.replace("-", "_"): title for code, title in section_titles()}

    def has_section(self, code: str) -> bool:
        if code == "exchanges":
            return self.exchanges is not None
        if code == "finance":
            # A cohort's bilan has no budget: money belongs to the project and its partners.
            return self.budget_rows is not None
        if code == "words":
            return bool(self.narratives_words)
        if code == "pedagogy":
            return self.narrative_pedagogy is not None
        if code == "introduction":
            return self.narrative_introduction is not None
        if code == "implementation":
            return bool(self.narratives_interreg)
        if code == "contact":
            return bool(self.contacts)
        if code == "phases":
            return bool(self.phases)
        return True


def section_titles() -> list[tuple[str, str]]:
    """Every section of a bilan, in the order of the published TEEN LAB report."""
    return [
        ("introduction", pgettext("bilan section", "Introduction")),
        ("figures", pgettext("bilan section", "Le bilan en chiffres")),
        ("professional-project", pgettext("bilan section", "Projets professionnels")),
        ("positive-exits", pgettext("bilan section", "Sorties positives")),
        ("words", pgettext("bilan section", "Le bilan en quelques mots")),
        ("project", pgettext("bilan section", "Le projet et ses partenaires")),
        ("cooperations", pgettext("bilan section", "Coopérations")),
        ("phases", pgettext("bilan section", "Les phases du projet")),
        ("finance", pgettext("bilan section", "Données financières")),
        ("strands", pgettext("bilan section", "Les trois volets du parcours")),
        ("pedagogy", pgettext("bilan section", "Pédagogie")),
        ("exchanges", pgettext("bilan section", "Quelques chiffres clés des échanges")),
        ("implementation", pgettext("bilan section", "Mise en œuvre et suites du projet")),
        ("contact", pgettext("bilan section", "Contact")),
    ]


def scope_label(bilan: Bilan) -> str:
    scope = bilan.scope
    if scope.cohort:
        return _("%(project)s · cohorte %(cohort)s") % {
            "project": bilan.project_name,
            "cohort": bilan.cohort_name or scope.cohort,
        }
    if scope.organisation:
        return _("%(project)s · partenaire %(organisation)s") % {
            "project": bilan.project_name,
            "organisation": bilan.organisation_name or scope.organisation,
        }
    return _("Projet %(project)s, tous partenaires") % {"project": bilan.project_name}


def _scope_kind(bilan: Bilan) -> str:
    if bilan.scope.cohort:
        return "cohort"
    return "organisation" if bilan.scope.organisation else "project"


def _cover_figures(bilan: Bilan, lang: str) -> list[Tile]:
    figures = bilan.figures
    last = (
        tile(figures.exchanges.total, pgettext("cover", "échanges transfrontaliers"), lang)
        if figures.exchanges is not None
        else tile(figures.events, pgettext("cover", "événements"), lang)
    )
    return [
        tile(figures.funnel.youth_recruited, _("jeunes recrutés"), lang),
        tile(figures.funnel.completed, _("sont allés au bout de la formation"), lang),
        tile(figures.positive_exits.total, pgettext("cover", "sorties positives"), lang),
        last,
    ]


def _author(bilan: Bilan) -> str:
    if bilan.organisation_name:
        return bilan.organisation_name
    leads = [partner.name for partner in bilan.partners if partner.role == PartnerRole.LEAD_PARTNER]
    return ", ".join(leads) or bilan.project_name


def _fields_of(*sections: Any) -> dict[str, Any]:
    return {
        item.name: getattr(section, item.name) for section in sections for item in fields(section)
    }


def report_build(bilan: Bilan, lang: str, *, with_charts: bool = True) -> Report:
    """Everything the reports show, labelled in the active language ``lang``."""
    lang = lang_resolve(lang)
    figures = bilan.figures
    generated = bilan.generated_at or timezone.now()
    if isinstance(generated, dt.datetime) and timezone.is_aware(generated):
        generated = timezone.localtime(generated)
    numbers = figures_section(
        figures.funnel,
        lang,
        attended_hours=bilan.attended_hours_by_basis,
        rules=bilan.rules,
        zone_labels=bilan.zone_labels,
    )
    outcomes = outcomes_section(figures, lang, bilan)
    finance = finance_section(bilan, lang)
    exchanges = exchanges_section(bilan, lang)
    return Report(
        lang=lang,
        title=_("Bilan du projet %(project)s") % {"project": bilan.project_name},
        project_name=bilan.project_name,
        programme=in_language(bilan, "programme", lang),
        period=period_format(bilan.start_date, bilan.end_date, lang=lang),
        period_months=period_format(bilan.start_date, bilan.end_date, lang=lang, months=True),
        scope_label=scope_label(bilan),
        scope_kind=_scope_kind(bilan),
        generated_on=date_format(generated, lang=lang),
        cover_figures=_cover_figures(bilan, lang),
        logos=[(label, png_data_url(png)) for label, png in bilan.logos],
        publicity=publicity(
            eu_emblem=bilan.eu_emblem, statements=bilan.funding_statements, lang=lang
        ),
        author=_author(bilan),
        charts=report_charts(numbers, outcomes) if with_charts else {},
        **_fields_of(
            numbers,
            outcomes,
            narratives_section(bilan, lang),
            project_section(bilan, lang),
            finance,
            strands_section(
                figures.training_hours,
                figures.trainee_hours,
                lang,
                cohort_names=bilan.cohort_names,
            ),
            exchanges,
        ),
    )


__all__ = [
    "BudgetRow",
    "Narrative",
    "Report",
    "Row",
    "Table",
    "Tile",
    "figure_row",
    "narrative_blocks",
    "report_build",
]
