"""The attestations of attendance on the web: who may download them (scope: 404, role: 403),
in which language, the links on the youth and cohort pages, and the signatory's form."""

import html
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from teenlab.core.models import AuditEntry, Organisation
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def attestation_url(youth, **query):
    url = reverse("reporting:attestation_pdf", args=[youth.enrolments.get().pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_coordinator_downloads_a_trainees_attestation_and_it_is_journaled(client, cast):
    login(client, cast.coordinator)

    response = client.get(attestation_url(cast.pupil))

    assert response.status_code == 200
    assert f"{cast.pupil.first_name} {cast.pupil.last_name.upper()}" in pdf_text(response)
    assert response["Content-Disposition"].endswith('-fr.pdf"')
    entry = AuditEntry.objects.filter(action="export").latest("seq")
    assert entry.user == cast.coordinator
    assert entry.youth_id == cast.pupil.pk
    assert entry.after["export"] == "attestation"


def test_another_organisations_coordinator_gets_404(client, cast):
    login(client, cast.away_coordinator)

    assert client.get(attestation_url(cast.pupil)).status_code == 404
    url = reverse("reporting:cohort_attestations_pdf", args=[cast.taught.pk])
    assert client.get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_a_trainer_gets_only_the_attestations_of_the_cohorts_they_teach(client, cast):
    login(client, cast.trainer)

    assert client.get(attestation_url(cast.pupil)).status_code == 200
    assert client.get(attestation_url(cast.other_pupil)).status_code == 404


@pytest.mark.parametrize("role", ["partner", "auditor"])
def test_roles_that_never_open_a_youth_record_get_403(client, cast, role):
    login(client, getattr(cast, role))

    assert client.get(attestation_url(cast.pupil)).status_code == 403


def test_the_language_defaults_to_the_organisations_country_and_can_be_chosen(client, cast):
    login(client, cast.away_coordinator)  # an Italian organisation

    italian = client.get(attestation_url(cast.stranger))
    english = client.get(attestation_url(cast.stranger, lang="en"))

    assert "Attestato di frequenza" in pdf_text(italian)
    assert italian["Content-Disposition"].endswith('-it.pdf"')
    assert "Certificate of attendance" in pdf_text(english)


def test_an_unknown_language_is_a_translated_error_not_a_file(client, cast):
    login(client, cast.coordinator)

    response = client.get(attestation_url(cast.pupil, lang="de"), follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "participants:youth_detail", args=[cast.pupil.pk]
    )
    assert "Langue d'attestation inconnue" in html.unescape(response.content.decode())
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_session_pdf_holds_one_page_per_trainee_the_account_may_see(client, cast):
    from tests.factories import EnrolmentFactory

    EnrolmentFactory(cohort=cast.taught, enrolled_on=cast.taught.start_date)
    login(client, cast.coordinator)

    response = client.get(
        reverse("reporting:cohort_attestations_pdf", args=[cast.taught.pk]) + "?lang=it"
    )

    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == cast.taught.enrolments.count() == 2
    assert "Attestato di frequenza" in reader.pages[0].extract_text()


def test_the_youth_page_links_each_enrolments_attestation(client, cast):
    login(client, cast.coordinator)

    page = client.get(reverse("participants:youth_detail", args=[cast.pupil.pk])).content.decode()

    url = attestation_url(cast.pupil)
    assert f'href="{url}"' in page
    for lang in ("fr", "it", "en"):
        assert f'href="{url}?lang={lang}"' in page


def test_the_cohort_page_links_each_trainee_and_the_whole_session(client, cast):
    login(client, cast.coordinator)

    page = client.get(reverse("training:cohort_detail", args=[cast.taught.pk])).content.decode()

    assert f'href="{attestation_url(cast.pupil)}"' in page
    assert f'action="{reverse("reporting:cohort_attestations_pdf", args=[cast.taught.pk])}"' in page
    signatory = reverse("core:organisation_signatory", args=[cast.home.pk])
    assert f'href="{signatory}"' in page


def test_an_auditor_sees_the_cohort_page_without_attestation_links(client, cast):
    login(client, cast.auditor)

    page = client.get(reverse("training:cohort_detail", args=[cast.taught.pk])).content.decode()

    assert "attestation" not in page.lower()


# --- The signatory ---------------------------------------------------------------------------


def signatory_url(organisation):
    return reverse("core:organisation_signatory", args=[organisation.pk])


def test_a_coordinator_records_the_signatory_and_the_attestation_prints_it(client, cast):
    login(client, cast.coordinator)

    response = client.post(
        signatory_url(cast.home), {"name": "Claire Dupont", "title": "Directrice"}, follow=True
    )

    assert "Le signataire des attestations est enregistré." in response.content.decode()
    home = Organisation.objects.get(pk=cast.home.pk)
    assert (home.signatory_name, home.signatory_title) == ("Claire Dupont", "Directrice")
    entry = AuditEntry.objects.filter(model="core.organisation").latest("seq")
    assert entry.action == "update" and entry.user == cast.coordinator
    text = pdf_text(client.get(attestation_url(cast.pupil)))
    assert "Claire Dupont" in text and "Aucun signataire" not in text


def test_without_a_signatory_the_attestation_says_so(client, cast):
    login(client, cast.coordinator)

    text = pdf_text(client.get(attestation_url(cast.pupil)))

    assert f"Aucun signataire n'est enregistré pour {cast.home.name}" in text


def test_a_name_without_a_title_is_refused_and_nothing_changes(client, cast):
    login(client, cast.coordinator)

    response = client.post(signatory_url(cast.home), {"name": "Claire Dupont", "title": " "})

    assert response.status_code == 200
    assert "Donnez le nom et la qualité du signataire" in html.unescape(response.content.decode())
    assert Organisation.objects.get(pk=cast.home.pk).signatory_name == ""


def test_another_organisations_coordinator_cannot_set_the_signatory(client, cast):
    login(client, cast.away_coordinator)

    response = client.post(signatory_url(cast.home), {"name": "X", "title": "Y"})

    assert response.status_code == 404
    assert Organisation.objects.get(pk=cast.home.pk).signatory_name == ""


def test_the_accounts_page_links_the_signatory_form(client, cast):
    login(client, cast.coordinator)

    page = client.get(reverse("core:account_list")).content.decode()

    assert f'href="{signatory_url(cast.home)}"' in page
