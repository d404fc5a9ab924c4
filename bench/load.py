#!/usr/bin/env python3
"""Pages under load: simulated people on ``teenlab serve``, p50/p95/max per page, throughput.

    .venv/bin/python bench/load.py --youth 100000 [--database-url URL] [--users 50]
        [--seconds 60] [--closed] [--workers N]

The project ``BENCH-<youth>`` of ``bench/bilan.py`` (generated there, or here when missing) is
served by ``teenlab serve`` with its defaults (gunicorn, one worker per core, two to eight) on
127.0.0.1 only. A coordinator of one partner organisation (a scoped account, as the issue
measures) opens the pages people open all day: the dashboard, the youth list (plain, searched
by name, and filtered by status and zone), a youth record, a session's page, a slot's sign-in
and the bilan page, each time a page at random among them and a record at random among the
organisation's.

Two modes:
- open (default): each simulated person opens a page, then waits 1 to 3 s as people do
  (50 people: about 25 pages a second); the figures are each page's latency;
- ``--closed``: no waiting; the figure that matters is the pages per second the server
  sustains.

Bounded: at most 200 people and 600 s, loopback only, each request times out after 120 s (an
error). Before the run, each page is opened once (the first bilan computes and caches its
report: its time is printed apart as "first").
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
MAX_USERS = 200
MAX_SECONDS = 600
TIMEOUT = 120
ACCOUNT = "bench-coordinator"


@dataclass
class Targets:
    """What the simulated coordinator opens: a path per page, or several to pick from."""

    pages: dict[str, list[str]]
    session_cookie: str


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.times.setdefault(page, []).append(seconds)
            if not ok:
                self.errors[page] = self.errors.get(page, 0) + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--youth", type=int, default=10_000, help="size of BENCH-<youth>")
    parser.add_argument("--database-url", help="default: bench/bilan.py's SQLite file")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--closed", action="store_true", help="no waiting between pages")
    parser.add_argument("--workers", type=int, help="default: teenlab serve's")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args()
    if not 1 <= args.users <= MAX_USERS or not 1 <= args.seconds <= MAX_SECONDS:
        parser.error(f"--users 1..{MAX_USERS}, --seconds 1..{MAX_SECONDS}")
    url = args.database_url or default_url()
    os.environ["DATABASE_URL"] = url
    # One key for this script and the server: the session it writes must be the server's.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    targets = prepare(args.youth)
    port = args.port or free_port()
    with served(url, port, workers=args.workers):
        first = {}
        for page, choices in targets.pages.items():
            first[page], ok = request(port, choices[0], targets)
            if not ok:
                raise SystemExit(f"{page} ({choices[0]}) does not answer 200: is the account in?")
        tally = run(port, targets, users=args.users, seconds=args.seconds, closed=args.closed)
    report(tally, first=first, seconds=args.seconds, args=args, url=url)


def default_url() -> str:
    return f"sqlite:///{Path(tempfile.gettempdir()) / 'teenlab-bench.sqlite3'}"


def prepare(youth: int) -> Targets:
    """The project (generated if missing), the account and its session, the pages' paths."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teenlab.settings")
    os.environ.setdefault("TEENLAB_HOME", tempfile.mkdtemp(prefix="teenlab-load-"))
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from bilan import database_create, programme_generate
    from django.core.management import call_command
    from django.db import connections

    from teenlab.core.models import User
    from teenlab.participants.models import Youth
    from teenlab.training.models import Cohort, Slot

    database_create(os.environ["DATABASE_URL"])
    call_command("migrate", verbosity=0, interactive=False)
    project = programme_generate(youth, regenerate=False)
    organisation = project.partners.order_by("organisation__code").first().organisation
    user, _ = User.objects.update_or_create(
        username=ACCOUNT,
        defaults={"organisation": organisation, "is_coordinator": True, "is_active": True},
    )
    cookie = session_cookie(user, project)

    rng = random.Random(youth)
    youth_rows = list(
        Youth.objects.filter(project=project, organisation=organisation).values_list(
            "pk", "last_name"
        )
    )
    cohorts = list(
        Cohort.objects.filter(project=project, organisation=organisation).values_list(
            "pk", flat=True
        )
    )
    slots = list(
        Slot.objects.filter(project=project, cohort__organisation=organisation).values_list(
            "pk", flat=True
        )
    )
    sample = rng.sample(youth_rows, min(200, len(youth_rows)))
    pages = {
        "dashboard": ["/"],
        "youth list": ["/youth/"],
        "youth list, searched": [
            "/youth/?" + urlencode({"q": name.split()[0][:4]}) for _pk, name in sample[:50]
        ],
        "youth list, filtered": [
            "/youth/?" + urlencode({"status": status, "zone": zone})
            for status in ("completed", "dropped_out", "in_progress")
            for zone in ("chambery", "agglomeration", "other")
        ],
        "youth record": [f"/youth/{pk}/" for pk, _name in sample],
        "session page": [f"/cohorts/{pk}/" for pk in rng.sample(cohorts, min(200, len(cohorts)))],
        "sign-in": [f"/slots/{pk}/" for pk in rng.sample(slots, min(200, len(slots)))],
        "bilan page": ["/bilan/"],
    }
    connections.close_all()
    return Targets(pages=pages, session_cookie=cookie)


def session_cookie(user, project) -> str:
    """A session of ``user`` on ``project``, signed in with the second factor given: the
    ``Cookie`` header that opens it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from teenlab.core.middleware import SESSION_KEY as PROJECT_KEY

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[PROJECT_KEY] = project.pk
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def served(url: str, port: int, *, workers: int | None):
    """``teenlab serve`` on 127.0.0.1:port, without its background worker, until the block
    ends."""
    command = [sys.executable, "-m", "teenlab.cli", "serve", "--host", HOST, "--port", str(port)]
    command += ["--no-worker"] + (["--workers", str(workers)] if workers else [])
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": os.environ["SECRET_KEY"],
    }
    log = Path(tempfile.gettempdir()) / f"teenlab-load-{port}.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            with contextlib.suppress(OSError), socket.create_connection((HOST, port), 1):
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"teenlab serve did not start: see {log}")
            time.sleep(0.5)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def request(port: int, path: str, targets: Targets) -> tuple[float, bool]:
    """One page: its seconds, and whether it answered 200 with a whole body."""
    start = time.perf_counter()
    try:
        connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
        connection.request("GET", path, headers={"Cookie": targets.session_cookie})
        response = connection.getresponse()
        response.read()
        ok = response.status == 200
        if not ok and os.environ.get("TEENLAB_LOAD_DEBUG"):
            print(path, response.status, response.getheader("Location"), file=sys.stderr)
        connection.close()
    except OSError:
        ok = False
    return time.perf_counter() - start, ok


def run(port: int, targets: Targets, *, users: int, seconds: int, closed: bool) -> Tally:
    tally = Tally()
    end = time.monotonic() + seconds
    names = list(targets.pages)

    def person(n: int) -> None:
        rng = random.Random(n)
        time.sleep(rng.uniform(0, 0 if closed else 3))  # people do not all arrive at once
        while time.monotonic() < end:
            page = rng.choice(names)
            seconds_taken, ok = request(port, rng.choice(targets.pages[page]), targets)
            tally.add(page, seconds_taken, ok)
            if not closed:
                time.sleep(rng.uniform(1, 3))

    threads = [threading.Thread(target=person, args=(n,), daemon=True) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + TIMEOUT + 10)
    return tally


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(tally: Tally, *, first: dict[str, float], seconds: int, args, url: str) -> None:
    mode = "closed loop" if args.closed else "1 to 3 s between pages"
    database = url.split(":", 1)[0]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"# {database}, BENCH-{args.youth}, {args.users} people, {seconds} s, {mode}, "
        f"load average at the end {load:.1f}"
    )
    print(
        f"{'page':<22} {'pages':>6} {'errors':>6} {'first ms':>9} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'max ms':>8}"
    )
    total = 0
    for page, times in tally.times.items():
        total += len(times)
        print(
            f"{page:<22} {len(times):>6} {tally.errors.get(page, 0):>6} "
            f"{first.get(page, float('nan')) * 1000:>9.0f} "
            f"{statistics.median(times) * 1000:>8.0f} {percentile(times, 0.95) * 1000:>8.0f} "
            f"{max(times) * 1000:>8.0f}"
        )
    print(f"# {total} pages in {seconds} s: {total / seconds:.1f} pages a second")


if __name__ == "__main__":
    main()
