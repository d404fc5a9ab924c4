"""Writes of the budget: budget lines and expenses, journaled."""

from __future__ import annotations

from django.db import transaction

from teenlab.core.audit import audit_log, snapshot
from teenlab.core.models import AuditEntry
from teenlab.finance.models import BudgetLine, Expense


@transaction.atomic
def money_record_save(*, obj: BudgetLine | Expense, by) -> BudgetLine | Expense:
    """Save a validated budget line or expense (new or changed) and journal the change."""
    created = obj.pk is None
    before = None if created else snapshot(type(obj).objects.get(pk=obj.pk))
    obj.full_clean()
    obj.save()
    audit_log(
        user=by,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        obj=obj,
        before=before,
        after=snapshot(obj),
    )
    return obj
