#!/usr/bin/env python3
"""Time ``teenlab import`` against psql's ``\\copy`` of the same rows, side by side.

    nice .venv/bin/python bench/import.py --youth 100000 \\
        [--database-url postgres://teenlab_ci:teenlab_ci@localhost:5432/teenlab_bench_import]

For each size (``--youth`` is repeatable: two sizes show whether memory grows with the
attendance rows), the script writes a package at issue 14's density (every young person
recruited: cohorts of 20, 69 half-day slots per cohort, 28 % drop out after 10 to 35 slots, an
outcome for nine enrolments in ten; 100 000 youth: 100 000 enrolments, 345 000 slots, 5.6
million attendance rows), recreates the database (it must be a scratch one: it is dropped),
migrates it, then times:

(a) ``teenlab import PACKAGE`` as a subprocess: wall time, and its peak memory (``ru_maxrss``
    of that child, from ``os.wait4``);
(b) psql ``\\copy`` of the same rows (the tables the import wrote, dumped to CSV in teenlab's
    columns) into plain tables (``LIKE`` teenlab's: columns only, no key, no index);
(c) the same ``\\copy`` into tables with teenlab's primary keys, unique constraints, indexes
    (``LIKE … INCLUDING ALL``) and foreign keys (between the copies, or to teenlab's tables for
    the project and organisations), parents first.

It prints the seconds, the import's ratio to (b) and (c), its peak memory and ``uptime``'s load
before and after. The data package's own tables only (youth, sessions, slots, enrolments,
attendance, outcomes): what the import derives (attendance totals, the attendance ledger, the
journal) is its own work, in its time, not in the copies'.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://teenlab_ci:teenlab_ci@localhost:5432/teenlab_bench_import"
# The package's large tables in teenlab's database, parents first.
TABLES = [
    "participants_youth",
    "training_cohort",
    "training_slot",
    "training_enrolment",
    "training_attendance",
    "outcomes_outcome",
]
SLOTS_PER_COHORT = 69


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--youth", type=int, action="append", help="young people (repeatable)")
    parser.add_argument("--database-url", default=os.environ.get("TEENLAB_BENCH_POSTGRES"))
    parser.add_argument("--keep", action="store_true", help="keep the package and the dumps")
    parser.add_argument(
        "--slots-per-cohort",
        type=int,
        default=SLOTS_PER_COHORT,
        help="more slots, more attendance rows for as many youth (does memory follow them?)",
    )
    args = parser.parse_args()
    url = args.database_url or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench/import.py compares with psql: give a PostgreSQL database")
    sys.path.insert(0, str(ROOT))
    print(f"# {uptime()}", flush=True)
    print(
        f"{'youth':>8} {'attendance':>10} {'import s':>9} {'peak MB':>8} "
        f"{'plain s':>8} {'keyed s':>8} {'÷ plain':>8} {'÷ keyed':>8}",
        flush=True,
    )
    for youth in args.youth or [1_000]:
        run(url, youth, keep=args.keep, slots_per_cohort=args.slots_per_cohort)
    print(f"# {uptime()}", flush=True)


def run(url: str, youth: int, *, keep: bool, slots_per_cohort: int) -> None:
    from teenlab.datapackage.benchmark import synthetic_package

    work = Path(tempfile.mkdtemp(prefix=f"teenlab-bench-import-{youth}-"))
    try:
        started = time.perf_counter()
        package = work / "package"
        rows = synthetic_package(
            package, youth=youth, slots_per_cohort=slots_per_cohort, dropouts=True
        )
        print(
            f"# package of {youth} youth written in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
        database_recreate(url)
        env = dict(os.environ, DATABASE_URL=url, TEENLAB_HOME=str(work / "home"))
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        seconds, peak_kb = timed_child(
            [str(Path(sys.executable).with_name("teenlab")), "import", str(package)],
            env=env,
            log=work / "import.log",
        )
        dumps = dump(url, work)
        plain = copy_into(url, "bench_plain", dumps, keyed=False)
        keyed = copy_into(url, "bench_keyed", dumps, keyed=True)
        print(
            f"{youth:>8} {rows:>10} {seconds:>9.1f} {peak_kb / 1024:>8.0f} {plain:>8.1f} "
            f"{keyed:>8.1f} {seconds / plain:>8.1f} {seconds / keyed:>8.1f}",
            flush=True,
        )
        print(f"# {uptime()}", file=sys.stderr, flush=True)
    finally:
        if keep:
            print(f"# kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def database_recreate(url: str) -> None:
    """Drop and create the (scratch) database ``url`` names."""
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
    name = sql.Identifier(config["NAME"])
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))


def timed_child(command: list[str], *, env: dict, log: Path) -> tuple[float, int]:
    """Run ``command``; its wall time and peak resident memory (KB)."""
    with log.open("wb") as output:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=output, stderr=output)
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.stderr.write(log.read_text(errors="replace")[-4000:])
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode})")
    return seconds, usage.ru_maxrss


def psql(url: str, script: str) -> float:
    """Run ``script`` with psql (stopping at the first error); its wall time."""
    started = time.perf_counter()
    subprocess.run(
        ["psql", "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", url],
        input=script,
        text=True,
        check=True,
        env=dict(os.environ, PGOPTIONS="-c client_min_messages=warning"),
    )
    return time.perf_counter() - started


def dump(url: str, work: Path) -> dict[str, Path]:
    """The rows the import wrote in the package's large tables, as CSV files."""
    dumps = {table: work / f"{table}.csv" for table in TABLES}
    psql(
        url,
        "".join(f"\\copy {table} TO '{path}' WITH (FORMAT csv)\n" for table, path in dumps.items()),
    )
    return dumps


def copy_into(url: str, schema: str, dumps: dict[str, Path], *, keyed: bool) -> float:
    """Create ``schema``'s copies of the tables (keyed or not) then time the ``\\copy``."""
    like = "INCLUDING ALL" if keyed else ""
    setup = [f"DROP SCHEMA IF EXISTS {schema} CASCADE;", f"CREATE SCHEMA {schema};"]
    setup += [f"CREATE TABLE {schema}.{table} (LIKE public.{table} {like});" for table in TABLES]
    if keyed:
        setup += foreign_keys(url, schema)
    psql(url, "\n".join(setup) + "\n")
    seconds = psql(
        url,
        "".join(
            f"\\copy {schema}.{table} FROM '{path}' WITH (FORMAT csv)\n"
            for table, path in dumps.items()
        ),
    )
    psql(url, f"DROP SCHEMA {schema} CASCADE;\n")
    return seconds


def foreign_keys(url: str, schema: str) -> list[str]:
    """teenlab's foreign keys of the tables, pointing at ``schema``'s copies where they can."""
    import psycopg

    statements = []
    with psycopg.connect(url) as connection:
        for table in TABLES:
            for name, referred, definition in connection.execute(
                "SELECT conname, confrelid::regclass::text, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid = %s::regclass",
                [f"public.{table}"],
            ):
                if referred in TABLES:
                    definition = definition.replace(
                        f"REFERENCES {referred}(", f"REFERENCES {schema}.{referred}("
                    )
                statements.append(
                    f"ALTER TABLE {schema}.{table} ADD CONSTRAINT {name} {definition};"
                )
    return statements


if __name__ == "__main__":
    main()
