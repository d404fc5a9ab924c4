"""Time ``package_import`` on a synthetic package: ``python -m teenlab.datapackage.benchmark``.

    TEENLAB_HOME=/tmp/bench python -m teenlab.datapackage.benchmark --youth 10000

writes a package of that many youth (cohorts of 20, 150 half-day slots each, an attendance row
per slot and youth: 1.5 million rows for 10 000 youth) into a temporary folder, imports it into
the configured database (``DATABASE_URL``) and prints rows and seconds.
"""

import argparse
import csv
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

COHORT_SIZE = 20
SLOTS_PER_COHORT = 150


def write(path: Path, header: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def synthetic_package(
    folder: Path,
    *,
    youth: int,
    code: str = "BENCH",
    slots_per_cohort: int = SLOTS_PER_COHORT,
    dropouts: bool = False,
) -> int:
    """Write a valid package of ``youth`` young people; returns its attendance rows.

    By default every young person completes and attends every slot of their cohort. With
    ``dropouts`` (the density of issue 14: ``slots_per_cohort=69``), 28 % drop out after 10 to 35
    slots (5.6 attendance rows per 100 youth and slot… 56 per young person on average), and
    nine enrolments in ten have an outcome."""
    folder.mkdir(parents=True, exist_ok=True)
    cohorts = max(1, youth // COHORT_SIZE)

    def attended(n: int) -> int:
        """How many of its cohort's slots young person ``n`` attends."""
        if dropouts and n % 25 < 7:
            return min(slots_per_cohort - 1, 10 + (n * 7) % 26)
        return slots_per_cohort

    start = dt.date(2021, 1, 4)
    write(
        folder / "project.csv",
        ["code", "name", "programme", "start_date", "end_date"],
        [[code, "Benchmark", "ALCOTRA", "2021-01-01", "2030-12-31"]],
    )
    write(
        folder / "organisations.csv",
        ["code", "name", "country", "role"],
        [["ORG", "Organisation", "FR", "lead_partner"]],
    )
    write(
        folder / "youth.csv",
        ["code", "organisation", "first_name", "last_name", "birth_date", "gender"],
        (
            [f"Y{n:06d}", "ORG", f"Prénom{n}", f"Nom{n}", "2003-04-05", "fmx"[n % 3]]
            for n in range(youth)
        ),
    )
    cohort_start = [start + dt.timedelta(days=7 * (c % 300)) for c in range(cohorts)]
    write(
        folder / "cohorts.csv",
        ["code", "organisation", "name", "start_date", "end_date"],
        (
            [
                f"C{c:05d}",
                "ORG",
                f"Session {c}",
                cohort_start[c].isoformat(),
                (cohort_start[c] + dt.timedelta(days=slots_per_cohort)).isoformat(),
            ]
            for c in range(cohorts)
        ),
    )
    write(
        folder / "slots.csv",
        ["code", "cohort", "date", "start", "end"],
        (
            [
                f"S{c:05d}-{s:03d}",
                f"C{c:05d}",
                (cohort_start[c] + dt.timedelta(days=s // 2)).isoformat(),
                "09:00" if s % 2 == 0 else "13:30",
                "12:30" if s % 2 == 0 else "17:00",
            ]
            for c in range(cohorts)
            for s in range(slots_per_cohort)
        ),
    )
    write(
        folder / "enrolments.csv",
        ["youth", "cohort", "enrolled_on", "status", "left_on"],
        (
            [
                f"Y{n:06d}",
                f"C{n // COHORT_SIZE:05d}",
                cohort_start[n // COHORT_SIZE],
                "completed" if attended(n) == slots_per_cohort else "dropped_out",
                ""
                if attended(n) == slots_per_cohort
                else cohort_start[n // COHORT_SIZE] + dt.timedelta(days=(attended(n) + 1) // 2),
            ]
            for n in range(cohorts * COHORT_SIZE)
        ),
    )
    if dropouts:
        write(
            folder / "outcomes.csv",
            ["youth", "cohort", "professional_project", "exit"],
            (
                [f"Y{n:06d}", f"C{n // COHORT_SIZE:05d}", "yes", ("work", "study", "none")[n % 3]]
                for n in range(cohorts * COHORT_SIZE)
                if n % 10
            ),
        )
    statuses = ["present"] * 7 + ["absent", "excused", "partial"]
    write(
        folder / "attendance.csv",
        ["slot", "youth", "status", "minutes"],
        (
            [
                f"S{c:05d}-{s:03d}",
                f"Y{n:06d}",
                statuses[(n + s) % 10],
                "60" if (n + s) % 10 == 9 else "",
            ]
            for c in range(cohorts)
            for s in range(slots_per_cohort)
            for n in range(c * COHORT_SIZE, (c + 1) * COHORT_SIZE)
            if s < attended(n)
        ),
    )
    return sum(attended(n) for n in range(cohorts * COHORT_SIZE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--youth", type=int, default=10_000)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teenlab.settings")
    import django

    django.setup()
    from django.db import connection

    from teenlab.cli import ensure_database_ready, ensure_sqlite_folder
    from teenlab.datapackage.services import package_import

    ensure_sqlite_folder()
    ensure_database_ready()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "package"
        rows = synthetic_package(folder, youth=options.youth)
        started = time.perf_counter()
        result = package_import(source=folder, replace=True)
        seconds = time.perf_counter() - started
    if not result.ok:
        raise SystemExit("\n".join(str(issue) for issue in result.errors[:20]))
    print(
        f"{connection.vendor}: {options.youth} youth, {rows} attendance rows, "
        f"{sum(result.counts.values())} rows in all: {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
