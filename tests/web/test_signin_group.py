"""The sign-in of a group on a tablet: the tiles, trainee mode (enforced on the server), the
trainer's "mark the rest absent" and a partial presence given as an arrival or departure time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from teenlab.core.models import AuditEntry
from teenlab.training import trainee_mode
from teenlab.training.models import (
    Attendance,
    AttendanceEntry,
    AttendanceSignature,
    EntryKind,
)
from tests.factories import EnrolmentFactory, SlotFactory
from tests.training.open_slot import slot_open_now
from tests.training.signatures import png_data_url
from tests.web.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def slots(cast, today):
    return {
        "taught": SlotFactory(cohort=cast.taught, date=today),
        "untaught": SlotFactory(cohort=cast.untaught, date=today),
    }


@pytest.fixture
def group(cast):
    """Today's slot of the taught cohort, open now, with the pupil and three more expected."""
    slot = slot_open_now(cohort=cast.taught)
    others = [
        EnrolmentFactory(cohort=cast.taught, enrolled_on=cast.taught.start_date).youth
        for _ in range(3)
    ]
    return slot, [cast.pupil, *others]


def _page(client, slot) -> str:
    return client.get(reverse("training:slot_attendance", args=[slot.pk])).content.decode()


def _enter(client, slot):
    response = client.post(reverse("training:trainee_mode_enter", args=[slot.pk]))
    assert response.status_code == 302
    assert client.session[trainee_mode.SESSION_KEY] == slot.pk


def test_every_expected_trainee_has_a_tile_with_its_state(client, cast, group):
    slot, youth = group
    login(client, cast.trainer)
    client.post(
        reverse("training:attendance_sign", args=[slot.pk, youth[0].pk]),
        {"image": png_data_url()},
    )
    client.post(
        reverse("training:attendance_mark", args=[slot.pk, youth[1].pk]), {"status": "excused"}
    )
    page = _page(client, slot)
    assert page.count('class="signin-tile ') == len(youth)
    assert 'id="signin-search"' in page
    assert f'id="row-{youth[0].pk}" data-youth="{youth[0].pk}" data-status="present"' in page
    assert f'id="row-{youth[1].pk}" data-youth="{youth[1].pk}" data-status="excused"' in page
    assert page.count('data-status="waiting"') == 2
    # The marks sit in the one dialog, for the trainer; not under every name.
    assert page.count('id="mark-details"') == 1
    assert 'id="trainer-panel"' in page


def test_trainee_mode_shows_only_the_names_and_the_pad(client, cast, group):
    slot, youth = group
    login(client, cast.trainer)
    client.post(
        reverse("training:attendance_sign", args=[slot.pk, youth[0].pk]),
        {"image": png_data_url()},
    )
    _enter(client, slot)
    page = _page(client, slot)
    assert "trainee-mode" in page
    for absent in ("mark-details", "trainer-panel", "countersign-form", "sheet-pdf", "mark-absent"):
        assert f'id="{absent}"' not in page, absent
    assert 'id="trainee-leave-form"' in page
    # Who has signed cannot be signed over; the others tap their name.
    assert f'id="sign-{youth[0].pk}"' not in page
    for other in youth[1:]:
        assert f'id="sign-{other.pk}"' in page


def test_trainee_mode_reaches_only_its_screen_and_the_sign_endpoint(client, cast, group, slots):
    slot, youth = group
    login(client, cast.trainer)
    _enter(client, slot)
    screen = reverse("training:slot_attendance", args=[slot.pk])
    for url in (
        reverse("training:today"),
        reverse("dashboard:index"),
        reverse("training:slot_sheet_pdf", args=[slot.pk]),
        reverse("training:slot_attendance", args=[slots["taught"].pk]),
        reverse("training:attendance_correct", args=[slot.pk, youth[0].pk]),
        reverse("password_change"),
        "/admin/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == screen, url
    response = client.get(reverse("training:today"), **HTMX)
    assert response["HX-Redirect"] == screen
    # Marks, the countersignature, the bulk absence, logging out: refused while in trainee mode.
    for url, data in (
        (reverse("training:attendance_mark", args=[slot.pk, youth[1].pk]), {"status": "absent"}),
        (reverse("training:slot_countersign", args=[slot.pk]), {"image": png_data_url()}),
        (reverse("training:slot_absent_rest", args=[slot.pk]), {}),
        (reverse("logout"), {}),
    ):
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert response[trainee_mode.REFUSED_HEADER] == "1"
    assert not Attendance.objects.exists()
    assert client.get(reverse("dashboard:index")).status_code == 302  # still logged in
    # Signing works.
    response = client.post(
        reverse("training:attendance_sign", args=[slot.pk, youth[1].pk]),
        {"image": png_data_url()},
        **HTMX,
    )
    assert response.status_code == 200
    assert Attendance.objects.get(youth=youth[1]).status == "present"
    assert client.get(screen).status_code == 200


def test_leaving_trainee_mode_needs_the_trainers_password(client, cast, group):
    slot, _youth = group
    login(client, cast.trainer)
    _enter(client, slot)
    leave = reverse("training:trainee_mode_leave", args=[slot.pk])
    response = client.post(leave, {"password": "not-the-password"}, follow=True)
    assert "Mot de passe incorrect" in response.content.decode()
    assert client.session[trainee_mode.SESSION_KEY] == slot.pk
    response = client.post(leave, {"password": ""}, follow=True)
    assert client.session[trainee_mode.SESSION_KEY] == slot.pk
    response = client.post(leave, {"password": PASSWORD}, follow=True)
    assert trainee_mode.SESSION_KEY not in client.session
    assert 'id="trainer-panel"' in response.content.decode()
    assert client.get(reverse("training:today")).status_code == 200


def test_wrong_passwords_are_throttled(client, cast, group):
    slot, _youth = group
    login(client, cast.trainer)
    _enter(client, slot)
    leave = reverse("training:trainee_mode_leave", args=[slot.pk])
    for _ in range(trainee_mode.MAX_FAILURES):
        client.post(leave, {"password": "guess"})
    # Even the right password waits now.
    response = client.post(leave, {"password": PASSWORD}, follow=True)
    assert "Trop d&#x27;essais" in response.content.decode()
    assert client.session[trainee_mode.SESSION_KEY] == slot.pk
    # Once the wait is over (the session's deadline moved to the past), the password works.
    session = client.session
    session[trainee_mode.WAIT_KEY] = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)).isoformat()
    session.save()
    client.post(leave, {"password": PASSWORD})
    assert trainee_mode.SESSION_KEY not in client.session


def test_trainee_mode_is_for_those_who_run_the_slot(client, cast, group, slots):
    slot, _youth = group
    login(client, cast.auditor)
    assert client.post(reverse("training:trainee_mode_enter", args=[slot.pk])).status_code == 403
    login(client, cast.trainer)
    untaught = slots["untaught"]
    response = client.post(reverse("training:trainee_mode_enter", args=[untaught.pk]))
    assert response.status_code == 404
    assert trainee_mode.SESSION_KEY not in client.session


def test_the_rest_is_marked_absent_after_a_confirmation(client, cast, group):
    slot, youth = group
    login(client, cast.trainer)
    client.post(
        reverse("training:attendance_sign", args=[slot.pk, youth[0].pk]),
        {"image": png_data_url()},
    )
    url = reverse("training:slot_absent_rest", args=[slot.pk])
    page = client.get(url).content.decode()
    assert 'id="absent-rest-confirm"' in page
    for other in youth[1:]:
        assert f'data-youth="{other.pk}"' in page
    assert f'data-youth="{youth[0].pk}"' not in page
    assert Attendance.objects.count() == 1  # the confirmation page changes nothing
    journal = AuditEntry.objects.count()
    response = client.post(url, follow=True)
    assert "3 jeune(s) marqué(s) absent(s)" in response.content.decode()
    statuses = dict(Attendance.objects.values_list("youth_id", "status"))
    assert statuses == {youth[0].pk: "present", **{y.pk: "absent" for y in youth[1:]}}
    assert AuditEntry.objects.count() - journal >= 3
    ledger = AttendanceEntry.objects.filter(slot=slot, kind=EntryKind.MARK)
    assert sorted(ledger.values_list("youth_id", flat=True)) == sorted(y.pk for y in youth[1:])
    assert all(entry.device for entry in ledger)
    assert AttendanceSignature.objects.count() == 1
    # Nobody left: the page says so, a second POST marks nobody.
    assert "Chaque jeune a déjà signé" in client.get(url).content.decode()
    client.post(url)
    assert Attendance.objects.count() == len(youth)


def test_the_rest_cannot_be_marked_absent_on_a_locked_sheet(client, cast, group):
    slot, youth = group
    login(client, cast.trainer)
    for other in youth:
        client.post(
            reverse("training:attendance_mark", args=[slot.pk, other.pk]), {"status": "excused"}
        )
    client.post(reverse("training:slot_countersign", args=[slot.pk]), {"image": png_data_url()})
    Attendance.objects.filter(youth=youth[0]).delete()  # as if forgotten
    response = client.post(reverse("training:slot_absent_rest", args=[slot.pk]), follow=True)
    assert "verrouillé" in response.content.decode()
    assert not Attendance.objects.filter(youth=youth[0]).exists()


@pytest.mark.parametrize(
    ("arrival", "departure", "expected"),
    [("late", "", "arrival"), ("", "early", "departure"), ("late", "early", "both")],
)
def test_a_partial_presence_is_an_arrival_or_a_departure_time(
    client, cast, group, arrival, departure, expected
):
    slot, youth = group
    login(client, cast.trainer)
    start = dt.datetime.combine(slot.date, slot.start)
    late = (start + dt.timedelta(minutes=20)).time()
    early = (start + dt.timedelta(minutes=50)).time()
    data = {
        "status": "partial",
        "arrival": late.strftime("%H:%M") if arrival else "",
        "departure": early.strftime("%H:%M") if departure else "",
    }
    response = client.post(
        reverse("training:attendance_mark", args=[slot.pk, youth[0].pk]), data, **HTMX
    )
    assert response.status_code == 200
    minutes = {
        "arrival": slot.duration_minutes - 20,
        "departure": 50,
        "both": 30,
    }[expected]
    row = Attendance.objects.get(youth=youth[0])
    assert (row.status, row.minutes) == ("partial", minutes)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "partial", "arrival": "25:00"}, "illisible"),
        ({"status": "partial", "departure": "n'importe"}, "illisible"),
        ({"status": "partial", "arrival": "00:00"}, "comprise entre"),
        ({"status": "partial", "departure": "23:59:59"}, "comprise entre"),
    ],
)
def test_a_wrong_time_is_refused_with_a_message(client, cast, group, data, message):
    slot, youth = group
    login(client, cast.trainer)
    if slot.start == dt.time(0, 0) and data.get("arrival") == "00:00":
        data = {"status": "partial", "arrival": slot.start.strftime("%H:%M")}
    response = client.post(
        reverse("training:attendance_mark", args=[slot.pk, youth[0].pk]), data, **HTMX
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_departure_before_the_arrival_is_refused(client, cast, group):
    slot, youth = group
    login(client, cast.trainer)
    start = dt.datetime.combine(slot.date, slot.start)
    data = {
        "status": "partial",
        "arrival": (start + dt.timedelta(minutes=40)).strftime("%H:%M"),
        "departure": (start + dt.timedelta(minutes=10)).strftime("%H:%M"),
    }
    response = client.post(
        reverse("training:attendance_mark", args=[slot.pk, youth[0].pk]), data, **HTMX
    )
    assert response.status_code == 422
    assert "doit suivre" in response.content.decode()
    assert not Attendance.objects.exists()
