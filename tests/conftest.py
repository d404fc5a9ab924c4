"""Shared fixtures. The database is SQLite unless DATABASE_URL names another (CI runs both)."""

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# No example may fail for taking long: CI machines are shared and noisy, and speed is measured by
# benchmark scripts, never by tests.
hypothesis_settings.register_profile(
    "teenlab", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("teenlab")


@pytest.fixture(autouse=True)
def _teenlab_home(tmp_path, settings, monkeypatch):
    """Every test writes its files under its own temporary TEENLAB_HOME."""
    monkeypatch.setenv("TEENLAB_HOME", str(tmp_path / "teenlab-home"))
    settings.TEENLAB_HOME = tmp_path / "teenlab-home"


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's ``admin_client``, with the second factor a superuser must give."""
    from django.test import Client

    from tests.auth import login_verified

    return login_verified(Client(), admin_user)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run in the request that queues them (django-tasks' immediate backend):
    the same code as in the worker. tests/datapackage/test_worker.py runs the real worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _reports_not_cached(settings):
    """Reports are computed on every request in tests: factories write records without the
    journal the cache is keyed on. tests/web/test_bilan_cache.py turns the cache on."""
    settings.CACHES = {
        **settings.CACHES,
        "reports": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


@pytest.fixture(autouse=True)
def _french_in_every_test():
    """Each test starts in French, the application's language, whatever ran before it: a page
    leaves the language it was served in active in the thread (core.middleware's
    LanguageMiddleware activates it, as Django's LocaleMiddleware does, and nothing resets it),
    so a test asking a page in Italian would otherwise make the next test's messages Italian."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
