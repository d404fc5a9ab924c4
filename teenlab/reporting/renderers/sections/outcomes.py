"""« Projets professionnels » and « Sorties positives »: where the recruited stand at the end."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from teenlab.core import choices
from teenlab.reporting.bilan import Figures
from teenlab.reporting.renderers import labels
from teenlab.reporting.renderers.sections.common import Table, count_text, mapping_table
from teenlab.reporting.renderers.sections.figures import over_recruited


@dataclass(frozen=True)
class OutcomesSection:
    """Professional projects (over the recruited) and positive exits (over their total)."""

    professional_project: Table
    positive_exits: Table
    positive_exits_total: int


def outcomes_section(figures: Figures, lang: str) -> OutcomesSection:
    exits = figures.positive_exits
    return OutcomesSection(
        professional_project=mapping_table(
            _("Projet professionnel à l'issue de la formation"),
            figures.professional_project,
            label=labels.professional_project,
            order=choices.ProfessionalProject.values,
            denominator=figures.funnel.youth_recruited,
            denominator_label=over_recruited(figures.funnel, lang),
            lang=lang,
        ),
        positive_exits=mapping_table(
            _("Sorties positives par catégorie"),
            exits.by_category,
            label=labels.exit_category,
            order=choices.Exit.values,
            denominator=exits.total,
            denominator_label=_("sur les %(count)s sorties positives")
            % {"count": count_text(exits.total, lang)},
            lang=lang,
        ),
        positive_exits_total=exits.total,
    )
