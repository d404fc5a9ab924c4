"""``teenlab bilan``: scope by codes, JSON output, clear errors."""

import io
import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from teenlab.core.choices import EnrolmentStatus
from teenlab.reporting.renderers import pdf, renderer_get
from teenlab.reporting.renderers.json import KEYS
from teenlab.reporting.selectors import bilan_build as build
from tests.factories import (
    BudgetLineFactory,
    CohortFactory,
    EnrolmentFactory,
    ModuleFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    project = ProjectFactory(code="TEENLAB")
    organisation = OrganisationFactory(code="DYNAMO", country="FR")
    cohort = CohortFactory(project=project, organisation=organisation, code="S1")
    EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.COMPLETED)
    EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.DROPPED_OUT)
    ModuleFactory(cohort=cohort, planned_hours=Decimal("210"))
    BudgetLineFactory(project=project, organisation=organisation, planned_eur=Decimal("1234.50"))
    return project


def bilan(*args):
    out = io.StringIO()
    call_command("bilan", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_json_of_the_spec_in_its_key_order(project):
    data = json.loads(bilan())

    assert list(data) == list(KEYS)
    assert data["scope"] == {"project": "TEENLAB", "organisation": None, "cohort": None}
    assert data["funnel"]["youth_recruited"] == 2
    assert data["funnel"]["completed"] == 1
    assert data["training_hours"] == {"digital_culture": 210}
    assert data["budget"]["planned_total_eur"] == 1234.5
    assert data["budget"]["spent_total_eur"] == 0
    assert isinstance(data["training_hours"]["digital_culture"], int)


@pytest.mark.parametrize("scope", [(), ("--organisation", "DYNAMO"), ("--cohort", "S1")])
def test_the_json_computed_from_the_figures_alone_is_the_full_bilans(project, scope):
    """The command computes only the figures for the JSON: the same text, to the byte, as the
    JSON of the whole bilan (the report's context is not printed)."""
    from teenlab.reporting.renderers.json import render_json

    organisation = project.cohorts.get().organisation if "--organisation" in scope else None
    cohort = project.cohorts.get() if "--cohort" in scope else None
    assert bilan(*scope) == render_json(
        build(project=project, organisation=organisation, cohort=cohort)
    )


def test_it_writes_utf8_to_the_file_it_is_given(project, tmp_path):
    project.name = "Créations numériques"
    project.save()
    ProjectPartnerFactory(project=project, organisation=OrganisationFactory(code="CITTA"))
    target = tmp_path / "bilan.html"
    # Codes are ASCII (teenlab.core.codes): the accents come from the project's name.
    call_command(
        "bilan",
        "--organisation",
        "CITTA",
        "--format",
        "html",
        "-o",
        str(target),
        stdout=io.StringIO(),
    )

    assert "Créations numériques" in target.read_text(encoding="utf-8")  # not entities


def test_the_cohort_scope(project):
    data = json.loads(bilan("--cohort", "S1"))

    assert data["scope"]["cohort"] == "S1"
    assert data["budget"] is None and data["exchanges"] is None
    assert data["funnel"]["youth_received"] is None


def test_an_unknown_code_lists_the_valid_ones(project):
    CohortFactory(project=project, code="S2")

    with pytest.raises(
        CommandError, match=r"Projet inconnu : « X »\. Projets de la base : TEENLAB"
    ):
        bilan("--project", "X")
    with pytest.raises(CommandError, match=r"« NOPE »\. Partenaires du projet : DYNAMO"):
        bilan("--organisation", "NOPE")
    with pytest.raises(CommandError, match=r"« S9 »\. Sessions : S1, S2"):
        bilan("--cohort", "S9")


def test_several_projects_need_a_choice(project):
    ProjectFactory(code="AUTRE")

    with pytest.raises(CommandError, match=r"plusieurs projets.*AUTRE, TEENLAB"):
        bilan()
    assert json.loads(bilan("--project", "AUTRE"))["funnel"]["youth_recruited"] == 0


def test_an_empty_database_says_what_to_do():
    with pytest.raises(CommandError, match="teenlab demo"):
        bilan()


def test_unknown_language_and_format_are_clear_errors(project):
    with pytest.raises(CommandError, match="Langue inconnue : « de »"):
        bilan("--lang", "de")
    with pytest.raises(CommandError, match="Format inconnu : « docx »"):
        bilan("--format", "docx")


def test_errors_speak_the_language_asked_for(project):
    with pytest.raises(CommandError, match="Progetto sconosciuto"):
        bilan("--project", "X", "--lang", "it")
    with pytest.raises(CommandError, match="Unknown project"):
        bilan("--project", "X", "--lang", "en")


def test_an_unwritable_output_is_a_clear_error(project, tmp_path):
    with pytest.raises(CommandError, match="Impossible d'écrire"):
        bilan("-o", str(tmp_path / "missing-folder" / "bilan.json"))


@pytest.mark.parametrize(
    ("fmt", "magic"), [("html", b"<!DOCTYPE"), ("xlsx", b"PK"), ("pdf", b"%PDF")]
)
def test_it_writes_the_other_formats_through_their_renderers(project, tmp_path, fmt, magic):
    target = tmp_path / f"bilan.{fmt}"

    call_command("bilan", "--format", fmt, "--lang", "en", "-o", str(target), stdout=io.StringIO())

    assert target.read_bytes()[:20].lstrip().upper().startswith(magic.upper())


def test_a_binary_format_without_a_file_is_written_beside_named_as_everywhere(
    project, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)

    call_command("bilan", "--format", "xlsx", "--cohort", "S1", stdout=io.StringIO())

    bilan = build(project=project, cohort=project.cohorts.get(code="S1"))
    name = renderer_get("xlsx").filename(bilan, "fr")
    assert name == "bilan-TEENLAB-S1-fr.xlsx"  # the name of the web download and the demo's
    assert (tmp_path / name).read_bytes()[:2] == b"PK"


def test_a_pdf_without_weasyprint_is_a_clear_translated_error(project, tmp_path, monkeypatch):
    monkeypatch.setattr(
        pdf, "_weasyprint_error", lambda: OSError("cannot load library 'libpango-1.0-0'")
    )
    target = tmp_path / "bilan.pdf"

    with pytest.raises(CommandError, match=r"WeasyPrint or the Pango library .*'libpango"):
        bilan("--format", "pdf", "--lang", "en", "-o", str(target))
    assert not target.exists()


@pytest.mark.slow
def test_the_teenlab_command_reports_errors_without_a_traceback(tmp_path):
    env = {**os.environ, "TEENLAB_HOME": str(tmp_path / "home")}
    env.pop("DATABASE_URL", None)  # a fresh SQLite database of its own

    result = subprocess.run(
        [sys.executable, "-m", "teenlab.cli", "bilan", "--format", "docx"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )

    assert result.returncode == 1
    assert "Format inconnu : « docx »" in result.stderr
    assert "Traceback" not in result.stderr
