"""Issue 7, point 7: ordinary concurrency against the real server, SQLite file or PostgreSQL.

Two trainers signing one sheet at once gave "database is locked" 500s on SQLite (two deferred
transactions that both read then write: the second cannot upgrade its lock and fails at once),
and during a command-line import pages gave 500s and POSTs ``SessionInterrupted`` (every request
wrote its session). Here several browsers sign at once, then read and sign while
``teenlab import`` loads the demo package into the same database.
"""

import datetime as dt
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.utils import timezone

from teenlab.training.models import AttendanceSignature
from tests.factories import (
    OPEN_ALL_DAY,
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    SlotFactory,
    UserFactory,
)
from tests.training.signatures import png_data_url

from .realserver import ROOT, Browser, server_database_url, server_env, teenlab_serve

PASSWORD = "a long and correct passphrase"
DEMO_PACKAGE = ROOT / "teenlab" / "demo" / "package"
HTMX = {"HX-Request": "true"}

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _sheet(*, youth: int, trainers: int):
    """A slot today with ``youth`` young people expected and ``trainers`` trainers."""
    today = timezone.localdate()
    project = ProjectFactory(
        start_date=today - dt.timedelta(days=30), end_date=today + dt.timedelta(days=30)
    )
    organisation = OrganisationFactory()
    ProjectPartnerFactory(project=project, organisation=organisation, role="lead_partner")
    cohort = CohortFactory(
        project=project,
        organisation=organisation,
        start_date=today - dt.timedelta(days=7),
        end_date=today + dt.timedelta(days=7),
    )
    accounts = [
        UserFactory(organisation=organisation, is_trainer=True, password=PASSWORD)
        for _ in range(trainers)
    ]
    cohort.trainers.add(*accounts)
    expected = [
        EnrolmentFactory(cohort=cohort, enrolled_on=cohort.start_date).youth for _ in range(youth)
    ]
    slot = SlotFactory(cohort=cohort, date=today, **OPEN_ALL_DAY)
    return slot, expected, accounts


def _browsers(url: str, accounts, per_account: int) -> list[Browser]:
    browsers = []
    for account in accounts:
        for _ in range(per_account):
            browser = Browser(url)
            answer = browser.log_in(account.username, PASSWORD)
            assert answer.status == 302, answer.body[:500]
            browsers.append(browser)
    return browsers


def _sign(browser: Browser, slot, youth, image: str) -> str:
    try:
        answer = browser.post(
            f"/slots/{slot.pk}/youth/{youth.pk}/sign/", {"image": image}, headers=HTMX
        )
    except Exception as error:
        return f"sign {youth.pk}: {error!r}"
    if answer.status == 200 and 'data-status="present"' in answer.body:
        return "ok"
    return f"sign {youth.pk}: {answer.status} {answer.body[:300]!r}"


def _read(browser: Browser, path: str) -> str:
    try:
        answer = browser.get(path)
    except Exception as error:
        return f"GET {path}: {error!r}"
    return "ok" if answer.status == 200 else f"GET {path}: {answer.status} {answer.body[:300]!r}"


def test_trainers_signing_one_sheet_at_once_never_fail(tmp_path):
    slot, expected, trainers = _sheet(youth=16, trainers=2)
    database_url = server_database_url(tmp_path)
    image = png_data_url()
    with teenlab_serve(database_url=database_url, home=tmp_path / "home", workers=4) as server:
        browsers = _browsers(server.url, trainers, per_account=2)
        for browser in browsers:
            assert _read(browser, f"/slots/{slot.pk}/") == "ok"
        # Every young person signs twice, from two browsers of two trainers, all at once.
        jobs = [
            (browsers[(index + shift) % len(browsers)], youth)
            for shift in (0, 1)
            for index, youth in enumerate(expected)
        ]
        with ThreadPoolExecutor(max_workers=len(browsers) * 2) as pool:
            results = list(pool.map(lambda job: _sign(job[0], slot, job[1], image), jobs))
        log = server.output()
    errors = [result for result in results if result != "ok"]
    assert errors == [], "\n".join(errors) + "\n" + log
    assert "Traceback" not in log, log
    if database_url.startswith("sqlite"):
        signed = _count_signatures(database_url, slot.pk)
    else:
        signed = AttendanceSignature.objects.filter(attendance__slot=slot).count()
    assert signed == len(expected)


def _count_signatures(database_url: str, slot_pk: int) -> int:
    import sqlite3

    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        (count,) = db.execute(
            "SELECT count(*) FROM training_attendancesignature s "
            "JOIN training_attendance a ON a.id = s.attendance_id WHERE a.slot_id = ?",
            (slot_pk,),
        ).fetchone()
    return count


def test_pages_and_signatures_work_during_a_command_line_import(tmp_path):
    slot, expected, trainers = _sheet(youth=8, trainers=2)
    database_url = server_database_url(tmp_path)
    image = png_data_url()
    home = tmp_path / "home"
    with teenlab_serve(database_url=database_url, home=home, workers=3) as server:
        browsers = _browsers(server.url, trainers, per_account=2)
        import_log = tmp_path / "import.log"
        with import_log.open("wb") as sink:
            importer = subprocess.Popen(
                [sys.executable, "-m", "teenlab.cli", "import", str(DEMO_PACKAGE)],
                cwd=ROOT,
                env=server_env(database_url, home),
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        pages = ["/", "/cohorts/", f"/slots/{slot.pk}/", "/attendance/today/"]
        results: list[str] = []
        during = 0

        def visit(number: int) -> list[str]:
            browser = browsers[number % len(browsers)]
            youth = expected[number % len(expected)]
            return [
                _read(browser, pages[number % len(pages)]),
                _sign(browser, slot, youth, image),
            ]

        deadline = time.monotonic() + 240
        with ThreadPoolExecutor(max_workers=len(browsers)) as pool:
            while importer.poll() is None and time.monotonic() < deadline:
                for outcome in pool.map(visit, range(during, during + len(browsers))):
                    results.extend(outcome)
                during += len(browsers)
        importer.wait(timeout=60)
        log = server.output()
    assert importer.returncode == 0, Path(import_log).read_text()
    assert during >= len(browsers), "the import ended before any request was made"
    errors = [result for result in results if result != "ok"]
    assert errors == [], "\n".join(errors) + "\n" + log
    assert "Traceback" not in log, log
