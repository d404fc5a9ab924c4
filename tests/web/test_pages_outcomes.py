"""The outcomes screen of a cohort: one form for every enrolled youth, saved and journaled."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from teenlab.core.models import AuditEntry
from teenlab.outcomes.models import Outcome
from tests.factories import EnrolmentFactory, OutcomeFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def _post_data(response, changes: dict[int, dict]):
    """The formset as the page rendered it, with ``changes`` by form index."""
    formset = response.context["formset"]
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(formset.total_form_count()),
        f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
        f"{formset.prefix}-MIN_NUM_FORMS": "0",
        f"{formset.prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, form in enumerate(formset.forms):
        for name in ("enrolment", "professional_project", "exit", "detail", "recorded_on"):
            value = form.initial.get(name)
            data[f"{form.prefix}-{name}"] = "" if value is None else str(value)
        for name, value in changes.get(index, {}).items():
            data[f"{form.prefix}-{name}"] = value
    return data


@pytest.fixture
def cohort(cast):
    """The taught cohort with a second youth who already has an outcome."""
    OutcomeFactory(enrolment=EnrolmentFactory(cohort=cast.taught), exit="work", detail="CDD")
    return cast.taught


def test_the_screen_lists_every_enrolled_youth_and_flags_those_without_outcome(
    client, cast, cohort
):
    login(client, cast.counsellor)
    response = client.get(reverse("outcomes:outcome_cohort_edit", args=[cohort.pk]))
    assert response.status_code == 200
    enrolments = list(cohort.enrolments.all())
    assert len(response.context["rows"]) == len(enrolments) == 2
    html = response.content.decode()
    for enrolment in enrolments:
        assert escape(enrolment.youth.last_name.upper()) in html
        youth = enrolment.youth
        assert escape(f"Sortie — {youth.first_name} {youth.last_name}") + "</label>" in html
    assert response.context["missing"] == 1
    assert html.count('class="is-missing"') == 1
    assert "À saisir" in html


def test_saving_creates_and_updates_outcomes_and_journals_each_change(client, cast, cohort):
    login(client, cast.counsellor)
    url = reverse("outcomes:outcome_cohort_edit", args=[cohort.pk])
    page = client.get(url)
    rows = page.context["rows"]
    new_index = next(i for i, (e, _f) in enumerate(rows) if not hasattr(e, "outcome"))
    old_index = 1 - new_index
    data = _post_data(
        page,
        {
            new_index: {
                "professional_project": "yes",
                "exit": "study",
                "detail": "BTS",
                "recorded_on": "2023-02-01",
            },
            old_index: {"exit": "training"},
        },
    )
    before = AuditEntry.objects.count()
    response = client.post(url, data)
    assert response.status_code == 302

    created = Outcome.objects.get(enrolment=rows[new_index][0])
    assert (created.professional_project, created.exit, created.detail) == ("yes", "study", "BTS")
    assert created.recorded_on == dt.date(2023, 2, 1)
    updated = Outcome.objects.get(enrolment=rows[old_index][0])
    assert updated.exit == "training"

    entries = list(AuditEntry.objects.order_by("pk")[before:])
    assert {(e.action, e.object_id) for e in entries} == {
        (AuditEntry.Action.CREATE, created.pk),
        (AuditEntry.Action.UPDATE, updated.pk),
    }
    assert len(entries) == 2
    update = next(e for e in entries if e.action == AuditEntry.Action.UPDATE)
    assert update.before["exit"] == "work" and update.after["exit"] == "training"
    assert all(e.user_id == cast.counsellor.pk for e in entries)
    assert all(e.youth_id is not None for e in entries)


def test_an_unchanged_form_writes_nothing(client, cast, cohort):
    login(client, cast.coordinator)
    url = reverse("outcomes:outcome_cohort_edit", args=[cohort.pk])
    data = _post_data(client.get(url), {})
    before = (Outcome.objects.count(), AuditEntry.objects.count())
    assert client.post(url, data).status_code == 302
    assert (Outcome.objects.count(), AuditEntry.objects.count()) == before


def test_an_incomplete_row_is_refused_and_nothing_is_written(client, cast, cohort):
    login(client, cast.counsellor)
    url = reverse("outcomes:outcome_cohort_edit", args=[cohort.pk])
    page = client.get(url)
    rows = page.context["rows"]
    new_index = next(i for i, (e, _f) in enumerate(rows) if not hasattr(e, "outcome"))
    old_index = 1 - new_index
    data = _post_data(page, {new_index: {"exit": "study"}, old_index: {"detail": "changé"}})
    before = (Outcome.objects.count(), AuditEntry.objects.count())
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Choisissez le projet professionnel." in response.content.decode()
    assert (Outcome.objects.count(), AuditEntry.objects.count()) == before
    assert Outcome.objects.get(enrolment=rows[old_index][0]).detail == "CDD"


def test_a_forged_enrolment_list_is_refused(client, cast, cohort):
    login(client, cast.counsellor)
    url = reverse("outcomes:outcome_cohort_edit", args=[cohort.pk])
    page = client.get(url)
    stranger_enrolment = cast.stranger.enrolments.get()
    data = _post_data(
        page,
        {
            0: {
                "enrolment": str(stranger_enrolment.pk),
                "professional_project": "no",
                "exit": "none",
            }
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Outcome.objects.filter(enrolment=stranger_enrolment).exists()


def test_a_trainer_may_not_post_outcomes(client, cast, cohort):
    login(client, cast.trainer)
    url = reverse("outcomes:outcome_cohort_edit", args=[cohort.pk])
    assert client.post(url, {}).status_code == 403


def test_the_cohort_list_counts_missing_outcomes(client, cast, cohort):
    login(client, cast.coordinator)
    response = client.get(reverse("outcomes:outcome_cohort_list"))
    cohorts = {c.pk: c for c in response.context["objects"]}
    assert (cohorts[cohort.pk].enrolled, cohorts[cohort.pk].with_outcome) == (2, 1)
    assert cast.away_cohort.pk not in cohorts
