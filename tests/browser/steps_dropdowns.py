"""A session chosen by typing in a searchable field (core.forms.SearchableInput): the steps as
a coordinator takes them, for tests/browser/test_dropdowns.py."""

from tests.browser.steps_texts import BILAN_TIMEOUT_MS


def suggestions(page, field: str, typed: str) -> list[str]:
    """Types ``typed`` into ``field`` (a CSS selector) and returns the codes suggested."""
    page.locator(field).fill(typed)
    options = page.locator(f"{field}-options option")
    options.first.wait_for(state="attached")
    return options.evaluate_all("(nodes) => nodes.map((node) => node.value)")


def youth_list_filter_by_session(page, server, *, typed: str, code: str) -> None:
    """On the youth list, types part of a session's name, then its code, and lets the list
    follow (the choice triggers the filter, as picking a suggestion does)."""
    page.goto(f"{server.url}/youth/")
    suggestions(page, "#id_cohort", typed)
    with page.expect_response(lambda response: "/youth/?" in response.url):
        page.locator("#id_cohort").fill(code)
        page.locator("#id_cohort").dispatch_event("change")
    page.wait_for_load_state("networkidle")


def bilan_of_session(page, server, *, code: str) -> None:
    """On the bilan page, chooses "a session" and types its code."""
    page.goto(f"{server.url}/bilan/", timeout=BILAN_TIMEOUT_MS)  # the project's, computed
    page.locator("#id_scope").select_option(value="cohort")
    page.locator("#id_cohort").fill(code)
    with page.expect_navigation(timeout=BILAN_TIMEOUT_MS):
        page.locator("#bilan-show").click()
