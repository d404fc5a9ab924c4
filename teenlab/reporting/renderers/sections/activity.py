"""« Les trois volets du parcours » (hours by strand) and « Quelques chiffres clés des
échanges » (exchanges by direction and kind, the list of exchanges, the events)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from teenlab.core import choices
from teenlab.core.languages import in_language
from teenlab.reporting.bilan import Amounts, Bilan, Exchanges, TraineeHours
from teenlab.reporting.formatting import (
    date_format,
    hours_format,
    percent_format,
    period_format,
    share_percent,
)
from teenlab.reporting.renderers import labels
from teenlab.reporting.renderers.sections.common import (
    Row,
    Table,
    count_text,
    figure_row,
    mapping_table,
    whole_shares,
)


@dataclass(frozen=True)
class TraineeHoursLine:
    """One line of the trainee-hours table: a session (or the total), never a young person."""

    label: str
    code: str
    trainees: int
    scheduled_hours: str  # "294,5"
    attended_hours: str
    attendance: str  # "70,1 %"


@dataclass(frozen=True)
class StrandsSection:
    """Planned hours of one course, by strand, and their total; the hours the trainees
    attended (heures-stagiaires), per session and in all."""

    strands: Table
    hours_total: str
    trainee_hours: list[TraineeHoursLine]
    trainee_hours_total: TraineeHoursLine


@dataclass(frozen=True)
class ExchangesSection:
    """The exchanges by direction and kind, their list, and the events the youth ran."""

    exchanges: Table | None  # None: a cohort's bilan has no exchanges
    exchanges_total: int | None
    exchange_directions: list[dict[str, Any]]
    exchange_list: list[dict[str, Any]]
    events: int
    events_text: str
    event_list: list[dict[str, Any]]  # each event, its date and its beneficiary association


def strands_section(
    hours: Amounts, trainees: TraineeHours, lang: str, *, cohort_names: Mapping[str, str]
) -> StrandsSection:
    """``cohort_names``: the sessions' names by code (the code when missing)."""
    return StrandsSection(
        trainee_hours=[
            _trainee_line(cohort_names.get(code, code), code, row, lang)
            for code, row in trainees.by_cohort.items()
        ],
        trainee_hours_total=_trainee_line(
            _("Total"),
            "",
            {
                "trainees": trainees.trainees,
                "scheduled_minutes": trainees.scheduled_minutes,
                "attended_minutes": trainees.attended_minutes,
            },
            lang,
        ),
        strands=mapping_table(
            _("Heures prévues d'un parcours, par volet"),
            hours,
            label=labels.strand,
            order=choices.Strand.values,
            denominator=None,
            lang=lang,
        ),
        hours_total=count_text(sum(Decimal(str(value)) for value in hours.values()), lang),
    )


def _trainee_line(label: str, code: str, row: Mapping[str, Any], lang: str) -> TraineeHoursLine:
    scheduled, attended = row["scheduled_minutes"], row["attended_minutes"]
    return TraineeHoursLine(
        label=label,
        code=code,
        trainees=row["trainees"],
        scheduled_hours=hours_format(scheduled, lang=lang),
        attended_hours=hours_format(attended, lang=lang),
        attendance=percent_format(share_percent(attended, scheduled), lang=lang),
    )


def exchanges_section(bilan: Bilan, lang: str) -> ExchangesSection:
    exchanges = bilan.figures.exchanges
    table = None if exchanges is None else _table(exchanges, lang)
    return ExchangesSection(
        exchanges=table,
        exchanges_total=None if exchanges is None else exchanges.total,
        exchange_directions=[] if table is None else _directions(table.rows),
        exchange_list=[
            {
                "title": in_language(exchange, "title", lang),
                "direction": labels.direction(exchange.direction),
                "kind": labels.exchange_kind(exchange.kind),
                "dates": period_format(exchange.start_date, exchange.end_date, lang=lang),
                "start_date": exchange.start_date,
                "end_date": exchange.end_date,
                "place": exchange.place,
                "youth_count": exchange.youth_count,
                "staff_count": exchange.staff_count,
            }
            for exchange in sorted(bilan.exchanges, key=lambda exchange: exchange.start_date)
        ],
        events=bilan.figures.events,
        events_text=count_text(bilan.figures.events, lang),
        event_list=[
            {
                "title": in_language(event, "title", lang),
                "date": event.date,
                "date_text": date_format(event.date, lang=lang),
                "beneficiary": event.beneficiary,
                "place": event.place,
                "participants": event.participants,
            }
            for event in bilan.events
        ],
    )


def _table(exchanges: Exchanges, lang: str) -> Table:
    """Each direction over all exchanges, then its kinds (level 1, no share)."""
    rows = []
    # Country to country first (as recorded), distance exchanges last.
    directions = sorted(exchanges.by_direction, key=lambda code: code == choices.REMOTE)
    counts = [exchanges.by_direction[code] for code in directions]
    shares = whole_shares(counts, exchanges.total)
    for code, count, shown in zip(directions, counts, shares, strict=True):
        direction = labels.direction(code)
        rows.append(figure_row(code, direction, count, exchanges.total, lang, shown=shown))
        kinds = exchanges.by_direction_and_kind.get(code) or {}
        rows += [
            figure_row(f"{code}/{kind}", labels.exchange_kind(kind), kinds[kind], None, lang, 1)
            for kind in labels.ordered(kinds, choices.ExchangeKind.values)
        ]
    return Table(
        _("Échanges par sens et par type"),
        rows,
        _("sur les %(count)s échanges") % {"count": count_text(exchanges.total, lang)},
    )


def _directions(rows: list[Row]) -> list[dict[str, Any]]:
    """The directions with their kinds as details, as the section's cards show them."""
    directions: list[dict[str, Any]] = []
    for row in rows:
        if row.level == 0:
            directions.append({"label": row.label, "count_text": row.count_text, "details": []})
        else:
            directions[-1]["details"].append((row.count_text, row.label))
    return directions
