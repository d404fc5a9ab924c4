"""Browser steps of each partner served in its language (issue 11, point 5), for tests that
compose them.

    lang_context(browser, server, *, locale) -> BrowserContext
        A new browser context whose browser speaks ``locale`` ("it-IT", "en-GB"…): it sends
        that Accept-Language, as a partner's browser in Italy or elsewhere would. Close it after.

    login_page_read(page) -> tuple[str, str]
        The login page: (its ``<html lang>``, its heading).

    language_choose(page, *, code) -> None
        The language switch of the page shown: the button ``code`` ("fr", "it", "en"); returns
        once the page is shown again in that language.

    activities_read(page) -> dict[str, list[str]]
        The four tabs of « Activités du projet » (exchanges, events, phases, cooperations):
        {tab: the names its table lists}.
"""

from __future__ import annotations

TABS = {
    "exchanges": "/activities/",
    "events": "/activities/events/",
    "phases": "/activities/phases/",
    "cooperations": "/activities/cooperations/",
}


def lang_context(browser, server, *, locale: str):
    return browser.new_context(locale=locale, base_url=server.url)


def login_page_read(page) -> tuple[str, str]:
    page.goto("/login/")
    return page.locator("html").get_attribute("lang"), page.locator("h1").inner_text()


def language_choose(page, *, code: str) -> None:
    page.locator(f'.lang-switch button[value="{code}"]').click()
    page.wait_for_selector(f'html[lang="{code}"]')


def activities_read(page) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for tab, path in TABS.items():
        page.goto(path)
        page.locator("#activity-tabs").wait_for()
        rows[tab] = [
            text.strip()
            for text in page.locator("main table tbody th[scope=row]").all_inner_texts()
        ]
    return rows
