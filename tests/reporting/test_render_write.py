"""The renderers' registry and write_bilan: one file per format, named for the project, scope
and language."""

import io
import json

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from teenlab.reporting.bilan import Scope
from teenlab.reporting.renderers import (
    FORMATS,
    FormatUnavailable,
    UnknownFormat,
    bilan_filename,
    renderer_get,
    write_bilan,
)
from teenlab.reporting.renderers import pdf as pdf_module

from .render_fixtures import cohort_bilan, teenlab_bilan


def test_it_writes_the_four_formats_named_after_the_project_and_language(tmp_path):
    folder = tmp_path / "out" / "bilan"
    written = write_bilan(teenlab_bilan(), lang="it", folder=folder)
    paths = written.paths
    assert written.unavailable == ()
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
    with pytest.raises(UnknownFormat, match="« docx »"):
        write_bilan(teenlab_bilan(), lang="fr", formats=("html", "docx"), folder=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_each_format_is_one_renderer_with_its_media_type_and_extension():
    assert FORMATS == ("json", "html", "pdf", "xlsx")
    bilan = cohort_bilan()
    for name in FORMATS:
        renderer = renderer_get(name)
        assert renderer.name == name and renderer_get(name) is renderer
        assert renderer.filename(bilan, "it") == f"bilan-TEENLAB-S1-it{renderer.extension}"
        assert renderer.filename(bilan, "it") == bilan_filename(bilan, lang="it", fmt=name)
    assert renderer_get("json").content_type == "application/json; charset=utf-8"
    assert renderer_get("pdf").content_type == "application/pdf"
    content = renderer_get("json").render(bilan, "en")
    assert json.loads(content)["scope"]["cohort"] == "S1"


def test_without_weasyprint_the_pdf_is_skipped_with_a_translated_reason(tmp_path, monkeypatch):
    monkeypatch.setattr(
        pdf_module, "_weasyprint_error", lambda: ImportError("No module named 'weasyprint'")
    )
    pdf = renderer_get("pdf")
    with translation.override("it"):
        assert "WeasyPrint" in pdf.unavailable and "PDF" in pdf.unavailable
        with pytest.raises(FormatUnavailable, match="non può essere prodotta in PDF"):
            pdf.render(teenlab_bilan(), "it")

    written = write_bilan(teenlab_bilan(), lang="fr", folder=tmp_path)

    assert sorted(path.suffix for path in written.paths) == [".html", ".json", ".xlsx"]
    assert [str(error) for error in written.unavailable] == [pdf.unavailable]
    assert not list(tmp_path.glob("*.pdf"))
    assert renderer_get("xlsx").unavailable == ""
