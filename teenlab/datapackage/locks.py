"""One import of a project at a time, whatever process runs it (the command line, a web worker,
a background task).

PostgreSQL: a session advisory lock keyed by the project code, held by the importing
connection; SQLite (one machine, one file): an exclusive ``flock`` on a file named after the
database and the project code, under ``TEENLAB_HOME/locks/``. Both are released by the
operating system or the server when the process dies (``kill -9`` leaves no stale lock), and
neither waits: the second import is refused at once with a translated error.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from teenlab.datapackage.messages import Issue, Level

# The first key of PostgreSQL's two-key advisory locks: teenlab's imports ("TLIM").
ADVISORY_NAMESPACE = 0x544C494D


class ImportRunning(Exception):
    """Another import of the same project holds the lock."""

    def __init__(self, code: str):
        self.issue = Issue(
            Level.ERROR,
            "project",
            None,
            "code",
            code,
            format_lazy(
                _(
                    "qu'aucun autre import de ce projet ne soit en cours : un autre import du "
                    "projet {code} est en cours, réessayez quand il sera terminé"
                ),
                code=code,
            ),
            "import_running",
        )
        super().__init__(str(self.issue))


@contextlib.contextmanager
def import_lock(*, code: str) -> Iterator[None]:
    """Hold the import lock of project ``code``, or raise ImportRunning at once."""
    if connection.vendor == "postgresql":
        with _advisory_lock(code):
            yield
    else:
        with _file_lock(code):
            yield


@contextlib.contextmanager
def _advisory_lock(code: str) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", [ADVISORY_NAMESPACE, code])
        (taken,) = cursor.fetchone()
    if not taken:
        raise ImportRunning(code)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_unlock(%s, hashtext(%s))", [ADVISORY_NAMESPACE, code]
            )


@contextlib.contextmanager
def _file_lock(code: str) -> Iterator[None]:
    import fcntl

    database = str(connection.settings_dict.get("NAME") or "")
    name = hashlib.sha256(f"{database}\0{code}".encode()).hexdigest()[:32]
    folder = Path(settings.TEENLAB_HOME) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    # Each call opens the file anew: flock then also excludes two threads of one process.
    with (folder / f"import-{name}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ImportRunning(code) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
