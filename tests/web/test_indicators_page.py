"""The funders' indicators page: who may read it, the scopes it offers, the drill-down (codes,
never names), the downloads, and forged requests."""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import EnrolmentFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

PAGE = "reporting:indicators_page"
RECORDS = "reporting:indicator_records"


def test_a_coordinator_reads_every_framework_with_links_to_the_records(client, cast):
    EnrolmentFactory(cohort=cast.taught)
    login(client, cast.coordinator)
    for framework in ("interreg", "esfplus", "bpf"):
        response = client.get(reverse(PAGE), {"framework": framework, "scope": "project"})
        assert response.status_code == 200, framework
        html = response.content.decode()
        assert f'id="indicators-{framework}"' in html
        assert reverse(RECORDS) in html
    html = client.get(reverse(PAGE), {"framework": "interreg"}).content.decode()
    assert "non enregistré" in html  # RCR84


def test_the_drill_down_lists_codes_never_names(client, cast):
    # Names no account of the cast can have (the page names the signed-in staff member).
    enrolment = EnrolmentFactory(
        cohort=cast.taught, youth__first_name="Ondine", youth__last_name="Quillebeuf"
    )
    login(client, cast.partner)
    query = {"framework": "esfplus", "scope": "project", "indicator": "EECO01"}
    response = client.get(reverse(RECORDS), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert enrolment.youth.code in html
    assert enrolment.youth.last_name not in html and enrolment.youth.first_name not in html

    gender = client.get(reverse(RECORDS), {**query, "column": f"gender_{enrolment.youth.gender}"})
    assert enrolment.youth.code in gender.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"framework": "interreg", "indicator": "NOPE"},
        {"framework": "interreg", "indicator": "RCR84"},  # not recorded: nothing behind it
        {"framework": "interreg", "indicator": "RCO81", "column": "nope"},
        {"framework": "bpf", "indicator": "F-1", "column": "f1_a"},  # a line not recorded
        {"framework": "nowhere", "indicator": "RCO81"},
    ],
)
def test_forged_drill_downs_are_404(client, cast, query):
    login(client, cast.coordinator)
    assert client.get(reverse(RECORDS), {**query, "scope": "project"}).status_code == 404


def test_another_organisations_scope_is_refused(client, cast):
    login(client, cast.coordinator)
    away = f"organisation:{cast.away.code}"
    response = client.get(reverse(PAGE), {"scope": away})
    assert response.status_code == 400
    assert "accessible" in response.content.decode()
    query = {"framework": "interreg", "indicator": "RCO85", "scope": away}
    assert client.get(reverse(RECORDS), query).status_code == 404


def test_an_unknown_framework_is_said(client, cast):
    login(client, cast.coordinator)
    response = client.get(reverse(PAGE), {"framework": "nowhere"})
    assert response.status_code == 400
    assert "Cadre inconnu" in response.content.decode()


def test_a_trainer_and_a_counsellor_may_not(client, cast):
    for user in (cast.trainer, cast.counsellor):
        login(client, user)
        assert client.get(reverse(PAGE)).status_code == 403


def test_the_downloads(client, cast):
    EnrolmentFactory(cohort=cast.taught)
    login(client, cast.auditor)
    url = reverse("reporting:indicators_download", args=["xlsx"])
    response = client.get(url, {"framework": "bpf", "lang": "it"})
    assert response.status_code == 200
    assert "indicators-bpf-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=1, column=1).value == "Codice"
    data = json.loads(client.get(reverse("reporting:indicators_download", args=["json"])).content)
    assert data["framework"] == "interreg"
    assert client.get(reverse("reporting:indicators_download", args=["exe"])).status_code == 404
