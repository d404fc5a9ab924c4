"""Writes of the budget: budget lines, expenses, reporting periods, planned costs and partners'
funding, and the first-level controller's certification of a period's expenses; journaled."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teenlab.core.audit import audited_save
from teenlab.finance.models import (
    BudgetLine,
    Expense,
    PartnerFunding,
    PlannedCost,
    ReportingPeriod,
)

MoneyRecord = BudgetLine | Expense | ReportingPeriod | PlannedCost | PartnerFunding


def money_record_save(*, obj: MoneyRecord, by) -> MoneyRecord:
    """Save a validated budget record (new or changed) and journal the change."""
    audited_save(obj, by=by)
    return obj


@transaction.atomic
def period_certify(
    *,
    period: ReportingPeriod,
    expenses: list[Expense],
    certified: dict[int, Decimal | None],
    certified_on: dt.date,
    by,
) -> list[Expense]:
    """Record what the first-level controller certified of ``expenses`` (declared in
    ``period``), on ``certified_on``: ``certified`` maps an expense's id to the amount
    certified (None: not certified, or no longer). Refused, with nothing written, when an
    amount is negative or above the amount declared, or a date is outside reason."""
    if certified_on < period.start_date:
        raise ValidationError(
            {"certified_on": _("La certification ne peut pas précéder le début de la période.")}
        )
    changed = []
    locked = {
        expense.pk: expense
        for expense in Expense.objects.select_for_update().filter(
            pk__in=[expense.pk for expense in expenses], period=period
        )
    }
    for pk, amount in certified.items():
        expense = locked.get(pk)
        if expense is None:
            raise ValidationError(_("Cette dépense n'est pas déclarée dans cette période."))
        if amount is not None and not (0 <= amount <= expense.amount_eur):
            raise ValidationError(
                _("%(label)s : le montant certifié doit être entre 0 et le montant déclaré.")
                % {"label": expense.label}
            )
        new = (amount, certified_on if amount is not None else None)
        if (expense.certified_eur, expense.certified_on) == new:
            continue
        expense.certified_eur, expense.certified_on = new
        audited_save(expense, by=by)
        changed.append(expense)
    return changed
