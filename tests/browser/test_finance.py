"""The budget by the programme's rules through the real pages (issue 13, point 4): a
coordinator sets a reporting period and the funding split, declares an expense into the period
as staff costs, records the controller's certification; the programme page shows planned,
declared and certified with the office costs computed at the flat rate."""

import datetime as dt
from decimal import Decimal

from teenlab.finance.models import Expense, ReportingPeriod
from teenlab.finance.templatetags.finance import euros
from tests.browser.steps_finance import (
    certification_record,
    expense_declare,
    funding_record,
    period_create,
    programme_row,
)


def test_a_coordinator_declares_and_records_a_certification(page, server, programme, log_in):
    log_in(programme.coordinator)
    today = dt.date.today()
    period_create(page, server, code="P1", start=today - dt.timedelta(days=300), end=today)
    funding_record(page, server, eu="850", national="100", own="50", flat_rate="15")
    expense = programme.expenses[0]
    expense_declare(page, server, expense_id=expense.pk, cost_category="staff", period_code="P1")
    assert Expense.objects.get(pk=expense.pk).period == ReportingPeriod.objects.get(code="P1")

    certified = (expense.amount_eur / 2).quantize(Decimal("0.01"))
    certification_record(
        page, server, period_code="P1", on=today, amounts={expense.pk: str(certified)}
    )
    expense.refresh_from_db()
    assert expense.certified_eur == certified

    _planned, declared, shown = programme_row(page, table="period-P1", category="staff")
    assert (declared, shown) == (euros(expense.amount_eur), euros(certified))
    # Office costs: 15 % of the staff costs, computed.
    office = programme_row(page, table="period-P1", category="office_admin")
    rate = Decimal("0.15")
    assert office[1:] == (
        euros((expense.amount_eur * rate).quantize(Decimal("0.01"))),
        euros((certified * rate).quantize(Decimal("0.01"))),
    )
