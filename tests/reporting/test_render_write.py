"""write_bilan: one file per format, named for the project, scope and language."""

import io
import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from teenlab.reporting.bilan import Scope
from teenlab.reporting.renderers import bilan_filename, write_bilan

from .render_fixtures import cohort_bilan, teenlab_bilan


def test_it_writes_the_four_formats_named_after_the_project_and_language(tmp_path):
    folder = tmp_path / "out" / "bilan"
    paths = write_bilan(teenlab_bilan(), lang="it", folder=folder)
    assert [path.name for path in paths] == [
        "bilan-TEENLAB-it.json",
        "bilan-TEENLAB-it.html",
        "bilan-TEENLAB-it.pdf",
        "bilan-TEENLAB-it.xlsx",
    ]
    assert json.loads(paths[0].read_text())["funnel"]["youth_recruited"] == 39
    assert '<html lang="it">' in paths[1].read_text()
    assert len(PdfReader(io.BytesIO(paths[2].read_bytes())).pages) >= 6
    assert "Sintesi" in load_workbook(paths[3]).sheetnames


def test_a_scoped_bilan_carries_its_scope_in_the_name():
    assert bilan_filename(cohort_bilan(), lang="fr", fmt="pdf") == "bilan-TEENLAB-S1-fr.pdf"
    bilan = teenlab_bilan(scope=Scope(project="TEENLAB", organisation="VILLE DE/CHAMBÉRY"))
    assert bilan_filename(bilan, lang="en", fmt="xlsx") == "bilan-TEENLAB-VILLE_DE_CHAMBERY-en.xlsx"


def test_an_unknown_format_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(ValueError, match="« docx »"):
        write_bilan(teenlab_bilan(), lang="fr", formats=("html", "docx"), folder=tmp_path)
    assert list(tmp_path.iterdir()) == []
