"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Without ``/usr/bin/chromium`` the tests are skipped, except in CI (``CI=true``) where a missing
browser is a failure: ``.ci/run`` installs it.

Playwright's sync API runs an asyncio event loop in the test's thread from its start to its
stop; Django then refuses the test's own database calls ("You cannot call this from
an async context"). The browser waits on the live server, never on the test's database calls,
so that safety check (``DJANGO_ALLOW_ASYNC_UNSAFE``) is lifted while Playwright runs (one
browser test module), and only then.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.test.utils import override_settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 1024, "height": 768}
# Playwright's default is 30 s; a page of this application answers in well under a second.
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


def chromium_missing_reason() -> str | None:
    if CHROMIUM.exists():
        return None
    return f"{CHROMIUM} is not installed (apt-get install chromium)"


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Chromium, one per test module: Playwright (and the async-context exemption) stops with
    it, before tests of other folders, or a subprocess they start, could see it."""
    reason = chromium_missing_reason()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {reason}: the browser tests cannot run", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        try:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield browser
            finally:
                browser.close()
        finally:
            playwright.stop()


@pytest.fixture(scope="session")
def _static_root(tmp_path_factory) -> Iterator[None]:
    """WhiteNoise (built once with the live server) wants an existing STATIC_ROOT; the files
    themselves come from the finders (``WHITENOISE_USE_FINDERS``)."""
    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static")):
        yield


@pytest.fixture(scope="session")
def server(_static_root, live_server):
    return live_server


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Argon2 is slow on purpose; the live server runs in this process and sees this setting."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _french():
    """The test's own strings (choice labels, messages) in French, as the browser reads the
    pages, whatever language an earlier test's request left active in this thread."""
    from django.utils import translation

    with translation.override("fr"):
        yield


def _new_context(browser, server, *, bypass_csp: bool):
    context = browser.new_context(
        viewport=DESKTOP,
        locale="fr-FR",
        accept_downloads=True,
        base_url=server.url,
        bypass_csp=bypass_csp,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def context(browser, server):
    """A fresh browser context (cookies, language) per test, French like the application.

    It ignores the site's Content-Security-Policy, which would refuse the axe-core script that
    ``axe_violations`` injects; ``strict_context`` keeps it (tests/browser/test_csp.py)."""
    context = _new_context(browser, server, bypass_csp=True)
    yield context
    context.close()


# Runs in every page before its own scripts (Playwright injects it, beyond the CSP's reach):
# records each violation the browser reports.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || location.pathname}:${event.lineNumber}) ${event.sample || ""}`
  );
});
"""


@pytest.fixture
def strict_context(browser, server):
    """A context that obeys the site's CSP and records what it blocks (``csp_violations``)."""
    context = _new_context(browser, server, bypass_csp=False)
    context.add_init_script(CSP_RECORDER)
    yield context
    context.close()


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


@pytest.fixture
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"JavaScript errors in the page: {errors}"


@pytest.fixture
def log_in(context, server):
    """``log_in(user)`` gives the browser a session of ``user`` without the login form (the form
    itself is driven in the coordinator's test), its second factor given."""

    def log_in(user) -> None:
        context.add_cookies([session_cookie(user, server)])

    return log_in


def session_cookie(user, server) -> dict:
    """A cookie of a new session of ``user`` on ``server``, for ``context.add_cookies``."""
    engine = import_module(django_settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if not user.is_demo:  # the second factor, given (tests.auth.login_verified)
        from django_otp import DEVICE_ID_SESSION_KEY

        from tests.auth import verified_device

        session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
    session.save()
    return {
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": session.session_key,
        "url": server.url,
    }


@dataclass
class AxeViolation:
    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}): {self.help} — {', '.join(self.targets[:8])}"


def axe_violations(page) -> list[AxeViolation]:
    """Run axe-core (vendored from npm) on the page with the WCAG 2.1 A and AA rules."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert len(result["passes"]) > 10, "axe-core checked almost nothing: is the page empty?"
    return [
        AxeViolation(
            rule=violation["id"],
            impact=violation.get("impact") or "",
            help=violation["help"],
            targets=[" ".join(map(str, node["target"])) for node in violation["nodes"]],
        )
        for violation in result["violations"]
    ]


@pytest.fixture
def programme(transactional_db, server):
    from django.utils import timezone

    from tests.browser.programme import programme_create

    return programme_create(today=timezone.localdate())


def figure(page, name: str) -> int:
    """A number of the dashboard's funnel (``<dd data-figure=…>``, before its note)."""
    text = page.locator(f'[data-figure="{name}"]').evaluate("e => e.firstChild.textContent")
    return int(text.strip())


def draw_signature(page, canvas_selector: str, *, waves: int = 4) -> None:
    """Sign with a finger: a pointer down, a wavy stroke across the pad, up (``waves``: each
    signer draws their own)."""
    canvas = page.locator(canvas_selector)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box and box["width"] > 100, f"{canvas_selector} is not on screen: {box}"
    left, middle = box["x"] + box["width"] * 0.15, box["y"] + box["height"] * 0.55
    page.mouse.move(left, middle)
    page.mouse.down()
    for step in range(1, 25):
        x = left + step * box["width"] * 0.03
        y = middle + (box["height"] * 0.2) * (1 if step % waves < waves / 2 else -1)
        page.mouse.move(x, y, steps=3)
    page.mouse.up()
