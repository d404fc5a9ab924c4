"""Leaving a session through the pages (issue 9, point 4): the early positive exit page, the
reviewed dropout reasons, bad input refused with nothing written, another organisation's 404."""

import datetime as dt

import pytest
from django.urls import reverse

from teenlab.core.choices import DROPOUT_REASONS_OFFERED, EnrolmentStatus
from teenlab.core.models import AuditEntry
from teenlab.training.models import Enrolment
from tests.factories import EnrolmentFactory, OutcomeFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def _pupil(cast) -> Enrolment:
    return Enrolment.objects.get(youth=cast.pupil)


def test_a_counsellor_records_an_early_positive_exit(client, cast):
    login(client, cast.counsellor)
    enrolment = _pupil(cast)
    page = client.get(reverse("training:cohort_detail", args=[cast.taught.pk])).content.decode()
    assert f'id="early-exit-{enrolment.pk}"' in page
    left_on = enrolment.enrolled_on + dt.timedelta(days=3)

    response = client.post(
        reverse("training:enrolment_early_exit", args=[enrolment.pk]),
        {"left_on": left_on.isoformat(), "kind": "apprenticeship", "detail": " CAP  cuisine "},
    )

    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.left_on, enrolment.early_exit_kind) == (
        EnrolmentStatus.EARLY_EXIT,
        left_on,
        "apprenticeship",
    )
    assert enrolment.leaving_detail == "CAP cuisine"
    assert AuditEntry.objects.filter(model="training.enrolment", object_id=enrolment.pk).exists()
    page = client.get(reverse("training:cohort_detail", args=[cast.taught.pk])).content.decode()
    assert "Sortie anticipée positive" in page and "CAP cuisine" in page
    record = client.get(reverse("participants:youth_detail", args=[cast.pupil.pk]))
    assert "Apprentissage ou alternance" in record.content.decode()
    # It is no longer in progress: no second exit.
    again = client.post(
        reverse("training:enrolment_early_exit", args=[enrolment.pk]),
        {"left_on": left_on.isoformat(), "kind": "work"},
    )
    assert again.status_code == 422


@pytest.mark.parametrize(
    "data",
    [
        {"left_on": "2022-13-01", "kind": "work"},
        {"left_on": "", "kind": "work"},
        {"kind": "holidays"},
        {"kind": ""},
        {"kind": "work", "detail": "x" * 201},
        {"kind": "work", "after_the_end": True},
    ],
)
def test_bad_early_exits_are_refused_with_nothing_written(client, cast, data):
    login(client, cast.coordinator)
    enrolment = _pupil(cast)
    data = dict(data)
    if data.pop("after_the_end", False):
        data["left_on"] = (cast.taught.end_date + dt.timedelta(days=1)).isoformat()
    data.setdefault("left_on", enrolment.enrolled_on.isoformat())

    response = client.post(reverse("training:enrolment_early_exit", args=[enrolment.pk]), data)

    assert response.status_code == 422
    assert 'class="field__errors"' in response.content.decode() or "alert" in (
        response.content.decode()
    )
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS
    assert not AuditEntry.objects.filter(model="training.enrolment").exists()


def test_the_dropout_form_offers_the_reviewed_list_and_wants_a_detail_for_other(client, cast):
    login(client, cast.coordinator)
    enrolment = _pupil(cast)
    url = reverse("training:enrolment_drop_out", args=[enrolment.pk])
    page = client.get(url).content.decode()
    for reason in DROPOUT_REASONS_OFFERED:
        assert f'value="{reason.value}"' in page
    assert 'value="lack_of_motivation"' not in page
    assert 'value="lack_of_engagement"' not in page

    for data in (
        {"reason": "other"},
        {"reason": "lack_of_motivation"},
        {"reason": ""},
    ):
        response = client.post(url, {"left_on": enrolment.enrolled_on.isoformat(), **data})
        assert response.status_code == 422, data
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS
    assert (
        "Précisez le motif"
        in client.post(
            url, {"left_on": enrolment.enrolled_on.isoformat(), "reason": "other"}
        ).content.decode()
    )

    response = client.post(
        url,
        {
            "left_on": enrolment.enrolled_on.isoformat(),
            "reason": "other",
            "detail": "Garde d'enfant",
        },
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.dropout_reason, enrolment.leaving_detail) == ("other", "Garde d'enfant")


def test_another_organisation_gets_404(client, cast):
    login(client, cast.away_coordinator)
    enrolment = _pupil(cast)
    url = reverse("training:enrolment_early_exit", args=[enrolment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"left_on": "2022-01-01", "kind": "work"}).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS


def test_the_outcome_page_offers_the_refined_exits_and_shows_the_early_exit(client, cast):
    login(client, cast.counsellor)
    enrolment = EnrolmentFactory(
        cohort=cast.taught,
        status=EnrolmentStatus.EARLY_EXIT,
        early_exit_kind="apprenticeship",
        left_on=cast.taught.start_date,
    )
    OutcomeFactory(enrolment=_pupil(cast), exit="support_pathway")
    page = client.get(
        reverse("outcomes:outcome_cohort_edit", args=[cast.taught.pk])
    ).content.decode()
    for code in ("apprenticeship", "support_pathway", "experience"):
        assert f'value="{code}"' in page
    row = page.split(f'id="outcome-row-{enrolment.pk}"')[1].split("</tr>")[0]
    assert "Sortie anticipée positive · Apprentissage ou alternance" in row
    assert "jamais un nom" in page
