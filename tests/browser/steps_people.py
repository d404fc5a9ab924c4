"""Browser steps of events and exchanges with their people (issue 9, point 6), for tests that
compose them (tests/browser/test_whole_programme.py). Each drives the real pages with
Playwright, as the account whose session the page holds, and returns once the page has saved
(it raises ``AssertionError`` with the page's errors otherwise).

    event_create(page, server, *, cohort_label, title, date, beneficiary,
                 participants: list[str], code=None, place="") -> None
        As a coordinator or a trainer of the cohort: an event of the session ``cohort_label``
        (its name as listed), run for the association ``beneficiary``, with the young people
        ``participants`` (each a youth code or "Last First" / a part of the label the form
        shows: ``"MOREAU Inès (J-001)"``; each must match one young person enrolled in the
        session). ``date``: a ``datetime.date`` or ``"YYYY-MM-DD"``. ``code``: default
        ``EV-<date>-<n>``.

    exchange_create(page, server, *, title, kind, origin, destination, start, end,
                    youth: list[str], staff: list[str], code=None, place="") -> None
        As a coordinator: an exchange (``kind``: a code such as ``"youth_stay"`` or its label;
        ``origin``/``destination``: ``"FR"``, ``"IT"``, or ``"remote"`` as destination) with
        its young people ``youth`` (as for an event's participants, among the project's young
        people the account sees) and its staff ``staff``: each the name of an account of a
        partner organisation as the form lists it (``"Camille Martin"``), or else a person
        written ``"First Last, Organisation"`` (named without an account). The head counts
        follow the names. ``code``: default ``X-<start>-<n>``.
"""

from __future__ import annotations

import datetime as dt
import itertools

_numbers = itertools.count(1)


def _url(server, path: str) -> str:
    return f"{server.url}{path}"


def _date(value: dt.date | str) -> str:
    return value.isoformat() if isinstance(value, dt.date) else value


def _submit(page) -> None:
    """Save the activity form; an error shown fails the step."""
    with page.expect_navigation():
        page.locator("#activity-save").click()
    errors = page.locator(".alert--error, .field__errors")
    if errors.count():
        raise AssertionError(f"{page.url}: {' | '.join(errors.all_inner_texts())}")


def _choice(page, field: str, text: str):
    """The one checkbox of the ``field`` fieldset whose label contains ``text`` (None: none)."""
    items = page.locator(f"#id_{field} li").filter(has_text=text)
    if items.count() > 1:
        raise AssertionError(f"« {text} » matches {items.count()} people in {field}")
    return items.locator("input").first if items.count() else None


def _tick(page, field: str, people: list[str]) -> None:
    for person in people:
        box = _choice(page, field, person)
        if box is None:
            raise AssertionError(f"« {person} » is not offered in {field}")
        box.check()


def event_create(
    page,
    server,
    *,
    cohort_label: str,
    title: str,
    date: dt.date | str,
    beneficiary: str,
    participants: list[str],
    code: str | None = None,
    place: str = "",
) -> None:
    page.goto(_url(server, "/activities/events/new/"))
    page.locator("#id_code").fill(code or f"EV-{_date(date)}-{next(_numbers)}")
    page.locator("#id_title").fill(title)
    page.locator("#id_cohort").select_option(label=cohort_label)
    page.locator("#id_date").fill(_date(date))
    page.locator("#id_beneficiary").fill(beneficiary)
    page.locator("#id_place").fill(place)
    _tick(page, "participants", participants)
    _submit(page)


def exchange_create(
    page,
    server,
    *,
    title: str,
    kind: str,
    origin: str,
    destination: str,
    start: dt.date | str,
    end: dt.date | str | None,
    youth: list[str],
    staff: list[str],
    code: str | None = None,
    place: str = "",
) -> None:
    page.goto(_url(server, "/activities/exchanges/new/"))
    page.locator("#id_code").fill(code or f"X-{_date(start)}-{next(_numbers)}")
    page.locator("#id_title").fill(title)
    kinds = page.locator("#id_kind")
    if kinds.locator(f'option[value="{kind}"]').count():
        kinds.select_option(value=kind)
    else:
        kinds.select_option(label=kind)
    page.locator("#id_origin").fill(origin)
    page.locator("#id_destination").fill(destination)
    page.locator("#id_start_date").fill(_date(start))
    page.locator("#id_end_date").fill(_date(end) if end else "")
    page.locator("#id_place").fill(place)
    _tick(page, "youth", youth)
    others = []
    for person in staff:
        box = _choice(page, "staff", person)
        if box is not None:
            box.check()
        else:
            others.append(person)
    page.locator("#id_others").fill("\n".join(others))
    _submit(page)
