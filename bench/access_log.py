#!/usr/bin/env python3
"""What the access log and the journal's hash chain cost.

    TEENLAB_HOME=$(mktemp -d) .venv/bin/python bench/access_log.py [--views 500] [--verify 100000]
    DATABASE_URL=postgres://… TEENLAB_HOME=$(mktemp -d) .venv/bin/python bench/access_log.py

On a fresh database (SQLite file under TEENLAB_HOME, or DATABASE_URL; it must be empty: the
script writes its own rows), prints:

- the youth page opened ``--views`` times by a coordinator (Django's test client), the median
  time of a page and of the one journal INSERT (``access_log``) it now makes;
- ``--threads`` writers appending at once (the head row serialises them): entries per second,
  and whether the chain still verifies;
- ``teenlab audit verify`` on a journal of ``--verify`` entries (written in bulk, chained).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--views", type=int, default=500)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--each", type=int, default=100)
    parser.add_argument("--verify", type=int, default=100_000)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teenlab.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import setup_test_environment

    from teenlab.core import chain
    from teenlab.core.audit import access_log
    from teenlab.core.models import AuditChainHead, AuditEntry
    from tests.factories import EnrolmentFactory, UserFactory

    settings.ALLOWED_HOSTS = ["testserver"]
    setup_test_environment()
    call_command("migrate", verbosity=0)
    if AuditEntry.objects.exists():
        sys.exit("The database already has journal entries: use a fresh one.")
    print(f"database: {connection.vendor}")

    youth = EnrolmentFactory().youth
    coordinator = UserFactory(organisation=youth.organisation, is_coordinator=True)
    client = Client()
    client.force_login(coordinator)
    url = f"/youth/{youth.pk}/"
    client.get(url)  # warm up
    pages, inserts = [], []
    for _ in range(args.views):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        pages.append(time.perf_counter() - start)
    for _ in range(args.views):
        start = time.perf_counter()
        access_log(user=coordinator, action="view", obj=youth, details={"page": "youth"})
        inserts.append(time.perf_counter() - start)
    page_ms = statistics.median(pages) * 1000
    insert_ms = statistics.median(inserts) * 1000
    print(
        f"youth page: median {page_ms:.1f} ms over {args.views} opens; "
        f"the access-log INSERT alone: median {insert_ms:.2f} ms "
        f"({insert_ms / page_ms:.0%} of the page)"
    )

    errors: list[BaseException] = []
    barrier = threading.Barrier(args.threads)

    def write():
        try:
            barrier.wait()
            for _ in range(args.each):
                access_log(user=coordinator, action="view", obj=youth)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(args.threads)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    written = args.threads * args.each
    result = chain.chain_verify()
    print(
        f"{args.threads} writers x {args.each}: {written / elapsed:.0f} entries/s, "
        f"{len(errors)} errors, chain {'intact' if result.ok else 'BROKEN'}"
    )
    for error in sorted({f"{type(error).__name__}: {error}" for error in errors}):
        print(f"  error: {error}")

    head = AuditChainHead.objects.get()
    seq, previous, batch = head.seq, head.hash, []
    template = AuditEntry.objects.order_by("-seq").first()
    for _ in range(args.verify - AuditEntry.objects.count()):
        seq += 1
        entry = AuditEntry(
            seq=seq,
            at=template.at,
            user_id=coordinator.pk,
            project_id=youth.project_id,
            organisation_id=youth.organisation_id,
            action="update",
            model="participants.youth",
            object_id=youth.pk,
            youth_id=youth.pk,
            before={"_label": str(youth), "first_name": "Avant"},
            after={"_label": str(youth), "first_name": "Après"},
        )
        entry.hash = previous = chain.entry_hash(chain.entry_values(entry), previous=previous)
        batch.append(entry)
        if len(batch) == 5000:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)
    AuditChainHead.objects.filter(pk=1).update(seq=seq, hash=previous)
    start = time.perf_counter()
    result = chain.chain_verify()
    print(
        f"audit verify: {result.entries} entries in {time.perf_counter() - start:.1f} s, "
        f"{'intact' if result.ok else 'BROKEN'}"
    )


if __name__ == "__main__":
    main()
