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


def examples_text(
    examples: tuple[str, ...],
    *,
    partial: bool,
    languages: frozenset[str] = frozenset(),
    lang: str = "fr",
) -> str:
    """« Exemple : tester un secteur d'activité », « Exemples : Bac, BTS, licences… ».

    Examples are what counsellors recorded, in their organisation's language: a report in
    another language quotes them as written and says so (« Esempi: «Bac», «BTS», «licences»
    (in francese nel testo originale) »)."""
    if not examples:
        return ""
    foreign = sorted(languages - {lang})
    if foreign:
        listed = ", ".join(_("« %(example)s »") % {"example": example} for example in examples)
        listed += ("…" if partial else "") + " " + _original_language(foreign)
    else:
        listed = ", ".join(examples) + ("…" if partial else "")
    return ngettext("Exemple : %(examples)s", "Exemples : %(examples)s", len(examples)) % {
        "examples": listed
    }


def _original_language(languages: list[str]) -> str:
    """« (en français dans le texte) », in the active language; several: each one."""
    names = {
        "fr": _("(en français dans le texte)"),
        "it": _("(en italien dans le texte)"),
        "en": _("(en anglais dans le texte)"),
    }
    return " ".join(str(names[language]) for language in languages if language in names)


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
    languages = bilan.exit_examples_languages if bilan is not None else {}
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
                    tuple(examples.get(row.code, ())),
                    partial=row.code in partial,
                    languages=languages.get(row.code, frozenset()),
                    lang=lang,
                ),
            )
            for row in positive_exits.rows
        ],
    )


def _refined(by_exit) -> bool:
    """Whether the refined exits say more than the five categories (an apprenticeship or a
    support pathway was recorded)."""
    return any(code not in choices.PositiveExit.values for code in by_exit)
