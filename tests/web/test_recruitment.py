import pytest
from django.urls import reverse

from teenlab.core.models import AuditEntry
from teenlab.training.models import Enrolment
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def recruited_on_dashboard(client) -> int:
    return client.get("/").context["board"].funnel["recruited"]


@pytest.mark.parametrize("role", ["coordinator", "counsellor"])
def test_recruiting_a_received_youth_enrols_them_and_the_dashboard_counts_them(
    client, cast, today, role
):
    user = getattr(cast, role)
    login(client, user)
    before = recruited_on_dashboard(client)
    page = client.get(reverse("participants:recruitment")).content.decode()
    assert cast.newcomer.last_name.upper() in page

    response = client.post(
        reverse("participants:youth_recruit", args=[cast.newcomer.pk]),
        {"cohort": cast.untaught.code, "enrolled_on": today.isoformat()},
    )

    assert response.status_code == 302
    enrolment = Enrolment.objects.get(youth=cast.newcomer)
    assert (enrolment.cohort, enrolment.enrolled_on, enrolment.status) == (
        cast.untaught,
        today,
        "in_progress",
    )
    entry = AuditEntry.objects.get(model="training.enrolment", object_id=enrolment.pk)
    assert (entry.user, entry.action, entry.youth_id) == (user, "create", cast.newcomer.pk)
    assert recruited_on_dashboard(client) == before + 1
    assert (
        cast.newcomer.last_name.upper()
        not in client.get(reverse("participants:recruitment")).content.decode()
    )


def test_recruiting_twice_into_the_same_cohort_is_refused_with_a_message(client, cast, today):
    login(client, cast.coordinator)
    url = reverse("participants:youth_recruit", args=[cast.pupil.pk])
    response = client.post(url, {"cohort": cast.taught.code, "enrolled_on": today.isoformat()})
    assert response.status_code == 422
    assert "déjà inscrit" in response.content.decode()
    assert Enrolment.objects.filter(youth=cast.pupil).count() == 1


def test_a_cohort_of_another_organisation_cannot_be_chosen(client, cast, today):
    login(client, cast.coordinator)
    url = reverse("participants:youth_recruit", args=[cast.newcomer.pk])
    response = client.post(url, {"cohort": cast.away_cohort.code, "enrolled_on": today.isoformat()})
    assert response.status_code == 422
    assert response.context["form"].errors["cohort"]
    assert not Enrolment.objects.filter(youth=cast.newcomer).exists()


def test_an_enrolment_date_after_the_cohort_end_is_refused(client, cast):
    login(client, cast.coordinator)
    url = reverse("participants:youth_recruit", args=[cast.newcomer.pk])
    late = cast.untaught.end_date.replace(year=cast.untaught.end_date.year + 1)
    response = client.post(url, {"cohort": cast.untaught.code, "enrolled_on": late.isoformat()})
    assert response.status_code == 422
    assert "postérieure à la fin" in response.content.decode()
    assert not Enrolment.objects.filter(youth=cast.newcomer).exists()


def test_an_info_session_page_lists_who_came(client, cast):
    login(client, cast.counsellor)
    page = client.get(reverse("participants:info_session_detail", args=[cast.session.pk]))
    # By their records' links: two random surnames may be the same.
    html = page.content.decode()
    assert reverse("participants:youth_detail", args=[cast.newcomer.pk]) + '"' in html
    assert reverse("participants:youth_detail", args=[cast.pupil.pk]) + '"' not in html


def test_creating_an_info_session_with_a_used_code_says_so(client, cast, today):
    login(client, cast.coordinator)
    url = reverse("participants:info_session_create")
    response = client.post(url, {"code": cast.session.code, "date": today.isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    response = client.post(url, {"code": "IC-NEW", "date": today.isoformat(), "place": "Turin"})
    assert response.status_code == 302


def pipeline_of(client) -> dict[str, int]:
    page = client.get(reverse("participants:recruitment"))
    return {code: n for code, _label, n in page.context["pipeline"]}


def test_a_decision_other_than_recruiting_closes_the_young_persons_wait(client, cast, today):
    login(client, cast.counsellor)
    before = pipeline_of(client)
    response = client.post(
        reverse("participants:youth_decide", args=[cast.newcomer.pk]),
        {
            "decision": "redirected",
            "decided_on": today.isoformat(),
            "redirected_to": "france_travail",
            "redirected_detail": "Agence de Chambéry",
        },
    )
    assert response.status_code == 302
    decision = cast.newcomer.decisions.get()
    assert (decision.decision, decision.redirected_to, decision.decided_by) == (
        "redirected",
        "france_travail",
        cast.counsellor,
    )
    after = pipeline_of(client)
    assert (after["received"], after["redirected"]) == (
        before["received"] - 1,
        before["redirected"] + 1,
    )
    page = client.get(reverse("participants:recruitment"))
    assert cast.newcomer not in page.context["awaiting"]
    record = client.get(reverse("participants:youth_detail", args=[cast.newcomer.pk]))
    assert "Agence de Chambéry" in record.content.decode()


def test_a_decision_without_what_it_needs_is_refused_with_a_message(client, cast, today):
    login(client, cast.coordinator)
    response = client.post(
        reverse("participants:youth_decide", args=[cast.newcomer.pk]),
        {"decision": "waiting_list", "decided_on": today.isoformat()},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["waiting_until"]
    assert not cast.newcomer.decisions.exists()


@pytest.mark.parametrize(("who", "status"), [("trainer", 403), ("away_coordinator", 404)])
def test_only_recruiters_of_the_young_persons_organisation_decide(client, cast, today, who, status):
    login(client, getattr(cast, who))
    url = reverse("participants:youth_decide", args=[cast.newcomer.pk])
    response = client.post(url, {"decision": "withdrawn", "decided_on": today.isoformat()})
    assert response.status_code == status
    assert not cast.newcomer.decisions.exists()


def test_recruiting_someone_outside_the_criteria_asks_for_a_justification(client, cast, today):
    cast.newcomer.situation_at_entry = "employed"
    cast.newcomer.save()
    login(client, cast.coordinator)
    url = reverse("participants:youth_recruit", args=[cast.newcomer.pk])
    assert "Hors des critères" in client.get(url).content.decode()
    data = {"cohort": cast.untaught.code, "enrolled_on": today.isoformat()}
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert refused.context["form"].errors["eligibility_justification"]
    assert not Enrolment.objects.filter(youth=cast.newcomer).exists()

    accepted = client.post(url, {**data, "eligibility_justification": "Contrat de 4 h par semaine"})
    assert accepted.status_code == 302
    assert Enrolment.objects.get(youth=cast.newcomer).eligibility_justification == (
        "Contrat de 4 h par semaine"
    )
