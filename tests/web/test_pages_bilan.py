"""The bilan page: every scope the account may pick, in each language, and each download."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from teenlab.reporting.renderers import pdf
from tests.factories import EnrolmentFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def _scopes(client):
    return [
        value
        for value, _label in client.get(reverse("reporting:bilan_page"))
        .context["form"]
        .fields["scope"]
        .choices
    ]


def test_a_coordinator_may_pick_the_project_their_organisation_and_its_cohorts(client, cast):
    login(client, cast.coordinator)
    scopes = _scopes(client)
    assert scopes[0] == "project"
    assert f"organisation:{cast.home.code}" in scopes
    assert f"organisation:{cast.away.code}" not in scopes
    assert f"cohort:{cast.taught.code}" in scopes and f"cohort:{cast.untaught.code}" in scopes
    assert f"cohort:{cast.away_cohort.code}" not in scopes


def test_a_partner_sees_figures_of_every_organisation_but_no_cohort(client, cast):
    login(client, cast.partner)
    scopes = _scopes(client)
    assert {f"organisation:{cast.home.code}", f"organisation:{cast.away.code}"} <= set(scopes)
    assert not [s for s in scopes if s.startswith("cohort:")]


def test_a_trainer_sees_only_the_cohorts_they_teach(client, cast):
    login(client, cast.trainer)
    assert _scopes(client) == [f"cohort:{cast.taught.code}"]


@pytest.mark.parametrize(
    "lang,word", [("fr", "Partenaires"), ("it", "Partner"), ("en", "Partners")]
)
def test_the_page_shows_the_report_of_each_scope_in_each_language(client, cast, lang, word):
    EnrolmentFactory(cohort=cast.taught)
    login(client, cast.coordinator)
    for scope in _scopes(client):
        response = client.get(reverse("reporting:bilan_page"), {"scope": scope, "lang": lang})
        assert response.status_code == 200, scope
        html = response.content.decode()
        assert f'<article class="bilan" lang="{lang}">' in html
        assert html.count("<h1") == 1  # the page's own; the report's title is an h2 here
        assert "<svg" in html  # the charts are in the page
        if scope == "project":
            assert word in html
        for fmt in ("pdf", "xlsx", "json"):
            assert f'id="bilan-download-{fmt}"' in html


@pytest.mark.parametrize(
    "scope", ["organisation:NOPE", "cohort:NOPE", "project;drop", "organisation:{away}"]
)
def test_a_forged_scope_gets_a_translated_error_and_no_download(client, cast, scope):
    scope = scope.format(away=cast.away.code)
    login(client, cast.coordinator)
    page = client.get(reverse("reporting:bilan_page"), {"scope": scope, "lang": "fr"})
    assert page.status_code == 400
    assert "ne vous est pas accessible" in page.content.decode()
    assert "<article" not in page.content.decode()
    download = reverse("reporting:bilan_download", args=["json"])
    assert client.get(download, {"scope": scope, "lang": "fr"}).status_code == 404


def test_a_cohort_of_the_other_organisation_is_not_downloadable(client, cast):
    login(client, cast.coordinator)
    download = reverse("reporting:bilan_download", args=["json"])
    params = {"scope": f"cohort:{cast.away_cohort.code}", "lang": "fr"}
    assert client.get(download, params).status_code == 404


def test_an_unknown_language_or_format_is_refused(client, cast):
    login(client, cast.coordinator)
    page = client.get(reverse("reporting:bilan_page"), {"scope": "project", "lang": "de"})
    assert page.status_code == 400
    download = reverse("reporting:bilan_download", args=["docx"])
    assert client.get(download, {"scope": "project", "lang": "fr"}).status_code == 404


def test_the_json_download_is_the_figures_of_the_chosen_scope(client, cast):
    EnrolmentFactory(cohort=cast.taught)
    login(client, cast.coordinator)
    response = client.get(
        reverse("reporting:bilan_download", args=["json"]),
        {"scope": f"cohort:{cast.taught.code}", "lang": "en"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"{cast.project.code}" in disposition and cast.taught.code in disposition
    assert disposition.endswith('-en.json"')
    figures = json.loads(response.content)
    assert figures["scope"]["cohort"] == cast.taught.code
    assert figures["funnel"]["youth_recruited"] == cast.taught.enrolments.count()


def test_the_xlsx_download_is_a_workbook(client, cast):
    import openpyxl

    login(client, cast.partner)
    response = client.get(
        reverse("reporting:bilan_download", args=["xlsx"]),
        {"scope": f"organisation:{cast.away.code}", "lang": "it"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f"{cast.away.code}-it.xlsx" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames


def test_the_pdf_download_opens_and_is_in_the_chosen_language(client, cast):
    login(client, cast.coordinator)
    response = client.get(
        reverse("reporting:bilan_download", args=["pdf"]), {"scope": "project", "lang": "it"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-it.pdf"')
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 1
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert "Relazione finale" in text or "relazione finale" in text


def test_a_trainer_without_a_cohort_in_the_project_gets_an_empty_page(client, cast):
    cast.taught.trainers.remove(cast.trainer)
    login(client, cast.trainer)
    response = client.get(reverse("reporting:bilan_page"))
    assert response.status_code == 200
    assert 'id="bilan-empty"' in response.content.decode()
    download = reverse("reporting:bilan_download", args=["json"])
    assert client.get(download, {"scope": "project", "lang": "fr"}).status_code == 404


def test_without_weasyprint_the_page_says_why_there_is_no_pdf(client, cast, monkeypatch):
    monkeypatch.setattr(
        pdf, "_weasyprint_error", lambda: OSError("cannot load library 'libpango-1.0-0'")
    )
    login(client, cast.coordinator)
    page = client.get(reverse("reporting:bilan_page"), {"scope": "project", "lang": "fr"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="bilan-download-pdf"' not in html and 'id="bilan-download-xlsx"' in html
    assert 'id="bilan-unavailable-pdf"' in html and "Pango" in html
    download = reverse("reporting:bilan_download", args=["pdf"])
    response = client.get(download, {"scope": "project", "lang": "fr"})
    assert response.status_code == 503
    assert "WeasyPrint" in response.content.decode()
