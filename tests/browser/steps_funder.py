"""Browser steps of what the funders count (issue 13, points 1 and 2), for tests that compose
them. Each drives the real pages with Playwright, on a ``page`` logged in as a counsellor or a
coordinator of the young person's organisation (French pages), and returns once the page has
saved (it raises ``AssertionError`` with the page's errors otherwise):

    youth_characteristics_fill(page, server, *, youth_id, **values) -> None
        On the youth form's "Situation à l'entrée" fieldset: each keyword a field of
        ``participants.services.ENTRY_FIELDS`` or ``situation_at_entry`` and its code
        (``labour_status="long_term_unemployed"``, ``education_level="isced_0_2"``,
        ``disability="declined"``…; ``left_school_without_diploma`` takes True, False or None).
        Saves and waits for the record page.

    follow_up_record_from_dashboard(page, server, *, enrolment_id, kind, situation,
                                    source="youth", qualification_gained=False, detail="",
                                    on=None) -> None
        From the dashboard's list of follow-ups due: opens the row of the enrolment and
        ``kind`` ("exit" or "six_months"), picks the ``situation`` (a code of
        ``FollowUpSituation``) and the ``source`` (of ``FollowUpSource``), ticks the
        qualification if gained, keeps today's date unless ``on`` (a ``datetime.date``) says
        otherwise, saves and waits for the dashboard.
"""

from __future__ import annotations

import datetime as dt

NULL_BOOLEAN = {True: "true", False: "false", None: "unknown"}


def _saved(page) -> None:
    """The form was accepted: no error on the page that follows, and its message shown."""
    page.wait_for_load_state()
    errors = page.locator(".alert--error, .field__errors, .errorlist")
    assert not errors.count(), errors.all_inner_texts()
    page.get_by_role("status").first.wait_for()


def youth_characteristics_fill(page, server, *, youth_id: int, **values) -> None:
    page.goto(f"{server.url}/youth/{youth_id}/edit/")
    fieldset = page.locator("#entry-situation")
    for name, value in values.items():
        if name == "left_school_without_diploma":
            value = NULL_BOOLEAN[value]
        fieldset.locator(f"#id_{name}").select_option(value)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**/youth/{youth_id}/")
    _saved(page)


def follow_up_record_from_dashboard(
    page,
    server,
    *,
    enrolment_id: int,
    kind: str,
    situation: str,
    source: str = "youth",
    qualification_gained: bool = False,
    detail: str = "",
    on: dt.date | None = None,
) -> None:
    page.goto(f"{server.url}/")
    row = page.locator(f'#follow-ups [data-follow-up="{enrolment_id}-{kind}"]')
    row.get_by_role("link", name="Enregistrer").click()
    page.locator("#id_situation").select_option(situation)
    page.locator("#id_source").select_option(source)
    if qualification_gained:
        page.locator("#id_qualification_gained").check()
    if on is not None:
        page.locator("#id_date").fill(on.isoformat())
    page.locator("#id_detail").fill(detail)
    page.locator("#follow-up-submit").click()
    page.wait_for_url(f"{server.url}/")
    _saved(page)
