#!/usr/bin/env python3
"""Time the JSON bilan on synthetic programmes at TEEN LAB's density.

    .venv/bin/python bench/bilan.py --youth 10000 --youth 100000 \
        [--database-url sqlite:///tmp/bench.sqlite3] [--database-url postgres://…]

For each database (default: a SQLite file under the system's temporary folder, and the
PostgreSQL database of ``TEENLAB_BENCH_POSTGRES`` when it is set) and each size, the script
generates a project ``BENCH-<youth>`` once (kept for later runs; ``--regenerate`` rebuilds it),
then builds the JSON bilan three times and prints the median and best times, the rows and the
queries of one bilan. Each run first recomputes every enrolment's attendance totals of the
project, which the bilan reads, with the import's function (timed apart, on standard error).

Density (TEEN LAB's): half the youth received are recruited, cohorts of 20, 70 half-day slots
per cohort, one attendance row per slot and enrolled youth (100 000 youth: 2 500 cohorts,
175 000 slots, 3.5 million attendance rows); 72 % complete, the others drop out; an outcome for
nine enrolments in ten. Rows are written in bulk (``bulk_create``; attendance with COPY on
PostgreSQL and ``executemany`` on SQLite, which are several times faster for millions of rows).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COHORT_SIZE = 20
SLOTS_PER_COHORT = 70
COMPLETED_SHARE = 0.72
RUNS = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--youth", type=int, action="append", help="youth received (repeatable)")
    parser.add_argument("--database-url", action="append", help="database (repeatable)")
    parser.add_argument("--regenerate", action="store_true", help="rebuild existing projects")
    parser.add_argument(
        "--indicators",
        action="store_true",
        help="also time each funder's indicators (Interreg, ESF+, BPF) on the same project",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = args.youth or [10_000]
    if args.worker:
        worker(args.database_url[0], sizes, regenerate=args.regenerate, indicators=args.indicators)
        return
    urls = args.database_url or default_urls()
    print(
        f"{'database':<10} {'youth':>8} {'enrolments':>10} {'slots':>8} {'attendance':>10} "
        f"{'seconds':>8} {'best':>6} {'queries':>7}"
    )
    for url in urls:
        command = [sys.executable, __file__, "--worker", "--database-url", url]
        if args.indicators:
            command.append("--indicators")
        for size in sizes:
            command += ["--youth", str(size)]
        if args.regenerate:
            command.append("--regenerate")
        subprocess.run(command, check=True, cwd=ROOT)


def default_urls() -> list[str]:
    urls = [f"sqlite:///{Path(tempfile.gettempdir()) / 'teenlab-bench.sqlite3'}"]
    if os.environ.get("TEENLAB_BENCH_POSTGRES"):
        urls.append(os.environ["TEENLAB_BENCH_POSTGRES"])
    return urls


def database_create(url: str) -> None:
    """Create the PostgreSQL database ``url`` names if it is not there yet."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    params = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
    }
    try:
        psycopg.connect(dbname=config["NAME"], **params).close()
    except psycopg.OperationalError:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def worker(url: str, sizes: list[int], *, regenerate: bool, indicators: bool = False) -> None:
    database_create(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teenlab.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    for size in sizes:
        project = programme_generate(size, regenerate=regenerate)
        totals_refresh(project)
        times, queries = bilan_time(project)
        rows = rows_count(project)
        print(
            f"{connection.vendor:<10} {size:>8} {rows['enrolments']:>10} {rows['slots']:>8} "
            f"{rows['attendance']:>10} {statistics.median(times):>8.2f} {min(times):>6.2f} "
            f"{queries:>7}",
            flush=True,
        )
        if indicators:
            for framework, (times, queries) in indicators_time(project).items():
                print(
                    f"{'  ' + framework:<10} {size:>8} {'':>10} {'':>8} {'':>10} "
                    f"{statistics.median(times):>8.2f} {min(times):>6.2f} {queries:>7}",
                    flush=True,
                )
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"# load average while timing: {load:.1f}", file=sys.stderr, flush=True)


def totals_refresh(project) -> None:
    """Each enrolment's attendance totals, recomputed through the function the import calls
    (``refresh_enrolment_totals``), timed on its own: the generator writes rows in bulk, which
    keep no totals."""
    from django.db import connection, transaction

    from teenlab.training.rollups import refresh_enrolment_totals

    start = time.perf_counter()
    with transaction.atomic():
        refresh_enrolment_totals(project=project)
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"# {connection.vendor} {project.code}: totals refreshed in {seconds:.2f} s",
        file=sys.stderr,
        flush=True,
    )


def bilan_time(project) -> tuple[list[float], int]:
    """The seconds of each of ``RUNS`` JSON bilans (figures and rendering), and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from teenlab.reporting.renderers.json import render_json
    from teenlab.reporting.selectors import bilan_build

    times = []
    queries = 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            render_json(bilan_build(project=project))
            times.append(time.perf_counter() - start)
        queries = len(captured)
    return times, queries


def indicators_time(project) -> dict[str, tuple[list[float], int]]:
    """For each funder's framework: the seconds of each of ``RUNS`` computations of its
    indicators over the whole project (``teenlab indicators``' values), and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from teenlab.reporting.frameworks import FRAMEWORKS, framework_compute
    from teenlab.reporting.scoping import ResolvedScope

    scope = ResolvedScope(project=project)
    results = {}
    for code, framework in FRAMEWORKS.items():
        times = []
        queries = 0
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                framework_compute(framework, scope)
                times.append(time.perf_counter() - start)
            queries = len(captured)
        results[code] = (times, queries)
    return results


def rows_count(project) -> dict[str, int]:
    from teenlab.training.models import Attendance, Enrolment, Slot

    return {
        "enrolments": Enrolment.objects.filter(cohort__project=project).count(),
        "slots": Slot.objects.filter(project=project).count(),
        "attendance": Attendance.objects.filter(slot__project=project).count(),
    }


# --- generation ------------------------------------------------------------------------------


def programme_generate(youth_count: int, *, regenerate: bool):
    from django.db import connection, transaction

    from teenlab.core.models import Project

    code = f"BENCH-{youth_count}"
    existing = Project.objects.filter(code=code).first()
    if existing is not None and not regenerate:
        return existing
    if existing is not None:
        print(f"# removing {code}…", file=sys.stderr, flush=True)
        project_delete(existing)
    print(f"# generating {code}…", file=sys.stderr, flush=True)
    started = time.perf_counter()
    with transaction.atomic():
        project = _generate(code, youth_count)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"# {code} generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return project


def project_delete(project) -> None:
    """Delete in bulk, children first (the ORM's cascade would load millions of rows)."""
    from django.db import transaction

    from teenlab.finance.models import BudgetLine, Expense
    from teenlab.outcomes.models import Outcome
    from teenlab.participants.models import InfoSession, Youth
    from teenlab.training.models import (
        Attendance,
        Cohort,
        Enrolment,
        EnrolmentAttendance,
        Module,
        Slot,
    )

    with transaction.atomic():
        Attendance.objects.filter(slot__project=project)._raw_delete("default")
        EnrolmentAttendance.objects.filter(enrolment__cohort__project=project)._raw_delete(
            "default"
        )
        Outcome.objects.filter(enrolment__cohort__project=project)._raw_delete("default")
        Enrolment.objects.filter(cohort__project=project)._raw_delete("default")
        Slot.objects.filter(project=project)._raw_delete("default")
        Module.objects.filter(project=project)._raw_delete("default")
        BudgetLine.objects.filter(project=project)._raw_delete("default")
        Expense.objects.filter(project=project)._raw_delete("default")
        Youth.objects.filter(project=project)._raw_delete("default")
        InfoSession.objects.filter(project=project)._raw_delete("default")
        project.events.all().delete()
        Cohort.objects.filter(project=project).delete()
        project.delete()


def _generate(code: str, youth_count: int):
    from teenlab.activities.models import Event, Exchange
    from teenlab.core.choices import (
        AttendanceStatus,
        BudgetCategory,
        DropoutReason,
        EnrolmentStatus,
        ExchangeKind,
        Exit,
        Gender,
        PartnerRole,
        ProfessionalProject,
        Strand,
    )
    from teenlab.core.models import Organisation, Project, ProjectPartner, ResidenceZone
    from teenlab.finance.models import BudgetLine, Expense
    from teenlab.outcomes.models import Outcome
    from teenlab.participants.models import InfoSession, Youth
    from teenlab.training.models import Cohort, Enrolment, Module, Slot

    rng = random.Random(youth_count)
    batch = 5000
    start = dt.date(2021, 3, 1)
    project = Project.objects.create(
        code=code,
        name=f"Programme de {youth_count} jeunes",
        programme="Banc d'essai",
        start_date=start,
        end_date=dt.date(2030, 12, 31),
        cofinancing_total_eur=Decimal("794000"),
    )
    french, _ = Organisation.objects.get_or_create(
        code="BENCH-FR", defaults={"name": "Ville banc d'essai", "country": "FR"}
    )
    italian, _ = Organisation.objects.get_or_create(
        code="BENCH-IT", defaults={"name": "Città banco di prova", "country": "IT"}
    )
    ProjectPartner.objects.create(
        project=project, organisation=italian, role=PartnerRole.LEAD_PARTNER
    )
    ProjectPartner.objects.create(project=project, organisation=french, role=PartnerRole.PARTNER)
    communes = ["Chambéry", "La Motte-Servolex", "Cognin", "Barberaz", "Lyon", ""]
    ResidenceZone.objects.bulk_create(
        [
            ResidenceZone(project=project, commune="Chambéry", zone="chambery"),
            ResidenceZone(project=project, commune="La Motte-Servolex", zone="agglomeration"),
            ResidenceZone(project=project, commune="Cognin", zone="agglomeration"),
            ResidenceZone(project=project, commune="Barberaz", zone="agglomeration"),
        ]
    )
    sessions = InfoSession.objects.bulk_create(
        [
            InfoSession(
                project=project,
                code=f"IC{i}",
                organisation=french,
                date=start + dt.timedelta(days=7 * i % 3000),
            )
            for i in range(max(1, youth_count // 8))
        ],
        batch_size=batch,
    )

    recruited = youth_count // 2
    cohort_count = max(1, recruited // COHORT_SIZE)
    cohorts = Cohort.objects.bulk_create(
        [
            Cohort(
                project=project,
                code=f"S{i}",
                organisation=french,
                name=f"Session {i}",
                start_date=start + dt.timedelta(days=i % 2000),
                end_date=start + dt.timedelta(days=i % 2000 + 120),
            )
            for i in range(cohort_count)
        ],
        batch_size=batch,
    )
    modules = []
    for cohort in cohorts:
        modules.append(
            Module(
                project=project,
                code=f"{cohort.code}-N",
                cohort=cohort,
                name="Numérique",
                strand=Strand.DIGITAL_CULTURE,
                planned_hours=Decimal(210),
            )
        )
        modules.append(
            Module(
                project=project,
                code=f"{cohort.code}-F",
                cohort=cohort,
                name="FabLab",
                strand=Strand.FABLAB,
                planned_hours=Decimal(30),
            )
        )
    Module.objects.bulk_create(modules, batch_size=batch)
    slots = []
    morning, afternoon = (dt.time(9), dt.time(12, 30)), (dt.time(13, 30), dt.time(17))
    for cohort in cohorts:
        for i in range(SLOTS_PER_COHORT):
            begin, end = morning if i % 2 == 0 else afternoon
            slots.append(
                Slot(
                    project=project,
                    code=f"{cohort.code}-{i}",
                    cohort=cohort,
                    date=cohort.start_date + dt.timedelta(days=i // 2 + (i // 10) * 2),
                    start=begin,
                    end=end,
                    duration_minutes=210,
                )
            )
    Slot.objects.bulk_create(slots, batch_size=batch)
    Event.objects.bulk_create(
        [
            Event(project=project, code=f"EV{c.code}", cohort=c, title="Événement", date=c.end_date)
            for c in cohorts
        ],
        batch_size=batch,
    )

    genders = [Gender.F, Gender.M, Gender.M, Gender.X]
    youth = [
        Youth(
            project=project,
            code=f"J{i}",
            organisation=french,
            first_name="Prénom",
            last_name=f"Nom {i}",
            birth_date=dt.date(
                1995 + rng.randrange(12), 1 + rng.randrange(12), 1 + rng.randrange(28)
            )
            if rng.random() > 0.02
            else None,
            gender=rng.choice(genders),
            commune=rng.choice(communes),
            received_on=start + dt.timedelta(days=rng.randrange(2000)),
            info_session=rng.choice(sessions),
        )
        for i in range(youth_count)
    ]
    Youth.objects.bulk_create(youth, batch_size=batch)

    reasons = [*DropoutReason.values, ""]
    enrolments = []
    for i in range(cohort_count * COHORT_SIZE):
        cohort = cohorts[i // COHORT_SIZE]
        completed = rng.random() < COMPLETED_SHARE
        enrolments.append(
            Enrolment(
                youth=youth[i],
                cohort=cohort,
                enrolled_on=cohort.start_date + dt.timedelta(days=rng.choice([0, 0, 0, 3])),
                status=EnrolmentStatus.COMPLETED if completed else EnrolmentStatus.DROPPED_OUT,
                left_on=cohort.end_date if completed else cohort.start_date + dt.timedelta(30),
                dropout_reason="" if completed else rng.choice(reasons),
            )
        )
    Enrolment.objects.bulk_create(enrolments, batch_size=batch)
    exits = Exit.values
    Outcome.objects.bulk_create(
        [
            Outcome(
                enrolment=e,
                professional_project=rng.choice(ProfessionalProject.values),
                exit=rng.choice(exits),
            )
            for e in enrolments
            if rng.random() < 0.9
        ],
        batch_size=batch,
    )

    statuses = (
        [AttendanceStatus.PRESENT] * 85
        + [AttendanceStatus.PARTIAL] * 5
        + [AttendanceStatus.ABSENT] * 7
        + [AttendanceStatus.EXCUSED] * 3
    )
    slot_ids: dict[int, list[int]] = {}
    for slot in slots:
        slot_ids.setdefault(slot.cohort_id, []).append(slot.pk)

    def attendance_rows():
        for enrolment in enrolments:
            for slot_id in slot_ids[enrolment.cohort_id]:
                status = rng.choice(statuses)
                minutes = rng.randrange(30, 210) if status == AttendanceStatus.PARTIAL else None
                yield slot_id, enrolment.youth_id, status, minutes, "marked"

    attendance_write(attendance_rows())

    Exchange.objects.bulk_create(
        [
            Exchange(
                project=project,
                code=f"E{i}",
                origin=o,
                destination=d,
                kind=k,
                title=f"Échange {i}",
                start_date=start + dt.timedelta(days=60 * i),
            )
            for i, (o, d, k) in enumerate(
                [("FR", "IT", ExchangeKind.YOUTH_STAY)] * 2
                + [("FR", "IT", ExchangeKind.INSTITUTIONAL)] * 2
                + [("FR", "IT", ExchangeKind.PROFESSIONAL)]
                + [("IT", "FR", ExchangeKind.INSTITUTIONAL)] * 2
                + [("IT", "FR", ExchangeKind.YOUTH_STAY), ("FR", "remote", ExchangeKind.TRAINING)]
            )
        ]
    )
    amounts = {
        BudgetCategory.CROSS_BORDER: 33000,
        BudgetCategory.COORDINATION: 54000,
        BudgetCategory.PEDAGOGY: 130000,
        BudgetCategory.PREMISES_EQUIPMENT: 133000,
    }
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(project=project, organisation=french, category=c, planned_eur=Decimal(a))
            for c, a in amounts.items()
        ]
    )
    Expense.objects.bulk_create(
        [
            Expense(
                project=project,
                organisation=french,
                category=rng.choice(list(amounts)),
                date=start + dt.timedelta(days=i),
                amount_eur=Decimal("123.45"),
                label=f"Dépense {i}",
            )
            for i in range(200)
        ]
    )
    return project


def attendance_write(rows) -> None:
    from django.db import connection

    from teenlab.training.models import Attendance

    table = Attendance._meta.db_table
    columns = "slot_id, youth_id, status, minutes, source"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        chunk = []
        sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)"
        for row in rows:
            chunk.append(row)
            if len(chunk) >= 50_000:
                cursor.executemany(sql, chunk)
                chunk.clear()
        if chunk:
            cursor.executemany(sql, chunk)


if __name__ == "__main__":
    main()
