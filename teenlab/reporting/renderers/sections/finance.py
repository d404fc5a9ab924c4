"""« Données financières »: planned and spent by budget category (none for a cohort)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from teenlab.core import choices
from teenlab.reporting.bilan import Budget, Number
from teenlab.reporting.formatting import money_format, percent_format, share_percent
from teenlab.reporting.renderers import labels
from teenlab.reporting.renderers.sections.common import whole_shares


@dataclass(frozen=True)
class BudgetRow:
    """A budget category: planned, spent, its share of the budget and how much was used."""

    code: str
    label: str
    planned: Number
    spent: Number
    planned_text: str
    spent_text: str
    planned_share: float | None  # of the planned total
    planned_share_text: str
    spent_ratio: float | None  # spent over planned (how much of the line was used)
    spent_ratio_text: str


@dataclass(frozen=True)
class FinanceSection:
    """The budget by category and its total."""

    budget_rows: list[BudgetRow] | None  # None: a cohort's bilan has no budget
    budget_total: dict[str, Any] | None


def finance_section(budget: Budget | None, lang: str) -> FinanceSection:
    if budget is None:
        return FinanceSection(budget_rows=None, budget_total=None)
    planned_by, spent_by = budget.planned_by_category, budget.spent_by_category
    codes = labels.ordered(
        list(planned_by) + [code for code in spent_by if code not in planned_by],
        choices.BudgetCategory.values,
    )
    planned = [planned_by.get(code, Decimal(0)) for code in codes]
    rows = [
        _row(
            code,
            planned=amount,
            spent=spent_by.get(code, 0),
            planned_total=budget.planned_total_eur,
            shown=shown,
            lang=lang,
        )
        for code, amount, shown in zip(
            codes, planned, whole_shares(planned, budget.planned_total_eur), strict=True
        )
    ]
    return FinanceSection(budget_rows=rows, budget_total=_total(budget, lang))


def _fraction(percent: Fraction | None) -> float | None:
    return None if percent is None else float(percent) / 100


def _row(
    code: str,
    *,
    planned: Number,
    spent: Number,
    planned_total: Number,
    shown: Decimal | None,
    lang: str,
) -> BudgetRow:
    planned_share = share_percent(planned, planned_total)
    spent_ratio = share_percent(spent, planned)
    return BudgetRow(
        code=code,
        label=labels.budget_category(code),
        planned=planned,
        spent=spent,
        planned_text=money_format(planned, lang=lang),
        spent_text=money_format(spent, lang=lang),
        planned_share=_fraction(planned_share),
        # Of the budget: the categories' shares add up to the 100 % of the total row.
        planned_share_text=percent_format(planned_share if shown is None else shown, lang=lang),
        spent_ratio=_fraction(spent_ratio),
        spent_ratio_text=percent_format(spent_ratio, lang=lang),
    )


def _total(budget: Budget, lang: str) -> dict[str, Any]:
    planned, spent = budget.planned_total_eur, budget.spent_total_eur
    spent_ratio = share_percent(spent, planned)
    return {
        "planned": planned,
        "spent": spent,
        "planned_text": money_format(planned, lang=lang),
        "spent_text": money_format(spent, lang=lang),
        "planned_share_text": percent_format(share_percent(planned, planned), lang=lang),
        "spent_ratio": _fraction(spent_ratio),
        "spent_ratio_text": percent_format(spent_ratio, lang=lang),
    }
