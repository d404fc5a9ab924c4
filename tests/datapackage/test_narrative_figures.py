"""The narratives table: a text citing a figure that does not exist is refused with a clear
error; ``in_bilan`` (teenlab's addition) leaves a section out and travels both ways."""

import pytest

from teenlab.core.models import Narrative
from teenlab.datapackage.services import package_export
from tests.datapackage.helpers import base, found

pytestmark = pytest.mark.django_db


def test_an_unknown_figure_in_a_text_is_refused_and_nothing_is_written(packages):
    tables = base()
    tables["narratives"][0]["text"] = "Nous avons recruté {youth.recruited} jeunes."

    result = packages.load(tables)

    assert not result.ok
    ((table, row, column, value),) = found(result, "unknown_figure")
    assert (table, row, column) == ("narratives", 2, "text")
    assert "{youth.recruited}" in value
    assert not Narrative.objects.exists()


def test_known_figures_and_doubled_braces_are_accepted(packages):
    tables = base()
    tables["narratives"][0]["text"] = (
        "{funnel.youth_recruited} jeunes, {cohorts.count:words} sessions, {{accolades}}."
    )

    result = packages.validate(tables)

    assert result.ok, [str(issue) for issue in result.errors]


def test_a_lone_brace_is_refused(packages):
    tables = base()
    tables["narratives"][1]["text"] = "Un texte avec une accolade { seule."

    result = packages.validate(tables)

    assert [(t, r, c) for t, r, c, _v in found(result, "unknown_figure")] == [
        ("narratives", 3, "text")
    ]


def test_in_bilan_is_imported_and_exported(packages, tmp_path):
    tables = base()
    for row in tables["narratives"]:
        row["in_bilan"] = "no"

    result = packages.load(tables)

    assert result.ok, [str(issue) for issue in result.errors]
    assert set(Narrative.objects.values_list("in_bilan", flat=True)) == {False}
    out = tmp_path / "out"
    package_export(project=result.project, destination=out)
    text = (out / "narratives.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "section,lang,text,in_bilan"
    assert ",no" in text
