"""A coordinator's recruitment, a trainer's sign-in and the bilan's download, driven through the
real pages (composed by tests/browser/test_whole_programme.py).

- ``first_password(page, *, old, new)``: an account's first visit, its provisional password
  replaced as the application requires
- ``info_session_create(page, *, code, on, place="")``
- ``youth_receive(page, *, code, first_name, last_name, birth_date, gender, commune,
  received_on, situation="unemployed", info_session="", guardian="", guardian_name="Parent")``
- ``youth_open(page, name)``: the young person's record, from the recruitment page or the list
- ``youth_decide(page, *, name, decision, on, reason="", redirected_to="", detail="",
  waiting_until=None)``
- ``youth_recruit(page, *, name, cohort, on, justification="")``
- ``slot_sign_in(page, *, slot_id, signers, absent=(), excused=())``: on a tablet, each signer
  signs with a finger, the trainer marks the absent and the excused, then countersigns
- ``bilan_json(page) -> dict``: the bilan the coordinator downloads as JSON

Names are "LAST First" as the pages print them. Dates are ``datetime.date``.
"""

from __future__ import annotations

import datetime as dt
import json

from tests.browser.conftest import draw_signature


def _date(page, selector: str, value: dt.date | None) -> None:
    page.locator(selector).fill(value.isoformat() if value else "")


def _saved(page) -> None:
    """The form was accepted: no error summary on the page that follows."""
    page.wait_for_load_state()
    errors = page.locator(".alert--error, .errorlist")
    assert not errors.count(), errors.all_inner_texts()


def first_password(page, *, old: str, new: str) -> None:
    page.goto("/")
    page.wait_for_url("**/password/**")
    page.locator("#id_old_password").fill(old)
    page.locator("#id_new_password1").fill(new)
    page.locator("#id_new_password2").fill(new)
    page.locator("form [type=submit]").last.click()
    _saved(page)
    page.goto("/")
    assert "/password/" not in page.url, page.url


def info_session_create(page, *, code: str, on: dt.date, place: str = "") -> None:
    page.goto("/recruitment/sessions/new/")
    page.locator("#id_code").fill(code)
    _date(page, "#id_date", on)
    page.locator("#id_place").fill(place)
    page.locator("form.form [type=submit]").click()
    _saved(page)


def youth_receive(
    page,
    *,
    code: str,
    first_name: str,
    last_name: str,
    birth_date: dt.date,
    gender: str,
    commune: str,
    received_on: dt.date,
    situation: str = "unemployed",
    info_session: str = "",
    guardian: str = "",
    guardian_name: str = "Parent",
) -> None:
    page.goto("/youth/new/")
    page.locator("#id_code").fill(code)
    page.locator("#id_first_name").fill(first_name)
    page.locator("#id_last_name").fill(last_name)
    _date(page, "#id_birth_date", birth_date)
    page.locator("#id_gender").select_option(gender)
    page.locator("#id_commune").fill(commune)
    _date(page, "#id_received_on", received_on)
    if info_session:
        page.locator("#id_info_session").select_option(label=info_session)
    page.locator("#id_situation_at_entry").select_option(situation)
    if guardian:
        page.locator("#id_guardian_name").fill(guardian_name)
        page.locator("#id_guardian_contact").fill(guardian)
    page.locator("form.form [type=submit]").click()
    _saved(page)


def youth_open(page, name: str) -> None:
    page.goto(f"/youth/?q={name.split()[0]}")
    page.get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_load_state()


def youth_decide(
    page,
    *,
    name: str,
    decision: str,
    on: dt.date,
    reason: str = "",
    redirected_to: str = "",
    detail: str = "",
    waiting_until: dt.date | None = None,
) -> None:
    youth_open(page, name)
    page.locator("#youth-decide").click()
    page.locator(f"input[name=decision][value={decision}]").check()
    _date(page, "#id_decided_on", on)
    page.locator("#id_reason").fill(reason)
    if redirected_to:
        page.locator("#id_redirected_to").select_option(redirected_to)
    page.locator("#id_redirected_detail").fill(detail)
    _date(page, "#id_waiting_until", waiting_until)
    page.locator("#decision-submit").click()
    _saved(page)


def youth_recruit(page, *, name: str, cohort: str, on: dt.date, justification: str = "") -> None:
    youth_open(page, name)
    page.get_by_role("link", name="Recruter dans une session").click()
    page.locator("#id_cohort").select_option(label=cohort)
    _date(page, "#id_enrolled_on", on)
    if justification:
        page.locator("#id_eligibility_justification").fill(justification)
    page.locator("form.form [type=submit]").click()
    _saved(page)


def slot_sign_in(
    page, *, slot_id: int, signers: list[int], absent: list[int] = (), excused: list[int] = ()
) -> None:
    """``signers``, ``absent``, ``excused``: the young people's ids (tiles ``#sign-<id>``)."""
    page.goto(f"/slots/{slot_id}/")
    for number, youth_id in enumerate(signers):
        page.locator(f"#sign-{youth_id}").click()
        draw_signature(page, "#sign-canvas", waves=3 + number % 4)
        page.locator("#sign-submit").click()
        page.locator(f'#row-{youth_id}[data-status="present"]').wait_for()
    for status, marked in (("absent", absent), ("excused", excused)):
        for youth_id in marked:
            page.locator(f"#sign-{youth_id}").click()
            page.locator("#mark-details summary").click()
            page.locator(f"#mark-{status}").click()
            page.locator(f'#row-{youth_id}[data-status="{status}"]').wait_for()
    draw_signature(page, "#countersign-canvas", waves=6)
    page.locator("#countersign-submit").click()
    page.locator("#locked-notice").wait_for()


def bilan_json(page) -> dict:
    page.goto("/bilan/")
    page.locator("#bilan-form [type=submit]").click()
    page.locator("#bilan-report article.bilan").wait_for()
    with page.expect_download() as download:
        page.locator("#bilan-download-json").click()
    return json.loads(download.value.path().read_text(encoding="utf-8"))
