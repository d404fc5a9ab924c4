"""Browser steps of the funders' indicators page (issue 13, point 3), for tests that compose
them. Each drives the real page with Playwright, on a ``page`` logged in as a coordinator, a
partner or an auditor (French pages):

    indicators_show(page, server, *, framework="interreg", scope=None, lang="fr")
            -> dict[str, str]
        Opens the page, picks the ``framework`` ("interreg", "esfplus", "bpf"), the ``scope``
        (the picker's value: "project", "organisation:CODE", "cohort:CODE"; the first offered
        when None) and the language, shows the indicators and returns ``{code: value as
        shown}`` for every indicator ("non enregistré" when not recorded).

    indicator_records_open(page, *, code, column=None) -> list[list[str]]
        On the shown indicators, opens the list of records behind the value of indicator
        ``code`` (or behind its breakdown ``column``: "sessions", "gender_f", "f1_c"…) and
        returns the rows of every table listed (cells as text).
"""

from __future__ import annotations


def indicators_show(
    page, server, *, framework: str = "interreg", scope: str | None = None, lang: str = "fr"
) -> dict[str, str]:
    page.goto(f"{server.url}/indicators/")
    page.locator("#id_framework").select_option(framework)
    if scope is not None:
        page.locator("#id_scope").select_option(scope)
    page.locator("#id_lang").select_option(lang)
    page.locator("#indicators-show").click()
    page.wait_for_load_state()
    report = page.locator("#indicators-report")
    report.wait_for()
    return {
        cell.get_attribute("data-value"): cell.inner_text().strip()
        for cell in report.locator("[data-value]").all()
    }


def indicator_records_open(page, *, code: str, column: str | None = None) -> list[list[str]]:
    if column is None:
        target = page.locator(f'[data-value="{code}"] a')
    else:
        target = page.locator(f'[data-cell="{code}:{column}"] a')
    target.click()
    page.wait_for_load_state()
    page.locator("#indicator-rule").wait_for()
    return [
        [cell.inner_text().strip() for cell in row.locator("td").all()]
        for row in page.locator("table.indicator-records tbody tr").all()
    ]
