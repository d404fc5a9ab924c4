"""A young person's subject-access export (issue 12, point 4; GDPR Art. 15, 20): everything held
about them, as JSON and as a PDF in their language, produced by a coordinator or counsellor of
their organisation from their page, journaled, with each signature and each access to their
record."""

import base64
import datetime as dt
import hashlib
import io
import json

import pytest
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from teenlab.core.audit import audited_save
from teenlab.core.models import AuditEntry
from teenlab.datapackage.services import package_import
from teenlab.demo.generate import PACKAGE_DIR
from teenlab.participants.models import Youth
from teenlab.training.models import Attendance, AttendanceSignature
from tests.factories import (
    AttendanceFactory,
    AttendanceSignatureFactory,
    ConsentFactory,
    EventFactory,
    EventParticipantFactory,
    FollowUpFactory,
    OutcomeFactory,
    SensitiveNoteFactory,
    SlotFactory,
    UserFactory,
    png_image,
)
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

SECRET = "Asthme sévère — inhalateur dans le sac"


def url(youth, fmt="json", **query):
    target = reverse("privacy:subject_access", args=[youth.pk, fmt])
    if query:
        target += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return target


def export_json(client, youth, **query) -> dict:
    response = client.get(url(youth, "json", **query))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def pixels(png: bytes) -> tuple:
    image = Image.open(io.BytesIO(png)).convert("L")
    return image.size, image.tobytes()


def pdf_text(content: bytes) -> tuple[str, set]:
    """The PDF's text, and the pictures it shows (as their size and grey pixels: WeasyPrint
    re-encodes a PNG, the picture stays the same)."""
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    shown = {
        (image.image.size, image.image.convert("L").tobytes())
        for page in reader.pages
        for image in page.images
    }
    return text, shown


def sign_every_attendance(youth) -> dict[int, bytes]:
    """A distinct signature on each of ``youth``'s attendance rows: {attendance id: PNG}."""
    images = {}
    for n, attendance in enumerate(Attendance.objects.filter(youth=youth).order_by("pk")):
        image = png_image(3 + n, 2 + n % 3)
        AttendanceSignatureFactory(attendance=attendance, image=image, typed_name=str(youth))
        images[attendance.pk] = image
    return images


def opened_by(client, youth, users) -> list[int]:
    """``users`` open the record of ``youth`` in turn; the journal's entries of those reads."""
    before = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    for user in users:
        login(client, user)
        assert client.get(reverse("participants:youth_detail", args=[youth.pk])).status_code == 200
        client.logout()
    reads = AuditEntry.objects.filter(seq__gt=before, action="view", youth_id=youth.pk)
    assert reads.count() == len(users)
    return list(reads.values_list("seq", flat=True))


@pytest.fixture
def pupil(cast, today):
    youth = cast.pupil
    for days in (1, 2, 3):
        slot = SlotFactory(cohort=cast.taught, date=today - dt.timedelta(days=days))
        AttendanceFactory(slot=slot, youth=youth)
    enrolment = youth.enrolments.get()
    OutcomeFactory(enrolment=enrolment)
    FollowUpFactory(enrolment=enrolment)
    EventParticipantFactory(event=EventFactory(cohort=cast.taught), youth=youth)
    ConsentFactory(youth=youth)
    youth.commune = "Menton"
    audited_save(youth, by=cast.counsellor)  # a change of the record, in its history
    return youth


def test_the_json_holds_each_signature_and_each_access(client, cast, pupil):
    images = sign_every_attendance(pupil)
    assert len(images) == 3
    reads = opened_by(client, pupil, [cast.coordinator, cast.counsellor, cast.trainer])
    reads += opened_by(client, pupil, [cast.counsellor])

    login(client, cast.counsellor)
    held = export_json(client, pupil)

    assert held["format"] == "teenlab-subject-access"
    assert held["youth"]["first_name"] == pupil.first_name
    assert held["youth"]["code"] == pupil.code
    signed = {row["id"]: row["signature"] for row in held["attendance"] if row["signature"]}
    assert signed.keys() == images.keys()
    for attendance_id, image in images.items():
        assert base64.b64decode(signed[attendance_id]["png_base64"]) == image
        assert signed[attendance_id]["sha256"] == hashlib.sha256(image).hexdigest()
    logged = {entry["seq"]: entry for entry in held["access_log"]}
    assert set(reads) <= logged.keys()
    assert {logged[seq]["by"] for seq in reads} == {
        user.get_full_name() or user.username
        for user in (cast.coordinator, cast.counsellor, cast.trainer)
    }
    # The export is itself an access, journaled before it was built: it lists itself.
    [export] = AuditEntry.objects.filter(action="export", youth_id=pupil.pk)
    assert export.user == cast.counsellor and export.after["export"] == "subject_access"
    assert logged[export.seq]["details"]["format"] == "json"
    # Everything else held: the record's history, consents, enrolment, outcome, follow-up, event.
    [change] = held["history"]
    assert (change["action"], change["after"]["commune"]) == ("update", "Menton")
    assert len(held["consents"]) == 1
    [enrolment] = held["enrolments"]
    assert enrolment["outcome"]["exit"] and len(enrolment["follow_ups"]) == 1
    assert len(held["events"]) == 1


def test_the_pdf_shows_each_signature_with_its_hash_and_each_access(client, cast, pupil):
    images = sign_every_attendance(pupil)
    reads = opened_by(client, pupil, [cast.coordinator, cast.trainer])
    login(client, cast.coordinator)
    response = client.get(url(pupil, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text, pictures = pdf_text(response.content)
    assert pictures == {pixels(image) for image in images.values()}
    flat = "".join(text.split())
    for image in images.values():
        assert hashlib.sha256(image).hexdigest() in flat
    assert pupil.last_name in text
    accesses = AuditEntry.objects.filter(youth_id=pupil.pk, action__in=("view", "export"))
    assert set(reads) < set(accesses.values_list("seq", flat=True))
    assert text.count(cast.trainer.get_full_name() or cast.trainer.username) >= 1


def test_a_demo_youth_export_holds_each_signature_and_each_access(client):
    result = package_import(source=PACKAGE_DIR)
    assert result.ok
    youth = (
        Youth.objects.filter(attendance__isnull=False)
        .select_related("organisation")
        .order_by("code")
        .first()
    )
    images = sign_every_attendance(youth)
    assert images
    users = [
        UserFactory(organisation=youth.organisation, is_coordinator=True),
        UserFactory(organisation=youth.organisation, is_counsellor=True),
        UserFactory(organisation=youth.organisation, is_coordinator=True),
    ]
    reads = opened_by(client, youth, users + users[:1])
    login(client, users[1])
    held = export_json(client, youth)
    signatures = {
        row["signature"]["sha256"]: base64.b64decode(row["signature"]["png_base64"])
        for row in held["attendance"]
        if row["signature"]
    }
    stored = {
        hashlib.sha256(bytes(s.image)).hexdigest(): bytes(s.image)
        for s in AttendanceSignature.objects.filter(attendance__youth=youth)
    }
    assert signatures == stored and len(stored) == len(images)
    assert len(held["attendance"]) == Attendance.objects.filter(youth=youth).count()
    assert set(reads) <= {entry["seq"] for entry in held["access_log"]}

    response = client.get(url(youth, "pdf"))
    text, pictures = pdf_text(response.content)
    assert pictures == {pixels(image) for image in stored.values()}
    flat = "".join(text.split())
    assert all(digest in flat for digest in stored)


@pytest.mark.parametrize("role", ["trainer", "partner", "auditor"])
def test_other_roles_are_refused(client, cast, pupil, role):
    login(client, getattr(cast, role))
    assert client.get(url(pupil)).status_code == 403
    assert client.get(url(pupil, "pdf")).status_code == 403
    assert not AuditEntry.objects.filter(action="export").exists()


def test_another_organisations_youth_is_not_found(client, cast):
    login(client, cast.away_coordinator)
    assert client.get(url(cast.pupil)).status_code == 404
    login(client, cast.coordinator)
    assert client.get(url(cast.stranger)).status_code == 404
    assert client.get(url(cast.pupil, "xml")).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_button_is_on_the_youths_page_for_who_may_use_it(client, cast):
    page = reverse("participants:youth_detail", args=[cast.pupil.pk])
    login(client, cast.counsellor)
    assert 'id="subject-access-pdf"' in client.get(page).content.decode()
    login(client, cast.trainer)
    assert 'id="subject-access-pdf"' not in client.get(page).content.decode()


def test_the_sensitive_note_is_given_by_a_counsellor_only(client, cast, pupil):
    SensitiveNoteFactory(youth=pupil, text=SECRET)
    login(client, cast.coordinator)
    held = export_json(client, pupil)
    assert held["sensitive_note"]["included"] is False and "text" not in held["sensitive_note"]
    assert SECRET not in json.dumps(held, ensure_ascii=False)
    assert not AuditEntry.objects.filter(action="view", after__page="subject_access").exists()

    login(client, cast.counsellor)
    held = export_json(client, pupil)
    assert held["sensitive_note"] == {
        "included": True,
        "text": SECRET,
        "updated_at": held["sensitive_note"]["updated_at"],
    }
    # That read is journaled as every read of the note: it appears in the next export.
    [read] = AuditEntry.objects.filter(action="view", after__page="subject_access")
    assert (read.user, read.youth_id, read.model) == (
        cast.counsellor,
        pupil.pk,
        "participants.sensitivenote",
    )
    later = export_json(client, pupil)
    assert read.seq in {entry["seq"] for entry in later["access_log"]}


def test_the_pdf_is_in_the_youths_language(client, cast, pupil):
    ConsentFactory(youth=pupil, kind="notice", language="it", given_on=dt.date.today())
    login(client, cast.counsellor)
    text, _ = pdf_text(client.get(url(pupil, "pdf")).content)
    assert "I tuoi dati personali" in text and "Vos données personnelles" not in text
    text, _ = pdf_text(client.get(url(pupil, "pdf", lang="en")).content)
    assert "Your personal data" in text
    assert "last name" in text  # the surname, not a name in general ("nom")
    assert export_json(client, pupil)["language"] == "it"


def test_an_unknown_language_is_refused_and_nothing_journaled(client, cast, pupil):
    login(client, cast.counsellor)
    response = client.get(url(pupil, "pdf", lang="xx"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("participants:youth_detail", args=[pupil.pk])
    assert "Langue inconnue" in response.content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()
