"""The sign-in endpoints' tablet fields (``taken_at``, ``idempotency_key``), the device session
they record, the window's refusal and the trainer's late entry page."""

import datetime as dt
import hashlib
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from teenlab.training.models import Attendance, AttendanceEntry, SlotCountersignature
from tests.factories import EnrolmentFactory, SlotFactory
from tests.training.signatures import png_data_url
from tests.web.conftest import login
from tests.web.test_training import HTMX

pytestmark = pytest.mark.django_db


def _device(client) -> str:
    return hashlib.sha256(client.session.session_key.encode()).hexdigest()


def test_a_signature_keeps_the_device_time_the_key_and_the_device_session(
    client, cast, class_of_three
):
    slot, (first, *_rest) = class_of_three
    login(client, cast.trainer)
    key = str(uuid.uuid4())
    taken = (timezone.now() - dt.timedelta(minutes=3)).replace(microsecond=0)
    data = {"image": png_data_url(), "taken_at": taken.isoformat(), "idempotency_key": key}
    url = reverse("training:attendance_sign", args=[slot.pk, first.pk])
    for _attempt in range(2):  # the tablet resends: counted once
        assert client.post(url, data, **HTMX).status_code == 200
    entry = AttendanceEntry.objects.get(slot=slot)
    assert (entry.taken_at, entry.idempotency_key, entry.collected_by) == (
        taken,
        key,
        cast.trainer,
    )
    assert entry.device == _device(client)
    assert client.session.session_key not in entry.device


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("taken_at", "yesterday"),
        ("taken_at", "2026-11-29T10:00:00"),  # no offset
        ("idempotency_key", "1234"),
    ],
)
@pytest.mark.parametrize("action", ["attendance_sign", "attendance_mark", "slot_countersign"])
def test_a_malformed_tablet_field_is_a_translated_400(
    client, cast, class_of_three, field, value, action
):
    slot, (first, *_rest) = class_of_three
    login(client, cast.trainer)
    client.cookies["django_language"] = "en"
    args = [slot.pk] if action == "slot_countersign" else [slot.pk, first.pk]
    data = {"image": png_data_url(), "status": "absent", field: value}
    response = client.post(reverse(f"training:{action}", args=args), data, **HTMX)
    assert response.status_code == 400
    text = response.content.decode()
    assert ("ISO 8601" in text) if field == "taken_at" else ("UUID" in text)
    assert "illisible" not in text and "clé" not in text
    assert not Attendance.objects.exists()
    assert not SlotCountersignature.objects.exists()


def test_outside_the_window_the_trainer_records_a_late_entry(client, cast, today):
    slot = SlotFactory(cohort=cast.taught, date=today - dt.timedelta(days=2))
    youth = cast.pupil
    login(client, cast.trainer)
    response = client.post(
        reverse("training:attendance_sign", args=[slot.pk, youth.pk]),
        {"image": png_data_url()},
        **HTMX,
    )
    assert response.status_code == 422
    assert "saisie tardive" in response.content.decode()
    page = client.get(reverse("training:slot_attendance", args=[slot.pk])).content.decode()
    late_url = reverse("training:attendance_late_entry", args=[slot.pk, youth.pk])
    assert 'id="mark-late"' in page and f'data-late-url="{late_url}"' in page

    form = client.get(late_url)
    assert form.status_code == 200 and 'id="late-form"' in form.content.decode()
    response = client.post(late_url, {"status": "present", "reason": "  "})
    assert response.status_code == 422
    assert not Attendance.objects.exists()
    response = client.post(late_url, {"status": "present", "reason": "Tablette en panne"})
    assert response.status_code == 302
    entry = AttendanceEntry.objects.get(slot=slot)
    assert (entry.kind, entry.reason, entry.youth_id) == ("late", "Tablette en panne", youth.pk)
    assert entry.device == _device(client)
    assert Attendance.objects.get(slot=slot, youth=youth).status == "present"


def test_the_late_entry_page_is_for_those_who_run_the_cohort(client, cast, slots):
    slot = slots["untaught"]
    youth = EnrolmentFactory(cohort=cast.untaught, enrolled_on=cast.untaught.start_date).youth
    url = reverse("training:attendance_late_entry", args=[slot.pk, youth.pk])
    login(client, cast.trainer)
    assert client.get(url).status_code == 404
    login(client, cast.auditor)
    assert client.get(url).status_code == 403
