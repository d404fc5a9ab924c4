"""File names teenlab writes and sends are built from safe slugs, whatever the input."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teenlab.core.filenames import safe_filename


def test_it_keeps_a_code_and_cuts_down_anything_else():
    assert safe_filename("bilan", "TEENLAB", "chambery", "it", suffix=".pdf") == (
        "bilan-TEENLAB-chambery-it.pdf"
    )
    assert safe_filename("teenlab", "X/../../../../tmp/victim", suffix=".zip") == (
        "teenlab-X_.._.._.._.._tmp_victim.zip"
    )
    assert safe_filename("bilan", "Città di Pinerolo", suffix=".xlsx") == (
        "bilan-Citta_di_Pinerolo.xlsx"
    )
    assert safe_filename("..", "", None, suffix=".pdf") == "teenlab.pdf"
    with pytest.raises(ValueError):
        safe_filename("x", suffix="/../.pdf")


@given(st.lists(st.text(), max_size=4))
def test_a_name_is_always_one_plain_file_name(parts):
    name = safe_filename(*parts, suffix=".zip")
    assert name.isascii() and name.endswith(".zip") and len(name) <= 160
    assert not name.startswith((".", "-"))
    assert not set(name) & set("/\\\"';\r\n\x00 ")
