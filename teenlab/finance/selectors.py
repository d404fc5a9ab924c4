"""Reads of the budget pages: the account's budget lines and expenses in one project."""

from __future__ import annotations

from django.db.models import QuerySet

from teenlab.core.models import Project
from teenlab.finance.models import BudgetLine, Expense


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
