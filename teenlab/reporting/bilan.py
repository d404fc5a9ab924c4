"""The Bilan: every figure of the end-of-project report, computed from the records, and its texts.

Built once by :func:`teenlab.reporting.selectors.bilan_build` (SQL aggregates only); renderers
(json, html, pdf, xlsx: :mod:`teenlab.reporting.renderers`) only format it and never query the
database. The figures are frozen dataclasses in the shape of spec/indicators.md: one attribute
per key of the JSON, in its order; a breakdown is a read-only mapping ``{code: count}`` listing
only the codes that occur, in the order the selectors give.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from decimal import Decimal
from typing import Any

from teenlab.reporting.indicators import DEFAULT_RULES, Rules


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
    name_it: str = ""
    name_en: str = ""


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
    title_it: str = ""
    title_en: str = ""


@dataclass(frozen=True)
class EventInfo:
    """An event the youth ran, for the association it names (issue 9, point 6)."""

    code: str
    title: str
    date: dt.date
    beneficiary: str = ""
    place: str = ""
    participants: int = 0  # young people recorded as having taken part
    title_it: str = ""
    title_en: str = ""


@dataclass(frozen=True)
class CooperationInfo:
    name: str
    kind: str  # CooperationKind code
    roles: tuple[str, ...] = ()  # CooperationRole codes
    note: str = ""
    note_it: str = ""
    note_en: str = ""


Number = int | Decimal
# {code: count} of a breakdown; {code: euros or hours} of money and hours.
Counts = Mapping[str, int]
Amounts = Mapping[str, Decimal]


@dataclass(frozen=True)
class Funnel:
    """From the first welcome to the end of the course: people, not enrolments."""

    info_sessions: int | None  # None for a cohort (they happen before anyone is in one)
    youth_received: int | None
    youth_recruited: int
    recruited_by_residence: Counts
    recruited_by_age_band: Counts
    recruited_by_gender: Counts
    completed: int
    completed_with_attendance_80: int
    # teenlab's own key (docs/indicators.md, "Early positive exits"): youth who left before the
    # end for work, an apprenticeship, training or study; not dropouts. 0 in a spec JSON.
    early_positive_exits: int = field(default=0, kw_only=True)
    dropouts: int
    in_progress: int
    dropouts_by_reason: Counts


@dataclass(frozen=True)
class PositiveExits:
    """Youth whose exit is positive (POSITIVE_EXITS), by TEEN LAB's five categories
    (``EXIT_TYPOLOGY``); shares over ``total``. ``by_exit`` (teenlab's own key) splits the same
    youth by the refined exit recorded (apprenticeship, support pathway…)."""

    total: int
    by_category: Counts
    by_exit: Counts = field(default_factory=dict, kw_only=True)


@dataclass(frozen=True)
class Exchanges:
    """Exchanges in scope (None for a cohort: they belong to the project)."""

    total: int
    by_direction: Counts  # "FR-IT" style, and "remote"
    by_direction_and_kind: Mapping[str, Counts]


@dataclass(frozen=True)
class Budget:
    """Euros planned (budget lines) and spent (expenses), by category."""

    planned_total_eur: Decimal
    planned_by_category: Amounts
    spent_total_eur: Decimal
    spent_by_category: Amounts


@dataclass(frozen=True)
class PartnerBudget:
    """One partner's budget (its budget lines and expenses): the bilan's budget tables, one
    per partner whose budget is recorded; not a figure of the JSON (docs/indicators.md)."""

    code: str
    name: str
    country: str
    budget: Budget


@dataclass(frozen=True)
class TraineeRow:
    """One trainee's hours in one session: the youth's code (never a name), the session's."""

    youth: str
    cohort: str
    scheduled_minutes: int
    attended_minutes: int


@dataclass(frozen=True)
class TraineeHours:
    """The hours the trainees actually attended (the BPF's *heures-stagiaires*): one trainee is
    one enrolment with slots in its window; minutes are exact, hours are minutes / 60 to the
    cent. ``by_cohort`` maps a session's code to ``{"trainees", "scheduled_minutes",
    "attended_minutes", "attended_hours"}``; ``by_trainee`` lists every trainee (by code), or
    is None when the bilan was built without the list (``bilan_build(trainees=False)``, the
    default: the JSON then has no ``by_trainee`` key)."""

    trainees: int
    scheduled_minutes: int
    attended_minutes: int
    attended_hours: Decimal
    by_cohort: Mapping[str, Mapping[str, Number]]
    by_trainee: tuple[TraineeRow, ...] | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TraineeHours:
        return cls(
            trainees=data["trainees"],
            scheduled_minutes=data["scheduled_minutes"],
            attended_minutes=data["attended_minutes"],
            attended_hours=Decimal(str(data["attended_hours"])),
            by_cohort={
                code: {**row, "attended_hours": Decimal(str(row["attended_hours"]))}
                for code, row in data["by_cohort"].items()
            },
            by_trainee=(
                tuple(TraineeRow(**row) for row in data["by_trainee"])
                if data.get("by_trainee") is not None
                else None
            ),
        )


@dataclass(frozen=True)
class Figures:
    """Every figure of a bilan: ``teenlab bilan --format json`` prints exactly these, in order.

    ``exchanges`` and ``budget`` are None for a cohort (they belong to the project)."""

    scope: Scope
    funnel: Funnel
    professional_project: Counts  # always its three keys
    positive_exits: PositiveExits
    exchanges: Exchanges | None
    events: int
    training_hours: Amounts
    # teenlab's own key, beyond spec/indicators.md (docs/indicators.md, "Trainee-hours").
    trainee_hours: TraineeHours
    budget: Budget | None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Figures:
        """The figures of a mapping in the JSON shape of spec/indicators.md (money and hours
        as numbers become Decimals)."""
        exchanges = data["exchanges"]
        budget = data["budget"]
        return cls(
            scope=Scope(**data["scope"]),
            funnel=Funnel(**data["funnel"]),
            professional_project=dict(data["professional_project"]),
            positive_exits=PositiveExits(**data["positive_exits"]),
            exchanges=None if exchanges is None else Exchanges(**exchanges),
            events=data["events"],
            training_hours=_decimals(data["training_hours"]),
            trainee_hours=TraineeHours.from_json(data["trainee_hours"]),
            budget=None
            if budget is None
            else Budget(
                planned_total_eur=Decimal(str(budget["planned_total_eur"])),
                planned_by_category=_decimals(budget["planned_by_category"]),
                spent_total_eur=Decimal(str(budget["spent_total_eur"])),
                spent_by_category=_decimals(budget["spent_by_category"]),
            ),
        )

    def as_dict(self) -> dict[str, Any]:
        """Plain nested dicts in the JSON's key order (Decimals kept)."""
        return {name: _plain(getattr(self, name)) for name in _field_names(self)}

    def figure(self, *path: str) -> Number | None:
        """The number at ``path`` (``0`` for a code a mapping does not list; ``None`` for a
        figure the scope does not have, such as the budget of a cohort). ``KeyError`` when
        ``path`` names no figure or stops at a group of figures."""
        value = self._at(path)
        if value is None or _is_number(value):
            return value
        raise KeyError(".".join(path))

    def breakdown(self, *path: str) -> Mapping[str, Number] | None:
        """The mapping ``{code: number}`` at ``path`` (``("budget", "planned_by_category")``),
        or None when ``path`` names none (a number, a group, a figure the scope lacks)."""
        try:
            value = self._at(path)
        except KeyError:
            return None
        if isinstance(value, Mapping) and all(_is_number(item) for item in value.values()):
            return value
        return None

    def _at(self, path: tuple[str, ...]) -> Any:
        value: Any = self
        for key in path:
            if value is None:
                return None
            if isinstance(value, Mapping):
                value = value.get(key, 0)
            elif is_dataclass(value) and key in _field_names(value):
                value = getattr(value, key)
            else:
                raise KeyError(".".join(path))
        return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _field_names(value: Any) -> tuple[str, ...]:
    return tuple(item.name for item in fields(value))


def _decimals(amounts: Mapping[str, Any]) -> dict[str, Decimal]:
    return {code: Decimal(str(amount)) for code, amount in amounts.items()}


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(value)}
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


@dataclass(frozen=True)
class Bilan:
    """Everything a bilan shows.

    ``figures`` are the numbers of spec/indicators.md (``teenlab bilan --format json``); the
    other attributes are the context the HTML/PDF/XLSX reports show around them.
    """

    scope: Scope
    figures: Figures
    project_name: str
    programme: str
    start_date: dt.date
    end_date: dt.date
    cofinancing_total_eur: Decimal | None
    programme_it: str = field(default="", kw_only=True)
    programme_en: str = field(default="", kw_only=True)
    organisation_name: str | None = None
    cohort_name: str | None = None
    partners: tuple[PartnerInfo, ...] = ()
    phases: tuple[PhaseInfo, ...] = ()
    exchanges: tuple[ExchangeInfo, ...] = ()
    events: tuple[EventInfo, ...] = ()
    cooperations: tuple[CooperationInfo, ...] = ()
    # {section code: {lang: text}} from the data package's narratives.
    narratives: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # {cohort code: name}: the sessions' names beside their trainee-hours.
    cohort_names: Mapping[str, str] = field(default_factory=dict)
    # The sessions in scope (the texts' ``{cohorts.count}``); not a figure of the JSON.
    cohorts_in_scope: int = 0
    generated_at: dt.datetime | None = None
    # Hours attended in scope by what they rest on (indicators.ATTENDANCE_BASES): the method
    # note's; not a figure of spec/indicators.md.
    attended_hours_by_basis: Mapping[str, Decimal] = field(default_factory=dict)
    # {positive exit category: the details recorded with those exits, de-duplicated, most
    # frequent first}: the examples printed under each category; not a figure.
    exit_examples: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The budget of each partner in scope whose budget lines are recorded (lead first), and
    # the names of the partners in scope whose budget is not: context, not JSON figures.
    partner_budgets: tuple[PartnerBudget, ...] = ()
    budget_missing: tuple[str, ...] = ()
    # The budget by the programme's cost categories, every reporting period together:
    # (category, planned, declared, certified); empty when none is recorded (issue 13, point 4).
    programme_costs: tuple[tuple[str, Decimal, Decimal, Decimal], ...] = ()
    # The categories where some youth have no example shown (the list ends with "…").
    exit_examples_partial: frozenset[str] = frozenset()
    # {category: the languages the shown examples are written in}: those of their young
    # people's organisations (Organisation.language); a report in another language quotes them.
    exit_examples_languages: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # The project's rules the figures apply (threshold, excused absences, age bands).
    rules: Rules = DEFAULT_RULES
    # {zone code: label}: what the tables print for each residence zone (the JSON keeps codes).
    zone_labels: Mapping[str, str] = field(default_factory=dict)
    # (alternative text, PNG) of the logos at the top of the first page (core.logos).
    logos: tuple[tuple[str, bytes], ...] = ()
    # The annex: the Interreg indicators of the scope (frameworks.base.Value; issue 13).
    funder_indicators: tuple[Any, ...] = ()
    # EU publicity on the cover (core.publicity): the emblem printed or not, and the project's
    # own funding statement per language (an empty one: the ERDF's usual wording).
    eu_emblem: bool = True
    funding_statements: Mapping[str, str] = field(default_factory=dict)

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

    def figure(self, *path: str) -> Number | None:
        """The figure at ``path``: see :meth:`Figures.figure`."""
        return self.figures.figure(*path)

    def breakdown(self, *path: str) -> Mapping[str, Number] | None:
        """The mapping at ``path``: see :meth:`Figures.breakdown`."""
        return self.figures.breakdown(*path)

    def denominator(self, *path: str) -> Number | None:
        """The denominator of the figure at ``path`` (None when it has none)."""
        denominator_path = denominator_of(path)
        return None if denominator_path is None else self.figure(*denominator_path)

    def without_trainees(self) -> Bilan:
        """The same bilan without the list of trainees (``TraineeHours.by_trainee``): what a
        format that does not list them is given."""
        hours = self.figures.trainee_hours
        if hours.by_trainee is None:
            return self
        return replace(
            self, figures=replace(self.figures, trainee_hours=replace(hours, by_trainee=None))
        )


# What each share is counted over (spec/indicators.md). A figure that is a count:
FIGURE_DENOMINATORS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("funnel", "youth_recruited"): ("funnel", "youth_received"),
    ("funnel", "completed"): ("funnel", "youth_recruited"),
    ("funnel", "completed_with_attendance_80"): ("funnel", "completed"),
    ("funnel", "early_positive_exits"): ("funnel", "youth_recruited"),
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
    ("positive_exits", "by_exit"): ("positive_exits", "total"),
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
