"""A coordinator creates a session with its modules and its timetable in the browser."""

import datetime as dt
from decimal import Decimal

from teenlab.training.models import Cohort, Slot
from tests.browser.conftest import axe_violations
from tests.browser.steps_timetable import (
    session_create,
    session_edit,
    slot_cancel,
    slot_move,
    timetable_generate,
)
from tests.browser.test_layout import OVERFLOW, PHONE, SMALL_TARGETS
from tests.factories import CohortFactory


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


def test_a_coordinator_generates_a_timetable_then_cancels_and_moves_a_slot(
    page, server, programme, log_in
):
    log_in(programme.coordinator)
    session_create(
        page,
        server,
        code="S-HIVER",
        name="Session d'hiver",
        start=dt.date(2026, 12, 1),
        end=dt.date(2027, 1, 29),
        modules=[
            {"code": "S-HIVER-FAB", "name": "FabLab", "strand": "fablab", "planned_hours": 30},
        ],
    )
    saved = timetable_generate(
        page,
        server,
        cohort_code="S-HIVER",
        start=dt.date(2026, 12, 1),
        end=dt.date(2027, 1, 29),
        pattern=[
            {"weekday": 4, "start": dt.time(9), "end": dt.time(12), "module": "S-HIVER-FAB"},
            {"weekday": 0, "start": "13:30", "end": "16:30", "module": None, "place": "Salle"},
        ],
        closures=[(dt.date(2026, 12, 14), dt.date(2026, 12, 20), "Pont de décembre")],
    )
    cohort = Cohort.objects.get(code="S-HIVER")
    slots = Slot.objects.filter(cohort=cohort)
    assert saved == slots.count() > 0
    fridays = set(slots.filter(module__code="S-HIVER-FAB").values_list("date", flat=True))
    assert dt.date(2026, 12, 25) not in fridays  # Christmas
    assert dt.date(2026, 12, 18) not in fridays  # the closure
    assert dt.date(2026, 12, 4) in fridays
    assert cohort.closures.get().label == "Pont de décembre"

    page.goto(f"{server.url}/cohorts/{cohort.pk}/?month=2026-12")
    assert "Pont de décembre" in page.locator("#calendar").inner_text()

    slot_cancel(
        page, server, cohort_code="S-HIVER", date=dt.date(2026, 12, 4), reason="Formateur malade"
    )
    assert slots.get(date=dt.date(2026, 12, 4)).cancelled_reason == "Formateur malade"
    page.goto(f"{server.url}/cohorts/{cohort.pk}/?month=2026-12")
    assert "Annulé" in page.locator("#slot-table").inner_text()

    friday = slots.get(date=dt.date(2026, 12, 11))
    slot_move(page, server, slot_id=friday.pk, new_date=dt.date(2026, 12, 10), place="Atelier")
    friday.refresh_from_db()
    assert (friday.date, friday.place) == (dt.date(2026, 12, 10), "Atelier")


def test_the_generators_preview_and_the_slot_page_pass_axe(page, server, programme, log_in):
    log_in(programme.coordinator)
    cohort = CohortFactory(
        project=programme.project,
        organisation=programme.coordinator.organisation,
        start_date=dt.date(2027, 3, 1),
        end_date=dt.date(2027, 3, 31),
    )
    page.goto(f"{server.url}/cohorts/{cohort.pk}/timetable/")
    page.locator("#id_pattern-0-weekday").select_option("2")
    page.locator("#id_pattern-0-start").fill("18:00")
    page.locator("#id_pattern-0-end").fill("19:00")
    page.locator("#timetable-preview").click()
    page.locator("#preview").wait_for()
    found = {"preview": axe_violations(page)}
    page.goto(f"{server.url}/slots/{programme.slot.pk}/edit/")
    found["slot"] = axe_violations(page)
    assert not any(found.values()), found


def test_the_generator_and_a_slots_page_fit_a_phone(page, server, programme, log_in):
    page.set_viewport_size(PHONE)
    log_in(programme.coordinator)
    for url in (
        f"/cohorts/{programme.cohort.pk}/timetable/",
        f"/slots/{programme.slot.pk}/edit/",
        f"/cohorts/{programme.cohort.pk}/edit/",
    ):
        page.goto(f"{server.url}{url}")
        overflow = page.evaluate(OVERFLOW)
        assert overflow["scroll"] <= 0 and not overflow["wide"], (url, overflow)
        assert not page.evaluate(SMALL_TARGETS), url


def test_a_trainer_generates_the_timetable_of_the_session_they_teach(
    page, server, programme, log_in
):
    """One slot generator (issue 9): the session's trainers use the coordinators' generator,
    which skips public holidays; the older "Programmer des créneaux" page is gone."""
    cohort = CohortFactory(
        project=programme.project,
        organisation=programme.trainer.organisation,
        code="S-MAI-27",
        start_date=dt.date(2027, 5, 1),
        end_date=dt.date(2027, 5, 31),
    )
    cohort.trainers.add(programme.trainer)
    log_in(programme.trainer)
    page.goto(f"{server.url}/cohorts/{cohort.pk}/")
    assert page.locator("#schedule-create").count() == 0
    saved = timetable_generate(
        page,
        server,
        cohort_code="S-MAI-27",
        start=dt.date(2027, 5, 1),
        end=dt.date(2027, 5, 31),
        pattern=[{"weekday": 3, "start": "09:00", "end": "12:30", "place": "FabLab"}],
    )
    thursdays = set(Slot.objects.filter(cohort=cohort).values_list("date", flat=True))
    assert saved == len(thursdays) == 3
    assert dt.date(2027, 5, 6) not in thursdays  # Ascension Day
