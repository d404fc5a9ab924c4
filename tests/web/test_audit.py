import pytest
from django.urls import reverse

from teenlab.core.audit import audit_log, history_for, snapshot
from teenlab.core.models import AuditEntry
from teenlab.participants.models import Youth
from tests.factories import AttendanceFactory, OutcomeFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def youth_form_data(youth, **changes):
    data = {
        "code": youth.code,
        "first_name": youth.first_name,
        "last_name": youth.last_name,
        "birth_date": youth.birth_date.isoformat() if youth.birth_date else "",
        "gender": youth.gender,
        "commune": youth.commune,
        "received_on": youth.received_on.isoformat() if youth.received_on else "",
        "info_session": youth.info_session.code if youth.info_session_id else "",
        "referred_by": youth.referred_by,
        "situation_at_entry": youth.situation_at_entry,
        "guardian_name": youth.guardian_name,
        "guardian_contact": youth.guardian_contact,
    }
    data.update(changes)
    return data


def test_editing_a_youth_records_what_it_was_and_what_it_became(client, cast):
    login(client, cast.counsellor)
    youth = cast.newcomer
    old_name = youth.first_name
    response = client.post(
        reverse("participants:youth_edit", args=[youth.pk]),
        youth_form_data(youth, first_name="Noémie", guardian_name="Mère"),
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(model="participants.youth", object_id=youth.pk, action="update")
    assert entry.user == cast.counsellor
    assert entry.youth_id == youth.pk
    assert entry.before["first_name"] == old_name and entry.after["first_name"] == "Noémie"
    assert entry.before["guardian_name"] == "" and entry.after["guardian_name"] == "Mère"
    assert "last_name" not in entry.after  # only what changed

    page = client.get(reverse("participants:youth_detail", args=[youth.pk])).content.decode()
    history = page[page.index('id="history"') :]
    assert old_name in history and "Noémie" in history
    assert "Représentant légal" in history


def test_saving_a_form_unchanged_writes_no_entry(client, cast):
    login(client, cast.counsellor)
    youth = cast.newcomer
    client.post(reverse("participants:youth_edit", args=[youth.pk]), youth_form_data(youth))
    assert not AuditEntry.objects.filter(model="participants.youth", action="update").exists()


def test_creating_a_youth_is_journaled_and_the_record_opens(client, cast, today):
    login(client, cast.coordinator)
    response = client.post(
        reverse("participants:youth_create"),
        {
            "code": "J-NEW",
            "first_name": "Luca",
            "last_name": "Rossi",
            "gender": "m",
            "birth_date": "2000-02-29",
            "received_on": today.isoformat(),
        },
    )
    youth = Youth.objects.get(code="J-NEW")
    assert response["Location"] == reverse("participants:youth_detail", args=[youth.pk])
    assert (youth.organisation, youth.project) == (cast.home, cast.project)
    entry = AuditEntry.objects.get(youth_id=youth.pk)
    assert entry.action == "create" and entry.after["last_name"] == "Rossi"


def test_a_minor_without_guardian_contact_is_refused_and_nothing_is_written(client, cast, today):
    login(client, cast.coordinator)
    data = {
        "code": "J-MINOR",
        "first_name": "Léa",
        "last_name": "Petit",
        "gender": "f",
        "birth_date": today.replace(year=today.year - 16).isoformat(),
    }
    response = client.post(reverse("participants:youth_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["guardian_contact"]
    assert not Youth.objects.filter(code="J-MINOR").exists()
    assert not AuditEntry.objects.exists()


def test_a_duplicate_code_is_refused_with_a_clear_message(client, cast):
    login(client, cast.coordinator)
    data = {"code": cast.pupil.code, "first_name": "A", "last_name": "B", "gender": "f"}
    response = client.post(reverse("participants:youth_create"), data)
    assert response.status_code == 200
    assert "déjà celui d'un autre jeune" in response.context["form"].errors["code"][0]


def test_entries_about_attendance_and_outcomes_are_filed_under_the_youth(cast):
    attendance = AttendanceFactory(slot__cohort=cast.taught, youth=cast.pupil)
    outcome = OutcomeFactory(enrolment=cast.pupil.enrolments.get())
    for obj in (attendance, outcome):
        before = snapshot(obj)
        audit_log(user=cast.trainer, action="update", obj=obj, before=before, after=before)
    assert set(AuditEntry.objects.values_list("youth_id", flat=True)) == {cast.pupil.pk}
    assert set(AuditEntry.objects.values_list("project_id", flat=True)) == {cast.project.pk}
    assert len(history_for(user=cast.coordinator, youth=cast.pupil)) == 2
