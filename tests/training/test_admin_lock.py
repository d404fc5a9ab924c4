"""A countersigned slot's attendance is evidence: the admin cannot edit, delete or add to it."""

import pytest
from django.urls import reverse

from teenlab.core.choices import AttendanceStatus
from teenlab.training.models import Attendance
from tests.factories import AttendanceFactory, EnrolmentFactory, SlotCountersignatureFactory


@pytest.fixture
def locked_attendance():
    attendance = AttendanceFactory(status=AttendanceStatus.ABSENT)
    SlotCountersignatureFactory(slot=attendance.slot)
    return attendance


@pytest.mark.django_db
def test_it_refuses_to_change_a_countersigned_attendance(admin_client, locked_attendance):
    url = reverse("admin:training_attendance_change", args=[locked_attendance.pk])
    response = admin_client.post(
        url,
        {
            "slot": locked_attendance.slot_id,
            "youth": locked_attendance.youth_id,
            "status": AttendanceStatus.PRESENT,
        },
    )

    assert response.status_code == 403
    locked_attendance.refresh_from_db()
    assert locked_attendance.status == AttendanceStatus.ABSENT


@pytest.mark.django_db
def test_it_refuses_to_delete_a_countersigned_attendance(admin_client, locked_attendance):
    url = reverse("admin:training_attendance_delete", args=[locked_attendance.pk])

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 403
    assert Attendance.objects.filter(pk=locked_attendance.pk).exists()


@pytest.mark.django_db
def test_it_refuses_to_add_attendance_to_a_countersigned_slot(admin_client, locked_attendance):
    newcomer = EnrolmentFactory(cohort=locked_attendance.slot.cohort).youth

    response = admin_client.post(
        reverse("admin:training_attendance_add"),
        {"slot": locked_attendance.slot_id, "youth": newcomer.pk, "status": "present"},
    )

    assert response.status_code == 200
    assert "contre-signé" in response.content.decode()
    assert not Attendance.objects.filter(youth=newcomer).exists()


@pytest.mark.django_db
def test_it_keeps_an_unlocked_attendance_editable(admin_client):
    attendance = AttendanceFactory(status=AttendanceStatus.ABSENT)
    url = reverse("admin:training_attendance_change", args=[attendance.pk])

    response = admin_client.post(
        url,
        {"slot": attendance.slot_id, "youth": attendance.youth_id, "status": "present"},
    )

    assert response.status_code == 302
    attendance.refresh_from_db()
    assert attendance.status == AttendanceStatus.PRESENT
