"""The one rounding policy (teenlab/reporting/formatting.py): half up, never truncated, and the
largest-remainder method for shares that a table presents as summing to 100 %."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teenlab.reporting.formatting import (
    largest_remainder,
    percent_round,
    ratio_format,
    share_format,
)

amounts = st.lists(
    st.one_of(
        st.integers(min_value=0, max_value=10**6),
        st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    ),
    min_size=1,
    max_size=12,
)


@given(amounts=amounts, decimals=st.integers(min_value=0, max_value=3))
def test_largest_remainder_shares_sum_to_exactly_100(amounts, decimals):
    shares = largest_remainder(amounts, decimals=decimals)

    if sum(amounts) == 0:
        assert shares == [None] * len(amounts)
    else:
        assert sum(shares) == 100
        assert all(share.as_tuple().exponent == -decimals for share in shares)


@given(amounts=amounts, decimals=st.integers(min_value=0, max_value=3))
def test_each_largest_remainder_share_is_within_one_unit_of_the_exact_share(amounts, decimals):
    total = sum(Fraction(amount) for amount in amounts)
    shares = largest_remainder(amounts, decimals=decimals)

    unit = Fraction(1, 10**decimals)
    for amount, share in zip(amounts, shares, strict=True):
        if total:
            assert abs(Fraction(share) - Fraction(amount) * 100 / total) < unit


def test_the_published_teen_lab_budget_is_the_largest_remainder_one():
    planned = [33000, 54000, 130000, 133000]

    plain = [percent_round(amount, sum(planned)) for amount in planned]
    shares = largest_remainder(planned)

    assert plain[2] != shares[2] and sum(plain) != 100
    assert sum(shares) == 100
    assert [str(share) for share in shares] == ["9.4", "15.4", "37.2", "38.0"]


def test_largest_remainder_refuses_a_negative_amount():
    with pytest.raises(ValueError):
        largest_remainder([3, -1])


@pytest.mark.parametrize(
    ("count", "denominator", "decimals"), [(39, 80, 1), (791, 800, 1), (1, 8, 2), (5, 8, 0)]
)
def test_shares_are_rounded_half_up_never_truncated(count, denominator, decimals):
    exact = Fraction(count * 100, denominator)
    unit = Fraction(1, 10**decimals)

    rounded = percent_round(count, denominator, decimals=decimals)

    assert abs(Fraction(rounded) - exact) <= unit / 2
    if exact % unit == unit / 2:  # exactly half a unit: up
        assert Fraction(rounded) > exact


def test_39_of_80_is_48_8_percent_as_a_share_and_as_a_ratio():
    assert share_format(39, 80, lang="fr", with_counts=False) == "48,8\u202f%"
    assert ratio_format(39 / 80, lang="fr") == "48,8\u202f%"
    assert ratio_format(Decimal("0.989"), lang="en") == "98.9%"
    assert ratio_format(None, lang="fr") == "sans objet"
