"""Issue 7, point 10: the pages work under the site's own Content-Security-Policy.

The other browser tests ignore the policy (``bypass_csp``: axe-core is injected as a script);
these ones obey it and fail on any violation the browser reports (a blocked script, style,
style attribute, image, font or request), on every page of the navigation of each role, the
sign-in flow (the tiles, trainee mode, the device's queue, signature images), the bilan with
its charts, and Django's admin.
"""

import pytest

from tests.browser.conftest import csp_violations, draw_signature, session_cookie
from tests.browser.programme import PASSWORD
from tests.factories import UserFactory
from tests.training.open_slot import slot_open_now


@pytest.fixture
def strict_page(strict_context):
    page = strict_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Chromium also reports a refusal on the console, sometimes before any listener exists.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    assert not errors, f"errors in the page: {errors}"


def _visit(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status == 200, (url, response.status)
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    return [f"{url}: {violation}" for violation in csp_violations(page)]


def _navigation(page) -> list[str]:
    links = page.locator("#site-nav a[href^='/']")
    return sorted({links.nth(index).get_attribute("href") for index in range(links.count())})


def test_the_login_page_and_the_login_form_obey_the_policy(strict_page, programme):
    found = _visit(strict_page, "/login/")
    strict_page.locator("#id_username").fill(programme.coordinator.username)
    strict_page.locator("#id_password").fill("wrong password, on purpose")
    strict_page.locator("#id_password").press("Enter")
    strict_page.wait_for_load_state("networkidle")
    found += csp_violations(strict_page)
    assert found == []


@pytest.mark.parametrize("role", ["coordinator", "trainer", "counsellor", "auditor", "partner"])
def test_every_page_of_the_navigation_obeys_the_policy(
    strict_page, strict_context, server, programme, role
):
    strict_context.add_cookies([session_cookie(getattr(programme, role), server)])
    found = _visit(strict_page, "/")
    pages = _navigation(strict_page)
    assert len(pages) >= 2, pages
    for url in pages:
        found += _visit(strict_page, url)
    assert found == []


def test_records_bars_and_the_bilan_charts_obey_the_policy_and_keep_their_style(
    strict_page, strict_context, server, programme
):
    strict_context.add_cookies([session_cookie(programme.coordinator, server)])
    found = _visit(strict_page, "/")
    widths = strict_page.locator(".bar > span").evaluate_all(
        "spans => spans.map(s => s.getBoundingClientRect().width)"
    )
    assert max(widths) > 20, widths  # the share-N classes give the bars their lengths
    for url in (
        f"/youth/{programme.trainees[0].pk}/",
        f"/cohorts/{programme.cohort.pk}/",
        f"/outcomes/cohorts/{programme.finished.pk}/",
    ):
        found += _visit(strict_page, url)
    found += _visit(strict_page, "/bilan/?scope=project&lang=fr")
    chart_text = strict_page.locator("#bilan-report svg.chart text").first
    assert chart_text.evaluate("e => getComputedStyle(e).fontFamily").startswith('"Source Sans 3"')
    assert found == []


def test_signing_and_countersigning_obey_the_policy(strict_page, strict_context, server, programme):
    """The tiles, their search, trainee mode, a signature sent through the device's queue
    (IndexedDB, fetch), a mark in the dialog, the rest marked absent, the countersignature."""
    slot = slot_open_now(cohort=programme.cohort, code="C-CSP")
    strict_context.add_cookies([session_cookie(programme.trainer, server)])
    page = strict_page
    found = _visit(page, f"/slots/{slot.pk}/")
    page.locator("#signin-search").fill(programme.trainees[0].last_name[:4])
    page.locator("#signin-search").fill("")
    page.locator("#trainee-mode-enter").click()
    page.locator("body.trainee-mode").wait_for()
    youth = programme.trainees[0]
    page.locator(f"#sign-{youth.pk}").click()
    draw_signature(page, "#sign-canvas")
    page.locator("#sign-submit").click()
    page.locator(f'#row-{youth.pk}[data-status="present"]').wait_for()
    found += csp_violations(page)
    page.locator("#trainee-leave summary").click()
    page.locator("#trainee-leave-password").fill(PASSWORD)
    page.locator("#trainee-leave-submit").click()
    page.locator("#trainer-panel").wait_for()
    other = programme.trainees[1]
    page.locator(f"#sign-{other.pk}").click()
    page.locator("#mark-details summary").click()
    page.locator("#mark-excused").click()
    page.locator(f'#row-{other.pk}[data-status="excused"]').wait_for()
    found += csp_violations(page)
    page.locator("#absent-rest").click()
    page.locator("#absent-rest-confirm").click()
    page.locator("#trainer-panel").wait_for()
    draw_signature(page, "#countersign-canvas")
    page.locator("#countersign-submit").click()
    page.locator("#locked-notice").wait_for()
    image = page.locator("#countersign img")
    assert image.evaluate("e => e.complete && e.naturalWidth > 0")  # a data: image, allowed
    found += csp_violations(page)
    assert found == []


def test_the_admin_obeys_the_policy(strict_page, strict_context, server, programme):
    admin = UserFactory(username="root-admin", is_superuser=True, is_staff=True)
    strict_context.add_cookies([session_cookie(admin, server)])
    found = []
    for url in (
        "/admin/",
        "/admin/core/user/",
        f"/admin/core/user/{programme.coordinator.pk}/change/",
        "/admin/training/slot/",
    ):
        found += _visit(strict_page, url)
    assert found == []
