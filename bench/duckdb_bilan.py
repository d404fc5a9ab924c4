#!/usr/bin/env python3
"""teenlab's bilan against DuckDB computing the same figures from the same tables (issue 14,
target 1), side by side in one run.

    .tools/uv/bin/uv run --with duckdb==2.0.1 python bench/duckdb_bilan.py --youth 100000 \
        [--database-url postgres://…] [--organisation]

For each size, the project ``BENCH-<youth>`` of ``bench/bilan.py`` (generated there, or here when
missing) is read from the database (default: ``TEENLAB_BENCH_POSTGRES``, else the SQLite file of
bench/bilan.py). The script then:

1. times teenlab's JSON bilan in process (``bilan_figures`` and the JSON renderer, as
   ``teenlab bilan --format json`` computes it), ``RUNS`` times;
2. copies the project's rows of the tables the figures come from (young people, enrolments,
   sessions, slots, **attendance rows**, outcomes, zones, information sessions, events,
   modules) into an in-memory DuckDB database, timed apart (DuckDB has no copy of teenlab's
   per-enrolment totals: it computes the attendance from the rows, as a data analyst would);
3. times DuckDB computing the same figures with SQL written from /work/shared/spec/indicators.md
   and docs/indicators.md (the project's default rules: 80 %, an excused absence not attended,
   TEEN LAB's age bands), ``RUNS`` times;
4. compares every figure and prints the medians, their ratio and the machine's load.

``--organisation``: also the bilan of the generated project's first organisation.

duckdb is not a dependency of teenlab (nothing but this script uses it): ``uv run --with``
brings it for the run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3

# The tables of the figures: name in DuckDB, the SQL that reads the project's rows (%(p)s: its
# id). Attendance has no project column: its slots name the project.
TABLES = {
    "youth": "SELECT id, organisation_id, received_on, birth_date, gender, commune "
    "FROM participants_youth WHERE project_id = %(p)s",
    "enrolment": "SELECT e.id, e.youth_id, e.cohort_id, e.enrolled_on, e.left_on, e.status, "
    "e.dropout_reason FROM training_enrolment e JOIN training_cohort c ON c.id = e.cohort_id "
    "WHERE c.project_id = %(p)s",
    "cohort": "SELECT id, organisation_id, end_date FROM training_cohort WHERE project_id = %(p)s",
    "slot": "SELECT id, cohort_id, date, duration_minutes, cancelled_reason "
    "FROM training_slot WHERE project_id = %(p)s",
    "attendance": "SELECT a.slot_id, a.youth_id, a.status, a.minutes FROM training_attendance a "
    "JOIN training_slot s ON s.id = a.slot_id WHERE s.project_id = %(p)s",
    "outcome": "SELECT o.enrolment_id, o.exit, o.professional_project FROM outcomes_outcome o "
    "JOIN training_enrolment e ON e.id = o.enrolment_id JOIN training_cohort c "
    "ON c.id = e.cohort_id WHERE c.project_id = %(p)s",
    "zone": "SELECT commune, zone FROM core_residencezone WHERE project_id = %(p)s",
    "info_session": "SELECT id, organisation_id FROM participants_infosession "
    "WHERE project_id = %(p)s",
    "event": "SELECT ev.id, ev.cohort_id FROM activities_event ev JOIN training_cohort c "
    "ON c.id = ev.cohort_id WHERE c.project_id = %(p)s",
    "module": "SELECT cohort_id, strand, planned_hours FROM training_module "
    "WHERE project_id = %(p)s",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--youth", type=int, action="append", help="youth received (repeatable)")
    parser.add_argument("--database-url", help="database (default: TEENLAB_BENCH_POSTGRES)")
    parser.add_argument("--organisation", action="store_true", help="also one partner's bilan")
    args = parser.parse_args()
    try:
        import duckdb  # noqa: F401
    except ImportError:
        sys.exit("duckdb is missing: run through `uv run --with duckdb==2.0.1 python …`")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import bilan as generator  # bench/bilan.py

    url = args.database_url or os.environ.get("TEENLAB_BENCH_POSTGRES")
    url = url or generator.default_urls()[0]
    generator.database_create(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teenlab.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    print(
        f"{'database':<10} {'youth':>8} {'scope':<14} {'attendance':>10} {'teenlab s':>9} "
        f"{'duckdb s':>8} {'ratio':>6} {'load s':>7} {'figures':<8}"
    )
    for size in args.youth or [10_000]:
        project = generator.programme_generate(size, regenerate=False)
        generator.totals_refresh(project)
        with tempfile.TemporaryDirectory() as folder:
            database, load_seconds, rows = duckdb_load(project, Path(folder))
        scopes = [None]
        if args.organisation:
            scopes.append(project.cohorts.order_by("code").first().organisation)
        for organisation in scopes:
            ours, teenlab_times = teenlab_figures(project, organisation)
            theirs, duck_times = duckdb_figures(database, organisation)
            differences = compare(ours, theirs)
            scope = organisation.code if organisation else "project"
            ratio = statistics.median(teenlab_times) / statistics.median(duck_times)
            print(
                f"{connection.vendor:<10} {size:>8} {scope:<14} {rows:>10} "
                f"{statistics.median(teenlab_times):>9.2f} {statistics.median(duck_times):>8.2f} "
                f"{ratio:>6.2f} {load_seconds:>7.1f} "
                f"{'agree' if not differences else 'DIFFER':<8}",
                flush=True,
            )
            for line in differences:
                print(f"#   {line}", flush=True)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"# load average while timing: {load:.1f}", file=sys.stderr, flush=True)
        database.close()


# --- teenlab -----------------------------------------------------------------------------------


def teenlab_figures(project, organisation) -> tuple[dict, list[float]]:
    # What `teenlab bilan --format json` computes: the figures alone (bilan_figures).
    from teenlab.reporting.renderers.json import figures_json
    from teenlab.reporting.selectors import bilan_figures

    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        text = figures_json(bilan_figures(project=project, organisation=organisation))
        times.append(time.perf_counter() - start)
    return json.loads(text), times


# --- DuckDB ------------------------------------------------------------------------------------


def duckdb_load(project, folder: Path):
    """An in-memory DuckDB database holding the project's rows of ``TABLES``, the seconds the
    copy took, and the number of attendance rows."""
    import duckdb
    from django.db import connection

    start = time.perf_counter()
    database = duckdb.connect()
    for name, query in TABLES.items():
        path = folder / f"{name}.csv"
        export_csv(connection, query % {"p": int(project.pk)}, path)
        database.execute(
            f"CREATE TABLE {name} AS SELECT * FROM read_csv(?, header = true, "
            "nullstr = '\\N', quote = '\"', escape = '\"')",
            [str(path)],
        )
    seconds = time.perf_counter() - start
    rows = database.execute("SELECT count(*) FROM attendance").fetchone()[0]
    return database, seconds, rows


def export_csv(connection, query: str, path: Path) -> None:
    """The rows of ``query`` as a CSV file (NULL as ``\\N``, so that an empty text stays one):
    COPY on PostgreSQL, the csv module elsewhere."""
    with connection.cursor() as cursor, path.open("w", newline="") as out:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY ({query}) TO STDOUT (FORMAT CSV, HEADER, NULL '\\N')"
            with cursor.cursor.copy(copy_sql) as copy:
                for chunk in copy:
                    out.write(bytes(chunk).decode())
            return
        cursor.execute(query)
        writer = csv.writer(out)
        writer.writerow([column[0] for column in cursor.description])
        while batch := cursor.fetchmany(50_000):
            writer.writerows(["\\N" if value is None else value for value in row] for row in batch)


POSITIVE = {
    "work": "work",
    "apprenticeship": "work",
    "study": "study",
    "experience": "experience",
    "training": "training",
    "support_pathway": "project",
    "project": "project",
}


def duckdb_figures(database, organisation) -> tuple[dict, list[float]]:
    times = []
    figures: dict = {}
    for _ in range(RUNS):
        start = time.perf_counter()
        figures = _duckdb_compute(database, organisation.pk if organisation else None)
        times.append(time.perf_counter() - start)
    return figures, times


def _duckdb_compute(database, organisation: int | None) -> dict:
    """The figures of indicators.md, computed by DuckDB from the rows (the default rules)."""
    q = database.execute
    scope = "TRUE" if organisation is None else f"c.organisation_id = {int(organisation)}"
    own = "TRUE" if organisation is None else f"y.organisation_id = {int(organisation)}"
    q(
        f"""CREATE OR REPLACE TEMP VIEW es AS
        SELECT e.*, coalesce(e.left_on, c.end_date) AS window_end
        FROM enrolment e JOIN cohort c ON c.id = e.cohort_id JOIN youth y ON y.id = e.youth_id
        WHERE {scope} AND {own}"""
    )
    q(f"CREATE OR REPLACE TEMP VIEW cs AS SELECT * FROM cohort c WHERE {scope}")
    people = q(
        """WITH per_youth AS (
            SELECT youth_id,
                   bool_or(status = 'completed') AS completed,
                   bool_or(status = 'early_exit') AS early,
                   bool_or(status IN ('early_exit', 'in_progress')) AS still_in
            FROM es GROUP BY youth_id)
        SELECT count(*),
               count(*) FILTER (WHERE completed),
               count(*) FILTER (WHERE NOT completed AND still_in AND early),
               count(*) FILTER (WHERE NOT completed AND still_in AND NOT early)
        FROM per_youth"""
    ).fetchone()
    recruited, completed, early, in_progress = people
    q(
        """CREATE OR REPLACE TEMP VIEW ranked AS
        SELECT es.*,
               row_number() OVER (PARTITION BY youth_id ORDER BY enrolled_on, id) AS first_rank,
               row_number() OVER (PARTITION BY youth_id ORDER BY enrolled_on DESC, id DESC)
                   AS latest_rank
        FROM es"""
    )
    span = (
        "(year(r.enrolled_on) * 10000 + month(r.enrolled_on) * 100 + day(r.enrolled_on))"
        " - (year(y.birth_date) * 10000 + month(y.birth_date) * 100 + day(y.birth_date))"
    )
    breakdown = q(
        f"""SELECT coalesce(z.zone, 'other') AS zone,
               CASE WHEN y.birth_date IS NULL THEN 'other'
                    WHEN {span} < 180000 THEN 'minor'
                    WHEN {span} < 240000 THEN '18-23'
                    WHEN {span} < 270000 THEN '24-26'
                    ELSE 'other' END AS band,
               y.gender, count(*)
        FROM ranked r JOIN youth y ON y.id = r.youth_id
        LEFT JOIN zone z ON z.commune = y.commune
        WHERE r.first_rank = 1 GROUP BY ALL"""
    ).fetchall()
    at_the_end = q(
        """SELECT coalesce(o.professional_project, 'unknown'), coalesce(o.exit, 'unknown'),
                  count(*)
        FROM ranked r LEFT JOIN outcome o ON o.enrolment_id = r.id
        WHERE r.latest_rank = 1 GROUP BY ALL"""
    ).fetchall()
    reasons = q(
        """WITH still_in AS (
            SELECT DISTINCT youth_id FROM es
            WHERE status IN ('completed', 'early_exit', 'in_progress')),
        dropped AS (
            SELECT es.*, row_number() OVER (
                PARTITION BY youth_id ORDER BY enrolled_on DESC, id DESC) AS rank
            FROM es WHERE status = 'dropped_out'
              AND youth_id NOT IN (SELECT youth_id FROM still_in))
        SELECT coalesce(nullif(dropout_reason, ''), 'unknown'), count(*)
        FROM dropped WHERE rank = 1 GROUP BY ALL"""
    ).fetchall()
    # Attendance from the rows: every non-cancelled slot of the enrolment's window, and the
    # youth's row on it (present: the slot; partial: its minutes, at most the slot's).
    q(
        """CREATE OR REPLACE TEMP TABLE minutes AS
        SELECT es.id, es.youth_id, es.status, count(*) AS slots,
               sum(s.duration_minutes) AS scheduled,
               sum(CASE a.status WHEN 'present' THEN s.duration_minutes
                                 WHEN 'partial' THEN least(coalesce(a.minutes, 0),
                                                           s.duration_minutes)
                                 ELSE 0 END) AS attended
        FROM es JOIN slot s ON s.cohort_id = es.cohort_id
             AND s.date BETWEEN es.enrolled_on AND es.window_end
             AND coalesce(s.cancelled_reason, '') = ''
        LEFT JOIN attendance a ON a.slot_id = s.id AND a.youth_id = es.youth_id
        GROUP BY ALL"""
    )
    reaching = q(
        """SELECT count(DISTINCT youth_id) FROM minutes
        WHERE status = 'completed' AND scheduled > 0 AND attended * 100 >= scheduled * 80"""
    ).fetchone()[0]
    trainees = q("SELECT count(*), sum(scheduled), sum(attended) FROM minutes").fetchone()
    events = q("SELECT count(*) FROM event WHERE cohort_id IN (SELECT id FROM cs)").fetchone()[0]
    with_modules, *_ = q(
        "SELECT count(DISTINCT cohort_id) FROM module WHERE cohort_id IN (SELECT id FROM cs)"
    ).fetchone()
    strands = q(
        "SELECT strand, sum(planned_hours) FROM module "
        "WHERE cohort_id IN (SELECT id FROM cs) GROUP BY ALL"
    ).fetchall()
    info = "TRUE" if organisation is None else f"organisation_id = {int(organisation)}"
    sessions = q(f"SELECT count(*) FROM info_session WHERE {info}").fetchone()[0]
    received = q(
        f"SELECT count(*) FROM youth y WHERE received_on IS NOT NULL AND {own}"
    ).fetchone()[0]

    def tally(rows, key):
        totals: dict = {}
        for row in rows:
            totals[row[key]] = totals.get(row[key], 0) + row[-1]
        return totals

    exits = tally(at_the_end, 1)
    by_category: dict = {}
    for exit_, n in exits.items():
        if exit_ in POSITIVE:
            by_category[POSITIVE[exit_]] = by_category.get(POSITIVE[exit_], 0) + n
    professional = {"yes": 0, "no": 0, "unknown": 0, **tally(at_the_end, 0)}
    return {
        "funnel": {
            "info_sessions": sessions,
            "youth_received": received,
            "youth_recruited": recruited,
            "recruited_by_residence": tally(breakdown, 0),
            "recruited_by_age_band": tally(breakdown, 1),
            "recruited_by_gender": tally(breakdown, 2),
            "completed": completed,
            "completed_with_attendance_80": reaching,
            "early_positive_exits": early,
            "dropouts": recruited - completed - early - in_progress,
            "in_progress": in_progress,
            "dropouts_by_reason": dict(reasons),
        },
        "professional_project": professional,
        "positive_exits": {"total": sum(by_category.values()), "by_category": by_category},
        "events": events,
        "training_hours": {
            strand: (Decimal(hours) / with_modules).quantize(Decimal("0.01"))
            for strand, hours in strands
        },
        "trainee_hours": {
            "trainees": trainees[0],
            "scheduled_minutes": int(trainees[1] or 0),
            "attended_minutes": int(trainees[2] or 0),
        },
    }


# --- comparison --------------------------------------------------------------------------------


# The figures that are whole mappings (code: count): compared as wholes, a code with 0 being
# the same as no code. The others are compared key by key, on the keys DuckDB computes (the
# JSON has more: per-trainee rows, hours by session…).
WHOLE_MAPPINGS = {
    "recruited_by_residence",
    "recruited_by_age_band",
    "recruited_by_gender",
    "dropouts_by_reason",
    "by_category",
    "professional_project",
    "training_hours",
}


def compare(ours: dict, theirs: dict, path: str = "") -> list[str]:
    """Every figure DuckDB computed, against teenlab's JSON; a line per difference."""
    differences = []
    for key, value in theirs.items():
        mine = ours.get(key) if isinstance(ours, dict) else None
        where = f"{path}{key}"
        if key in WHOLE_MAPPINGS:
            if not isinstance(mine, dict) or _nonzero(mine) != _nonzero(value):
                differences.append(f"{where}: teenlab {mine!r}, duckdb {value!r}")
        elif isinstance(value, dict):
            differences += compare(mine or {}, value, f"{where}.")
        elif not _same(mine, value):
            differences.append(f"{where}: teenlab {mine!r}, duckdb {value!r}")
    return differences


def _nonzero(mapping: dict) -> dict:
    return {key: Decimal(str(value)) for key, value in mapping.items() if value}


def _same(mine, value) -> bool:
    if isinstance(value, Decimal) or isinstance(mine, (float, str)):
        try:
            return Decimal(str(mine)) == Decimal(str(value))
        except ArithmeticError:
            return False
    return mine == value


if __name__ == "__main__":
    main()
