"""The browser tests' own machinery: the live server serves the stylesheet, axe runs."""

from tests.browser.conftest import axe_violations


def test_the_live_server_serves_the_static_files(page, server):
    response = page.request.get(f"{server.url}/static/teenlab/teenlab.css")
    assert response.status == 200
    assert "text/css" in response.headers["content-type"]


def test_the_login_page_is_styled_and_has_no_wcag_violation(page, server):
    page.goto("/login/")
    assert page.locator("h1").inner_text() == "Connexion"
    # The stylesheet applied: the login card is laid out as a card, not unstyled text.
    assert page.locator(".login-card").evaluate("e => getComputedStyle(e).borderRadius") != "0px"
    violations = axe_violations(page)
    assert not violations, "\n".join(map(str, violations))
