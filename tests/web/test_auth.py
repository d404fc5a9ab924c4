import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings
from django.urls import reverse

from tests.auth import login_verified
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_in_french_when_the_browser_says_nothing(client):
    response = client.get(reverse("login"))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in content
    assert "Connexion" in content
    assert 'name="csrfmiddlewaretoken"' in content


def test_logging_in_leads_to_the_dashboard(client, cast):
    # A trainer: no second factor to give (tests/web/test_login_security.py for those who do).
    response = client.post(
        reverse("login"), {"username": "trainer", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert response.context["user"] == cast.trainer
    assert "Tableau de bord" in response.content.decode()


def test_a_wrong_password_says_so_and_logs_nobody_in(client, cast):
    response = client.post(reverse("login"), {"username": "coordinator", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'role="alert"' in response.content.decode()


def test_logout_is_a_post_and_ends_the_session(client, cast):
    login_verified(client, cast.coordinator)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_passwords_are_hashed_with_argon2(cast):
    from teenlab import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        cast.coordinator.set_password(PASSWORD)
        assert identify_hasher(cast.coordinator.password).algorithm == "argon2"


def test_sessions_expire(client, cast):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    login_verified(client, cast.coordinator)
    assert 0 < client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE


def test_forms_refuse_a_post_without_csrf_token(cast):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    login_verified(client, cast.coordinator)
    response = client.post(reverse("participants:youth_create"), {"code": "J1"})
    assert response.status_code == 403


def test_language_switch_changes_the_page_language(client, cast):
    login_verified(client, cast.coordinator)
    response = client.post(reverse("set_language"), {"language": "it", "next": "/"}, follow=True)
    content = response.content.decode()
    assert '<html lang="it"' in content
    assert "Cruscotto" in content or "Quadro" in content
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert "Dashboard" in response.content.decode()


def test_every_page_offers_the_three_languages(client, cast):
    login_verified(client, cast.coordinator)
    content = client.get("/").content.decode()
    for code in ("fr", "it", "en"):
        assert f'name="language" value="{code}"' in content
