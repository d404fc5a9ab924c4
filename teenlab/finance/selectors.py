"""Reads of the budget pages: the account's budget lines and expenses in one project."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from teenlab.core import scoping
from teenlab.core.choices import BudgetCategory
from teenlab.core.models import Project
from teenlab.finance.models import BudgetLine, Expense

ZERO = Decimal("0")


@dataclass(frozen=True)
class Consumption:
    category: str
    label: str
    planned: Decimal
    spent: Decimal

    @property
    def ratio(self) -> float | None:
        return float(self.spent / self.planned) if self.planned else None

    @property
    def over(self) -> bool:
        return self.spent > self.planned

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.spent


def budget_lines(*, user, project: Project) -> list[BudgetLine]:
    return list(
        scoping.budget_lines_for(user)
        .filter(project=project)
        .select_related("organisation")
        .order_by("organisation__name", "category")
    )


def expenses(*, user, project: Project, category: str = "") -> QuerySet[Expense]:
    queryset = scoping.expenses_for(user).filter(project=project).select_related("organisation")
    if category:
        queryset = queryset.filter(category=category)
    return queryset.order_by("-date", "-pk")


def budget_consumption(*, user, project: Project) -> list[Consumption]:
    """Planned, spent and the share spent per category (two grouped queries)."""
    planned = dict(
        scoping.budget_lines_for(user)
        .filter(project=project)
        .order_by()
        .values("category")
        .annotate(total=Sum("planned_eur"))
        .values_list("category", "total")
    )
    spent = dict(
        scoping.expenses_for(user)
        .filter(project=project)
        .order_by()
        .values("category")
        .annotate(total=Sum("amount_eur"))
        .values_list("category", "total")
    )
    return [
        Consumption(
            category=category,
            label=str(label),
            planned=planned.get(category) or ZERO,
            spent=spent.get(category) or ZERO,
        )
        for category, label in BudgetCategory.choices
        if category in planned or category in spent
    ]


def consumption_total(rows: list[Consumption]) -> Consumption:
    return Consumption(
        category="total",
        label=_("Total"),
        planned=sum((row.planned for row in rows), ZERO),
        spent=sum((row.spent for row in rows), ZERO),
    )
