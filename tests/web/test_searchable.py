"""Session drop-downs past SEARCHABLE_OVER become fields one types into (issue 14, target 3):
the youth list's filter, the recruitment form and the bilan's scope. A page then carries no
option per session, and the suggestions come from ``training:cohort_options``, within what
the account sees."""

import re

import pytest
from django.urls import reverse

from teenlab.core.forms import SEARCHABLE_OVER
from teenlab.training.selectors import COHORT_SUGGESTIONS
from tests.factories import CohortFactory, EnrolmentFactory, ProjectFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(cast):
    """More sessions of the home organisation than a drop-down lists."""
    return CohortFactory.create_batch(
        SEARCHABLE_OVER,
        project=cast.project,
        organisation=cast.home,
        name="Atelier numérique",
        start_date=cast.taught.start_date,
        end_date=cast.taught.end_date,
    )


def options(html: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"', html)


def test_a_few_sessions_stay_a_drop_down_whose_values_are_codes(client, cast):
    login(client, cast.coordinator)
    page = client.get(reverse("participants:youth_list")).content.decode()
    assert 'data-options-url="' not in page
    assert {cast.taught.code, cast.untaught.code} <= set(options(page))


def test_many_sessions_make_the_youth_filter_a_field_one_types_into(client, cast, many):
    login(client, cast.coordinator)
    page = client.get(reverse("participants:youth_list")).content.decode()
    assert f'data-options-url="{reverse("training:cohort_options")}"' in page
    listed = set(options(page))
    assert not listed & {cohort.code for cohort in [*many, cast.taught]}
    # The typed code filters as the chosen option did.
    response = client.get(reverse("participants:youth_list"), {"cohort": cast.taught.code})
    assert {youth.pk for youth in response.context["youth"]} == {cast.pupil.pk}
    assert f'value="{cast.taught.code}"' in response.content.decode()


def test_an_unknown_or_hidden_code_is_an_error_on_the_field(client, cast, many):
    login(client, cast.counsellor)
    for code in ("NOPE", cast.away_cohort.code):
        response = client.get(reverse("participants:youth_list"), {"cohort": code})
        assert response.status_code == 200
        assert "cohort" in response.context["form"].errors


def test_suggestions_match_code_or_name_within_the_accounts_sessions(client, cast, many):
    elsewhere = CohortFactory(project=ProjectFactory(), organisation=cast.home, name="Atelier")
    login(client, cast.coordinator)
    url = reverse("training:cohort_options")
    by_name = options(client.get(url, {"q": "atelier"}).content.decode())
    assert len(by_name) == COHORT_SUGGESTIONS
    assert set(by_name) <= {cohort.code for cohort in many}
    assert elsewhere.code not in by_name
    assert options(client.get(url, {"q": cast.taught.code}).content.decode()) == [cast.taught.code]
    # Another organisation's session is never suggested to a scoped account.
    assert options(client.get(url, {"q": cast.away_cohort.code}).content.decode()) == []


def test_a_partner_is_suggested_no_session(client, cast, many):
    login(client, cast.partner)
    assert options(client.get(reverse("training:cohort_options")).content.decode()) == []


def test_recruiting_into_a_session_typed_by_its_code(client, cast, many, today):
    login(client, cast.coordinator)
    page = client.get(reverse("participants:youth_recruit", args=[cast.newcomer.pk]))
    assert 'data-options-url="' in page.content.decode()
    target = many[0]
    response = client.post(
        reverse("participants:youth_recruit", args=[cast.newcomer.pk]),
        {"cohort": target.code, "enrolled_on": today.isoformat()},
    )
    assert response.status_code == 302
    assert cast.newcomer.enrolments.get().cohort == target


def test_the_bilan_of_a_session_searched_for(client, cast, many):
    EnrolmentFactory(cohort=many[0], enrolled_on=many[0].start_date)
    login(client, cast.coordinator)
    url = reverse("reporting:bilan_page")
    page = client.get(url).content.decode()
    assert not set(options(page)) & {cohort.code for cohort in many}
    assert 'value="cohort"' in page and 'data-options-url="' in page
    shown = client.get(url, {"scope": "cohort", "cohort": many[0].code})
    assert shown.status_code == 200
    assert shown.context["query"].startswith(f"scope=cohort:{many[0].code}&")
    # The older link form, from a session's page, still works.
    assert client.get(url, {"scope": f"cohort:{many[1].code}"}).status_code == 200


@pytest.mark.parametrize("code", ["", "NOPE"])
def test_a_session_searched_for_but_not_found_is_said(client, cast, many, code):
    login(client, cast.coordinator)
    response = client.get(
        reverse("reporting:bilan_page"), {"scope": "cohort", "cohort": code, "lang": "fr"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors


def test_another_organisations_session_is_not_a_scope(client, cast, many):
    login(client, cast.counsellor)
    response = client.get(
        reverse("reporting:bilan_page"), {"scope": "cohort", "cohort": cast.away_cohort.code}
    )
    assert response.status_code == 400


def _event(cast, cohort: str, participants=()):
    return {
        "code": "EV-9",
        "title": "Fête de quartier",
        "cohort": cohort,
        "date": cast.taught.start_date.isoformat(),
        "beneficiary": "Secours populaire",
        "participants": [youth.pk for youth in participants],
    }


def test_the_event_form_types_its_session_and_offers_only_its_young_people(client, cast, many):
    """Past SEARCHABLE_OVER sessions the event's session is typed by its code, and past
    SEARCHABLE_OVER young people only the event's session's are offered: none before a session
    is chosen, those of the session sent or of the event edited."""
    classmates = [EnrolmentFactory(cohort=cast.taught).youth for _ in range(2)]
    for cohort in many:
        EnrolmentFactory(cohort=cohort)
    login(client, cast.coordinator)
    page = client.get(reverse("activities:event_create"))
    html = page.content.decode()
    assert f'data-options-url="{reverse("training:cohort_options")}"' in html
    assert not set(options(html)) & {cohort.code for cohort in many}
    assert not page.context["form"].fields["participants"].queryset.exists()
    refused = client.post(reverse("activities:event_create"), _event(cast, "NOPE"))
    assert refused.status_code == 422 and "cohort" in refused.context["form"].errors
    outsider = EnrolmentFactory(cohort=many[0]).youth
    wrong = client.post(
        reverse("activities:event_create"), _event(cast, cast.taught.code, [outsider])
    )
    assert wrong.status_code == 422 and "participants" in wrong.context["form"].errors
    saved = client.post(
        reverse("activities:event_create"), _event(cast, cast.taught.code, classmates)
    )
    assert saved.status_code == 302
    event = cast.taught.events.get(code="EV-9")
    edit = client.get(reverse("activities:event_edit", args=[event.pk]))
    assert f'value="{cast.taught.code}"' in edit.content.decode()
    offered = set(edit.context["form"].fields["participants"].queryset.values_list("pk", flat=True))
    assert offered == {cast.pupil.pk, *(youth.pk for youth in classmates)}


def test_many_information_sessions_make_the_youth_form_s_a_field_one_types_into(client, cast):
    """The youth form's information session, past SEARCHABLE_OVER of them: typed by its code
    with suggestions from ``participants:info_session_options``; its code shown back."""
    from teenlab.participants.models import Youth
    from tests.factories import InfoSessionFactory

    sessions = InfoSessionFactory.create_batch(
        SEARCHABLE_OVER, project=cast.project, organisation=cast.home
    )
    login(client, cast.counsellor)
    page = client.get(reverse("participants:youth_create")).content.decode()
    url = reverse("participants:info_session_options")
    assert f'data-options-url="{url}"' in page
    assert not set(options(page)) & {session.code for session in sessions}
    suggested = options(client.get(url, {"q": sessions[3].code}).content.decode())
    assert sessions[3].code in suggested
    data = {"code": "J-NEW", "first_name": "Luca", "last_name": "Rossi", "gender": "m"}
    refused = client.post(reverse("participants:youth_create"), {**data, "info_session": "NOPE"})
    assert "info_session" in refused.context["form"].errors
    assert not Youth.objects.filter(code="J-NEW").exists()
    chosen = {**data, "info_session": sessions[3].code}
    assert client.post(reverse("participants:youth_create"), chosen).status_code == 302
    youth = Youth.objects.get(code="J-NEW")
    assert youth.info_session == sessions[3]
    edit = client.get(reverse("participants:youth_edit", args=[youth.pk])).content.decode()
    assert f'value="{sessions[3].code}"' in edit
