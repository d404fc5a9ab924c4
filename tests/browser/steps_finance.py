"""Browser steps of the budget by the programme's rules (issue 13, point 4), for tests that
compose them. Each drives the real pages with Playwright, on a ``page`` logged in as a
coordinator (French pages), and returns once the page has saved (it raises
``AssertionError`` with the page's errors otherwise):

    period_create(page, server, *, code, start, end) -> None
        From the « Budget du programme » tab, « Nouvelle période »: the code and the dates
        (``datetime.date``). Waits for the programme page.

    funding_record(page, server, *, eu="", national="", own="", flat_rate="") -> None
        « Plan de financement »: the account's organisation's split and flat rate, as typed in
        French (``"850"``, ``"15"``; empty: not recorded). Waits for the programme page.

    expense_declare(page, server, *, expense_id, cost_category, period_code) -> None
        The expense's form: its programme category (a code of ``DeclaredCostCategory``) and the
        period it is declared in. Waits for the expense list.

    certification_record(page, server, *, period_code, on, amounts) -> None
        The period's « Certification » page: the date (``datetime.date``) and, for each expense
        id of ``amounts``, the amount certified as typed in French (``"800"``; ``""``: not
        certified). Waits for the programme page.

    programme_row(page, *, table, category) -> tuple[str, str, str]
        On the programme page: the planned, declared and certified cells of ``category``'s row
        (``"total"`` for the total) in the table of ``table`` (``"programme-all"`` or
        ``"period-CODE"``), as shown.
"""

from __future__ import annotations

import datetime as dt


def _saved(page) -> None:
    page.wait_for_load_state()
    errors = page.locator(".alert--error, .field__errors, .errorlist")
    assert not errors.count(), errors.all_inner_texts()
    page.get_by_role("status").first.wait_for()


def _submit(page, url_glob: str) -> None:
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(url_glob)
    _saved(page)


def period_create(page, server, *, code: str, start: dt.date, end: dt.date) -> None:
    page.goto(f"{server.url}/budget/programme/")
    page.locator("#period-create").click()
    page.locator("#id_code").fill(code)
    page.locator("#id_start_date").fill(start.isoformat())
    page.locator("#id_end_date").fill(end.isoformat())
    _submit(page, "**/budget/programme/")


def funding_record(
    page, server, *, eu: str = "", national: str = "", own: str = "", flat_rate: str = ""
) -> None:
    page.goto(f"{server.url}/budget/programme/")
    page.locator("#funding-create").click()
    for name, value in (
        ("eu_eur", eu),
        ("national_eur", national),
        ("own_eur", own),
        ("office_flat_rate", flat_rate),
    ):
        page.locator(f"#id_{name}").fill(value)
    _submit(page, "**/budget/programme/")


def expense_declare(page, server, *, expense_id: int, cost_category: str, period_code: str) -> None:
    page.goto(f"{server.url}/budget/expenses/{expense_id}/")
    page.locator("#id_cost_category").select_option(cost_category)
    page.locator("#id_period").select_option(label=_period_label(page, period_code))
    _submit(page, "**/budget/expenses/")


def _period_label(page, code: str) -> str:
    options = page.locator("#id_period option").all_inner_texts()
    matching = [text for text in options if text.startswith(f"{code} (")]
    assert matching, options
    return matching[0]


def certification_record(
    page, server, *, period_code: str, on: dt.date, amounts: dict[int, str]
) -> None:
    page.goto(f"{server.url}/budget/programme/")
    page.locator(f'section:has(#period-{period_code}) a[id$="-certify"]').click()
    page.locator("#id_certified_on").fill(on.isoformat())
    for expense_id, amount in amounts.items():
        page.locator(f"#id_expense_{expense_id}").fill(amount)
    page.locator("#certify-save").click()
    page.wait_for_url("**/budget/programme/")
    _saved(page)


def programme_row(page, *, table: str, category: str) -> tuple[str, str, str]:
    cells = page.locator(f'#{table} [data-category="{category}"] td')
    texts = [text.strip() for text in cells.all_inner_texts()]
    return texts[0], texts[1], texts[2]
