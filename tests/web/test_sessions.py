"""Issue 7, point 7: sessions keep their sliding inactivity expiry without a write per request."""

import datetime as dt
import time

import pytest
from django.contrib.sessions.models import Session

from teenlab.core.middleware import REFRESHED_KEY
from tests.web.conftest import login


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _age_session(client, seconds: int) -> None:
    """Pretend the last refresh happened ``seconds`` ago."""
    session = client.session
    session[REFRESHED_KEY] = int(time.time()) - seconds
    session.save()


@pytest.fixture
def signed_in(client, cast):
    login(client, cast.coordinator)
    client.get("/")  # the first page view stamps the session
    return client


def test_reading_pages_does_not_write_the_session(signed_in):
    before = _expiry(signed_in)
    for _ in range(3):
        assert signed_in.get("/").status_code == 200
    assert _expiry(signed_in) == before


def test_a_page_view_after_a_minute_moves_the_expiry(signed_in, settings):
    _age_session(signed_in, settings.SESSION_REFRESH_SECONDS + 1)
    stored = Session.objects.filter(session_key=signed_in.session.session_key)
    stored.update(expire_date=_expiry(signed_in) - dt.timedelta(minutes=30))
    before = _expiry(signed_in)
    assert signed_in.get("/").status_code == 200
    assert _expiry(signed_in) > before


def test_an_anonymous_visit_creates_no_session(client, db):
    assert client.get("/login/").status_code == 200
    assert Session.objects.count() == 0


def test_a_cookie_of_an_ended_session_creates_no_new_one(client, db, settings):
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    client.get("/login/")
    assert Session.objects.count() == 0
