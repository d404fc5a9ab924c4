"""The report's charts (inline SVG, :mod:`teenlab.reporting.charts`), drawn from the sections'
tables so that a chart shows exactly the numbers of the table beside it."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from teenlab.reporting import charts
from teenlab.reporting.renderers.sections.common import Table
from teenlab.reporting.renderers.sections.figures import FiguresSection
from teenlab.reporting.renderers.sections.outcomes import OutcomesSection


def report_charts(figures: FiguresSection, outcomes: OutcomesSection) -> dict[str, str]:
    """``{name: svg}`` of the charts that have something to show. Each figure is said once
    (docs/indicators.md, "Each figure said once"): the funnel and the exchanges have no chart,
    their tiles say them, nor the budget, its tables say it (as the published report)."""
    drawers: dict[str, Callable[[], str | None]] = {
        "breakdowns": lambda: _breakdowns(figures.recruited_breakdowns),
        "exits": lambda: _exits(outcomes.positive_exits),
    }
    drawn = {name: draw() for name, draw in drawers.items()}
    return {name: svg for name, svg in drawn.items() if svg is not None}


def _bars(table: Table) -> list[charts.Bar]:
    return [charts.Bar(row.label, row.count, row.note) for row in table.rows]


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
