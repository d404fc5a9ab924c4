"""The printed sheet as proof: every entry with its full date and time in the organisation's time
zone, who took it and on which device; a late entry with its reason; a typed name as text;
imported rows as imported; the slot's final hash."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from teenlab.datapackage.services import package_export, package_import
from teenlab.training import services
from teenlab.training.models import Attendance, AttendanceEntry
from tests.factories import SlotFactory
from tests.training.signatures import png_data_url
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_a_late_entry_prints_with_its_date_time_reason_and_device(client, cast, today):
    slot = SlotFactory(cohort=cast.taught, date=today - dt.timedelta(days=3))
    login(client, cast.trainer)
    response = client.post(
        reverse("training:attendance_late_entry", args=[slot.pk, cast.pupil.pk]),
        {"status": "present", "reason": "Tablette en panne ce jour-là"},
    )
    assert response.status_code == 302
    entry = AttendanceEntry.objects.get(slot=slot)
    text = pdf_text(client.get(reverse("training:slot_sheet_pdf", args=[slot.pk])))
    local = timezone.localtime(entry.recorded_at, zoneinfo.ZoneInfo("Europe/Paris"))
    assert f"Saisie tardive (Présent) le {local:%d/%m/%Y %H:%M}" in text
    assert "Tablette en panne ce jour-là" in text
    assert f"appareil {entry.device[:8]}" in text
    assert "sans signature" in text
    assert entry.hash in text.replace(" ", "")
    assert "Registre d'émargement : 1 entrée" in text


def test_an_organisations_time_zone_sets_the_printed_times(client, cast, today):
    cast.home.time_zone = "America/Cayenne"  # UTC-3, all year round
    cast.home.save()
    slot = SlotFactory(cohort=cast.taught, date=today - dt.timedelta(days=3))
    services.attendance_late_entry(
        slot=slot, youth=cast.pupil, status="absent", reason="Oubli", by=cast.trainer
    )
    entry = AttendanceEntry.objects.get(slot=slot)
    login(client, cast.trainer)
    text = pdf_text(client.get(reverse("training:slot_sheet_pdf", args=[slot.pk])))
    cayenne = entry.recorded_at.astimezone(zoneinfo.ZoneInfo("America/Cayenne"))
    assert f"le {cayenne:%d/%m/%Y %H:%M}" in text
    assert "America/Cayenne" in text


def test_a_typed_name_prints_as_typed_text_with_its_date_and_time(client, cast, class_of_three):
    slot, (first, *_rest) = class_of_three
    login(client, cast.trainer)
    client.post(
        reverse("training:attendance_sign", args=[slot.pk, first.pk]),
        {"image": png_data_url(), "typed_name": "Ana Lopez"},
    )
    response = client.get(reverse("training:slot_sheet_pdf", args=[slot.pk]))
    text = pdf_text(response)
    signed = Attendance.objects.get(slot=slot, youth=first).signature.signed_at
    assert "nom saisi : « Ana Lopez »" in text
    assert f"{timezone.localtime(signed):%d/%m/%Y %H:%M}" in text
    reader = PdfReader(io.BytesIO(response.content))
    assert sum(len(page.images) for page in reader.pages) == 0  # no handwriting-like image


def test_imported_rows_print_as_imported_and_verify(client, cast, slots, tmp_path):
    from django.core.management import call_command

    slot = slots["untaught"]
    services.attendance_late_entry(
        slot=slot, youth=cast.other_pupil, status="present", reason="Papier", by=cast.coordinator
    )
    package_export(project=cast.project, destination=tmp_path / "package")
    package_import(source=tmp_path / "package", replace=True)
    rows = Attendance.objects.filter(slot__project=cast.project)
    assert rows.exists()
    assert set(rows.values_list("source", flat=True)) == {"imported"}
    slot = rows.get().slot
    assert list(AttendanceEntry.objects.filter(slot=slot).values_list("kind", flat=True)) == [
        "import"
    ]
    login(client, cast.coordinator)
    text = pdf_text(client.get(reverse("training:slot_sheet_pdf", args=[slot.pk])))
    assert "importé, sans signature" in text
    call_command("attendance", "verify", stdout=io.StringIO())  # raises if not intact


def test_the_youth_record_says_which_attendance_was_imported(client, cast, slots):
    from teenlab.training.models import Attendance as Row

    slot = slots["taught"]
    Row.objects.create(slot=slot, youth=cast.pupil, status="present", source="imported")
    login(client, cast.coordinator)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("participants:youth_detail", args=[cast.pupil.pk])).content.decode()
    assert 'data-imported="1"' in page
    assert "including 1 slot imported, with no signature" in page


def test_the_sign_in_sheet_carries_the_emblem_and_the_funding_line(client, cast, today):
    cast.project.funding_statement_fr = "Projet cofinancé par le FEDER (Interreg ALCOTRA)"
    cast.project.save()
    slot = SlotFactory(cohort=cast.taught, date=today - dt.timedelta(days=1))
    login(client, cast.trainer)
    response = client.get(reverse("training:slot_sheet_pdf", args=[slot.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Union européenne · Projet cofinancé par le FEDER (Interreg ALCOTRA)" in text
    # The emblem is drawn (WeasyPrint draws an SVG image as a form XObject).
    assert "/XObject" in reader.pages[0]["/Resources"]
