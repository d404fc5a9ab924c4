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
        """The share at ``path`` in ``figures`` over the denominator indicators.md gives it."""
        raise NotImplementedError  # implemented by the reporting work (issue 3)
