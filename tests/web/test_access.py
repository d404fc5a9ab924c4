"""Every URL of the foundation, with every role, in its organisation and in the other one."""

import pytest
from django.urls import reverse

from tests.web.conftest import ROLES, login

pytestmark = pytest.mark.django_db

# url name, kwargs builder (own organisation, the other one), expected status per role.
OK, FORBIDDEN, MISSING = 200, 403, 404
# The expected answer for (role, own record) and (role, other organisation's record).
TABLE = {
    # page                     coordinator  trainer     counsellor  partner     auditor
    "dashboard:index": (OK, OK, OK, OK, OK),
    "participants:youth_list": (OK, OK, OK, FORBIDDEN, FORBIDDEN),
    "participants:youth_create": (OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN),
    "participants:recruitment": (OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN),
    "participants:info_session_create": (OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN),
}
# Object pages: (own record, other organisation's record) per role.
OBJECT_TABLE = {
    "participants:youth_detail": {
        "coordinator": (OK, MISSING),
        "trainer": (OK, MISSING),  # the pupil of the cohort they teach
        "counsellor": (OK, MISSING),
        "partner": (MISSING, MISSING),
        "auditor": (MISSING, MISSING),
    },
    "participants:youth_edit": {
        "coordinator": (OK, MISSING),
        "trainer": (FORBIDDEN, FORBIDDEN),
        "counsellor": (OK, MISSING),
        "partner": (FORBIDDEN, FORBIDDEN),
        "auditor": (FORBIDDEN, FORBIDDEN),
    },
    "participants:youth_recruit": {
        "coordinator": (OK, MISSING),
        "trainer": (FORBIDDEN, FORBIDDEN),
        "counsellor": (OK, MISSING),
        "partner": (FORBIDDEN, FORBIDDEN),
        "auditor": (FORBIDDEN, FORBIDDEN),
    },
    "participants:info_session_detail": {
        "coordinator": (OK, MISSING),
        "trainer": (FORBIDDEN, FORBIDDEN),
        "counsellor": (OK, MISSING),
        "partner": (FORBIDDEN, FORBIDDEN),
        "auditor": (FORBIDDEN, FORBIDDEN),
    },
}


def _objects(cast, name):
    if name.startswith("participants:info_session"):
        return cast.session.pk, cast.away_session.pk
    return cast.pupil.pk, cast.stranger.pk


@pytest.mark.parametrize("name", TABLE)
@pytest.mark.parametrize("index,role", list(enumerate(ROLES)))
def test_each_page_answers_each_role_as_the_table_says(client, cast, name, index, role):
    login(client, getattr(cast, role))
    assert client.get(reverse(name)).status_code == TABLE[name][index]


@pytest.mark.parametrize("name", OBJECT_TABLE)
@pytest.mark.parametrize("role", ROLES)
def test_each_record_answers_own_and_other_organisation_as_the_table_says(client, cast, name, role):
    login(client, getattr(cast, role))
    own, other = _objects(cast, name)
    expected_own, expected_other = OBJECT_TABLE[name][role]
    assert client.get(reverse(name, args=[own])).status_code == expected_own
    assert client.get(reverse(name, args=[other])).status_code == expected_other


def test_the_other_organisation_coordinator_gets_404_on_our_records(client, cast):
    login(client, cast.away_coordinator)
    assert client.get(reverse("participants:youth_detail", args=[cast.pupil.pk])).status_code == 404
    assert (
        client.get(reverse("participants:youth_detail", args=[cast.stranger.pk])).status_code == 200
    )


def test_trainer_gets_404_on_a_youth_of_a_cohort_they_do_not_teach(client, cast):
    login(client, cast.trainer)
    url = reverse("participants:youth_detail", args=[cast.other_pupil.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name", ["dashboard:index", "participants:youth_list", "participants:recruitment"]
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, cast, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_visitors_are_sent_to_login_for_a_record_too(client, cast):
    response = client.get(reverse("participants:youth_detail", args=[cast.pupil.pk]))
    assert response.status_code == 302


def test_a_post_to_an_other_organisation_record_changes_nothing(client, cast):
    login(client, cast.coordinator)
    url = reverse("participants:youth_edit", args=[cast.stranger.pk])
    response = client.post(
        url, {"code": "X", "first_name": "Pirate", "last_name": "X", "gender": "f"}
    )
    assert response.status_code == 404
    cast.stranger.refresh_from_db()
    assert cast.stranger.first_name != "Pirate"
