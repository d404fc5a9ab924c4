"""A coordinator creates a session with its modules and its timetable in the browser."""

import datetime as dt
from decimal import Decimal

from teenlab.training.models import Cohort
from tests.browser.steps_timetable import session_create, session_edit


def test_a_coordinator_creates_a_session_with_two_modules(page, server, programme, log_in):
    log_in(programme.coordinator)
    trainer = programme.trainer
    start = programme.project.start_date + dt.timedelta(days=20)
    cohort_id = session_create(
        page,
        server,
        code="S-BROWSER",
        name="Session du navigateur",
        start=start,
        end=start + dt.timedelta(days=90),
        trainers=[trainer.get_full_name()],
        modules=[
            {
                "code": None,
                "name": "Culture numérique",
                "strand": "digital_culture",
                "planned_hours": 40,
            },
            {
                "code": "S-BROWSER-FAB",
                "name": "FabLab",
                "strand": "fablab",
                "planned_hours": "35.5",
            },
        ],
    )
    cohort = Cohort.objects.get(pk=cohort_id)
    assert (cohort.code, cohort.organisation) == ("S-BROWSER", programme.coordinator.organisation)
    assert list(cohort.trainers.all()) == [trainer]
    assert sorted(cohort.modules.values_list("planned_hours", flat=True)) == [
        Decimal("35.5"),
        Decimal("40"),
    ]
    assert "S-BROWSER-FAB" in page.locator("#module-table").inner_text()

    session_edit(page, server, cohort_id=cohort_id, name="Session renommée")
    assert page.locator("h1").inner_text() == "Session renommée"
