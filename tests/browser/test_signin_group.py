"""Issue 10: the sign-in of a group of twenty on a 10-inch tablet, either way up — every name
on the screen at once, trainee mode, the rest marked absent, the countersignature — and the
sign-in going on while the network is down."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from teenlab.core.choices import AttendanceStatus
from teenlab.training.models import (
    Attendance,
    AttendanceEntry,
    AttendanceSignature,
    EntryKind,
    Slot,
    SlotCountersignature,
)
from tests.browser.conftest import TABLET, axe_violations, draw_signature
from tests.browser.programme import PASSWORD
from tests.factories import EnrolmentFactory, YouthFactory
from tests.training.open_slot import slot_open_now

PORTRAIT = {"width": 768, "height": 1024}
# Seventeen more young people (the programme has three), some with long names.
MORE = [
    ("Marie-Charlotte", "Delacroix-Fontaine"),
    ("Mohamed-Amine", "Benabdallah"),
    ("Léo", "Petit"),
    ("Giulia", "Martinelli"),
    ("Kylian", "Bouvier"),
    ("Anaïs", "Chevalier"),
    ("Théo", "Girard"),
    ("Sofia", "Esposito"),
    ("Rayan", "André"),
    ("Manon", "Lambert"),
    ("Enzo", "Ferrari"),
    ("Jade", "Rousseau"),
    ("Noah", "Vincent"),
    ("Camille", "Fournier-Dubois"),
    ("Adam", "Mercier"),
    ("Lina", "Haddad"),
    ("Hugo", "Blanc"),
]


def group_of_twenty(programme) -> tuple[Slot, list]:
    """The programme's cohort with twenty trainees and a slot open now."""
    cohort = programme.cohort
    youth = list(programme.trainees)
    for number, (first, last) in enumerate(MORE, 40):
        person = YouthFactory(
            project=programme.project,
            organisation=programme.home,
            code=f"J-{number:03d}",
            first_name=first,
            last_name=last,
            received_on=cohort.start_date - dt.timedelta(days=10),
        )
        EnrolmentFactory(cohort=cohort, youth=person, enrolled_on=cohort.start_date)
        youth.append(person)
    return slot_open_now(cohort=cohort, module=programme.module, code="C-NOW"), youth


def assert_every_tile_on_screen(page, viewport, count: int) -> None:
    tiles = page.locator("#signin-list > li.signin-tile")
    assert tiles.count() == count
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    for index in range(count):
        tile = tiles.nth(index)
        box = tile.bounding_box()
        name = tile.get_attribute("data-name")
        assert box is not None, name
        assert box["x"] >= 0 and box["y"] >= 0, (name, box)
        assert box["x"] + box["width"] <= viewport["width"], (name, box, viewport)
        assert box["y"] + box["height"] <= viewport["height"], (name, box, viewport)
        target = tile.locator("button, p.signin-tile__button").first.bounding_box()
        assert target["height"] >= 44 and target["width"] >= 44, (name, target)
        # The name is not cut: its text fits in its tile.
        assert tile.locator(".signin-tile__name").evaluate(
            "e => e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1"
        ), name


def sign(page, youth, *, waves: int = 4) -> None:
    page.locator(f"#sign-{youth.pk}").click()
    assert page.locator("#sign-dialog").is_visible()
    draw_signature(page, "#sign-canvas", waves=waves)
    page.locator("#sign-submit").click()


@pytest.mark.parametrize("viewport", [TABLET, PORTRAIT], ids=["landscape", "portrait"])
def test_a_group_of_twenty_signs_through_trainee_mode_and_the_trainer_closes_the_sheet(
    page, programme, log_in, viewport
):
    slot, youth = group_of_twenty(programme)
    page.set_viewport_size(viewport)
    log_in(programme.trainer)
    page.goto(f"/slots/{slot.pk}/")
    assert_every_tile_on_screen(page, viewport, 20)
    assert axe_violations(page) == []

    # The search box narrows the tiles down.
    page.locator("#signin-search").fill("delacroix")
    visible = page.locator("#signin-list > li.signin-tile:visible")
    assert visible.count() == 1
    assert visible.first.get_attribute("data-name") == "Delacroix-Fontaine Marie-Charlotte"
    page.locator("#signin-search").fill("")
    assert page.locator("#signin-list > li.signin-tile:visible").count() == 20

    # Trainee mode: the names and the pad only, every other page sends back to it.
    page.locator("#trainee-mode-enter").click()
    page.locator("body.trainee-mode").wait_for()
    for gone in ("#trainer-panel", "#countersign", "#site-nav", "#sheet-pdf", "#mark-details"):
        assert page.locator(gone).count() == 0 or not page.locator(gone).is_visible(), gone
    assert_every_tile_on_screen(page, viewport, 20)
    signers = youth[:3]
    for waves, person in enumerate(signers, 3):
        sign(page, person, waves=waves)
        page.locator(f'#row-{person.pk}[data-status="present"]').wait_for()
    # A signed tile is no longer a button in trainee mode.
    assert page.locator(f"#sign-{signers[0].pk}").count() == 0
    page.locator(f"#sign-{youth[3].pk}").click()
    assert axe_violations(page) == []
    page.locator("#sign-cancel").click()
    page.goto("/attendance/today/")
    assert page.url.endswith(f"/slots/{slot.pk}/")
    assert axe_violations(page) == []

    # Leaving needs the trainer's password: a wrong one keeps the tablet in trainee mode.
    page.locator("#trainee-leave summary").click()
    page.locator("#trainee-leave-password").fill("not the password")
    page.locator("#trainee-leave-submit").click()
    page.locator("body.trainee-mode").wait_for()
    assert "Mot de passe incorrect" in page.locator("main").inner_text()
    page.locator("#trainee-leave-password").fill(PASSWORD)
    page.locator("#trainee-leave-submit").click()
    page.locator("#trainer-panel").wait_for()

    # The trainer: a late arrival (partial), then the rest absent, confirmed.
    late = youth[4]
    arrival = (dt.datetime.combine(slot.date, slot.start) + dt.timedelta(minutes=15)).time()
    page.locator(f"#sign-{late.pk}").click()
    page.locator("#mark-details summary").click()
    late_link = page.locator("#mark-late").bounding_box()
    assert late_link is not None and late_link["height"] >= 44, late_link
    page.locator("#mark-arrival").fill(arrival.strftime("%H:%M"))
    page.locator("#mark-partial").click()
    page.locator(f'#row-{late.pk}[data-status="partial"]').wait_for()
    page.locator("#absent-rest").click()
    assert page.locator("#absent-rest-list li").count() == 16
    assert axe_violations(page) == []
    page.locator("#absent-rest-confirm").click()
    page.locator("#trainer-panel").wait_for()
    assert page.locator('#signin-list > li[data-status="absent"]').count() == 16

    draw_signature(page, "#countersign-canvas", waves=6)
    page.locator("#countersign-submit").click()
    page.locator("#locked-notice").wait_for()
    assert axe_violations(page) == []

    rows = {a.youth_id: a for a in Attendance.objects.filter(slot=slot)}
    assert len(rows) == 20
    assert {rows[p.pk].status for p in signers} == {AttendanceStatus.PRESENT}
    assert AttendanceSignature.objects.filter(attendance__slot=slot).count() == 3
    assert (rows[late.pk].status, rows[late.pk].minutes) == (
        AttendanceStatus.PARTIAL,
        slot.duration_minutes - 15,
    )
    assert sum(a.status == AttendanceStatus.ABSENT for a in rows.values()) == 16
    assert SlotCountersignature.objects.get(slot=slot).trainer == programme.trainer


def test_signatures_taken_offline_reach_the_server_once_with_their_own_time(
    page, context, programme, log_in
):
    slot, youth = group_of_twenty(programme)
    page.set_viewport_size(TABLET)
    log_in(programme.trainer)
    page.goto(f"/slots/{slot.pk}/")
    sent: list[dict] = []
    page.on(
        "request",
        lambda request: (
            sent.append(request.post_data_json or {})
            if request.method == "POST" and "/sign/" in request.url
            else None
        ),
    )

    context.set_offline(True)
    signers = youth[5:8]
    for waves, person in enumerate(signers, 3):
        sign(page, person, waves=waves)
        tile = page.locator(f'#row-{person.pk}[data-queue="pending"]')
        tile.wait_for()
        assert "En attente d'envoi" in tile.inner_text()
    queue = page.locator("#signin-queue")
    assert "3" in queue.inner_text()
    assert "Hors ligne" in queue.inner_text()
    assert not AttendanceSignature.objects.filter(attendance__slot=slot).exists()
    taken = {
        entry["youth"]: entry["taken_at"]
        for entry in page.evaluate(
            """() => new Promise((resolve) => {
                const open = indexedDB.open("teenlab-signin");
                open.onsuccess = () => {
                  const all = open.result.transaction("entries").objectStore("entries").getAll();
                  all.onsuccess = () => resolve(all.result);
                };
            })"""
        )
    }
    assert set(taken) == {str(p.pk) for p in signers}

    back_online = timezone.now()
    context.set_offline(False)
    for person in signers:
        page.locator(f'#row-{person.pk}[data-status="present"]:not([data-queue])').wait_for()
    page.locator('#signin[data-queue-size="0"]').wait_for()

    signatures = AttendanceSignature.objects.filter(attendance__slot=slot).select_related(
        "attendance"
    )
    assert sorted(s.attendance.youth_id for s in signatures) == sorted(p.pk for p in signers)
    # Each signature was taken when the device says, before the network came back: the
    # ledger keeps that time (the signature's own time is the server's, at reception).
    entries = AttendanceEntry.objects.filter(slot=slot, kind=EntryKind.SIGNATURE)
    assert sorted(e.youth_id for e in entries) == sorted(p.pk for p in signers)
    for entry in entries:
        device_time = dt.datetime.fromisoformat(taken[str(entry.youth_id)])
        assert entry.taken_at == device_time
        assert entry.taken_at < back_online <= entry.recorded_at
        assert entry.device != ""
    # Every entry went with its own key; a reload sends nothing again.
    keys = [body.get("idempotency_key") for body in sent if body]
    assert len(set(keys)) == 3
    page.reload()
    page.locator('#signin[data-queue-size="0"]').wait_for()
    assert AttendanceSignature.objects.filter(attendance__slot=slot).count() == 3
    assert AttendanceEntry.objects.filter(slot=slot, kind=EntryKind.SIGNATURE).count() == 3
