"""Issue 12, point 3, in the app: the retention policy on the project's set-up pages, the
retention page (a coordinator applies what is due in their organisation) and erasure on request
from the youth's page; scoped, journaled, 422 on bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from teenlab.core.chain import chain_verify
from teenlab.core.models import AuditEntry
from teenlab.participants.models import Youth
from teenlab.privacy.models import Anonymisation, ErasureRequest
from teenlab.training.models import Cohort, Enrolment
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


# --- The project's set-up page ------------------------------------------------------------------


def test_a_coordinator_of_the_lead_partner_sets_the_policy(client, cast):
    login(client, cast.coordinator)
    url = reverse("core:project_retention", args=[cast.project.pk])
    assert client.get(url).status_code == 200
    end = cast.project.end_date + dt.timedelta(days=365 * 5)
    response = client.post(url, {"retention_years": "3", "audit_retention_until": end})
    assert response.status_code == 302
    cast.project.refresh_from_db()
    assert (cast.project.retention_years, cast.project.audit_retention_until) == (3, end)
    assert AuditEntry.objects.filter(model="core.project", action="update").exists()

    for bad in ({"retention_years": "0"}, {"audit_retention_until": "2000-01-01"}):
        response = client.post(url, bad)
        assert response.status_code == 422
    cast.project.refresh_from_db()
    assert cast.project.retention_years == 3


# --- The retention page -------------------------------------------------------------------------


@pytest.fixture
def past(cast):
    """The cast's project ended long ago: every young person is due."""
    cast.project.start_date = dt.date(2015, 1, 5)
    cast.project.end_date = dt.date(2015, 12, 31)
    cast.project.save()
    for youth in (cast.pupil, cast.other_pupil, cast.newcomer, cast.stranger):
        youth.received_on = dt.date(2015, 2, 2)
        youth.save()
    Cohort.objects.filter(project=cast.project).update(
        start_date=dt.date(2015, 2, 2), end_date=dt.date(2015, 6, 30)
    )
    Enrolment.objects.filter(cohort__project=cast.project).update(enrolled_on=dt.date(2015, 2, 2))
    return cast


def test_the_coordinator_sees_their_organisations_due_and_applies_it(client, past):
    login(client, past.coordinator)
    url = reverse("privacy:retention")
    page = client.get(url).content.decode()
    assert past.pupil.code in page and past.pupil.last_name not in page
    assert past.stranger.code not in page  # another organisation's young person

    refused = client.post(url, {})
    assert refused.status_code == 422
    assert not Anonymisation.objects.exists()

    assert client.post(url, {"confirm": "on"}).status_code == 302
    anonymised = set(Anonymisation.objects.values_list("youth__code", flat=True))
    assert past.pupil.code in anonymised and past.stranger.code not in anonymised
    assert Youth.objects.get(pk=past.stranger.pk).last_name == past.stranger.last_name
    assert AuditEntry.objects.filter(model="privacy.anonymisation").exists()
    assert chain_verify().ok


@pytest.mark.parametrize("role", ["trainer", "counsellor", "auditor", "partner"])
def test_other_roles_may_not_open_the_retention_page(client, cast, role):
    login(client, getattr(cast, role))
    assert client.get(reverse("privacy:retention")).status_code == 403


# --- Erasure on request -------------------------------------------------------------------------


def test_a_counsellor_records_an_erasure_with_the_audit_exception(client, cast):
    cast.project.audit_retention_until = cast.project.end_date + dt.timedelta(days=3650)
    cast.project.save()
    login(client, cast.counsellor)
    detail = client.get(reverse("participants:youth_detail", args=[cast.pupil.pk]))
    assert 'id="erasure-open"' in detail.content.decode()
    url = reverse("privacy:erasure", args=[cast.pupil.pk])
    page = client.get(url).content.decode()
    assert 'id="erasure-exception"' in page
    data = {
        "requested_on": timezone.localdate().isoformat(),
        "requested_by": "youth",
        "decision": "erased",
    }
    assert client.post(url, data).status_code == 422  # not confirmed: nothing written
    assert not ErasureRequest.objects.exists()
    name = cast.pupil.last_name

    assert client.post(url, {**data, "confirm": "on"}).status_code == 302

    request = ErasureRequest.objects.get()
    assert (request.decision, request.exception) == ("erased", "audit")
    assert request.kept_until == cast.project.audit_retention_until
    youth = Youth.objects.get(pk=cast.pupil.pk)
    assert youth.last_name == youth.code != name
    assert Anonymisation.objects.get(youth=youth).reason == "erasure"
    assert 'id="erasure-done"' in client.get(url).content.decode()
    assert chain_verify().ok


def test_a_refusal_needs_an_exception_and_erases_nothing(client, cast):
    login(client, cast.coordinator)
    url = reverse("privacy:erasure", args=[cast.pupil.pk])
    data = {
        "requested_on": timezone.localdate().isoformat(),
        "requested_by": "guardian",
        "decision": "refused",
        "confirm": "on",
    }
    assert client.post(url, data).status_code == 422
    assert client.post(url, {**data, "exception": "legal_claims"}).status_code == 302
    assert ErasureRequest.objects.get().exception == "legal_claims"
    assert not Anonymisation.objects.exists()


def test_erasure_of_another_organisations_youth_is_a_404_and_a_trainer_a_403(client, cast):
    login(client, cast.counsellor)
    assert client.get(reverse("privacy:erasure", args=[cast.stranger.pk])).status_code == 404
    login(client, cast.trainer)
    assert client.get(reverse("privacy:erasure", args=[cast.pupil.pk])).status_code == 403


def test_a_bad_date_is_a_clear_error(client, cast):
    login(client, cast.counsellor)
    url = reverse("privacy:erasure", args=[cast.pupil.pk])
    data = {"requested_on": "31/02/x", "requested_by": "youth", "decision": "erased"}
    response = client.post(url, {**data, "confirm": "on"})
    assert response.status_code == 422
    assert not ErasureRequest.objects.exists()
