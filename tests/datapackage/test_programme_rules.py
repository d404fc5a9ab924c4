"""The programme's rules in the data package (issue 13, point 4): optional tables and columns,
validated and loaded; a spec package imports without them."""

import pytest

from teenlab.finance.models import Expense, PartnerFunding, ReportingPeriod
from tests.datapackage.helpers import base, found

pytestmark = pytest.mark.django_db


def _with_period(tables):
    tables["reporting_periods"] = [
        {"code": "P1", "start_date": "2021-09-01", "end_date": "2022-02-28"}
    ]
    return tables


def test_a_spec_package_imports_its_expenses_unclassified_and_undeclared(packages):
    result = packages.load(base())
    assert result.ok, [str(issue) for issue in result.errors]
    assert set(Expense.objects.values_list("cost_category", "period", "certified_eur")) == {
        ("", None, None)
    }
    assert not ReportingPeriod.objects.exists()


def test_a_certification_needs_its_period_and_date_and_stays_under_the_declared(packages):
    tables = _with_period(base())
    first = tables["expenses"][0]
    tables["expenses"].append({**first, "label": "Second"})
    first.update(certified_eur="10")  # no period, no date
    tables["expenses"][1].update(period="P1", certified_eur="99999", certified_on="2022-03-01")
    result = packages.validate(tables)
    assert found(result, "certified_incomplete") == [("expenses", 2, "certified_on", "")]
    assert found(result, "certified_above_declared") == [("expenses", 3, "certified_eur", "99999")]


def test_a_flat_rate_is_a_percentage_and_a_period_ends_after_it_starts(packages):
    tables = _with_period(base())
    tables["reporting_periods"][0]["end_date"] = "2021-08-31"
    tables["partner_funding"] = [{"organisation": "CHY", "office_flat_rate": "150"}]
    result = packages.validate(tables)
    assert found(result, "rate_out_of_range") == [("partner_funding", 2, "office_flat_rate", "150")]
    assert found(result, "end_before_start") == [("reporting_periods", 2, "end_date", "2021-08-31")]


def test_the_programme_rules_are_loaded(packages):
    tables = _with_period(base())
    tables["partner_funding"] = [{"organisation": "CHY", "eu_eur": "850", "office_flat_rate": "15"}]
    tables["expenses"][0].update(
        cost_category="staff", period="P1", certified_eur="100", certified_on="2022-03-01"
    )
    result = packages.load(tables)
    assert result.ok, [str(issue) for issue in result.errors]
    funding = PartnerFunding.objects.get()
    assert (funding.eu_eur, funding.national_eur, funding.office_flat_rate) == (850, None, 15)
    expense = Expense.objects.get(period__code="P1")
    assert (expense.cost_category, expense.certified_eur) == ("staff", 100)
