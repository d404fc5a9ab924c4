"""What a funder's indicator is, and how every one of them is computed and opened.

An :class:`Indicator` names what it counts declaratively: the records it reads (one or more
:class:`Part`, each a queryset of one kind of record in the scope), a condition on them, and
its breakdown :class:`Column` s. :func:`framework_compute` turns a framework's catalogue into
values with **one aggregate query per distinct part** of the catalogue (``Count(…,
filter=…)`` per indicator and column): the number
of queries depends on the catalogue, never on the size of the data. :func:`records_behind`
lists the records behind one value (or one cell) from the same querysets and conditions, so a
value and its list cannot disagree.

A value the records cannot support is ``None`` ("not recorded"), never 0: an indicator with
``recorded`` is ``None`` when no record of its population has the characteristic filled in,
a column without a condition is ``None``, and an indicator whose records do not exist in a
scope (an exchange in a cohort's scope) is ``None``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.functional import Promise

from teenlab.reporting.scoping import ResolvedScope

# What a drill-down lists at most: the page says when there are more.
RECORDS_SHOWN = 500


@dataclass(frozen=True)
class Part:
    """One kind of record an indicator reads (enrolments, exchange participants…)."""

    code: str
    label: str | Promise
    # The records of this kind in the scope, annotated as the conditions need; None when the
    # kind does not exist in that scope (exchanges in a cohort's scope).
    records: Callable[[ResolvedScope], QuerySet | None]
    # Field counted once (a person: "youth"); None: every record counts.
    counted: str | None = None
    # Field summed instead of a count: minutes (shown as hours: trainee-hours) or a head count.
    minutes: str | None = None
    summed: str | None = None
    # The actions whose records are missing (an event without its list of participants):
    # when there is one, this part's count is not recorded.
    missing: Callable[[ResolvedScope], QuerySet] | None = None
    # What the drill-down lists: (field, header), never a young person's name.
    shown: tuple[tuple[str, str | Promise], ...] = ()


@dataclass(frozen=True)
class Column:
    """One breakdown of a value: a condition on the records (``when``), or a part's own count
    (``part``); neither: the records cannot say (``None``, not recorded)."""

    code: str
    label: str | Promise
    when: Q | None = None
    parts: tuple[str, ...] = ()

    @property
    def recorded(self) -> bool:
        return self.when is not None or bool(self.parts)


@dataclass(frozen=True)
class Indicator:
    code: str
    framework: str
    name: str | Promise
    definition: str  # quoted from its regulation or manual, in the language of the quote
    reference: str
    unit: str | Promise
    counting: str | Promise  # how teenlab counts it, from which records
    reads: tuple[str, ...]  # the data package tables it reads
    parts: tuple[Part, ...] = ()  # none: the records cannot support it
    when: Q | None = None  # the condition every counted record meets
    columns: tuple[Column, ...] = ()
    # The value is None unless a record of the population has the characteristic recorded.
    recorded: Q | None = None

    @property
    def supported(self) -> bool:
        return bool(self.parts)


@dataclass(frozen=True)
class Value:
    """One indicator computed in a scope: its value and its breakdowns (None: not recorded)."""

    indicator: Indicator
    value: int | Decimal | None
    breakdown: dict[str, int | Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Framework:
    code: str
    name: str | Promise
    reference: str
    catalogue: tuple[Indicator, ...]
    breakdowns: tuple[tuple[str, str | Promise], ...]  # every column of the catalogue, in order


def framework_of(code: str, name, reference: str, catalogue: tuple[Indicator, ...]) -> Framework:
    columns: dict[str, str | Promise] = {}
    for indicator in catalogue:
        for column in indicator.columns:
            columns.setdefault(column.code, column.label)
    return Framework(code, name, reference, catalogue, tuple(columns.items()))


def _measure(part: Part, condition: Q | None):
    if part.minutes is not None:
        return Sum(part.minutes, filter=condition)
    if part.summed is not None:
        return Sum(part.summed, filter=condition)
    if part.counted is not None:
        return Count(part.counted, distinct=True, filter=condition)
    return Count("pk", filter=condition)


def _and(*conditions: Q | None) -> Q | None:
    present = [condition for condition in conditions if condition is not None]
    if not present:
        return None
    combined = present[0]
    for condition in present[1:]:
        combined &= condition
    return combined


def _amount(part: Part, raw) -> int | Decimal:
    if part.minutes is not None:
        return minutes_as_hours(raw or 0)
    return raw or 0


def minutes_as_hours(minutes: int) -> Decimal:
    """Minutes as hours to the cent (the bilan's rounding: half up)."""
    from teenlab.reporting.selectors import minutes_to_hours

    return minutes_to_hours(minutes)


def _aggregates(indicator: Indicator, part: Part) -> dict[str, Any]:
    """The aggregates of ``indicator`` over one part's records: its total, each breakdown
    with a condition, and how many records have its characteristic recorded."""
    aggregates: dict[str, Any] = {"total": _measure(part, indicator.when)}
    for column in indicator.columns:
        if column.when is not None:
            aggregates[f"c_{column.code}"] = _measure(part, _and(indicator.when, column.when))
    if indicator.recorded is not None:
        aggregates["recorded"] = Count("pk", filter=indicator.recorded)
    return aggregates


def _part_rows(
    indicators: tuple[Indicator, ...], scope: ResolvedScope
) -> dict[int, dict[str, Any] | None]:
    """``{id(part): aggregated row}``: **one query per distinct part** for all the indicators
    that read it (the ESF+ outputs share their participants: one query for seventeen
    indicators), each indicator's aggregates prefixed with its position; None for a part not
    recorded in the scope (absent, or an action without its records)."""
    plans: dict[int, tuple[Part, dict[str, Any]]] = {}
    for n, indicator in enumerate(indicators):
        for part in indicator.parts:
            _part, aggregates = plans.setdefault(id(part), (part, {}))
            for key, aggregate in _aggregates(indicator, part).items():
                aggregates[f"i{n}_{key}"] = aggregate
    found: dict[int, dict[str, Any] | None] = {}
    for part_id, (part, aggregates) in plans.items():
        records = part.records(scope)
        if records is None or (part.missing is not None and part.missing(scope).exists()):
            found[part_id] = None
        else:
            found[part_id] = records.order_by().aggregate(**aggregates)
    return found


def _plus(a: int | Decimal | None, b: int | Decimal | None) -> int | Decimal | None:
    return None if a is None or b is None else a + b


def _value(n: int, indicator: Indicator, found: dict[int, dict[str, Any] | None]) -> Value:
    """Indicator ``n`` from the aggregated rows of its parts. A part that is not recorded
    makes the value not recorded (a sum missing one of its terms is not the value)."""
    unrecorded: dict[str, int | Decimal | None] = {c.code: None for c in indicator.columns}
    if not indicator.supported:
        return Value(indicator, None, unrecorded)
    total: int | Decimal | None = 0
    recorded = 0
    breakdown: dict[str, int | Decimal | None] = {
        c.code: 0 if c.recorded else None for c in indicator.columns
    }
    for part in indicator.parts:
        row = found[id(part)]
        part_total = None if row is None else _amount(part, row[f"i{n}_total"])
        total = _plus(total, part_total)
        if row is not None:
            recorded += row.get(f"i{n}_recorded") or 0
        for column in indicator.columns:
            if column.when is not None:
                cell = None if row is None else _amount(part, row[f"i{n}_c_{column.code}"])
                breakdown[column.code] = _plus(breakdown[column.code], cell)
            elif part.code in column.parts:
                breakdown[column.code] = _plus(breakdown[column.code], part_total)
    if indicator.recorded is not None and not recorded:
        return Value(indicator, None, unrecorded)
    return Value(indicator, total, breakdown)


def indicator_compute(indicator: Indicator, scope: ResolvedScope) -> Value:
    """``indicator`` in ``scope``: one aggregate query per part."""
    return _value(0, indicator, _part_rows((indicator,), scope))


def framework_compute(framework: Framework, scope: ResolvedScope) -> tuple[Value, ...]:
    """Every indicator of ``framework`` in ``scope``: one aggregate query per distinct part
    of its catalogue, whatever the number of records."""
    found = _part_rows(framework.catalogue, scope)
    return tuple(_value(n, indicator, found) for n, indicator in enumerate(framework.catalogue))


@dataclass(frozen=True)
class RecordList:
    """The records behind one value or cell: a table per part, codes only."""

    tables: tuple[tuple[Part, tuple[tuple[Any, ...], ...], bool], ...]  # part, rows, truncated


def records_behind(
    indicator: Indicator, scope: ResolvedScope, *, column: str | None = None
) -> RecordList:
    """The records counted in ``indicator``'s value (or in its breakdown ``column``), as the
    value counts them: one row per counted person or record; hours show their minutes."""
    chosen = next((c for c in indicator.columns if c.code == column), None)
    if column is not None and (chosen is None or not chosen.recorded):
        return RecordList(())
    tables = []
    for part in indicator.parts:
        if chosen is not None and chosen.parts and part.code not in chosen.parts:
            continue
        records = part.records(scope)
        if records is None:
            continue
        condition = _and(indicator.when, chosen.when if chosen is not None else None)
        if condition is not None:
            records = records.filter(condition)
        fields = [name for name, _header in part.shown]
        summed = part.minutes or part.summed
        if summed is not None:
            rows = records.values_list(*fields, summed)
        else:
            rows = records.values_list(*fields).distinct()
        listed = tuple(rows.order_by(*fields)[: RECORDS_SHOWN + 1])
        tables.append((part, listed[:RECORDS_SHOWN], len(listed) > RECORDS_SHOWN))
    return RecordList(tuple(tables))
