"""Issue 7, point 15: the 500 page says the technical team was told only when it was."""

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from teenlab.settings import env_admins

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.web.urls_boom")]


def _fail(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    return response.content.decode()


def test_without_admins_the_500_page_promises_nothing(client, settings):
    settings.ADMINS = []
    page = _fail(client)
    assert 'id="admins-not-told"' in page
    assert "informée" not in page and "has been told" not in page
    assert mail.outbox == []


def test_with_admins_the_500_page_says_so_and_they_get_the_error(client, settings):
    settings.ADMINS = [("Ops", "ops@example.org")]
    page = _fail(client)
    assert "L'équipe technique en a été informée" in page
    assert 'id="admins-not-told"' not in page
    assert [message.to for message in mail.outbox] == [["ops@example.org"]]
    assert "boom" in mail.outbox[0].body


def test_admins_without_a_mail_server_are_not_told_so_the_page_says_nothing(client, settings):
    settings.ADMINS = [("Ops", "ops@example.org")]
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    page = _fail(client)
    assert 'id="admins-not-told"' in page
    assert "informée" not in page


def test_the_500_page_is_styled_by_a_static_file_not_inline(client, settings):
    settings.ADMINS = []
    page = _fail(client)
    assert "<style" not in page and "style=" not in page
    assert "/static/teenlab/error.css" in page


def test_admins_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMINS", "Ops Team <ops@example.org>, dev@example.org")
    assert env_admins("ADMINS") == [
        ("Ops Team", "ops@example.org"),
        ("dev@example.org", "dev@example.org"),
    ]
    monkeypatch.setenv("ADMINS", "")
    assert env_admins("ADMINS") == []
    monkeypatch.setenv("ADMINS", "nobody")
    with pytest.raises(ImproperlyConfigured, match="e-mail addresses"):
        env_admins("ADMINS")
