"""Screenshots of the dashboard, the sign-in page and the bilan page (its top on a
desktop, its charts on a tablet), on a desktop (1280 x 800)
and a tablet (1024 x 768), and of the sign-in of a group on a tablet held upright (768 x 1024)
and in trainee mode, written to ``docs/screenshots/``. Not a test: run it by hand after a
change of the pages, look at the images, commit them::

    .venv/bin/python tests/browser/screenshots.py [--out docs/screenshots]

It loads the TEEN LAB demo (as ``teenlab demo`` does) into a throw-away SQLite database, serves
the application in a thread, and drives Debian's chromium as the demo accounts. On the sign-in
page (the demo's largest group, the server's clock set half an hour into the slot so that it is
open for signing), the trainer has collected three finger signatures, marked one young person
excused and one arrived late; the others are still to sign. Images are quantised to 256 colours
to stay small.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "tablet": {"width": 1024, "height": 768}}
PORTRAIT = {"width": 768, "height": 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="teenlab-screenshots-") as home:
        _configure(Path(home))
        shots = _take(arguments.out)
    for path in shots:
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{path.stat().st_size // 1024} KB"
        )


def _configure(home: Path) -> None:
    os.environ["TEENLAB_HOME"] = str(home)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teenlab.settings")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop in this thread
    (home / "static").mkdir(parents=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _demo():
    from teenlab.datapackage.services import package_import
    from teenlab.demo.accounts import demo_accounts_create
    from teenlab.demo.generate import PACKAGE_DIR

    result = package_import(source=PACKAGE_DIR, replace=True)
    if not result.ok:
        raise SystemExit(f"the demo package does not import: {result.errors[:3]}")
    accounts = {
        account.username: user for account, user in demo_accounts_create(project=result.project)
    }
    return result.project, accounts


def _slot_to_sign(trainer):
    """The taught slot with the most young people expected, its attendance cleared."""
    from django.db.models import Count

    from teenlab.training.models import Attendance, Slot

    slot = (
        Slot.objects.filter(cohort__trainers=trainer)
        .annotate(expected=Count("attendance"))
        .order_by("-expected", "-date")
        .first()
    )
    Attendance.objects.filter(slot=slot).delete()
    return slot


def _clock_at(slot) -> None:
    """The server's clock (``django.utils.timezone.now``) runs from half an hour into the slot,
    so that the sign-in is open as it was that day."""
    import datetime as dt

    from django.utils import timezone

    start = timezone.make_aware(dt.datetime.combine(slot.date, slot.start))
    shift = timezone.now() - (start + dt.timedelta(minutes=30))
    real_now = timezone.now
    timezone.now = lambda: real_now() - shift


def _session_cookie(user, url: str) -> dict:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": url}


def _save(page, path: Path) -> Path:
    from PIL import Image

    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path


def _take(out: Path) -> list[Path]:
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    _project, accounts = _demo()
    coordinator, trainer = accounts["coordination"], accounts["formation"]
    slot = _slot_to_sign(trainer)
    _clock_at(slot)
    server = LiveServerThread("localhost", StaticFilesHandler, connections_override={}, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    url = f"http://localhost:{server.port}"
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            signed = False
            for size, viewport in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport, locale="fr-FR", base_url=url)
                context.add_cookies([_session_cookie(coordinator, url)])
                page = context.new_page()
                page.goto("/")
                shots.append(_save(page, out / f"dashboard-{size}.png"))
                page.goto("/bilan/")
                page.locator("#bilan-show").click()
                page.locator("#bilan-report").wait_for()
                if size == "tablet":  # the desktop shows the picker, the tablet the charts
                    page.locator("#bilan-report #figures").evaluate(
                        "e => window.scrollTo(0, e.getBoundingClientRect().top + scrollY - 80)"
                    )
                shots.append(_save(page, out / f"bilan-{size}.png"))
                context.close()

                context = browser.new_context(viewport=viewport, locale="fr-FR", base_url=url)
                context.add_cookies([_session_cookie(trainer, url)])
                page = context.new_page()
                page.goto(f"/slots/{slot.pk}/")
                if not signed:
                    _sign_some(page)
                    signed = True
                    page.goto(f"/slots/{slot.pk}/")
                shots.append(_save(page, out / f"sign-in-{size}.png"))
                if size == "tablet":
                    shots += _offline_and_dialog(context, page, out)
                    page.set_viewport_size(PORTRAIT)
                    page.reload()
                    shots.append(_save(page, out / "sign-in-tablet-portrait.png"))
                    page.locator("#trainee-mode-enter").click()
                    page.locator("body.trainee-mode").wait_for()
                    shots.append(_save(page, out / "sign-in-trainee-mode-portrait.png"))
                    page.set_viewport_size(viewport)
                    page.reload()
                    shots.append(_save(page, out / "sign-in-trainee-mode.png"))
                context.close()
            browser.close()
    finally:
        server.terminate()
    return shots


def _offline_and_dialog(context, page, out: Path) -> list[Path]:
    """The network down: one more signature waits on the tablet; then the trainer's dialog
    with the marks open. The waiting signature is sent when the network is back."""
    from tests.browser.conftest import draw_signature

    youth = page.locator('[data-status="waiting"] [data-sign-url]').first.get_attribute("id")
    context.set_offline(True)
    page.locator(f"#{youth}").click()
    draw_signature(page, "#sign-canvas", waves=5)
    page.locator("#sign-submit").click()
    page.locator('#signin[data-queue-size="1"]').wait_for()
    shots = [_save(page, out / "sign-in-offline.png")]
    context.set_offline(False)
    page.locator('#signin[data-queue-size="0"]').wait_for()
    page.locator('[data-status="waiting"] [data-sign-url]').first.click()
    page.locator("#mark-details summary").click()
    shots.append(_save(page, out / "sign-in-dialog.png"))
    page.locator("#sign-cancel").click()
    return shots


def _sign_some(page) -> None:
    """Three young people sign with a finger; the fourth is excused, the fifth arrived late."""
    from tests.browser.conftest import draw_signature

    buttons = page.locator("[data-sign-url]")
    ids = [buttons.nth(i).get_attribute("id").removeprefix("sign-") for i in range(buttons.count())]
    for waves, youth in enumerate(ids[:3], 3):
        page.locator(f"#sign-{youth}").click()
        draw_signature(page, "#sign-canvas", waves=waves)
        page.locator("#sign-submit").click()
        page.locator(f'#row-{youth}[data-status="present"]').wait_for()
    if len(ids) > 4:
        page.locator(f"#sign-{ids[3]}").click()
        page.locator("#mark-details summary").click()
        page.locator("#mark-excused").click()
        page.locator(f'#row-{ids[3]}[data-status="excused"]').wait_for()
        page.locator(f"#sign-{ids[4]}").click()
        page.locator("#mark-details summary").click()
        start = dt.datetime.strptime(page.locator("#mark-arrival").get_attribute("min"), "%H:%M")
        page.locator("#mark-arrival").fill(f"{start + dt.timedelta(minutes=20):%H:%M}")
        page.locator("#mark-partial").click()
        page.locator(f'#row-{ids[4]}[data-status="partial"]').wait_for()


if __name__ == "__main__":
    main()
