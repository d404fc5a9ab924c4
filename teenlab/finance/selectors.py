"""Reads of the budget pages: the account's budget lines and expenses in one project."""

from __future__ import annotations

from django.db.models import QuerySet

from teenlab.core import scoping
from teenlab.core.models import Project
from teenlab.finance.models import BudgetLine, Expense


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
