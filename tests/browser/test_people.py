"""Events and exchanges with their people, ages at entry and the youth list's columns, in the
browser (issue 9, points 6 and 7), through tests/browser/steps_people.py."""

import datetime as dt

from django.utils import timezone

from teenlab.activities.models import Event, Exchange
from tests.browser.steps_people import event_create, exchange_create
from tests.factories import OutcomeFactory


def label(youth) -> str:
    return f"{youth.last_name.upper()} {youth.first_name}"


def test_a_coordinator_records_an_event_and_an_exchange_with_their_people(
    page, server, programme, log_in
):
    log_in(programme.coordinator)
    ines, yanis, chloe = programme.trainees
    today = timezone.localdate()
    event_create(
        page,
        server,
        cohort_label=programme.cohort.name,
        title="Tournoi solidaire de jeux vidéo",
        date=today - dt.timedelta(days=1),
        beneficiary="Les Restos du Cœur de Savoie",
        participants=[label(ines), yanis.code],
    )
    event = Event.objects.get(title="Tournoi solidaire de jeux vidéo")
    assert event.beneficiary == "Les Restos du Cœur de Savoie"
    assert set(event.participants.values_list("youth", flat=True)) == {ines.pk, yanis.pk}
    row = page.locator("tr", has_text="Tournoi solidaire de jeux vidéo")
    assert "Les Restos du Cœur de Savoie" in row.inner_text()
    assert row.locator("[data-participants]").inner_text() == "2"

    coordinator = programme.coordinator.get_full_name()
    exchange_create(
        page,
        server,
        title="Séjour à Turin",
        kind="youth_stay",
        origin="FR",
        destination="IT",
        start=today - dt.timedelta(days=20),
        end=today - dt.timedelta(days=16),
        youth=[label(ines), label(chloe)],
        staff=[coordinator, "Giulia Rossi, Cooperativa Pinerolo"],
    )
    exchange = Exchange.objects.get(title="Séjour à Turin")
    assert (exchange.youth_count, exchange.staff_count) == (2, 2)
    assert set(exchange.participants.exclude(name="").values_list("name", flat=True)) == {
        coordinator,
        "Giulia Rossi",
    }
    row = page.locator("tr", has_text="Séjour à Turin")
    assert row.locator("td.num").all_inner_texts() == ["2", "2"]

    # Inès's record lists both, with her age at entry and the slots she missed.
    page.goto(f"{server.url}/youth/{ines.pk}/")
    activities = page.locator("#youth-activities")
    assert "Tournoi solidaire de jeux vidéo" in activities.inner_text()
    assert "Séjour à Turin" in activities.inner_text()
    assert "ans" in page.locator("#entry-age").inner_text()
    assert page.locator("#missed").is_visible()


def test_the_youth_list_shows_age_at_entry_attendance_and_outcome(page, server, programme, log_in):
    leaver = programme.finished_enrolments[0]
    OutcomeFactory(enrolment=leaver, exit="training", detail="CAP cuisine")
    log_in(programme.coordinator)
    page.goto(f"{server.url}/youth/")
    assert "Âge à l'accueil" in page.locator("thead").text_content()
    outcome = page.locator("tbody tr", has_text=leaver.youth.code).locator("[data-outcome]")
    assert outcome.get_attribute("data-outcome") == "training"
    chloe = programme.trainees[2]  # absent on one of the two past slots: 50 %
    row = page.locator("tbody tr", has_text=chloe.code)
    assert row.locator("[data-rate]").get_attribute("data-rate") == "0.5000"
    # Her record lists the slot she missed, with its module and status.
    page.goto(f"{server.url}/youth/{chloe.pk}/")
    missed = page.locator("#missed tbody tr")
    assert missed.count() == 1
    assert programme.module.name in missed.inner_text() and "Absent" in missed.inner_text()
