"""The access log: who opened which young person's record, who downloaded what (issue 7, #8)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from teenlab.core.models import AuditEntry
from tests.factories import AttendanceFactory, SlotFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def accesses(**filters):
    return list(AuditEntry.objects.filter(action__in=("view", "export"), **filters).order_by("seq"))


@pytest.mark.parametrize("role", ["coordinator", "counsellor", "trainer"])
def test_opening_a_youth_record_is_logged_with_who_and_which(client, cast, role):
    login(client, getattr(cast, role))
    response = client.get(reverse("participants:youth_detail", args=[cast.pupil.pk]))
    assert response.status_code == 200
    [entry] = accesses()
    assert (entry.action, entry.user, entry.model, entry.object_id, entry.youth_id) == (
        "view",
        getattr(cast, role),
        "participants.youth",
        cast.pupil.pk,
        cast.pupil.pk,
    )
    assert entry.after["page"] == "youth"
    assert entry.organisation_id == cast.home.pk and entry.project_id == cast.project.pk


def test_a_refused_record_logs_nothing(client, cast):
    login(client, cast.coordinator)
    response = client.get(reverse("participants:youth_detail", args=[cast.stranger.pk]))
    assert response.status_code == 404
    assert accesses() == []


def test_the_edit_form_and_the_correction_page_are_views_of_the_record(client, cast):
    login(client, cast.counsellor)
    client.get(reverse("participants:youth_edit", args=[cast.newcomer.pk]))
    client.logout()
    slot = SlotFactory(cohort=cast.taught)
    AttendanceFactory(slot=slot, youth=cast.pupil)
    login(client, cast.trainer)
    url = reverse("training:attendance_correct", args=[slot.pk, cast.pupil.pk])
    assert client.get(url).status_code == 200
    pages = [(entry.youth_id, entry.after["page"]) for entry in accesses()]
    assert pages == [(cast.newcomer.pk, "youth_edit"), (cast.pupil.pk, "attendance_correct")]


def test_views_are_not_part_of_the_record_history(client, cast):
    login(client, cast.coordinator)
    url = reverse("participants:youth_detail", args=[cast.newcomer.pk])
    client.get(url)
    page = client.get(url).content.decode()
    history = page[page.index('id="history"') :]
    assert "Aucune modification enregistrée." in history
    assert len(accesses()) == 2


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "json"])
def test_every_bilan_download_is_logged_with_its_scope(client, cast, fmt):
    login(client, cast.coordinator)
    scope = f"cohort:{cast.taught.code}"
    response = client.get(
        reverse("reporting:bilan_download", args=[fmt]), {"scope": scope, "lang": "it"}
    )
    assert response.status_code == 200
    [entry] = accesses()
    assert entry.action == "export" and entry.user == cast.coordinator
    assert (entry.model, entry.object_id) == ("training.cohort", cast.taught.pk)
    assert entry.after["export"] == "bilan"
    assert (entry.after["scope"], entry.after["format"], entry.after["lang"]) == (scope, fmt, "it")
    assert entry.after["file"] in response["Content-Disposition"]


def test_sign_in_sheets_are_logged(client, cast):
    slot = SlotFactory(cohort=cast.taught)
    login(client, cast.auditor)
    assert client.get(reverse("training:slot_sheet_pdf", args=[slot.pk])).status_code == 200
    week = reverse("training:cohort_week_pdf", args=[cast.taught.pk])
    assert client.get(week, {"week": slot.date.isoformat()}).status_code == 200
    exports = [(e.model, e.object_id, e.after["export"], e.user) for e in accesses()]
    assert exports == [
        ("training.slot", slot.pk, "sign_in_sheet", cast.auditor),
        ("training.cohort", cast.taught.pk, "sign_in_sheet", cast.auditor),
    ]


def test_a_data_package_export_is_logged_with_its_scope(client, cast):
    login(client, cast.coordinator)
    response = client.get(
        reverse("datapackage:package_export"), {"project": cast.project.code, "format": "zip"}
    )
    assert response.status_code == 200
    b"".join(response.streaming_content)
    [entry] = accesses()
    assert (entry.action, entry.user, entry.project_id) == (
        "export",
        cast.coordinator,
        cast.project.pk,
    )
    assert entry.after["export"] == "data_package"
    assert entry.after["scope"] == f"organisation:{cast.home.code}"
    assert entry.after["format"] == "zip"


def test_command_line_exports_are_logged(cast, tmp_path, capsys):
    call_command("export", str(tmp_path / "out.zip"), "--project", cast.project.code)
    call_command("bilan", "--project", cast.project.code, "--format", "json")
    capsys.readouterr()
    package, bilan = accesses()
    assert package.after["export"] == "data_package" and package.user is None
    assert package.after["via"] == "command" and package.after["file"].endswith("out.zip")
    assert bilan.after["export"] == "bilan" and bilan.after["format"] == "json"
    assert (bilan.model, bilan.object_id) == ("core.project", cast.project.pk)
