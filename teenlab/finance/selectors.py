"""Reads of the budget pages: the account's budget lines and expenses in one project, and the
budget by the programme's cost categories (planned, declared, certified per reporting period)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from teenlab.core.choices import CostCategory, FundingSource
from teenlab.core.models import Organisation, Project
from teenlab.finance.models import (
    BudgetLine,
    Expense,
    PartnerFunding,
    PlannedCost,
    ReportingPeriod,
)


def quantize_cents(value: Decimal | float) -> Decimal:
    # SQLite sums decimals as binary floats: back to the cent.
    return Decimal(str(value)).quantize(Decimal("0.01"))


def budget_lines(*, lines: QuerySet[BudgetLine], project: Project) -> list[BudgetLine]:
    """``project``'s budget ``lines`` (those the account sees)."""
    return list(
        lines.filter(project=project)
        .select_related("organisation")
        .order_by("organisation__name", "category")
    )


def expenses(
    *, expenses: QuerySet[Expense], project: Project, category: str = ""
) -> QuerySet[Expense]:
    """``project``'s ``expenses`` (those the account sees), newest first."""
    queryset = expenses.filter(project=project).select_related("organisation")
    if category:
        queryset = queryset.filter(category=category)
    return queryset.order_by("-date", "-pk")


# --- The budget by the programme's rules (issue 13, point 4) ------------------------------------

ZERO = Decimal(0)
UNCLASSIFIED = "unclassified"  # expenses declared without a programme cost category
PERCENT = Decimal(100)


@dataclass(frozen=True)
class ProgrammeRow:
    """One programme cost category in one period: planned, declared, certified (euros)."""

    category: str
    planned: Decimal
    declared: Decimal
    certified: Decimal

    @property
    def label(self) -> str:
        if self.category == UNCLASSIFIED:
            return str(_("Non classées"))
        if self.category == "total":
            return str(_("Total"))
        return str(CostCategory(self.category).label)

    @property
    def computed(self) -> bool:
        """Office and administration: a flat rate of the staff costs, never entered."""
        return self.category == CostCategory.OFFICE


@dataclass(frozen=True)
class PeriodBudget:
    period: ReportingPeriod | None  # None: every period together
    rows: list[ProgrammeRow]
    total: ProgrammeRow


@dataclass(frozen=True)
class FundingRow:
    source: str
    planned: Decimal
    share: Fraction | None  # of the planned funding
    certified: Decimal | None  # its part of the certified costs (None: a split is missing)

    @property
    def label(self) -> str:
        return str(FundingSource(self.source).label)


@dataclass(frozen=True)
class ProgrammeBudget:
    """Planned, declared and certified by programme category, per reporting period and for all
    of them; the funding split; what is spent but not declared yet."""

    periods: list[PeriodBudget]
    overall: PeriodBudget
    funding: list[FundingRow]
    funding_missing: list[str]  # partners with costs and no funding split recorded
    rate_missing: list[str]  # partners with staff costs and no flat rate recorded
    not_declared: Decimal  # expenses in no period

    @property
    def funding_total(self) -> Decimal:
        return sum((row.planned for row in self.funding), ZERO)


def _by_partner_period_category(rows) -> dict[tuple[int, int, str], Decimal]:
    return {
        (org, period, category or UNCLASSIFIED): quantize_cents(total)
        for org, period, category, total in rows
        if total is not None
    }


def programme_budget(
    *,
    periods: QuerySet[ReportingPeriod],
    planned: QuerySet[PlannedCost],
    expenses: QuerySet[Expense],
    fundings: QuerySet[PartnerFunding],
) -> ProgrammeBudget:
    """The budget by the programme's cost categories from the records in reach (the querysets
    are the account's, filtered to one project). Office and administration is computed: the
    partner's flat rate times its staff costs, planned, declared and certified alike. The EU,
    national and own parts of the certified costs follow each partner's planned split. Four
    grouped queries and one for the periods, whatever the number of records."""
    period_list = list(periods.order_by("start_date", "code"))
    planned_sums = _by_partner_period_category(
        planned.order_by()
        .values_list("organisation_id", "period_id", "cost_category")
        .annotate(total=Sum("planned_eur"))
    )
    declared = expenses.filter(period__isnull=False).order_by()
    declared_sums = _by_partner_period_category(
        declared.values_list("organisation_id", "period_id", "cost_category").annotate(
            total=Sum("amount_eur")
        )
    )
    certified_sums = _by_partner_period_category(
        declared.filter(certified_eur__isnull=False)
        .values_list("organisation_id", "period_id", "cost_category")
        .annotate(total=Sum("certified_eur"))
    )
    not_declared = expenses.filter(period__isnull=True).aggregate(total=Sum("amount_eur"))
    funding = {
        row.organisation_id: row for row in fundings.select_related("organisation").order_by()
    }
    rates = {
        org: row.office_flat_rate / PERCENT
        for org, row in funding.items()
        if row.office_flat_rate is not None
    }

    def with_office(
        sums: dict[tuple[int, int, str], Decimal],
    ) -> dict[tuple[int, int, str], Decimal]:
        out = dict(sums)
        for (org, period, category), amount in sums.items():
            if category == CostCategory.STAFF and org in rates:
                out[(org, period, CostCategory.OFFICE)] = quantize_cents(amount * rates[org])
        return out

    planned_all = with_office(planned_sums)
    declared_all = with_office(declared_sums)
    certified_all = with_office(certified_sums)

    def period_budget(period: ReportingPeriod | None) -> PeriodBudget:
        def total(sums, category):
            return sum(
                (
                    amount
                    for (_org, p, c), amount in sums.items()
                    if c == category and (period is None or p == period.pk)
                ),
                ZERO,
            )

        codes = [*CostCategory.values, UNCLASSIFIED]
        rows = [
            ProgrammeRow(
                category=code,
                planned=total(planned_all, code),
                declared=total(declared_all, code),
                certified=total(certified_all, code),
            )
            for code in codes
        ]
        rows = [
            row for row in rows if row.category != UNCLASSIFIED or row.declared or row.certified
        ]
        return PeriodBudget(
            period=period,
            rows=rows,
            total=ProgrammeRow(
                category="total",
                planned=sum((row.planned for row in rows), ZERO),
                declared=sum((row.declared for row in rows), ZERO),
                certified=sum((row.certified for row in rows), ZERO),
            ),
        )

    certified_by_org: dict[int, Decimal] = {}
    for (org, _period, _category), amount in certified_all.items():
        certified_by_org[org] = certified_by_org.get(org, ZERO) + amount
    costs_of = {org for org, _p, _c in (*planned_all, *declared_all)}
    missing_split = [org for org in sorted(costs_of) if _split(funding.get(org)) is None]
    return ProgrammeBudget(
        periods=[period_budget(period) for period in period_list],
        overall=period_budget(None),
        funding=_funding_rows(funding, certified_by_org, complete=not missing_split),
        funding_missing=_names(missing_split),
        rate_missing=_names(
            sorted(
                {
                    org
                    for org, _p, c in (*planned_sums, *declared_sums)
                    if c == CostCategory.STAFF and org not in rates
                }
            ),
        ),
        not_declared=quantize_cents(not_declared["total"] or 0),
    )


def _split(row: PartnerFunding | None) -> tuple[Decimal, Decimal, Decimal] | None:
    """A partner's planned (EU, national, own), or None when not recorded (all three empty)."""
    if row is None or (row.eu_eur is None and row.national_eur is None and row.own_eur is None):
        return None
    return (row.eu_eur or ZERO, row.national_eur or ZERO, row.own_eur or ZERO)


def _funding_rows(
    funding: dict[int, PartnerFunding], certified_by_org: dict[int, Decimal], *, complete: bool
) -> list[FundingRow]:
    """The planned split summed over the partners, each source's share, and its part of the
    certified costs (each partner's certified costs split as its planned budget is)."""
    planned = [ZERO, ZERO, ZERO]
    certified = [ZERO, ZERO, ZERO]
    for org, row in funding.items():
        split = _split(row)
        if split is None:
            continue
        whole = sum(split, ZERO)
        for index, amount in enumerate(split):
            planned[index] += amount
            if whole:
                certified[index] += certified_by_org.get(org, ZERO) * amount / whole
    total = sum(planned, ZERO)
    return [
        FundingRow(
            source=source,
            planned=planned[index],
            share=Fraction(planned[index]) / Fraction(total) if total else None,
            certified=quantize_cents(certified[index]) if complete else None,
        )
        for index, source in enumerate(FundingSource.values)
    ]


def _names(orgs: list[int]) -> list[str]:
    if not orgs:
        return []
    return list(
        Organisation.objects.filter(pk__in=orgs).order_by("name").values_list("name", flat=True)
    )
