"""Backup and restore of a whole teenlab database: one archive, one file (docs/operations.md).

``backup_write(destination=…)`` writes a gzip-compressed tar archive holding

- ``manifest.json``: the archive's format, when and by which versions it was made (teenlab,
  Python, Django, the database and its dump tool), the applied migrations, the SHA-256 and size
  of the dump, and the number of records and uploaded files it holds;
- the dump: ``database.sqlite3`` (SQLite, a copy taken by the sqlite3 module's online backup
  API, consistent while the server writes) or ``database.pgdump`` (PostgreSQL, ``pg_dump``'s
  custom format, read back by ``pg_restore``).

The uploaded files (the logos, the young people's signatures and the trainers'
countersignatures) are stored in the database itself (``core.Logo.image``,
``training.AttendanceSignature.image``, ``training.SlotCountersignature.image``): they travel
inside the dump, and the manifest counts them so a restore can check they all came back. Nothing
else under ``TEENLAB_HOME`` is data (caches, locks, pending uploads and exports are temporary;
``secret_key`` is a secret that stays on its server: restoring elsewhere only ends the sessions).

``backup_restore(source=…)`` reads such an archive into an **empty** database (no record: what
``teenlab migrate`` writes by itself does not count) of the same engine, after checking the
manifest (format, engine, dump's SHA-256, migrations this code knows), then applies the
migrations this code has and the backup had not, and checks the counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

FORMAT = "teenlab-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}

# What ``teenlab migrate`` writes into a new database by itself: not records.
WRITTEN_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission", "core.auditchainhead"}

# The records a manifest counts (label → model), the uploaded files among them.
COUNTED = {
    "projects": "core.project",
    "users": "core.user",
    "youth": "participants.youth",
    "attendance": "training.attendance",
    "journal_entries": "core.auditentry",
    "logos": "core.logo",
    "attendance_signatures": "training.attendancesignature",
    "slot_countersignatures": "training.slotcountersignature",
}


class BackupError(Exception):
    """A backup or a restore that cannot be done; the message (translated) says why."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    migrations_applied: list[str]


# --- What the database is ------------------------------------------------------------------------


def engine_name() -> str:
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(
            _("teenlab ne sait sauvegarder que SQLite et PostgreSQL, pas %(vendor)s.")
            % {"vendor": vendor}
        )
    return vendor


def migrations_applied() -> list[str]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def records_count() -> dict[str, int]:
    existing = set(connection.introspection.table_names())
    counts = {}
    for key, label in COUNTED.items():
        model = apps.get_model(label)
        counts[key] = model.objects.count() if model._meta.db_table in existing else 0
    return counts


def database_is_empty() -> bool:
    """No record in any table (what ``migrate`` writes by itself aside)."""
    existing = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label_lower in WRITTEN_BY_MIGRATE or model._meta.db_table not in existing:
            continue
        if model._default_manager.using(connection.alias).exists():
            return False
    return True


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- PostgreSQL's tools --------------------------------------------------------------------------


def pg_environment() -> dict[str, str]:
    """The connection's settings as libpq's variables (the password never on a command line)."""
    settings = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    sslmode = (settings.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env


def pg_tool(name: str) -> tuple[str, str, int]:
    """The tool's path, its ``--version`` line and major version; a clear error if missing."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _(
                "%(tool)s est introuvable (PATH) : installez le client PostgreSQL de la même "
                "version que le serveur (paquet postgresql-client) ou ajoutez son dossier au PATH."
            )
            % {"tool": name}
        )
    line = subprocess.run(
        [path, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    found = re.search(r"(\d+)(?:\.\d+)?", line)
    return path, line, int(found.group(1)) if found else 0


def pg_server_major() -> tuple[str, int]:
    connection.ensure_connection()
    number = connection.pg_version  # type: ignore[attr-defined]
    major = number // 10000
    return f"{major}.{number % 10000}", major


def pg_run(tool: str, command: list[str]) -> None:
    """Run a PostgreSQL client tool on the configured database; its last words if it fails."""
    completed = subprocess.run(
        command, env=pg_environment(), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        detail = (completed.stderr or "").strip().splitlines()
        raise BackupError(
            _("%(tool)s a échoué (code %(code)s) : %(detail)s")
            % {"tool": tool, "code": completed.returncode, "detail": " ".join(detail[-3:])}
        )


# --- Backup ---------------------------------------------------------------------------------------


def sqlite_dump(target: Path) -> dict[str, str]:
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
        # A file that opens alone: no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    copy.close()
    return {"format": "sqlite", "tool": f"sqlite {sqlite3.sqlite_version}"}


def pg_dump(target: Path) -> dict[str, str]:
    path, line, major = pg_tool("pg_dump")
    server, server_major = pg_server_major()
    if major < server_major:
        raise BackupError(
            _(
                "%(tool)s est en version %(major)s mais le serveur PostgreSQL en version "
                "%(server)s : installez pg_dump %(server_major)s ou plus récent."
            )
            % {"tool": "pg_dump", "major": major, "server": server, "server_major": server_major}
        )
    pg_run("pg_dump", [path, "--format=custom", "--no-owner", "--no-privileges", "-f", str(target)])
    return {"format": "pg_dump custom", "tool": line, "server_version": server}


def backup_write(*, destination: Path) -> BackupResult:
    """Write the whole database into the archive ``destination`` (replaced if it exists, only
    once complete)."""
    engine = engine_name()
    destination = Path(destination)
    if destination.is_dir():
        raise BackupError(
            _("%(path)s est un dossier : donnez le nom du fichier à écrire.")
            % {"path": destination}
        )
    if not destination.parent.is_dir():
        raise BackupError(_("Le dossier %(path)s n'existe pas.") % {"path": destination.parent})
    with tempfile.TemporaryDirectory(prefix="teenlab-backup-") as scratch:
        dump = Path(scratch) / DUMP_NAMES[engine]
        # The counts and migrations first, the dump after: on a live server a record written
        # in between is in the dump and the counts say at least what the dump holds.
        with transaction.atomic():
            counts = records_count()
            migrations = migrations_applied()
        database = (sqlite_dump if engine == "sqlite" else pg_dump)(dump)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "versions": {
                "teenlab": teenlab_version(),
                "python": platform.python_version(),
                "django": django.get_version(),
            },
            "database": {
                "engine": engine,
                "file": dump.name,
                "sha256": sha256_of(dump),
                "bytes": dump.stat().st_size,
                **database,
            },
            "migrations": migrations,
            "records": counts,
            "uploaded_files": (
                "in the database: core.Logo.image, training.AttendanceSignature.image, "
                "training.SlotCountersignature.image"
            ),
        }
        partial = Path(scratch) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
            info.mode = 0o600
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name, filter=private)
        # Personal data: readable by its owner only.
        os.chmod(partial, 0o600)
        shutil.move(partial, destination)
    return BackupResult(path=destination, manifest=manifest)


def private(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """An archive member readable by its owner only, named after nobody."""
    info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
    return info


def teenlab_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("teenlab")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without install
        return "unknown"


# --- Restore --------------------------------------------------------------------------------------


def archive_read(source: Path, scratch: Path) -> tuple[dict[str, Any], Path]:
    """The manifest and the dump (extracted into ``scratch``), both checked."""
    unusable = _("%(path)s n'est pas une sauvegarde teenlab lisible.") % {"path": source}
    if not source.is_file():
        raise BackupError(_("Le fichier %(path)s n'existe pas.") % {"path": source})
    try:
        with tarfile.open(source, "r:*") as archive:
            members = {member.name: member for member in archive.getmembers() if member.isfile()}
            if MANIFEST not in members:
                raise BackupError(unusable)
            handle = archive.extractfile(members[MANIFEST])
            assert handle is not None
            manifest = json.loads(handle.read().decode())
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError(unusable)
            name = str((manifest.get("database") or {}).get("file", ""))
            if name not in DUMP_NAMES.values() or name not in members:
                raise BackupError(unusable)
            dump = scratch / name
            source_handle = archive.extractfile(members[name])
            assert source_handle is not None
            with dump.open("wb") as out:
                shutil.copyfileobj(source_handle, out)
    except (tarfile.TarError, OSError, EOFError, UnicodeDecodeError, ValueError):
        raise BackupError(unusable) from None
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise BackupError(
            _("Cette sauvegarde a été faite par une version plus récente de teenlab (%(v)s).")
            % {"v": (manifest.get("versions") or {}).get("teenlab", "?")}
        )
    if sha256_of(dump) != manifest["database"].get("sha256"):
        raise BackupError(
            _(
                "La sauvegarde %(path)s est abîmée : l'empreinte SHA-256 de la base ne "
                "correspond pas à celle du manifeste."
            )
            % {"path": source}
        )
    return manifest, dump


def migrations_check(manifest: dict[str, Any]) -> list[str]:
    """The migrations this code has and the backup had not (applied after the restore); an
    error if the backup has migrations this code does not know (a newer teenlab)."""
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).graph.nodes}
    saved = set(manifest.get("migrations") or [])
    unknown = sorted(saved - known)
    if unknown:
        raise BackupError(
            _(
                "Cette sauvegarde vient d'une version plus récente de teenlab (%(version)s) : "
                "migrations inconnues ici : %(list)s. Installez cette version pour la restaurer."
            )
            % {
                "version": (manifest.get("versions") or {}).get("teenlab", "?"),
                "list": ", ".join(unknown),
            }
        )
    return sorted(known - saved)


def sqlite_load(dump: Path) -> None:
    connection.ensure_connection()
    with sqlite3.connect(dump) as saved:
        saved.backup(connection.connection)
    saved.close()


def pg_load(dump: Path, manifest: dict[str, Any]) -> None:
    path, _line, major = pg_tool("pg_restore")
    found = re.search(r"(\d+)", str(manifest["database"].get("tool", "")))
    made_with = int(found.group(1)) if found else 0
    if major < made_with:
        raise BackupError(
            _(
                "%(tool)s est en version %(major)s mais la sauvegarde a été faite par pg_dump "
                "%(made)s : installez pg_restore %(made)s ou plus récent."
            )
            % {"tool": "pg_restore", "major": major, "made": made_with}
        )
    # The tables `teenlab migrate` created, empty (checked): the dump creates them again.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    pg_run(
        "pg_restore",
        [
            path,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            connection.settings_dict["NAME"],
            str(dump),
        ],
    )


def backup_restore(*, source: Path) -> RestoreResult:
    """Restore the archive ``source`` into this empty database (see the module's text)."""
    engine = engine_name()
    with tempfile.TemporaryDirectory(prefix="teenlab-restore-") as scratch:
        manifest, dump = archive_read(Path(source), Path(scratch))
        saved_engine = manifest["database"].get("engine")
        if saved_engine != engine:
            raise BackupError(
                _(
                    "Cette sauvegarde est celle d'une base %(saved)s ; la base configurée est "
                    "%(engine)s. Restaurez-la dans une base %(saved)s, ou passez d'une base à "
                    "l'autre par le paquet de données (teenlab export, teenlab import)."
                )
                % {"saved": saved_engine, "engine": engine}
            )
        pending = migrations_check(manifest)
        if not database_is_empty():
            raise BackupError(
                _(
                    "La base n'est pas vide : une restauration ne remplace pas des données. "
                    "Restaurez dans une base neuve (un autre TEENLAB_HOME ou DATABASE_URL)."
                )
            )
        if engine == "sqlite":
            sqlite_load(dump)
        else:
            pg_load(dump, manifest)
    if pending:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    counts = records_count()
    expected = {key: int(value) for key, value in (manifest.get("records") or {}).items()}
    missing = {key: value for key, value in expected.items() if counts.get(key, 0) < value}
    if missing:
        raise BackupError(
            _("La restauration est incomplète : %(list)s.")
            % {
                "list": ", ".join(
                    f"{key} {counts.get(key, 0)}/{value}" for key, value in missing.items()
                )
            }
        )
    return RestoreResult(manifest=manifest, migrations_applied=pending)
