"""Neutralising formulas in exported cells, and giving the exact text back on import."""

from hypothesis import given
from hypothesis import strategies as st

from teenlab.core.spreadsheets import (
    DANGEROUS,
    neutralise,
    ooxml_escape,
    ooxml_unescape,
    unneutralise,
)

# Text rich in what matters here: quotes, the dangerous first characters, OOXML escapes.
TRICKY = st.text(alphabet=st.sampled_from([*"'=+-@\t\r\n_x0Dd5F#a ", "\x01"]), max_size=20)
ANY = st.one_of(TRICKY, st.text())


def test_a_dangerous_first_character_gets_a_quote():
    assert neutralise('=HYPERLINK("http://evil.example")') == '\'=HYPERLINK("http://evil.example")'
    assert [neutralise(c + "1") for c in DANGEROUS] == ["'" + c + "1" for c in DANGEROUS]
    assert neutralise("'=1") == "''=1"  # a text that itself starts with '= survives
    assert neutralise("Association FabLab") == "Association FabLab"
    assert neutralise("l'@") == "l'@"  # only the first character counts
    assert neutralise("") == ""


def test_only_a_quote_before_a_dangerous_character_is_taken_off():
    assert unneutralise("'=1") == "=1"
    assert unneutralise("''=1") == "'=1"
    assert unneutralise("'tis") == "'tis"
    assert unneutralise("'") == "'"
    assert unneutralise("-5") == "-5"


@given(ANY)
def test_neutralising_gives_back_the_exact_text(text):
    written = neutralise(text)
    assert unneutralise(written) == text
    assert written[:1] not in DANGEROUS or not written


@given(ANY)
def test_ooxml_escaping_gives_back_the_exact_text(text):
    escaped = ooxml_escape(text)
    assert ooxml_unescape(escaped) == text
    assert "\r" not in escaped and "\x01" not in escaped
