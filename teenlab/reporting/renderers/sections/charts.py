"""The report's charts (inline SVG, :mod:`teenlab.reporting.charts`), drawn from the sections'
tables so that a chart shows exactly the numbers of the table beside it."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from teenlab.core import choices
from teenlab.reporting import charts
from teenlab.reporting.bilan import Funnel
from teenlab.reporting.formatting import share_format
from teenlab.reporting.renderers import labels
from teenlab.reporting.renderers.sections.activity import ExchangesSection
from teenlab.reporting.renderers.sections.common import Table, count_text
from teenlab.reporting.renderers.sections.figures import FiguresSection
from teenlab.reporting.renderers.sections.finance import FinanceSection
from teenlab.reporting.renderers.sections.outcomes import OutcomesSection


def report_charts(
    funnel: Funnel,
    figures: FiguresSection,
    outcomes: OutcomesSection,
    finance: FinanceSection,
    exchanges: ExchangesSection,
    lang: str,
) -> dict[str, str]:
    """``{name: svg}`` of the charts that have something to show."""
    drawers: dict[str, Callable[[], str | None]] = {
        "funnel": lambda: _funnel(funnel, lang, figures.threshold),
        "breakdowns": lambda: _breakdowns(figures.recruited_breakdowns),
        "exits": lambda: _exits(outcomes.positive_exits),
        "budget": lambda: _budget(finance),
        "exchanges": lambda: _exchanges(exchanges.exchanges),
    }
    drawn = {name: draw() for name, draw in drawers.items()}
    return {name: svg for name, svg in drawn.items() if svg is not None}


def _bars(table: Table) -> list[charts.Bar]:
    return [charts.Bar(row.label, row.count, row.note) for row in table.rows]


def _funnel(funnel: Funnel, lang: str, threshold: str) -> str | None:
    steps = []
    previous = None
    for value, label in (
        (funnel.youth_received, _("Jeunes reçus")),
        (funnel.youth_recruited, _("Jeunes recrutés")),
        (funnel.completed, _("Formation terminée")),
        (
            funnel.completed_with_attendance_80,
            _("Assiduité ≥ %(threshold)s") % {"threshold": threshold},
        ),
    ):
        if value is None:
            continue
        note = count_text(value, lang)
        if previous:
            note += " · " + share_format(value, previous, lang=lang)
        steps.append(charts.Bar(label, value, note))
        previous = value
    if funnel.early_positive_exits:
        # Not a step after the last one: a share of the recruited, as its note says
        # (docs/indicators.md, "Early positive exits").
        value = funnel.early_positive_exits
        note = _("%(count)s · %(share)s des recrutés") % {
            "count": count_text(value, lang),
            "share": share_format(value, funnel.youth_recruited, lang=lang),
        }
        steps.append(charts.Bar(_("Sorties anticipées positives"), value, note))
    if not any(step.value for step in steps):
        return None  # a funnel of zeros says nothing
    return charts.funnel(
        steps, title=_("Du premier accueil à la fin de la formation (part de l'étape précédente)")
    )


def _breakdowns(tables: list[Table]) -> str | None:
    panels = [charts.Panel(table.title, _bars(table)) for table in tables]
    if not any(panel.bars for panel in panels):
        return None
    return charts.bar_panels(
        panels, name="breakdowns", title=_("Les jeunes recrutés par résidence, âge et genre")
    )


def _exits(table: Table) -> str | None:
    if not table.rows:
        return None
    return charts.bar_panels(
        [charts.Panel("", _bars(table))],
        name="exits",
        title=_("Sorties positives par catégorie"),
        colors=(charts.PALETTE[2],),
    )


def _budget(finance: FinanceSection) -> str | None:
    rows = finance.budget_rows
    if not rows:
        return None
    return charts.grouped_bars(
        [row.label for row in rows],
        [
            (
                pgettext("budget", "Prévu"),
                [row.planned for row in rows],
                [f"{row.planned_text} · {row.planned_share_text}" for row in rows],
            ),
            (
                pgettext("budget", "Dépensé"),
                [row.spent for row in rows],
                [row.spent_text for row in rows],
            ),
        ],
        name="budget",
        title=_("Budget par catégorie : prévu et dépensé"),
    )


def _exchanges(table: Table | None) -> str | None:
    if table is None or not table.rows:
        return None
    directions = [row for row in table.rows if row.level == 0]
    kinds = labels.ordered(
        dict.fromkeys(row.code.split("/", 1)[1] for row in table.rows if row.level == 1),
        choices.ExchangeKind.values,
    )
    counts = {row.code: int(row.count) for row in table.rows}
    return charts.stacked_bars(
        [row.label for row in directions],
        [
            (
                labels.exchange_kind(kind),
                [counts.get(f"{row.code}/{kind}", 0) for row in directions],
            )
            for kind in kinds
        ],
        [row.share_text for row in directions],
        name="exchanges",
        title=_("Échanges par sens et par type"),
    )
