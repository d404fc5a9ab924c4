"""Browser steps of retention and erasure (issue 12, point 3), for composed browser tests.

Each step drives the real pages with Playwright, on a ``page`` already logged in (French
pages), and returns once the page has saved (it raises ``AssertionError`` with the page's
errors otherwise):

- ``retention_policy_set(page, server, *, project_id, years=None, audit_until=None)``: a
  coordinator of the lead partner (or a superuser), on the project's set-up tab
  "Conservation": the years kept after the last contact (``None``: empty, 2) and the end of
  the funder's audit period (a ``datetime.date``; ``None``: empty).
- ``retention_due(page, server) -> list[str]``: a coordinator opens "Conservation des données"
  and reads the codes of their organisation's young people due for anonymisation.
- ``retention_apply(page, server) -> list[str]``: the same page; the coordinator ticks the
  confirmation and clicks "Anonymiser"; returns the codes that were listed.
- ``erasure_request(page, server, *, youth_id, requested_on, requested_by="youth",
  decision="erased", exception="")``: a counsellor or coordinator, from the youth's page,
  "Demande d'effacement": the request's day, who asked (``"youth"``, ``"guardian"``), the
  decision (``"erased"``, ``"refused"``; a refusal names ``exception="legal_claims"``),
  confirmed.
"""

from __future__ import annotations

import datetime as dt


def _saved(page) -> None:
    page.wait_for_load_state()
    errors = page.locator(".alert--error, .field__errors, .errorlist")
    assert not errors.count(), errors.all_inner_texts()
    page.get_by_role("status").first.wait_for()


def retention_policy_set(
    page,
    server,
    *,
    project_id: int,
    years: int | None = None,
    audit_until: dt.date | None = None,
) -> None:
    page.goto(f"{server.url}/projects/{project_id}/")
    page.locator("#project-tabs").get_by_role("link", name="Conservation").click()
    page.locator("#id_retention_years").fill("" if years is None else str(years))
    page.locator("#id_audit_retention_until").fill(audit_until.isoformat() if audit_until else "")
    page.locator("#retention-submit").click()
    _saved(page)


def retention_due(page, server) -> list[str]:
    page.goto(f"{server.url}/")
    page.get_by_role("link", name="Conservation des données").first.click()
    page.locator("#retention-due").wait_for()
    return page.locator("#retention-due-table tbody tr").evaluate_all(
        "rows => rows.map(row => row.dataset.code)"
    )


def retention_apply(page, server) -> list[str]:
    codes = retention_due(page, server)
    page.locator("#id_confirm").check()
    page.locator("#retention-apply").click()
    _saved(page)
    return codes


def erasure_request(
    page,
    server,
    *,
    youth_id: int,
    requested_on: dt.date,
    requested_by: str = "youth",
    decision: str = "erased",
    exception: str = "",
) -> None:
    page.goto(f"{server.url}/youth/{youth_id}/")
    page.locator("#erasure-open").click()
    page.locator("#id_requested_on").fill(requested_on.isoformat())
    page.locator(f'input[name="requested_by"][value="{requested_by}"]').check()
    page.locator(f'input[name="decision"][value="{decision}"]').check()
    page.locator("#id_exception").select_option(exception)
    page.locator("#id_confirm").check()
    page.locator("#erasure-submit").click()
    _saved(page)
