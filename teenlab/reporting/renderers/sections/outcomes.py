"""« Projets professionnels » and « Sorties positives »: where the recruited stand at the end."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teenlab.core import choices
from teenlab.reporting.bilan import Bilan, Figures
from teenlab.reporting.renderers import labels
from teenlab.reporting.renderers.sections.common import Row, Table, count_text, mapping_table
from teenlab.reporting.renderers.sections.figures import over_recruited


@dataclass(frozen=True)
class ExitExamples:
    """One category of positive exits as the published report prints it: « Formation : 10
    (40 %) », then « Exemples : Développeur web, couture, menuiserie… »."""

    row: Row
    examples: str = ""  # "Exemples : BTS, couture…", empty when none was recorded


@dataclass(frozen=True)
class OutcomesSection:
    """Professional projects (over the recruited) and positive exits (over their total)."""

    professional_project: Table
    positive_exits: Table
    positive_exits_total: int
    # The refined exits behind the five categories (teenlab's ``by_exit``), and the examples.
    refined_exits: Table | None = field(default=None, kw_only=True)
    exit_examples: list[ExitExamples] = field(default_factory=list, kw_only=True)


def examples_text(examples: tuple[str, ...], *, partial: bool) -> str:
    """« Exemple : tester un secteur d'activité », « Exemples : Bac, BTS, licences… »."""
    if not examples:
        return ""
    listed = ", ".join(examples) + ("…" if partial else "")
    return ngettext("Exemple : %(examples)s", "Exemples : %(examples)s", len(examples)) % {
        "examples": listed
    }


def outcomes_section(figures: Figures, lang: str, bilan: Bilan | None = None) -> OutcomesSection:
    exits = figures.positive_exits
    over_exits = _("sur les %(count)s sorties positives") % {"count": count_text(exits.total, lang)}
    positive_exits = mapping_table(
        _("Sorties positives par catégorie"),
        exits.by_category,
        label=labels.exit_category,
        order=choices.PositiveExit.values,
        denominator=exits.total,
        denominator_label=over_exits,
        lang=lang,
    )
    examples = bilan.exit_examples if bilan is not None else {}
    partial = bilan.exit_examples_partial if bilan is not None else frozenset()
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
        positive_exits=positive_exits,
        positive_exits_total=exits.total,
        refined_exits=mapping_table(
            _("Sorties positives par sortie enregistrée"),
            exits.by_exit,
            label=labels.exit_refined,
            order=choices.Exit.values,
            denominator=exits.total,
            denominator_label=over_exits,
            lang=lang,
        )
        if _refined(exits.by_exit)
        else None,
        exit_examples=[
            ExitExamples(
                row=row,
                examples=examples_text(
                    tuple(examples.get(row.code, ())), partial=row.code in partial
                ),
            )
            for row in positive_exits.rows
        ],
    )


def _refined(by_exit) -> bool:
    """Whether the refined exits say more than the five categories (an apprenticeship or a
    support pathway was recorded)."""
    return any(code not in choices.PositiveExit.values for code in by_exit)
