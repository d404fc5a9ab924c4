"""Subject access and the information notice (issue 12, points 4 and 5), through the real
pages: a counsellor downloads a young person's data as PDF and JSON from their page, with
their signatures; anyone reads the notice in French, Italian and English, and prints it."""

import base64
import hashlib
import io
import json

import pytest
from pypdf import PdfReader

from teenlab.participants.notice import NOTICE_VERSION
from teenlab.training.models import Attendance
from tests.browser.conftest import axe_violations, csp_violations
from tests.browser.steps_access import notice_open, subject_access_download
from tests.factories import AttendanceSignatureFactory, png_image

HEADINGS = {
    "fr": "Qui s'occupe de vos données ?",
    "it": "Chi si occupa dei tuoi dati?",
    "en": "Who looks after your data?",
}


def test_a_counsellor_downloads_a_young_persons_data(page, server, programme, log_in):
    youth = programme.trainees[0]
    attendance = Attendance.objects.filter(youth=youth).order_by("pk")[:2]
    images = [png_image(5 + n, 3) for n in range(len(attendance))]
    for row, image in zip(attendance, images, strict=True):
        AttendanceSignatureFactory(attendance=row, image=image)

    log_in(programme.counsellor)
    held = json.loads(subject_access_download(page, server, youth_id=youth.pk, fmt="json"))
    assert held["youth"]["last_name"] == youth.last_name
    shown = {
        base64.b64decode(row["signature"]["png_base64"])
        for row in held["attendance"]
        if row["signature"]
    }
    assert set(images) <= shown
    assert any(
        entry["details"].get("page") == "youth" and entry["by"] for entry in held["access_log"]
    )

    pdf = subject_access_download(page, server, youth_id=youth.pk, fmt="pdf")
    text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert youth.last_name.replace(" ", "") in text
    assert all(hashlib.sha256(image).hexdigest() in text for image in images)


@pytest.mark.parametrize("lang", HEADINGS)
def test_the_notice_renders_in_each_language(page, server, lang):
    assert notice_open(page, server, lang=lang) == NOTICE_VERSION
    assert page.locator("html").get_attribute("lang") == lang
    assert page.get_by_role("heading", name=HEADINGS[lang]).is_visible()
    assert page.locator("#notice-print").is_visible()
    assert axe_violations(page) == []


def test_the_login_page_leads_to_the_notice(page, server):
    assert notice_open(page, server) == NOTICE_VERSION
    assert page.get_by_role("heading", name=HEADINGS["fr"]).is_visible()


def test_the_notice_and_its_print_button_keep_the_strict_csp(strict_context, server):
    page = strict_context.new_page()
    assert notice_open(page, server, lang="it") == NOTICE_VERSION
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.locator("#notice-print").click()
    assert page.evaluate("window.__printed === true")
    assert csp_violations(page) == []
