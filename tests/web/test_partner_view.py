"""A partner organisation's staff see the activities they take part in (exchanges, events,
cooperations, phases) and the joint figures, never a young person's name (issue 11, point 5).

The partner's account walks every page it can reach from the dashboard by following links (GET
only) and the bilan of the whole project in the three languages; no page names a young person."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from teenlab.participants.models import Youth
from tests.factories import (
    CooperationFactory,
    EventFactory,
    EventParticipantFactory,
    ExchangeFactory,
    ExchangeParticipantFactory,
    OutcomeFactory,
    PhaseFactory,
)
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]+)')
# Not pages: the static files, the language switch's target, downloads rendered by WeasyPrint
# (their data is that of the page that links them).
SKIP = ("/static/", "/i18n/", "/admin/")


@pytest.fixture
def activities(cast):
    """Names no page of the walk could print by chance, on every young person of the cast."""
    for n, youth in enumerate(Youth.objects.all()):
        youth.first_name, youth.last_name = f"Zébulonne{n}", f"Quastorff{n}"
        youth.save()
    project = cast.project
    exchange = ExchangeFactory(project=project, title="Séjour à Pinerolo")
    ExchangeParticipantFactory(exchange=exchange, youth=cast.pupil, name="", organisation="")
    ExchangeParticipantFactory(exchange=exchange, name="Animatrice Rossi")
    event = EventFactory(cohort=cast.away_cohort, title="Tournoi du partenaire italien")
    EventParticipantFactory(event=event, youth=cast.stranger)
    EventParticipantFactory(event=EventFactory(cohort=cast.taught), youth=cast.pupil)
    OutcomeFactory(enrolment=cast.pupil.enrolments.get())
    return {
        "exchange": exchange,
        "event": event,
        "phase": PhaseFactory(project=project, name="Repérage et mobilisation"),
        "cooperation": CooperationFactory(project=project, name="Mission locale Jeunes"),
    }


def _walk(client, start: list[str], limit: int = 80) -> dict[str, str]:
    """The HTML of every page reached from ``start`` by following the site's links."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        path = urlsplit(url)
        key = path.path + (f"?{path.query}" if path.query else "")
        if key in seen or key.startswith(SKIP) or "pdf" in key or "xlsx" in key:
            continue
        response = client.get(key)
        seen[key] = ""
        kind = response.get("Content-Type", "")
        if response.status_code != 200 or not ("html" in kind or "json" in kind):
            continue
        seen[key] = html = response.content.decode()
        queue += [urljoin(key, href.replace("&amp;", "&")) for href in HREF.findall(html)]
        queue = [u for u in queue if u.startswith("/")]
    return seen


def test_a_partner_reads_the_activities_and_figures_and_never_a_youths_name(
    client, cast, activities
):
    login(client, cast.partner)
    pages = _walk(
        client,
        ["/", *(f"/bilan/?scope=project&lang={lang}" for lang in ("fr", "it", "en"))],
    )
    reached = {page for page, html in pages.items() if html}
    # The four kinds of activity are among the pages reached, with the project's records.
    for path in ("/activities/", "/activities/events/", "/activities/phases/"):
        assert path in reached
    assert "/activities/cooperations/" in reached
    assert activities["exchange"].title in pages["/activities/"]
    assert activities["event"].title in pages["/activities/events/"]  # another partner's
    assert activities["phase"].name in pages["/activities/phases/"]
    assert activities["cooperation"].name in pages["/activities/cooperations/"]
    # The joint figures: the bilan of the whole project.
    assert cast.project.name in pages["/bilan/?scope=project&lang=it"]
    assert "/bilan/download/json/?scope=project&lang=en" in reached
    names = [n for y in Youth.objects.all() for n in (y.first_name, y.last_name)]
    for page, html in pages.items():
        for name in names:
            assert name not in html, f"{page} names a young person ({name})"
    # Who took part in an exchange or an event is never a partner's to read: no edit page.
    for url in (
        f"/activities/exchanges/{activities['exchange'].pk}/",
        f"/activities/events/{activities['event'].pk}/",
    ):
        assert client.get(url).status_code == 403
