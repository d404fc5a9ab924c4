"""The bilan page is computed once per change of the records (issue 14, target 3).

The report is cached under the records' version — the journal's last change
(``core.audit.records_version``) — with the project, the scope and the language. A change made
through the application moves the version, so the next request computes the report again; a
page read (journaled too) does not.
"""

import datetime as dt
import types
import uuid

import pytest
from django.urls import reverse

from teenlab.core.audit import records_version
from teenlab.reporting import views
from teenlab.training import services
from tests.factories import EnrolmentFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

GENERATED_AT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def reports_cached(settings):
    settings.CACHES = {
        **settings.CACHES,
        "reports": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-reports-{uuid.uuid4()}",
        },
    }


@pytest.fixture
def builds(monkeypatch):
    """Counts the bilans the page computes; their generation time is fixed, so that a page
    computed now and one computed earlier can be compared."""
    monkeypatch.setattr(
        "teenlab.reporting.selectors.timezone",
        types.SimpleNamespace(now=lambda: GENERATED_AT),
    )
    calls = []
    build = views._build

    def counting(project, choice):
        calls.append(choice.value)
        return build(project, choice)

    monkeypatch.setattr(views, "_build", counting)
    return calls


def _report(client, **query) -> str:
    response = client.get(reverse("reporting:bilan_page"), query)
    assert response.status_code == 200
    return str(response.context["body"])


def test_the_report_is_computed_once_until_the_records_change(
    client, cast, reports_cached, builds, settings
):
    enrolment = EnrolmentFactory(cohort=cast.taught, status="in_progress")
    login(client, cast.coordinator)
    first = _report(client, scope="project", lang="fr")
    assert _report(client, scope="project", lang="fr") == first
    assert builds == ["project"]

    before = records_version()
    services.enrolment_complete(enrolment=enrolment, by=cast.coordinator)
    assert records_version() != before
    changed = _report(client, scope="project", lang="fr")
    assert builds == ["project", "project"]
    assert changed != first

    # What the cache gives is what the page computes without it.
    settings.CACHES = {
        **settings.CACHES,
        "reports": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    assert _report(client, scope="project", lang="fr") == changed


def test_reading_a_record_leaves_the_report_cached(client, cast, reports_cached, builds):
    enrolment = EnrolmentFactory(cohort=cast.taught)
    login(client, cast.coordinator)
    services.enrolment_complete(enrolment=enrolment, by=cast.coordinator)
    _report(client, scope="project", lang="fr")
    version = records_version()
    response = client.get(reverse("participants:youth_detail", args=[enrolment.youth.pk]))
    assert response.status_code == 200  # journaled as a read (access log)
    assert records_version() == version
    _report(client, scope="project", lang="fr")
    assert builds == ["project"]


def test_each_scope_and_language_has_its_own_report(client, cast, reports_cached, builds):
    EnrolmentFactory(cohort=cast.taught)
    login(client, cast.coordinator)
    cohort = f"cohort:{cast.taught.code}"
    french = _report(client, scope="project", lang="fr")
    italian = _report(client, scope="project", lang="it")
    of_the_cohort = _report(client, scope=cohort, lang="fr")
    assert len({french, italian, of_the_cohort}) == 3
    assert builds == ["project", "project", cohort]
    _report(client, scope=cohort, lang="fr")
    assert builds == ["project", "project", cohort]


def test_the_version_follows_the_journal_s_last_change(cast):
    """Its number and hash: two databases at the same number differ by the hash."""
    from teenlab.core.models import AuditChainHead, AuditEntry

    enrolment = EnrolmentFactory(cohort=cast.taught)
    services.enrolment_complete(enrolment=enrolment, by=cast.coordinator)
    change = AuditEntry.objects.filter(action__in=AuditEntry.CHANGES).latest("seq")
    assert records_version() == f"{change.seq}-{change.hash}"
    head = AuditChainHead.objects.get()
    assert (head.changed_seq, head.changed_hash) == (change.seq, change.hash)


def test_a_text_saved_in_the_editor_is_in_the_next_report(client, cast, reports_cached):
    """The texts' editor journals its changes (issue 11): the cached report is computed again."""
    login(client, cast.coordinator)
    _report(client, scope="project", lang="fr")

    client.post(
        reverse("reporting:narrative_edit", args=["introduction"]),
        {"text_fr": "Une introduction neuve.", "text_it": "", "text_en": "", "in_bilan": "on"},
    )

    assert "Une introduction neuve." in _report(client, scope="project", lang="fr")


def test_serve_empties_the_reports_cache(settings, monkeypatch, tmp_path):
    """A new version's server never shows a report its old templates cached."""
    from io import StringIO

    from django.core.cache import caches
    from django.core.management import call_command

    from teenlab.core.management.commands import serve

    settings.CACHES = {
        **settings.CACHES,
        "reports": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "reports"),
        },
    }
    caches["reports"].set("bilan:old", "a report of the old templates")
    monkeypatch.setattr(serve.TeenlabServer, "run", lambda self: None)
    call_command("serve", "--no-worker", stdout=StringIO())
    assert caches["reports"].get("bilan:old") is None
