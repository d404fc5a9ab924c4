"""Each partner served in its language: the login page and the app follow the browser's
Accept-Language (fr, it, en) until the person picks a language with the switch."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.web.conftest import login

pytestmark = pytest.mark.django_db

LOGIN_TITLE = {"fr": "Connexion", "it": "Accesso", "en": "Log in"}


def _lang(response) -> str:
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    "header,lang",
    [
        ("it-IT,it;q=0.9,en;q=0.5", "it"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR,fr;q=0.9,it;q=0.5", "fr"),
        ("de-DE,de;q=0.9,it;q=0.4", "it"),  # the first of its languages the app speaks
        ("de-DE,es;q=0.9", "fr"),  # none of them: French
        ("", "fr"),
    ],
)
def test_the_login_page_follows_the_browsers_language(client, header, lang):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    assert _lang(response) == lang
    assert response["Content-Language"] == lang
    assert "Accept-Language" in response["Vary"]
    assert LOGIN_TITLE[lang] in response.content.decode()


def test_the_app_follows_the_browsers_language_once_logged_in(client, cast):
    login(client, cast.coordinator)
    response = client.get(reverse("dashboard:index"), HTTP_ACCEPT_LANGUAGE="it-IT,it;q=0.9")
    assert _lang(response) == "it"
    assert "Tableau de bord" not in response.content.decode()


def test_the_choice_made_with_the_switch_wins_over_the_browser_and_lasts(client, cast):
    login(client, cast.coordinator)
    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": "/"},
        HTTP_ACCEPT_LANGUAGE="it-IT,it;q=0.9",
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 60 * 60 * 24 * 300  # kept after the browser closes
    page = client.get(reverse("dashboard:index"), HTTP_ACCEPT_LANGUAGE="it-IT,it;q=0.9")
    assert _lang(page) == "en"


def test_an_unknown_language_in_the_cookie_falls_back_to_the_browsers(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert _lang(response) == "en"
