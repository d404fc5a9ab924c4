"""The Bilan: every figure of the end-of-project report, computed from the records, and its texts.

Built once by :func:`teenlab.reporting.selectors.bilan_build` (SQL aggregates only); renderers
(json, html, pdf, xlsx) only format it and never query the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Share:
    """A count over its denominator; ``percent`` is None when the denominator is 0."""

    count: int | Decimal
    denominator: int | Decimal

    @property
    def ratio(self) -> float | None:
        return None if not self.denominator else float(self.count) / float(self.denominator)

    @property
    def percent(self) -> float | None:
        ratio = self.ratio
        return None if ratio is None else ratio * 100


@dataclass(frozen=True)
class Scope:
    project: str
    organisation: str | None = None
    cohort: str | None = None


@dataclass(frozen=True)
class PartnerInfo:
    code: str
    name: str
    country: str
    role: str  # PartnerRole code
    city: str = ""
    cofinancing_eur: Decimal | None = None
    phone: str = ""
    email: str = ""
    website: str = ""


@dataclass(frozen=True)
class PhaseInfo:
    number: int
    name: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@dataclass(frozen=True)
class ExchangeInfo:
    code: str
    direction: str  # "FR-IT" style, or "remote"
    kind: str  # ExchangeKind code
    title: str
    start_date: dt.date
    end_date: dt.date | None = None
    place: str = ""
    youth_count: int | None = None
    staff_count: int | None = None


@dataclass(frozen=True)
class CooperationInfo:
    name: str
    kind: str  # CooperationKind code
    roles: tuple[str, ...] = ()  # CooperationRole codes
    note: str = ""


@dataclass(frozen=True)
class Bilan:
    """Everything a bilan shows.

    ``figures`` is exactly the JSON of spec/indicators.md (``teenlab bilan --format json``):
    plain ints, Decimals for money, dicts keyed by codes. The other attributes are the context
    the HTML/PDF/XLSX reports show around the figures.
    """

    scope: Scope
    figures: dict[str, Any]
    project_name: str
    programme: str
    start_date: dt.date
    end_date: dt.date
    cofinancing_total_eur: Decimal | None
    organisation_name: str | None = None
    cohort_name: str | None = None
    partners: tuple[PartnerInfo, ...] = ()
    phases: tuple[PhaseInfo, ...] = ()
    exchanges: tuple[ExchangeInfo, ...] = ()
    cooperations: tuple[CooperationInfo, ...] = ()
    # {section code: {lang: text}} from the data package's narratives.
    narratives: dict[str, dict[str, str]] = field(default_factory=dict)
    generated_at: dt.datetime | None = None

    def share(self, *path: str, denominator: str | None = None) -> Share:
        """The share at ``path`` in ``figures`` over the denominator indicators.md gives it.

        ``bilan.share("funnel", "recruited_by_gender", "f")`` is the girls over the recruited;
        a key a mapping does not list counts 0 (mappings list only the keys that occur).
        ``denominator`` (a dotted path such as ``"funnel.completed"``) overrides the rule.
        Raises ``KeyError`` for a figure that has no denominator in indicators.md.
        """
        count = self.figure(*path)
        if denominator is None:
            denominator_path = denominator_of(path)
            if denominator_path is None:
                raise KeyError(".".join(path))
        else:
            denominator_path = tuple(denominator.split("."))
        return Share(count=count or 0, denominator=self.figure(*denominator_path) or 0)

    def figure(self, *path: str) -> Any:
        """The figure at ``path`` (``0`` for a key a mapping does not list; ``None`` for a
        figure the scope does not have, such as the budget of a cohort)."""
        value: Any = self.figures
        for key in path:
            if value is None:
                return None
            if not isinstance(value, dict):
                raise KeyError(".".join(path))
            value = value.get(key, 0)
        return value

    def denominator(self, *path: str) -> int | Decimal | None:
        """The denominator of the figure at ``path`` (None when it has none)."""
        denominator_path = denominator_of(path)
        return None if denominator_path is None else self.figure(*denominator_path)


# What each share is counted over (spec/indicators.md). A figure that is a count:
FIGURE_DENOMINATORS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("funnel", "youth_recruited"): ("funnel", "youth_received"),
    ("funnel", "completed"): ("funnel", "youth_recruited"),
    ("funnel", "completed_with_attendance_80"): ("funnel", "completed"),
    ("funnel", "dropouts"): ("funnel", "youth_recruited"),
    ("funnel", "in_progress"): ("funnel", "youth_recruited"),
    ("positive_exits", "total"): ("funnel", "youth_recruited"),
    ("budget", "spent_total_eur"): ("budget", "planned_total_eur"),
}
# Every key of a mapping:
MAPPING_DENOMINATORS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("funnel", "recruited_by_residence"): ("funnel", "youth_recruited"),
    ("funnel", "recruited_by_age_band"): ("funnel", "youth_recruited"),
    ("funnel", "recruited_by_gender"): ("funnel", "youth_recruited"),
    ("funnel", "dropouts_by_reason"): ("funnel", "dropouts"),
    ("professional_project",): ("funnel", "youth_recruited"),
    ("positive_exits", "by_category"): ("positive_exits", "total"),
    ("exchanges", "by_direction"): ("exchanges", "total"),
    ("budget", "planned_by_category"): ("budget", "planned_total_eur"),
    ("budget", "spent_by_category"): ("budget", "spent_total_eur"),
}


def denominator_of(path: tuple[str, ...] | list[str]) -> tuple[str, ...] | None:
    """The path of the figure a share at ``path`` is counted over, or None if it has none."""
    path = tuple(path)
    if path in FIGURE_DENOMINATORS:
        return FIGURE_DENOMINATORS[path]
    if len(path) > 1 and path[:-1] in MAPPING_DENOMINATORS:
        return MAPPING_DENOMINATORS[path[:-1]]
    if len(path) == 4 and path[:2] == ("exchanges", "by_direction_and_kind"):
        return ("exchanges", "by_direction", path[2])  # a kind over its direction's exchanges
    return None
