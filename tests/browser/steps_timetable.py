"""Browser steps of sessions and their timetable (issue 9, point 2), for composed browser tests.

Each step drives the real pages with Playwright, on a ``page`` already logged in as a
coordinator of the session's organisation (French pages), and waits until the change is saved:

- ``session_create(page, server, *, code, name, start, end, trainers, modules) -> int``:
  creates a session from the session list ("Nouvelle session") and adds its modules; returns
  the session's id. ``code`` may be None (the proposed code is kept); ``start``/``end`` are
  ``datetime.date``; ``trainers`` the names shown for the trainer accounts (first and last name,
  or the username when the account has none); ``modules`` a list of
  ``dict(code, name, strand, planned_hours)`` (``strand`` a value of ``Strand``: "fablab"…;
  ``code`` may be None for the proposed one).
- ``session_edit(page, server, *, cohort_id, **fields)``: changes ``name``, ``start``, ``end``
  of a session.
- ``module_add(page, server, *, cohort_id, code, name, strand, planned_hours)``.
"""

from __future__ import annotations

import datetime as dt


def _open(page, server, path: str) -> None:
    page.goto(f"{server.url}{path}")


def _saved(page) -> None:
    page.wait_for_load_state()
    page.get_by_role("status").first.wait_for()


def module_add(
    page, server, *, cohort_id: int, code: str | None, name: str, strand: str, planned_hours
) -> None:
    _open(page, server, f"/cohorts/{cohort_id}/")
    page.locator("#module-create").click()
    if code is not None:
        page.locator("#id_code").fill(code)
    page.locator("#id_name").fill(name)
    page.locator("#id_strand").select_option(strand)
    page.locator("#id_planned_hours").fill(str(planned_hours))
    page.locator("#module-save").click()
    page.wait_for_url(f"**/cohorts/{cohort_id}/**")
    _saved(page)


def session_create(
    page,
    server,
    *,
    code: str | None,
    name: str,
    start: dt.date,
    end: dt.date,
    trainers: list[str] = (),
    modules: list[dict] = (),
) -> int:
    _open(page, server, "/cohorts/")
    page.locator("#cohort-create").click()
    page.wait_for_url("**/cohorts/new/")
    if code is not None:
        page.locator("#id_code").fill(code)
    page.locator("#id_name").fill(name)
    page.locator("#id_start_date").fill(start.isoformat())
    page.locator("#id_end_date").fill(end.isoformat())
    for trainer in trainers:
        page.get_by_label(trainer, exact=True).check()
    page.locator("#cohort-save").click()
    page.wait_for_url("**/cohorts/*/")
    _saved(page)
    cohort_id = int(page.url.rstrip("/").split("/")[-1])
    for module in modules:
        module_add(page, server, cohort_id=cohort_id, **module)
    return cohort_id


def session_edit(
    page,
    server,
    *,
    cohort_id: int,
    name: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> None:
    _open(page, server, f"/cohorts/{cohort_id}/edit/")
    if name is not None:
        page.locator("#id_name").fill(name)
    if start is not None:
        page.locator("#id_start_date").fill(start.isoformat())
    if end is not None:
        page.locator("#id_end_date").fill(end.isoformat())
    page.locator("#cohort-save").click()
    page.wait_for_url(f"**/cohorts/{cohort_id}/")
    _saved(page)
