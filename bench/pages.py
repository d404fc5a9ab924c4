#!/usr/bin/env python3
"""The daily pages with one user, in-process: queries, time and weight of each page.

    nice .venv/bin/python bench/pages.py --youth 100000 --database-url postgres://… \
        [--runs 5] [--explain MS] [--page NAME]

The project ``BENCH-<youth>`` of ``bench/bilan.py`` (generated when missing) and the scoped
coordinator of ``bench/load.py``; a trainer of one of its sessions too (``bench-trainer``,
created when missing), for the sign-in page as a trainer opens it. Each page is opened through
Django's test client (the middleware, the views and the templates as ``teenlab serve`` runs
them, without the network): once first (the reports cache emptied beforehand, as ``teenlab
serve`` empties it, so that the dashboard and the bilan page compute their figures), then
``--runs`` times; the script prints the number of SQL statements and the time of the first
opening, the median and best milliseconds of the others, the weight in KB and the slowest
statement of the first (each page opened once before, so that "first" is not Python's
first import of its view and templates). ``--explain MS`` prints ``EXPLAIN (ANALYZE,
BUFFERS)`` of every statement of a page slower than MS milliseconds (PostgreSQL). Not under
load: ``bench/load.py`` does that.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAINER = "bench-trainer"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--youth", type=int, default=10_000, help="size of BENCH-<youth>")
    parser.add_argument("--database-url", help="default: bench/bilan.py's SQLite file")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", type=float, help="EXPLAIN statements slower than MS")
    parser.add_argument("--page", action="append", help="only these pages (repeatable)")
    parser.add_argument("--sql", action="store_true", help="list each page's statements")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    import load

    url = args.database_url or load.default_url()
    os.environ["DATABASE_URL"] = url
    targets = load.prepare(args.youth)
    pages = {name: paths[0] for name, paths in targets.pages.items()}
    # A few more of what people open all day, and the sign-in page as a trainer opens it.
    pages["youth list, filtered"] = pages["youth list"] + "?status=completed&zone=chambery"
    pages["youth list, page 40"] = pages["youth list"] + "?page=40"
    trainer_cookie, trainer_slot = trainer_prepare(args.youth)
    pages["sign-in (trainer)"] = f"/slots/{trainer_slot}/"
    cookies = dict.fromkeys(pages, targets.session_cookie)
    cookies["sign-in (trainer)"] = trainer_cookie
    if args.page:
        pages = {name: path for name, path in pages.items() if name in args.page}
    from django.core.cache import caches
    from django.test import Client

    for name, path in pages.items():  # imports and compiled templates: not what is measured
        Client(HTTP_HOST="localhost", HTTP_COOKIE=cookies[name]).get(path)
    caches["reports"].clear()  # as `teenlab serve` does when it starts: "first" computes
    load_average = os.getloadavg()[0]
    print(f"# {url.split(':', 1)[0]}, BENCH-{args.youth}, load average {load_average:.2f}")
    print(
        f"{'page':<24} {'queries':>7} {'first ms':>8} {'median ms':>9} {'best ms':>8} {'KB':>6} "
        f"{'slowest SQL ms':>14}"
    )
    for name, path in pages.items():
        measure(name, path, cookies[name], runs=args.runs, explain=args.explain, sql=args.sql)


def trainer_prepare(youth: int) -> tuple[str, int]:
    """A trainer of the coordinator's organisation teaching a session that has slots; their
    session cookie and a slot of that session (the middle one)."""
    import load

    from teenlab.core.models import Project, User
    from teenlab.training.models import Cohort, Slot

    project = Project.objects.get(code=f"BENCH-{youth}")
    coordinator = User.objects.get(username="bench-coordinator")
    trainer, _ = User.objects.update_or_create(
        username=TRAINER,
        defaults={
            "organisation": coordinator.organisation,
            "is_trainer": True,
            "is_active": True,
        },
    )
    cohort = (
        Cohort.objects.filter(project=project, organisation=coordinator.organisation)
        .order_by("-start_date", "code")
        .first()
    )
    cohort.trainers.add(trainer)
    slots = list(
        Slot.objects.filter(project=project, cohort=cohort)
        .order_by("date", "start")
        .values_list("pk", flat=True)
    )
    return load.session_cookie(trainer, project), slots[len(slots) // 2]


def measure(
    name: str, path: str, cookie: str, *, runs: int, explain: float | None, sql: bool = False
) -> None:
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="localhost", HTTP_COOKIE=cookie)
    statements: list[tuple[float, str, tuple]] = []

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - start, sql, params))

    first = time.perf_counter()
    with connection.execute_wrapper(timed):
        response = client.get(path)
    first = time.perf_counter() - first
    if response.status_code != 200:
        raise SystemExit(f"{name} ({path}) answered {response.status_code}")
    queries = len(statements)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
    slowest = max(statements, key=lambda s: s[0]) if statements else (0.0, "", ())
    print(
        f"{name:<24} {queries:>7} {first * 1000:>8.0f} {statistics.median(times) * 1000:>9.0f} "
        f"{min(times) * 1000:>8.0f} {len(response.content) / 1024:>6.0f} "
        f"{slowest[0] * 1000:>14.1f}",
        flush=True,
    )
    if sql:
        for seconds, statement, _params in statements:
            print(f"  {seconds * 1000:7.1f} ms  {' '.join(statement.split())[:160]}")
    if explain is not None and connection.vendor == "postgresql":
        for seconds, sql, params in statements:
            if seconds * 1000 < explain or not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"\n## {name}: {seconds * 1000:.1f} ms\n{sql}\n{plan}\n", flush=True)


if __name__ == "__main__":
    main()
