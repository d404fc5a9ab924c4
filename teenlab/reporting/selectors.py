"""Every figure of the bilan, computed in the database (spec/indicators.md).

Each figure is an SQL aggregate (``Count(filter=…)``, ``CASE``, ``NOT EXISTS`` anti-joins for
"first" and "latest" enrolments, one grouped join for attendance): nothing here loops over youth,
enrolments or attendance rows, so the number of queries of a bilan does not depend on the size
of the data (a test asserts it). Python only adds up and orders the few grouped rows the database
returns (one per gender x zone x age band, per direction and kind…), and the one row per trainee
that ``trainee_hours`` lists by code.

Speed (bench/bilan.py, docs/benchmarks.md): no subquery runs once per row; PostgreSQL turns the
``NOT EXISTS`` into hash anti-joins, and the attendance of a large scope is summed with hash joins.

Scopes:
- project: every record of the project;
- organisation: the partner's info sessions, youth and cohorts; an enrolment is kept when both its
  youth and its cohort are the partner's (the records the partner holds); exchanges whose origin or
  destination is the partner's country; the partner's own budget lines and expenses;
- cohort: that cohort's enrolments, events and modules; info sessions, youth received, exchanges
  and budget are ``None`` (they do not belong to a cohort).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from teenlab.activities.models import Cooperation, Event, Exchange, Phase
from teenlab.core.choices import (
    EXIT_TYPOLOGY,
    OTHER_ZONE,
    POSITIVE_EXITS,
    REMOTE,
    DropoutReason,
    EnrolmentStatus,
    ExchangeKind,
    Exit,
    Gender,
    Language,
    NarrativeSection,
    PositiveExit,
    ProfessionalProject,
    Strand,
)
from teenlab.core.logos import logos_printed
from teenlab.core.models import (
    COUNTRY_LANGUAGES,
    Narrative,
    NarrativeRevision,
    Organisation,
    Project,
    ProjectPartner,
    ResidenceZone,
)
from teenlab.core.publicity import project_statements
from teenlab.finance import selectors as finance_selectors
from teenlab.finance.models import (
    BudgetLine,
    Expense,
    PartnerFunding,
    PlannedCost,
    ReportingPeriod,
)
from teenlab.participants.models import InfoSession, Youth
from teenlab.reporting import indicators
from teenlab.reporting.bilan import (
    Bilan,
    Budget,
    CooperationInfo,
    EventInfo,
    ExchangeInfo,
    Exchanges,
    Figures,
    Funnel,
    PartnerBudget,
    PartnerInfo,
    PhaseInfo,
    PositiveExits,
    Scope,
    TraineeHours,
    TraineeRow,
)
from teenlab.training.models import Cohort, Enrolment, Module

UNKNOWN = "unknown"


class ScopeError(ValueError):
    """The organisation or cohort asked for does not belong to the project."""


def bilan_build(
    *,
    project: Project,
    organisation: Organisation | None = None,
    cohort: Cohort | None = None,
    trainees: bool = False,
) -> Bilan:
    """The bilan of ``project``, or of one partner's part of it, or of one cohort.
    ``trainees``: with the row of every trainee (``TraineeHours.by_trainee``), which the XLSX
    lists and the figures do not need."""
    if cohort is not None and cohort.project_id != project.pk:
        raise ScopeError(f"cohort {cohort.code} is not part of project {project.code}")
    if (
        organisation is not None
        and cohort is not None
        and cohort.organisation_id != organisation.pk
    ):
        raise ScopeError(f"cohort {cohort.code} is not run by {organisation.code}")
    figures, latest_outcomes = _figures(
        project=project, organisation=organisation, cohort=cohort, trainees=trainees, details=True
    )
    cohorts = list(
        Cohort.objects.filter(project=project).values_list("code", "name", "organisation_id")
    )
    return Bilan(
        rules=indicators.rules_of(project),
        zone_labels=zone_labels(project=project),
        logos=tuple(
            logos_printed(
                project=project,
                organisation=organisation or (cohort.organisation if cohort else None),
            )
        ),
        eu_emblem=project.eu_emblem,
        funding_statements=project_statements(project),
        scope=figures.scope,
        figures=figures,
        project_name=project.name,
        programme=project.programme,
        programme_it=project.programme_it,
        programme_en=project.programme_en,
        start_date=project.start_date,
        end_date=project.end_date,
        cofinancing_total_eur=project.cofinancing_total_eur,
        organisation_name=organisation.name if organisation else None,
        cohort_name=cohort.name if cohort else None,
        partners=_partners(project),
        phases=_phases(project),
        exchanges=_exchange_list(project, organisation, cohort),
        events=_event_list(project, organisation, cohort),
        cooperations=_cooperations(project),
        narratives=_narratives(project),
        cohort_names={code: name for code, name, _organisation in cohorts},
        cohorts_in_scope=1
        if cohort is not None
        else sum(
            1 for *_names, owner in cohorts if organisation is None or owner == organisation.pk
        ),
        generated_at=timezone.now(),
        attended_hours_by_basis=indicators.hours_by_basis(
            _enrolments_in_scope(project, organisation, cohort)
        ),
        **_exit_examples(latest_outcomes),
        **(_partner_budgets(project=project, organisation=organisation) if cohort is None else {}),
        funder_indicators=_funder_annex(project, organisation, cohort),
        programme_costs=_programme_costs(project=project, organisation=organisation)
        if cohort is None
        else (),
    )


def _funder_annex(
    project: Project, organisation: Organisation | None, cohort: Cohort | None
) -> tuple[Any, ...]:
    """The Interreg indicators of the scope, the bilan's annex (docs/indicators.md)."""
    # Imported here: the catalogue reads the records through this module.
    from teenlab.reporting.frameworks import framework_compute
    from teenlab.reporting.frameworks.interreg import INTERREG
    from teenlab.reporting.scoping import ResolvedScope

    scope = ResolvedScope(project=project, organisation=organisation, cohort=cohort)
    return framework_compute(INTERREG, scope)


def bilan_figures(
    *,
    project: Project,
    organisation: Organisation | None = None,
    cohort: Cohort | None = None,
    trainees: bool = False,
) -> Figures:
    """``Bilan.figures``: the figures of indicators.md, with Decimals for money and hours
    (``trainees``: see ``bilan_build``)."""
    return _figures(
        project=project, organisation=organisation, cohort=cohort, trainees=trainees, details=False
    )[0]


def _figures(
    *,
    project: Project,
    organisation: Organisation | None,
    cohort: Cohort | None,
    trainees: bool,
    details: bool,
) -> tuple[Figures, list[tuple[str, str, str, str, int]]]:
    """The figures, and the outcome rows they share with the exits' examples
    (``_latest_outcomes``)."""
    cohorts = Cohort.objects.filter(project=project)
    youth = Youth.objects.filter(project=project)
    enrolments = _enrolments_in_scope(project, organisation, cohort)
    if organisation is not None:
        cohorts = cohorts.filter(organisation=organisation)
        youth = youth.filter(organisation=organisation)
    if cohort is not None:
        cohorts = cohorts.filter(pk=cohort.pk)

    project_wide = cohort is None
    rules = indicators.rules_of(project)
    among = _enrolments_in_cohorts(project, organisation, cohort)
    first = _first_in_scope(enrolments, among=among)
    latest = _latest_in_scope(enrolments, among=among)
    people = indicators.people_counts(enrolments, rules=rules)
    recruited_by = _recruited_breakdowns(first, project=project, rules=rules)
    latest_outcomes = _latest_outcomes(latest, details=details)
    at_the_end = _outcome_breakdowns(latest_outcomes)

    funnel: dict[str, Any] = {
        "info_sessions": None,
        "youth_received": None,
        "youth_recruited": people["recruited"],
        "recruited_by_residence": recruited_by["residence"],
        "recruited_by_age_band": recruited_by["age_band"],
        "recruited_by_gender": recruited_by["gender"],
        "completed": people["completed"],
        "completed_with_attendance_80": people["completed_with_attendance"],
        "early_positive_exits": people["early_exits"],
        "dropouts": people["dropouts"],
        "in_progress": people["in_progress"],
        "dropouts_by_reason": _dropouts_by_reason(enrolments, among=among),
    }
    if project_wide:
        info_sessions = InfoSession.objects.filter(project=project)
        if organisation is not None:
            info_sessions = info_sessions.filter(organisation=organisation)
        funnel["info_sessions"] = info_sessions.count()
        funnel["youth_received"] = indicators.received_count(youth)

    professional_project = dict.fromkeys(ProfessionalProject.values, 0)
    professional_project.update(at_the_end["professional_project"])
    exits = at_the_end["exit"]
    by_exit = {
        code: exits[code] for code in Exit.values if code in POSITIVE_EXITS and code in exits
    }
    positive = _ordered(_typology(by_exit), PositiveExit.values)

    figures = Figures(
        scope=_scope(project, organisation, cohort),
        funnel=Funnel(**funnel),
        professional_project=professional_project,
        positive_exits=PositiveExits(
            total=sum(positive.values()), by_category=positive, by_exit=by_exit
        ),
        exchanges=(
            Exchanges(**_exchanges(project=project, organisation=organisation))
            if project_wide
            else None
        ),
        events=Event.objects.filter(cohort__in=cohorts).count(),
        training_hours=_training_hours(cohorts),
        trainee_hours=_trainee_hours(enrolments, listed=trainees),
        budget=(
            Budget(**_budget(project=project, organisation=organisation)) if project_wide else None
        ),
    )
    return figures, latest_outcomes


def _enrolments_in_scope(
    project: Project, organisation: Organisation | None, cohort: Cohort | None
) -> QuerySet[Enrolment]:
    """The enrolments a bilan counts: a partner's youth in its cohorts, one cohort's.

    A partner's cohorts hold its own young people as a rule: the condition on the young
    person's organisation is then the same set, and is left out after one check (each query
    of the bilan would otherwise join every young person of the project)."""
    enrolments = _enrolments_in_cohorts(project, organisation, cohort)
    if organisation is not None:
        others = enrolments.exclude(youth__organisation=organisation)
        if others.exists():
            enrolments = enrolments.filter(youth__organisation=organisation)
    return enrolments


def _enrolments_in_cohorts(
    project: Project, organisation: Organisation | None, cohort: Cohort | None
) -> QuerySet[Enrolment]:
    """The enrolments of the scope's cohorts, whoever's youth. Among the enrolments of one
    young person of the scope, they are the scope's: what "another enrolment of the same youth
    in scope" looks among, without joining the young people again (for a partner, a second
    scan of every young person of the project, per subquery)."""
    enrolments = Enrolment.objects.filter(cohort__project=project)
    if organisation is not None:
        enrolments = enrolments.filter(cohort__organisation=organisation)
    if cohort is not None:
        enrolments = enrolments.filter(cohort=cohort)
    return enrolments


def _scope(project: Project, organisation: Organisation | None, cohort: Cohort | None) -> Scope:
    return Scope(
        project=project.code,
        organisation=organisation.code if organisation else None,
        cohort=cohort.code if cohort else None,
    )


# --- the funnel --------------------------------------------------------------------------------


def _same_youth(enrolments: QuerySet) -> QuerySet:
    """The enrolments of ``enrolments`` of the outer enrolment's youth."""
    return enrolments.filter(youth=OuterRef("youth"))


def _first_in_scope(enrolments: QuerySet, *, among: QuerySet | None = None) -> QuerySet:
    """Each recruited youth's first enrolment in scope (earliest ``enrolled_on``, then id).
    ``among``: where the youth's other enrolments in scope are (``_enrolments_in_cohorts``;
    by default ``enrolments``).

    Written as NOT EXISTS (an earlier one): databases run it as one anti-join, not a subquery
    per row, which keeps 100 000 youth fast."""
    earlier = _same_youth(enrolments if among is None else among).filter(
        Q(enrolled_on__lt=OuterRef("enrolled_on"))
        | Q(enrolled_on=OuterRef("enrolled_on"), pk__lt=OuterRef("pk"))
    )
    return enrolments.filter(~Exists(earlier))


def _latest_in_scope(enrolments: QuerySet, *, among: QuerySet | None = None) -> QuerySet:
    """Each recruited youth's latest enrolment in scope (latest ``enrolled_on``, then id)."""
    return enrolments.filter(~Exists(_later(enrolments if among is None else among)))


def _later(enrolments: QuerySet) -> QuerySet:
    return _same_youth(enrolments).filter(
        Q(enrolled_on__gt=OuterRef("enrolled_on"))
        | Q(enrolled_on=OuterRef("enrolled_on"), pk__gt=OuterRef("pk"))
    )


def _grouped(queryset: QuerySet, expression, order: tuple | list) -> dict[str, int]:
    """``{value: number of rows}`` for the values that occur, in the order of ``order``."""
    rows = dict(
        queryset.annotate(group=expression)
        .order_by()
        .values_list("group")
        .annotate(n=Count("pk"))
        .values_list("group", "n")
    )
    return _ordered(rows, order)


def _ordered(rows: dict[str, int], order) -> dict[str, int]:
    """Known codes in their enumeration order, then the others by count (descending) and name."""
    known = [code for code in order if rows.get(code)]
    others = sorted(
        (code for code in rows if code not in order and rows[code]), key=lambda c: (-rows[c], c)
    )
    return {code: rows[code] for code in [*known, *others]}


def zone_labels(*, project: Project) -> dict[str, str]:
    """``{zone code: label}`` of the project's residence zones that have a label."""
    rows = (
        ResidenceZone.objects.filter(project=project)
        .exclude(label="")
        .order_by("zone", "commune")
        .values_list("zone", "label")
    )
    return dict(rows)


def _zones_of_communes(project: Project) -> dict[str, str]:
    """``{commune: zone}`` of the project's few residence zones (one small query): the bilan
    groups its recruited by commune and names each group's zone here, so no row needs a
    lookup of its own; a commune in no zone is ``other``."""
    zones: dict[str, str] = {}
    for commune, zone in ResidenceZone.objects.filter(project=project).values_list(
        "commune", "zone"
    ):
        zones.setdefault(commune, zone)
    return zones


def _tally(rows, *keys: int) -> list[dict[str, int]]:
    """``[{code: total}, …]`` for each column ``keys`` of grouped ``(…, n)`` rows."""
    totals: list[dict[str, int]] = [{} for _ in keys]
    for row in rows:  # one row per combination of codes (and, for outcomes, distinct detail)
        for total, key in zip(totals, keys, strict=True):
            total[row[key]] = total.get(row[key], 0) + row[-1]
    return totals


def _recruited_breakdowns(
    first: QuerySet, *, project: Project, rules: indicators.Rules
) -> dict[str, dict[str, int]]:
    """The recruited by residence zone, age band (in the project's set) and gender, from their
    first enrolment in scope: one grouped query (commune x age in years x gender: a row per
    combination that occurs), each commune put in its zone and each age in its band here
    (``indicators.band_of_years``)."""
    rows = (
        first.annotate(
            by_age=indicators.age_years_expression(
                on="enrolled_on", birth_date="youth__birth_date"
            ),
        )
        .order_by()
        .values_list("youth__commune", "by_age", "youth__gender")
        .annotate(n=Count("pk"))
    )
    zone_of = _zones_of_communes(project)
    rows = [
        (
            zone_of.get(commune, OTHER_ZONE),
            indicators.band_of_years(years, rules=rules),
            gender,
            n,
        )
        for commune, years, gender, n in rows
    ]
    zones, bands, genders = _tally(rows, 0, 1, 2)
    # Zones are the project's own names: the largest first, ``other`` last.
    order = sorted((z for z in zones if z != OTHER_ZONE), key=lambda z: (-zones[z], z))
    if OTHER_ZONE in zones:
        order.append(OTHER_ZONE)
    return {
        "residence": {zone: zones[zone] for zone in order},
        "age_band": _ordered(bands, rules.band_codes),
        "gender": _ordered(genders, Gender.values),
    }


def _latest_outcomes(latest: QuerySet, *, details: bool) -> list[tuple[str, str, str, str, int]]:
    """The outcome of each recruited youth's latest enrolment in scope, grouped: rows of
    (professional project, exit — ``unknown`` when none is recorded —, the detail of a
    positive exit, the youth's organisation's country, how many). One query for the outcome
    breakdowns and the exits' examples (``_exit_examples``): a row per distinct detail.
    Without ``details`` (the figures alone), the detail and country are blank: a few dozen
    rows, and no young person read."""
    codes = {
        "by_project": Coalesce(
            "outcome__professional_project", Value(ProfessionalProject.UNKNOWN.value)
        ),
        "by_exit": Coalesce("outcome__exit", Value(Exit.UNKNOWN.value)),
    }
    blank = Value("", output_field=CharField())
    examples = {
        "by_detail": Case(
            When(outcome__exit__in=POSITIVE_EXITS, then=F("outcome__detail")),
            default=Value(""),
            output_field=TextField(),
        ),
        "by_country": Case(
            When(outcome__exit__in=POSITIVE_EXITS, then=F("youth__organisation__country")),
            default=Value(""),
            output_field=CharField(),
        ),
    }
    return list(
        latest.annotate(**codes, **(examples if details else {}))
        .order_by()
        .values_list(
            "by_project",
            "by_exit",
            "by_detail" if details else blank,
            "by_country" if details else blank,
        )
        .annotate(n=Count("pk"))
    )


def _outcome_breakdowns(rows: list[tuple[str, str, str, str, int]]) -> dict[str, dict[str, int]]:
    """The recruited by professional project and by exit, from the outcome of their latest
    enrolment in scope (``_latest_outcomes``)."""
    projects, exits = _tally(rows, 0, 1)
    return {
        "professional_project": _ordered(projects, ProfessionalProject.values),
        "exit": _ordered(exits, Exit.values),
    }


def _typology(by_exit: dict[str, int]) -> dict[str, int]:
    """Positive exits by TEEN LAB's five categories, from the refined exits."""
    categories: dict[str, int] = {}
    for code, n in by_exit.items():
        category = EXIT_TYPOLOGY[code]
        categories[category] = categories.get(category, 0) + n
    return categories


# An outcome's detail printed as an example under its category: at most this many characters
# (a longer text is a sentence about someone, not an example, and is left out) and this many
# examples per category (docs/indicators.md, "Details as examples").
EXAMPLE_MAX_CHARS = 60
EXAMPLES_PER_CATEGORY = 3


def _exit_examples(rows: list[tuple[str, str, str, str, int]]) -> dict[str, Any]:
    """``exit_examples``, ``exit_examples_partial`` and ``exit_examples_languages`` of the
    Bilan: the details recorded with the positive exits the bilan counts (the latest enrolment
    in scope of each youth: ``_latest_outcomes``), by category, de-duplicated (ignoring case),
    most frequent first then alphabetically, with the language each is written in (its
    organisation's). Only the detail text is read, never who it belongs to."""
    # category -> casefolded -> [{spelling: count}, count, languages]
    counted: dict[str, dict[str, list]] = {}
    youth: dict[str, int] = {}
    for _project, exit_, detail, country, n in rows:
        if exit_ not in POSITIVE_EXITS:
            continue
        category = EXIT_TYPOLOGY[exit_]
        youth[category] = youth.get(category, 0) + n
        text = example_text(detail)
        if text:
            seen = counted.setdefault(category, {}).setdefault(text.casefold(), [{}, 0, set()])
            seen[0][text] = seen[0].get(text, 0) + n
            seen[1] += n
            seen[2].add(COUNTRY_LANGUAGES.get(country, "en"))
    examples: dict[str, tuple[str, ...]] = {}
    languages: dict[str, frozenset[str]] = {}
    partial = set()
    for category in PositiveExit.values:
        ranked = sorted(counted.get(category, {}).items(), key=lambda kv: (-kv[1][1], kv[0]))
        shown = ranked[:EXAMPLES_PER_CATEGORY]
        if shown:
            examples[category] = tuple(_spelling(spellings) for _, (spellings, _n, _l) in shown)
            languages[category] = frozenset().union(*(langs for _, (_s, _n, langs) in shown))
        if youth.get(category, 0) > sum(n for _, (_s, n, _l) in shown):
            partial.add(category)
    return {
        "exit_examples": examples,
        "exit_examples_partial": frozenset(partial),
        "exit_examples_languages": languages,
    }


def _spelling(spellings: dict[str, int]) -> str:
    """The spelling of a detail written several ways (ignoring case): the most frequent, the
    first in alphabetical order on a tie."""
    return min(spellings, key=lambda text: (-spellings[text], text))


def example_text(detail: str) -> str:
    """An outcome's detail as an example: its first line, spaces collapsed, without a trailing
    full stop or ellipsis; empty when blank or longer than ``EXAMPLE_MAX_CHARS``."""
    lines = (detail or "").strip().splitlines()
    text = " ".join(lines[0].split()).rstrip(".…") if lines else ""
    return text if len(text) <= EXAMPLE_MAX_CHARS else ""


def _dropouts_by_reason(enrolments: QuerySet, *, among: QuerySet) -> dict[str, int]:
    """Each dropout youth once, by the reason of their latest dropped-out enrolment
    (``among``: see ``_first_in_scope``)."""
    dropped = enrolments.filter(status=EnrolmentStatus.DROPPED_OUT)
    still_in = _same_youth(among).filter(
        status__in=[
            EnrolmentStatus.COMPLETED,
            EnrolmentStatus.EARLY_EXIT,
            EnrolmentStatus.IN_PROGRESS,
        ]
    )
    latest_dropouts = dropped.filter(~Exists(still_in)).filter(
        ~Exists(_later(among.filter(status=EnrolmentStatus.DROPPED_OUT)))
    )
    reason = Case(
        When(dropout_reason="", then=Value(UNKNOWN)),
        default=F("dropout_reason"),
    )
    return _grouped(latest_dropouts, reason, [*DropoutReason.values, UNKNOWN])


# --- attendance --------------------------------------------------------------------------------


def _trainee_hours(enrolments: QuerySet, *, listed: bool = False) -> TraineeHours:
    """The hours each trainee (enrolment in scope with slots in its window) attended, by the
    one attendance rule (``indicators.enrolment_attendance``), summed per session in the
    database (one row per session) and in all. ``listed``: also every trainee's row
    (``by_trainee``, one row per enrolment: for the XLSX and ``teenlab bilan --trainees``,
    never computed for a page or the figures; docs/indicators.md, "Trainee-hours")."""
    trainees = indicators.enrolment_totals(enrolments).filter(slots__gt=0)
    sessions = (
        trainees.values("cohort__code")
        .annotate(
            n=Count("pk"),
            scheduled=Sum("scheduled_minutes"),
            attended=Sum("attended_minutes"),
        )
        .order_by("cohort__start_date", "cohort__code")
        .values_list("cohort__code", "n", "scheduled", "attended")
    )
    by_cohort = {
        code: {
            "trainees": n,
            "scheduled_minutes": scheduled,
            "attended_minutes": attended,
            "attended_hours": minutes_to_hours(attended),
        }
        for code, n, scheduled, attended in sessions
    }
    attended = sum(cohort["attended_minutes"] for cohort in by_cohort.values())
    by_trainee = None
    if listed:
        by_trainee = tuple(
            TraineeRow(
                youth=youth,
                cohort=cohort,
                scheduled_minutes=scheduled,
                attended_minutes=attended_minutes,
            )
            for youth, cohort, scheduled, attended_minutes in trainees.order_by(
                "cohort__start_date", "cohort__code", "youth__code"
            ).values_list("youth__code", "cohort__code", "scheduled_minutes", "attended_minutes")
        )
    return TraineeHours(
        trainees=sum(cohort["trainees"] for cohort in by_cohort.values()),
        scheduled_minutes=sum(cohort["scheduled_minutes"] for cohort in by_cohort.values()),
        attended_minutes=attended,
        attended_hours=minutes_to_hours(attended),
        by_cohort=by_cohort,
        by_trainee=by_trainee,
    )


def minutes_to_hours(minutes: int) -> Decimal:
    """Minutes as hours to the cent, rounded half up (90 → 1.50, 50 → 0.83)."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- activity, money ---------------------------------------------------------------------------


def _exchanges(*, project: Project, organisation: Organisation | None) -> dict[str, Any]:
    exchanges = Exchange.objects.filter(project=project)
    if organisation is not None:
        exchanges = exchanges.filter(
            Q(origin=organisation.country) | Q(destination=organisation.country)
        )
    rows = exchanges.values_list("origin", "destination", "kind").annotate(n=Count("pk")).order_by()
    by_direction: dict[str, int] = {}
    by_kind: dict[str, dict[str, int]] = {}
    for origin, destination, kind, n in rows:  # one row per (direction, kind): a handful
        direction = REMOTE if destination == REMOTE else f"{origin}-{destination}"
        by_direction[direction] = by_direction.get(direction, 0) + n
        by_kind.setdefault(direction, {})[kind] = by_kind.get(direction, {}).get(kind, 0) + n
    directions = sorted(by_direction, key=lambda d: (d == REMOTE, -by_direction[d], d))
    return {
        "total": sum(by_direction.values()),
        "by_direction": {d: by_direction[d] for d in directions},
        "by_direction_and_kind": {d: _ordered(by_kind[d], ExchangeKind.values) for d in directions},
    }


def _training_hours(cohorts: QuerySet) -> dict[str, Decimal]:
    """Planned hours by strand over the cohorts' modules, per cohort that has modules."""
    modules = Module.objects.filter(cohort__in=cohorts)
    with_modules = modules.aggregate(n=Count("cohort", distinct=True))["n"]
    if not with_modules:
        return {}
    rows = dict(
        modules.values_list("strand")
        .annotate(h=Sum("planned_hours"))
        .order_by()
        .values_list("strand", "h")
    )
    return {
        strand: indicators.quantize_cents(rows[strand] / with_modules)
        for strand in [*Strand.values, *sorted(set(rows) - set(Strand.values))]
        if strand in rows
    }


def _budget(*, project: Project, organisation: Organisation | None) -> dict[str, Any]:
    lines = BudgetLine.objects.filter(project=project)
    expenses = Expense.objects.filter(project=project)
    if organisation is not None:
        lines = lines.filter(organisation=organisation)
        expenses = expenses.filter(organisation=organisation)
    budget = indicators.budget_by_category(lines=lines, expenses=expenses)
    return {
        "planned_total_eur": budget.planned_total,
        "planned_by_category": budget.planned,
        "spent_total_eur": budget.spent_total,
        "spent_by_category": budget.spent,
    }


def _partner_budgets(*, project: Project, organisation: Organisation | None) -> dict[str, Any]:
    """``partner_budgets`` and ``budget_missing`` of a project's or a partner's bilan: the
    budget of each partner in scope whose budget lines are recorded, in the partners' order
    (lead first), and the names of the others (two grouped queries)."""
    partners = [
        partner
        for partner in _partners(project)
        if organisation is None or partner.code == organisation.code
    ]
    planned = indicators.money_by_organisation(
        BudgetLine.objects.filter(project=project), "planned_eur"
    )
    spent = indicators.money_by_organisation(Expense.objects.filter(project=project), "amount_eur")
    budgets, missing = [], []
    for partner in partners:
        if partner.code not in planned:
            missing.append(partner.name)
            continue
        lines, expenses = planned[partner.code], spent.get(partner.code, {})
        budget = Budget(
            planned_total_eur=sum(lines.values(), Decimal(0)),
            planned_by_category=lines,
            spent_total_eur=sum(expenses.values(), Decimal(0)),
            spent_by_category=expenses,
        )
        budgets.append(
            PartnerBudget(
                code=partner.code, name=partner.name, country=partner.country, budget=budget
            )
        )
    return {"partner_budgets": tuple(budgets), "budget_missing": tuple(missing)}


def _programme_costs(
    *, project: Project, organisation: Organisation | None
) -> tuple[tuple[str, Decimal, Decimal, Decimal], ...]:
    """The budget by the programme's cost categories (finance.selectors.programme_budget), every
    period together, of the project or of one partner; empty when nothing is recorded."""
    mine = {} if organisation is None else {"organisation": organisation}
    budget = finance_selectors.programme_budget(
        periods=ReportingPeriod.objects.filter(project=project),
        planned=PlannedCost.objects.filter(project=project, **mine),
        expenses=Expense.objects.filter(project=project, **mine),
        fundings=PartnerFunding.objects.filter(project=project, **mine),
    )
    total = budget.overall.total
    if not (total.planned or total.declared):
        return ()
    return tuple(
        (row.category, row.planned, row.declared, row.certified) for row in budget.overall.rows
    )


# --- context -----------------------------------------------------------------------------------


def _partners(project: Project) -> tuple[PartnerInfo, ...]:
    partners = (
        ProjectPartner.objects.filter(project=project)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )
    role_order = {"lead_partner": 0, "partner": 1, "associated": 2}
    return tuple(
        sorted(
            (
                PartnerInfo(
                    code=p.organisation.code,
                    name=p.organisation.name,
                    country=p.organisation.country,
                    role=p.role,
                    city=p.organisation.city,
                    cofinancing_eur=p.cofinancing_eur,
                    phone=p.organisation.phone,
                    email=p.organisation.email,
                    website=p.organisation.website,
                )
                for p in partners
            ),
            key=lambda info: (role_order.get(info.role, 9), info.name),
        )
    )


def _phases(project: Project) -> tuple[PhaseInfo, ...]:
    return tuple(
        PhaseInfo(
            number=p.number,
            name=p.name,
            name_it=p.name_it,
            name_en=p.name_en,
            start_date=p.start_date,
            end_date=p.end_date,
        )
        for p in Phase.objects.filter(project=project).order_by("number")
    )


def _exchange_list(
    project: Project, organisation: Organisation | None, cohort: Cohort | None
) -> tuple[ExchangeInfo, ...]:
    if cohort is not None:
        return ()
    exchanges = Exchange.objects.filter(project=project).order_by("start_date", "code")
    if organisation is not None:
        exchanges = exchanges.filter(
            Q(origin=organisation.country) | Q(destination=organisation.country)
        )
    return tuple(
        ExchangeInfo(
            code=e.code,
            direction=e.direction,
            kind=e.kind,
            title=e.title,
            title_it=e.title_it,
            title_en=e.title_en,
            start_date=e.start_date,
            end_date=e.end_date,
            place=e.place,
            youth_count=e.youth_count,
            staff_count=e.staff_count,
        )
        for e in exchanges
    )


def _event_list(
    project: Project, organisation: Organisation | None, cohort: Cohort | None
) -> tuple[EventInfo, ...]:
    """The events of the cohorts in scope (those ``figures.events`` counts), by date."""
    events = Event.objects.filter(cohort__project=project)
    if organisation is not None:
        events = events.filter(cohort__organisation=organisation)
    if cohort is not None:
        events = events.filter(cohort=cohort)
    return tuple(
        EventInfo(
            code=e.code,
            title=e.title,
            title_it=e.title_it,
            title_en=e.title_en,
            date=e.date,
            beneficiary=e.beneficiary,
            place=e.place,
            participants=e.participant_count,
        )
        for e in events.annotate(participant_count=Count("participants")).order_by("date", "code")
    )


def _cooperations(project: Project) -> tuple[CooperationInfo, ...]:
    return tuple(
        CooperationInfo(
            name=c.name,
            kind=c.kind,
            roles=tuple(c.role_list),
            note=c.note,
            note_it=c.note_it,
            note_en=c.note_en,
        )
        for c in Cooperation.objects.filter(project=project).order_by("name")
    )


def _narrative_rows(project: Project) -> tuple[dict[str, dict[str, str]], set[str]]:
    """({section: {lang: text}}, the sections left out of the bilan): a row of the section
    with ``in_bilan`` false leaves the whole section out."""
    texts: dict[str, dict[str, str]] = {}
    left_out: set[str] = set()
    for section, lang, text, in_bilan in Narrative.objects.filter(project=project).values_list(
        "section", "lang", "text", "in_bilan"
    ):
        texts.setdefault(section, {})[lang] = text
        if not in_bilan:
            left_out.add(section)
    return texts, left_out


def _narratives(project: Project) -> dict[str, dict[str, str]]:
    """{section: {lang: text}} of the sections the bilan prints."""
    texts, left_out = _narrative_rows(project)
    return {section: by_lang for section, by_lang in texts.items() if section not in left_out}


# --- The bilan's texts, as the editor shows them -------------------------------------------------


@dataclass(frozen=True)
class SectionTexts:
    """One text section of the bilan: its text in each language written, and whether the bilan
    prints it."""

    code: str
    label: str
    texts: Mapping[str, str]
    in_bilan: bool

    @property
    def languages(self) -> list[tuple[str, str, bool]]:
        """(code, name, written) of each language, in the editor's order."""
        return [(lang, str(label), bool(self.texts.get(lang))) for lang, label in Language.choices]


def narrative_sections(*, project: Project) -> list[SectionTexts]:
    """Every text section of the bilan, in the editor's order (one query)."""
    texts, left_out = _narrative_rows(project)
    return [
        SectionTexts(code, str(label), texts.get(code, {}), code not in left_out)
        for code, label in NarrativeSection.choices
    ]


def narrative_section(*, project: Project, section: str) -> SectionTexts:
    (found,) = [item for item in narrative_sections(project=project) if item.code == section]
    return found


def narrative_revisions(*, project: Project, section: str) -> QuerySet[NarrativeRevision]:
    """The saved versions of ``section``'s texts, newest first, with their authors."""
    return NarrativeRevision.objects.filter(project=project, section=section).select_related(
        "author"
    )
