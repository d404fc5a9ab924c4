"""Writes of the budget: budget lines and expenses, journaled."""

from __future__ import annotations

from teenlab.core.audit import audited_save
from teenlab.finance.models import BudgetLine, Expense


def money_record_save(*, obj: BudgetLine | Expense, by) -> BudgetLine | Expense:
    """Save a validated budget line or expense (new or changed) and journal the change."""
    audited_save(obj, by=by)
    return obj
