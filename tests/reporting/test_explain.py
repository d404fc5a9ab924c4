"""The usual causes of a published figure that differs (teenlab/reporting/explain.py), each on
its own: the functions ``teenlab verify`` asks (issue 11, point 6)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from teenlab.reporting import explain
from teenlab.reporting.explain import (
    Explanation,
    digit_dropped,
    explanations_collect,
    other_denominator,
    other_rounding,
    rounded,
    rounded_before_summing,
    sum_mismatch,
)


@pytest.mark.parametrize(
    ("value", "places", "mode", "expected"),
    [
        (Fraction(1, 2), 0, "half_up", "1"),
        (Fraction(1, 2), 0, "half_even", "0"),
        (Fraction(5, 2), 0, "half_even", "2"),
        (Fraction(7, 2), 0, "half_even", "4"),
        (Fraction(2, 3), 0, "floor", "0"),
        (Fraction(1, 3), 0, "ceiling", "1"),
        (Fraction(130000 * 100, 350000), 1, "half_up", "37.1"),
        (Fraction(3), 1, "ceiling", "3.0"),
    ],
)
def test_rounding_is_exact_by_each_convention(value, places, mode, expected):
    assert rounded(value, places, mode) == Decimal(expected)


@pytest.mark.parametrize(
    ("published", "expected", "places", "fits"),
    [
        (6, 16, 0, True),  # the demo's study: 4/25 = 16 %, printed 6 %
        (1, 16, 0, True),
        (35000, 350000, 0, True),
        (Decimal("9.4"), Decimal("19.4"), 1, True),
        (16, 16, 0, False),
        (61, 16, 0, False),  # swapped, not dropped
        (5, 16, 0, False),
        (160, 16, 0, False),  # one more digit
    ],
)
def test_a_dropped_digit(published, expected, places, fits):
    assert digit_dropped(published=published, expected=expected, places=places) is fits


def test_another_denominator_gives_every_printed_share_as_a_whole_count():
    # The demo's professional projects: 65 / 25 / 10 % of the 40 enrolments, not of the 39.
    found = other_denominator(
        published={"yes": 65, "no": 25, "unknown": 10},
        counts={"yes": 25, "no": 10, "unknown": 4},
        denominator=39,
        candidates={"received": 80, "recruited": 39, "enrolments": 40, "completed": 28},
    )

    assert found == ("enrolments", 40, {"yes": 26, "no": 10, "unknown": 4})


def test_another_denominator_must_be_exact_close_and_add_up():
    counts = {"yes": 25, "no": 10, "unknown": 4}
    published = {"yes": 65, "no": 25, "unknown": 10}
    # 65 % of 30 is not a whole count; 20 gives 13 / 5 / 2, far from 25 / 10 / 4.
    assert (
        other_denominator(
            published=published, counts=counts, denominator=39, candidates={"a": 30, "b": 20}
        )
        is None
    )
    # A table that does not sum to 100 is not required to add up; one share alone fits.
    assert other_denominator(
        published={"yes": 65}, counts={"yes": 25}, denominator=39, candidates={"e": 40}
    ) == ("e", 40, {"yes": 26})
    # The recorded counts over another population: 4 of 25 exits printed as 4 of the 28.
    assert other_denominator(
        published={"study": 14}, counts={"study": 4}, denominator=25, candidates={"c": 28}
    ) == ("c", 28, {"study": 4})
    # The recorded denominator is no explanation.
    assert (
        other_denominator(
            published={"yes": 50}, counts={"yes": 20}, denominator=40, candidates={"r": 40}
        )
        is None
    )


def test_another_rounding_convention_is_one_that_gives_the_whole_table():
    # 1/8 = 12.5 % and 3/8 = 37.5 %: half to even prints 12 and 38, half up 13 and 38.
    assert (
        other_rounding(published={"a": 12, "b": 38}, counts={"a": 1, "b": 3}, denominator=8)
        == "half_even"
    )
    assert other_rounding(published={"a": 34}, counts={"a": 1}, denominator=3) == "ceiling"
    assert other_rounding(published={"a": 66}, counts={"a": 2}, denominator=3) == "floor"
    # Plain rounding already gives it: no other convention to name.
    assert other_rounding(published={"a": 33}, counts={"a": 1}, denominator=3) is None
    # 65 % up and 25 % down of 39: no single convention gives both (the demo).
    assert (
        other_rounding(
            published={"yes": 65, "no": 25, "unknown": 10},
            counts={"yes": 25, "no": 10, "unknown": 4},
            denominator=39,
        )
        is None
    )


def test_a_total_rounded_part_by_part():
    parts = [Decimal("1.4"), Decimal("1.4"), Decimal("1.4")]  # 4.2 in all

    assert rounded_before_summing(published=3, parts=parts) is True
    assert rounded_before_summing(published=4, parts=parts) is False
    assert rounded_before_summing(published=3, parts=[1, 2]) is False  # nothing was rounded


def test_parts_that_do_not_add_up():
    shares = {"work": 8, "study": 6, "experience": 20, "training": 40, "project": 16}

    assert sum_mismatch(parts=shares, total=100, tolerance=Decimal("2.5")) == -10
    assert sum_mismatch(parts={**shares, "study": 16}, total=100, tolerance=2) is None
    assert sum_mismatch(parts={"a": 33, "b": 33, "c": 33}, total=100, tolerance=1.5) is None
    assert sum_mismatch(parts={"a": 2, "b": 4}, total=6) is None
    assert sum_mismatch(parts={"a": 2, "b": 4}, total=7) == -1


def test_the_causes_that_fit_come_in_order_the_most_specific_first():
    found = explanations_collect(
        [
            lambda: Explanation(explain.SUM_MISMATCH),
            lambda: None,
            lambda: Explanation(explain.DIGIT_DROPPED),
        ]
    )

    assert [item.cause for item in found] == [explain.DIGIT_DROPPED, explain.SUM_MISMATCH]
