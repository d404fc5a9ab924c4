"""Browser steps of sessions and their timetable (issue 9, point 2), for composed browser tests.

Each step drives the real pages with Playwright, on a ``page`` already logged in as a
coordinator of the session's organisation (French pages), and waits until the change is saved:

- ``session_create(page, server, *, code, name, start, end, trainers, modules) -> int``:
  creates a session from the session list ("Nouvelle session") and adds its modules; returns
  the session's id. ``code`` may be None (the proposed code is kept); ``start``/``end`` are
  ``datetime.date``; ``trainers`` the names shown for the trainer accounts (first and last name,
  or the username when the account has none); ``modules`` a list of
  ``dict(code, name, strand, planned_hours[, trainer])`` (``strand`` a value of ``Strand``:
  "fablab"…; ``code`` may be None for the proposed one).
- ``session_edit(page, server, *, cohort_id, **fields)``: changes ``name``, ``start``, ``end``
  of a session.
- ``module_add(page, server, *, cohort_id, code, name, strand, planned_hours, trainer=None)``
  (``trainer``: one of the session's trainers, by the name the form shows).
- ``timetable_generate(page, server, *, cohort_code, start, end, pattern, closures=()) -> int``:
  opens the session (by its code, from the session list), fills the generator — ``pattern`` a
  list of ``dict(weekday, start, end, module)`` (``weekday`` 0 = Monday … 6; ``start``/``end``
  ``datetime.time`` or "HH:MM"; ``module`` a module's code or None; optional ``place``), at most
  8 rows; ``closures`` a list of ``(start, end, label)`` (dates), at most 5 — previews, checks
  the preview lists slots, saves; returns the number of slots saved.
- ``slot_add(page, server, *, cohort_id, date, start, end, module=None, place="")``.
- ``slot_cancel(page, server, *, slot_id=None, cohort_code=None, date=None, reason)``: cancels
  one slot, named by its id, or by its session's code and its date (the first slot that day).
- ``slot_move(page, server, *, slot_id=None, cohort_code=None, date=None, new_date, start=None,
  end=None, place=None)``: moves it (hours and place kept unless given).
"""

from __future__ import annotations

import datetime as dt


def _open(page, server, path: str) -> None:
    page.goto(f"{server.url}{path}")


def _saved(page) -> None:
    page.wait_for_load_state()
    page.get_by_role("status").first.wait_for()


def module_add(
    page,
    server,
    *,
    cohort_id: int,
    code: str | None,
    name: str,
    strand: str,
    planned_hours,
    trainer: str | None = None,
) -> None:
    _open(page, server, f"/cohorts/{cohort_id}/")
    page.locator("#module-create").click()
    if code is not None:
        page.locator("#id_code").fill(code)
    page.locator("#id_name").fill(name)
    page.locator("#id_strand").select_option(strand)
    page.locator("#id_planned_hours").fill(str(planned_hours))
    if trainer is not None:
        page.locator("#id_trainer").select_option(label=trainer)
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


def _hhmm(value) -> str:
    return value if isinstance(value, str) else value.strftime("%H:%M")


def cohort_id_of(page, server, code: str) -> int:
    """The id of the session whose code is ``code``, read from the session list."""
    _open(page, server, "/cohorts/")
    row = page.locator("#cohort-table tbody tr").filter(has=page.locator(".code", has_text=code))
    href = row.first.locator("a.row-link").get_attribute("href")
    return int(href.rstrip("/").split("/")[-1])


def timetable_generate(
    page,
    server,
    *,
    cohort_code: str,
    start: dt.date,
    end: dt.date,
    pattern: list[dict],
    closures: list[tuple] = (),
) -> int:
    cohort_id = cohort_id_of(page, server, cohort_code)
    _open(page, server, f"/cohorts/{cohort_id}/")
    page.locator("#timetable-generate").click()
    page.wait_for_url(f"**/cohorts/{cohort_id}/timetable/")
    page.locator("#id_first_day").fill(start.isoformat())
    page.locator("#id_last_day").fill(end.isoformat())
    for n, row in enumerate(pattern):
        page.locator(f"#id_pattern-{n}-weekday").select_option(str(row["weekday"]))
        page.locator(f"#id_pattern-{n}-start").fill(_hhmm(row["start"]))
        page.locator(f"#id_pattern-{n}-end").fill(_hhmm(row["end"]))
        if row.get("module"):
            option = page.locator(f"#id_pattern-{n}-module option", has_text=row["module"])
            page.locator(f"#id_pattern-{n}-module").select_option(
                option.first.get_attribute("value")
            )
        if row.get("place"):
            page.locator(f"#id_pattern-{n}-place").fill(row["place"])
    for n, (first, last, label) in enumerate(closures):
        page.locator(f"#id_closures-{n}-start_date").fill(first.isoformat())
        page.locator(f"#id_closures-{n}-end_date").fill(last.isoformat())
        page.locator(f"#id_closures-{n}-label").fill(label)
    page.locator("#timetable-preview").click()
    page.locator("#preview").wait_for()
    count = page.locator("#preview-slots tbody tr").count()
    page.locator("#timetable-save").click()
    page.wait_for_url(f"**/cohorts/{cohort_id}/**")
    _saved(page)
    return count


def slot_add(
    page,
    server,
    *,
    cohort_id: int,
    date: dt.date,
    start,
    end,
    module: str | None = None,
    place: str = "",
) -> None:
    _open(page, server, f"/cohorts/{cohort_id}/")
    page.locator("#slot-create").click()
    page.locator("#id_date").fill(date.isoformat())
    page.locator("#id_start").fill(_hhmm(start))
    page.locator("#id_end").fill(_hhmm(end))
    if module:
        option = page.locator("#id_module option", has_text=module)
        page.locator("#id_module").select_option(option.first.get_attribute("value"))
    page.locator("#id_place").fill(place)
    page.locator("#slot-save").click()
    page.wait_for_url(f"**/cohorts/{cohort_id}/**")
    _saved(page)


def _open_slot(page, server, *, slot_id, cohort_code, date) -> None:
    if slot_id is None:
        cohort_id = cohort_id_of(page, server, cohort_code)
        _open(page, server, f"/cohorts/{cohort_id}/?month={date:%Y-%m}")
        row = page.locator("#slot-table tbody tr").filter(
            has=page.get_by_role("rowheader").filter(has_text=f" {date.day} ")
        )
        href = row.first.locator("a[id^=slot-edit-]").get_attribute("href")
        slot_id = int(href.rstrip("/").split("/")[-2])
    _open(page, server, f"/slots/{slot_id}/edit/")


def slot_cancel(
    page,
    server,
    *,
    slot_id: int | None = None,
    cohort_code: str | None = None,
    date: dt.date | None = None,
    reason: str,
) -> None:
    _open_slot(page, server, slot_id=slot_id, cohort_code=cohort_code, date=date)
    page.locator("#id_reason").fill(reason)
    page.locator("#slot-cancel").click()
    page.wait_for_url("**/cohorts/*/**")
    _saved(page)


def slot_move(
    page,
    server,
    *,
    slot_id: int | None = None,
    cohort_code: str | None = None,
    date: dt.date | None = None,
    new_date: dt.date,
    start=None,
    end=None,
    place: str | None = None,
) -> None:
    _open_slot(page, server, slot_id=slot_id, cohort_code=cohort_code, date=date)
    page.locator("#id_date").fill(new_date.isoformat())
    if start is not None:
        page.locator("#id_start").fill(_hhmm(start))
    if end is not None:
        page.locator("#id_end").fill(_hhmm(end))
    if place is not None:
        page.locator("#id_place").fill(place)
    page.locator("#slot-move").click()
    page.wait_for_url("**/cohorts/*/**")
    _saved(page)
