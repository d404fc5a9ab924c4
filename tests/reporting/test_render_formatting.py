"""Numbers, shares, money and dates as each report language writes them."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from teenlab.reporting.formatting import (
    NBSP,
    NNBSP,
    date_format,
    lang_resolve,
    money_format,
    month_year_format,
    number_format,
    percent_format,
    period_format,
    share_format,
)

LANGS = ("fr", "it", "en")
SEPARATORS = {"fr": (NNBSP, ","), "it": (".", ","), "en": (",", ".")}


def parse(text: str, lang: str) -> Decimal:
    group, decimal = SEPARATORS[lang]
    return Decimal(text.replace(group, "").replace(decimal, "."))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "30,8\u202f%"), ("it", "30,8%"), ("en", "30.8%")],
)
def test_it_writes_a_share_of_twelve_over_thirty_nine_per_language(lang, expected):
    assert share_format(12, 39, lang=lang, with_counts=False) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "69,2\u202f% (27/39)"), ("it", "69,2% (27/39)"), ("en", "69.2% (27/39)")],
)
def test_it_prints_each_share_with_its_count_and_denominator(lang, expected):
    assert share_format(27, 39, lang=lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "350\u202f000\u00a0€"), ("it", "350.000\u00a0€"), ("en", "€350,000")],
)
def test_it_writes_euros_per_language(lang, expected):
    assert money_format(Decimal("350000"), lang=lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "1\u202f234,50\u00a0€"), ("it", "1.234,50\u00a0€"), ("en", "€1,234.50")],
)
def test_it_shows_cents_only_when_there_are_some(lang, expected):
    assert money_format(Decimal("1234.5"), lang=lang) == expected
    assert "," not in money_format(Decimal("1234.00"), lang="fr")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "26 novembre 2026"), ("it", "26 novembre 2026"), ("en", "26 November 2026")],
)
def test_it_writes_dates_with_the_month_in_words(lang, expected):
    assert date_format(dt.date(2026, 11, 26), lang=lang) == expected


def test_it_writes_the_first_of_the_month_the_french_way():
    assert date_format(dt.date(2021, 5, 1), lang="fr") == "1er mai 2021"
    assert date_format(dt.date(2021, 5, 1), lang="it") == "1 maggio 2021"
    assert date_format(dt.date(2021, 5, 1), lang="en") == "1 May 2021"


def test_it_writes_a_period_of_months():
    start, end = dt.date(2021, 3, 1), dt.date(2023, 3, 31)
    assert period_format(start, end, lang="fr", months=True) == "mars 2021 \u2013 mars 2023"
    assert period_format(start, end, lang="it", months=True) == "marzo 2021 \u2013 marzo 2023"
    assert period_format(start, None, lang="en", months=True) == "March 2021"


def test_a_period_does_not_repeat_what_both_ends_share():
    dash = "\u2013"
    assert period_format(dt.date(2021, 9, 16), dt.date(2021, 9, 17), lang="fr") == (
        f"16{dash}17 septembre 2021"
    )
    assert period_format(dt.date(2022, 3, 19), dt.date(2022, 5, 20), lang="it") == (
        f"19 marzo {dash} 20 maggio 2022"
    )
    assert period_format(dt.date(2021, 12, 30), dt.date(2022, 1, 2), lang="en") == (
        f"30 December 2021 {dash} 2 January 2022"
    )
    assert period_format(dt.date(2022, 3, 4), dt.date(2022, 3, 4), lang="en") == "4 March 2022"


def test_it_rounds_half_up_on_the_exact_value_not_the_float():
    # 1/8 = 12.5 %; 0.125 rounds to 0.13 (a binary float would give 0.12).
    assert percent_format(12.5, lang="en", decimals=0) == "13%"
    assert number_format(0.125, lang="en", decimals=2) == "0.13"
    assert share_format(1, 8, lang="en", decimals=0, with_counts=False) == "13%"


def test_a_share_over_nothing_is_not_applicable_not_a_division_error():
    assert share_format(0, 0, lang="fr") == "sans objet (0/0)"
    assert percent_format(None, lang="en") == "not applicable"


def test_it_follows_the_active_language_when_none_is_given():
    with translation.override("it"):
        assert money_format(1000) == "1.000\u00a0€"
        assert date_format(dt.date(2026, 1, 2)) == "2 gennaio 2026"
    assert lang_resolve("en-gb") == "en"
    assert lang_resolve("de") == "fr"


@given(
    value=st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False),
    decimals=st.integers(min_value=0, max_value=3),
    lang=st.sampled_from(LANGS),
)
def test_a_formatted_number_reads_back_as_the_rounded_value(value, decimals, lang):
    text = number_format(value, lang=lang, decimals=decimals)
    expected = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert parse(text, lang) == expected


@given(
    value=st.integers(min_value=0, max_value=10**15),
    lang=st.sampled_from(LANGS),
)
def test_thousands_are_grouped_by_three(value, lang):
    group, _ = SEPARATORS[lang]
    groups = number_format(value, lang=lang).split(group)
    assert 1 <= len(groups[0]) <= 3
    assert all(len(part) == 3 for part in groups[1:])
    assert "".join(groups) == str(value)


@given(
    count=st.integers(min_value=0, max_value=10_000),
    extra=st.integers(min_value=0, max_value=10_000),
    lang=st.sampled_from(LANGS),
)
def test_a_share_is_between_0_and_100_and_keeps_its_counts(count, extra, lang):
    denominator = count + extra
    text = share_format(count, denominator, lang=lang)
    if denominator == 0:
        return
    percent_text, counts = text.split(" (")
    assert counts == f"{number_format(count, lang=lang)}/{number_format(denominator, lang=lang)})"
    suffix = NNBSP + "%" if lang == "fr" else "%"
    assert percent_text.endswith(suffix)
    assert Decimal(0) <= parse(percent_text.removesuffix(suffix), lang) <= Decimal(100)


@given(
    amount=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
    lang=st.sampled_from(LANGS),
)
def test_money_reads_back_as_its_amount(amount, lang):
    text = money_format(amount, lang=lang)
    number = text.removeprefix("€").removesuffix(NBSP + "€")
    assert parse(number, lang) == amount


@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_every_date_names_its_day_month_and_year_in_each_language(day):
    written = {lang: date_format(day, lang=lang) for lang in LANGS}
    for lang, text in written.items():
        number, month, year = text.split(" ")
        assert year == str(day.year)
        assert number in {str(day.day), "1er"}
        assert month == month_year_format(day, lang=lang).split(" ")[0]
    assert written["en"].split(" ")[1] == day.strftime("%B")  # the C locale's English names
