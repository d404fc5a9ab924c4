"""Browser steps of consent and information at entry (issue 12, point 1), for composed browser
tests.

Each step drives the real pages with Playwright, on a ``page`` already logged in (French
pages), and waits until the change is saved (it fails, with the page's errors, when the form
is refused), except ``exchange_youth_add`` with ``refused=True``, which expects the refusal:

- ``guardian_set(page, server, *, youth_id, name, contact)``: a counsellor or coordinator
  fills in a minor's legal guardian on the youth's edit form.
- ``consent_record(page, server, *, youth_id, kind, on, given_by, granted=True, version="",
  language="", valid_until=None)``: from the youth's page, "Enregistrer un consentement": a
  ``kind`` of ``ConsentKind`` ("notice", "image_rights", "participation", "travel" — the
  *autorisation de sortie du territoire*, which needs ``valid_until``), the day ``on`` (a
  ``datetime.date``), ``given_by`` a code of ``ConsentGiver`` ("youth", "guardian", "both");
  for a notice its ``version`` and ``language`` ("fr", "it", "en").
- ``exchange_youth_add(page, server, *, exchange_id, youth_id, refused=False) -> str``: a
  coordinator ticks a young person on an exchange's form and saves; with ``refused=True`` the
  page must refuse it, and the step returns the reason the form shows.
"""

from __future__ import annotations

import datetime as dt


def _saved(page) -> None:
    page.wait_for_load_state()
    errors = page.locator(".alert--error, .field__errors, .errorlist")
    assert not errors.count(), errors.all_inner_texts()
    page.get_by_role("status").first.wait_for()


def _date(page, selector: str, day: dt.date | None) -> None:
    page.locator(selector).fill(day.isoformat() if day else "")


def guardian_set(page, server, *, youth_id: int, name: str, contact: str) -> None:
    page.goto(f"{server.url}/youth/{youth_id}/edit/")
    page.locator("#id_guardian_name").fill(name)
    page.locator("#id_guardian_contact").fill(contact)
    page.locator("form.form [type=submit]").click()
    _saved(page)


def consent_record(
    page,
    server,
    *,
    youth_id: int,
    kind: str,
    on: dt.date,
    given_by: str,
    granted: bool = True,
    version: str = "",
    language: str = "",
    valid_until: dt.date | None = None,
) -> None:
    page.goto(f"{server.url}/youth/{youth_id}/")
    page.locator("#consent-add").click()
    page.locator("#id_kind").select_option(kind)
    _date(page, "#id_given_on", on)
    page.locator("#id_given_by").select_option(given_by)
    page.locator("#id_granted").set_checked(granted)
    page.locator("#id_version").fill(version)
    page.locator("#id_language").select_option(language)
    _date(page, "#id_valid_until", valid_until)
    page.locator("#consent-save").click()
    _saved(page)


def exchange_youth_add(
    page, server, *, exchange_id: int, youth_id: int, refused: bool = False
) -> str:
    page.goto(f"{server.url}/activities/exchanges/{exchange_id}/")
    page.locator(f'input[name="youth"][value="{youth_id}"]').check()
    page.locator("#activity-save").click()
    page.wait_for_load_state()
    if not refused:
        _saved(page)
        return ""
    errors = page.locator("#id_youth .field__errors, .field__errors")
    errors.first.wait_for()
    return errors.first.inner_text()
