"""Browser steps of leaving a session and recording an outcome (issue 9, points 4 and 5), for
composed browser tests (tests/browser/test_whole_programme.py).

Each step drives the real pages with Playwright, on a ``page`` already logged in as a
coordinator or counsellor of the session's organisation (French pages), and waits until the
change is saved (it fails, with the page's errors, when the form is refused):

- ``enrolment_leave(page, server, *, enrolment_id, kind, on, reason=None, detail="")``: on the
  page the session's buttons open, ``kind`` "completed" (Parcours terminé), "dropout"
  (Abandon: ``reason`` a code of the reviewed list, ``DROPOUT_REASONS_OFFERED``:
  "personal", "health", "moving_away", "wrong_orientation", "unreachable", "other" — "other"
  needs ``detail``) or
  "early_exit" (Sortie anticipée positive: ``reason`` what the young person left for, a code of
  ``EarlyExitKind``: "work", "apprenticeship", "training", "study"). ``on`` (a
  ``datetime.date``) is the date they left; a completion has none and ignores it.
- ``outcome_record(page, server, *, cohort_id, enrolment_id, professional_project, exit,
  detail="")``: on the session's outcomes page, one young person's professional project (a
  code of ``ProfessionalProject``: "yes", "no", "unknown") and exit (a code of ``Exit``, the
  refined list: "work", "apprenticeship", "study", "training", "experience",
  "support_pathway", "project", "none", "unknown"), with the detail the bilan prints as an
  example ("BTS", "couture"…).
"""

from __future__ import annotations

import datetime as dt

KINDS = ("completed", "dropout", "early_exit")


def _open(page, server, path: str) -> None:
    page.goto(f"{server.url}{path}")


def _saved(page) -> None:
    """The form was accepted: no error on the page that follows, and its message shown."""
    page.wait_for_load_state()
    errors = page.locator(".alert--error, .field__errors, .errorlist")
    assert not errors.count(), errors.all_inner_texts()
    page.get_by_role("status").first.wait_for()


def enrolment_leave(
    page,
    server,
    *,
    enrolment_id: int,
    kind: str,
    on: dt.date | None,
    reason: str | None = None,
    detail: str = "",
) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind is one of {KINDS}, not {kind!r}")
    path = {"completed": "complete", "dropout": "drop-out", "early_exit": "early-exit"}[kind]
    _open(page, server, f"/enrolments/{enrolment_id}/{path}/")
    if kind == "completed":
        page.locator("#complete-submit").click()
    else:
        page.locator("#id_left_on").fill(on.isoformat())
        field = "#id_reason" if kind == "dropout" else "#id_kind"
        page.locator(field).select_option(reason or "")
        page.locator("#id_detail").fill(detail)
        page.locator("#dropout-submit" if kind == "dropout" else "#early-exit-submit").click()
    page.wait_for_url("**/cohorts/**")
    _saved(page)


def outcome_record(
    page,
    server,
    *,
    cohort_id: int,
    enrolment_id: int,
    professional_project: str,
    exit: str,
    detail: str = "",
) -> None:
    _open(page, server, f"/outcomes/cohorts/{cohort_id}/")
    row = page.locator(f"#outcome-row-{enrolment_id}")
    row.locator("select[name$='-professional_project']").select_option(professional_project)
    row.locator("select[name$='-exit']").select_option(exit)
    row.locator("textarea[name$='-detail']").fill(detail)
    page.locator("#outcomes-save").click()
    page.wait_for_url(f"**/outcomes/cohorts/{cohort_id}/")
    _saved(page)
