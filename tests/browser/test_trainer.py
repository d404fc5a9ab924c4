"""A trainer's sign-in (émargement) on a tablet: two finger signatures, an absence, the
countersignature that locks the sheet, then the printable sheet."""

import io

from PIL import Image
from pypdf import PdfReader

from teenlab.core.choices import AttendanceStatus
from teenlab.training.models import Attendance, SlotCountersignature
from tests.browser.conftest import TABLET, draw_signature


def _ink(png: bytes) -> tuple[int, int, int, int] | None:
    """The box of the drawn pixels of a signature (None when the PNG is blank)."""
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    return image.getchannel("A").getbbox()


def test_a_trainer_takes_the_attendance_with_two_finger_signatures_and_countersigns(
    page, programme, log_in
):
    page.set_viewport_size(TABLET)
    log_in(programme.trainer)
    page.goto("/attendance/today/")
    page.locator(f"#open-slot-{programme.slot.pk}").click()
    page.wait_for_url(f"**/slots/{programme.slot.pk}/")

    signer_one, signer_two, absentee = programme.trainees
    for waves, youth in enumerate((signer_one, signer_two), 2):
        page.locator(f"#sign-{youth.pk}").click()
        dialog = page.locator("#sign-dialog")
        assert dialog.is_visible()
        assert youth.first_name in dialog.locator("[data-sign-name]").inner_text()
        draw_signature(page, "#sign-canvas", waves=waves)
        page.locator("#sign-submit").click()
        page.locator(f'#row-{youth.pk}[data-status="{AttendanceStatus.PRESENT}"]').wait_for()
    page.locator(f"#sign-{absentee.pk}").click()
    page.locator("#mark-details summary").click()
    page.locator("#mark-absent").click()
    page.locator(f'#row-{absentee.pk}[data-status="absent"]').wait_for()

    draw_signature(page, "#countersign-canvas", waves=6)
    page.locator("#countersign-submit").click()
    page.locator("#locked-notice").wait_for()
    # Locked: nobody can tap a name to sign any more.
    assert page.locator("[data-sign-url]").count() == 0

    rows = {
        a.youth_id: a
        for a in Attendance.objects.filter(slot=programme.slot).select_related("signature")
    }
    assert rows[absentee.pk].status == AttendanceStatus.ABSENT
    for youth in (signer_one, signer_two):
        signature = rows[youth.pk].signature
        assert rows[youth.pk].status == AttendanceStatus.PRESENT
        assert signature.collected_by == programme.trainer
        assert signature.typed_name == ""
        assert _ink(bytes(signature.image)) is not None, "the finger stroke did not reach the PNG"
    countersignature = SlotCountersignature.objects.get(slot=programme.slot)
    assert countersignature.trainer == programme.trainer
    assert _ink(bytes(countersignature.image)) is not None

    # The printable sheet, as the trainer's browser gets it.
    href = page.locator("#sheet-pdf").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(p.extract_text() for p in reader.pages).casefold()
    for youth in programme.trainees:
        assert youth.last_name.casefold() in text, f"{youth} is not on the sheet"
    assert programme.cohort.name.casefold() in text
    # The two signatures and the countersignature are images on the sheet.
    images = sum(len(p.images) for p in reader.pages)
    assert images >= 3, f"{images} images on the sheet"


def test_a_young_person_signs_with_the_keyboard_by_typing_their_name(page, programme, log_in):
    """Without a finger or a mouse: Enter on the name, type the name, Enter, validate."""
    log_in(programme.trainer)
    page.goto(f"/slots/{programme.slot.pk}/")
    youth = programme.trainees[1]
    page.locator(f"#sign-{youth.pk}").focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#sign-dialog")
    assert dialog.is_visible()
    # The dialog takes the focus (its title), and the keyboard reaches the typed-name field.
    assert page.evaluate("document.activeElement.closest('dialog') !== null")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "sign-typed":
            break
    assert page.evaluate("document.activeElement.id") == "sign-typed"
    page.keyboard.type(f"{youth.first_name} {youth.last_name}")
    page.keyboard.press("Enter")
    page.locator("#sign-submit").focus()
    page.keyboard.press("Enter")
    page.locator(f'#row-{youth.pk}[data-status="present"]').wait_for()
    signature = Attendance.objects.get(slot=programme.slot, youth=youth).signature
    assert signature.typed_name == f"{youth.first_name} {youth.last_name}"
    assert _ink(bytes(signature.image)) is not None
    # The focus comes back to the young person's name, for the next one.
    assert page.evaluate("document.activeElement.id") == f"sign-{youth.pk}"
