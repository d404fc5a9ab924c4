"""The ``teenlab`` command: teenlab's own commands and Django's, on a database that is ready.

``teenlab demo|import|export|serve|bilan|verify|backup|restore`` and every Django command
(``teenlab migrate``, ``teenlab createsuperuser``…). Every command works on an empty database:
pending migrations are applied first, quietly (not before a backup or a restore).
"""

import os
import sys

# Commands that must see the database as it is, or that never touch it.
NO_AUTO_MIGRATE = {
    "makemigrations",
    "migrate",
    "help",
    "version",
    "--help",
    "-h",
    "--version",
    "check",
    "compilemessages",
    "makemessages",
    "sqlmigrate",
    "showmigrations",
    # A backup copies the database as it is; a restore needs it empty, tables or not.
    "backup",
    "restore",
}


def ensure_sqlite_folder() -> None:
    from pathlib import Path

    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and database["NAME"] != ":memory:":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def ensure_database_ready() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teenlab.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    ensure_sqlite_folder()
    asks_help = any(arg in ("-h", "--help") for arg in argv)
    if argv and argv[0] not in NO_AUTO_MIGRATE and not asks_help:
        ensure_database_ready()
    execute_from_command_line(["teenlab", *argv])


if __name__ == "__main__":
    main()
