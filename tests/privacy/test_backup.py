"""teenlab backup and teenlab restore (issue 12, point 6): one archive carries the whole
database, logos and signatures included; a restored database gives the same data package and
the same bilan. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from teenlab.core.models import Logo, Project
from teenlab.datapackage.services import package_export, package_import
from teenlab.demo.generate import PACKAGE_DIR
from teenlab.privacy import backup
from teenlab.privacy.backup import BackupError, backup_restore, backup_write
from teenlab.reporting.renderers.json import render_json
from teenlab.reporting.selectors import bilan_build
from teenlab.training.models import Attendance, AttendanceSignature, SlotCountersignature
from tests.factories import AttendanceSignatureFactory, LogoFactory, SlotCountersignatureFactory

pytestmark = pytest.mark.django_db(transaction=True)


def demo_with_uploads() -> Project:
    """The demo programme, with a logo, a young person's signature and a countersignature."""
    result = package_import(source=PACKAGE_DIR)
    assert result.ok, [str(issue) for issue in result.errors]
    project = result.project
    LogoFactory(owner=Logo.Owner.PROGRAMME, project=project, organisation=None)
    attendance = Attendance.objects.filter(slot__cohort__project=project).first()
    AttendanceSignatureFactory(attendance=attendance)
    SlotCountersignatureFactory(slot=attendance.slot)
    return project


def state(folder: Path) -> dict[str, bytes]:
    """What a restore must give back: every table of the data package, byte for byte, the bilan
    JSON, and the uploaded files' bytes."""
    project = Project.objects.get()
    package_export(project=project, destination=folder)
    files = {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    files["bilan.json"] = render_json(bilan_build(project=project)).encode()
    for model in (Logo, AttendanceSignature, SlotCountersignature):
        for pk, image in model.objects.order_by("pk").values_list("pk", "image"):
            files[f"{model.__name__}-{pk}"] = bytes(image)
    return files


def database_emptied() -> None:
    call_command("flush", interactive=False, verbosity=0)
    assert backup.database_is_empty()


def test_a_restored_database_gives_the_same_package_bilan_and_uploaded_files(tmp_path):
    demo_with_uploads()
    before = state(tmp_path / "before")
    archive = tmp_path / "teenlab.tar.gz"

    call_command("backup", str(archive), stdout=io.StringIO())
    database_emptied()
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    after = state(tmp_path / "after")
    assert after.keys() == before.keys()
    assert {"youth.csv", "attendance.csv", "bilan.json"} <= after.keys()
    for name, content in before.items():
        assert after[name] == content, name
    assert "1 projet" in out.getvalue()


def test_the_archive_holds_a_manifest_and_the_dump_it_describes(tmp_path):
    demo_with_uploads()
    result = backup_write(destination=tmp_path / "b.tar.gz")

    with tarfile.open(result.path) as archive:
        names = archive.getnames()
        manifest = json.loads(archive.extractfile("manifest.json").read())
        dump = archive.extractfile(manifest["database"]["file"]).read()
    assert names == ["manifest.json", manifest["database"]["file"]]
    assert manifest == result.manifest
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["database"]["bytes"] == len(dump)
    import hashlib

    assert manifest["database"]["sha256"] == hashlib.sha256(dump).hexdigest()
    assert manifest["records"]["logos"] == 1
    assert manifest["records"]["attendance_signatures"] == 1
    assert manifest["records"]["slot_countersignatures"] == 1
    assert manifest["records"]["projects"] == 1
    assert "training.0001_initial" in manifest["migrations"]
    assert manifest["versions"]["django"] and manifest["created_at"]
    assert (result.path.stat().st_mode & 0o777) == 0o600


def test_a_restore_refuses_a_database_that_is_not_empty_in_the_users_language(tmp_path):
    demo_with_uploads()
    archive = tmp_path / "b.tar.gz"
    backup_write(destination=archive)
    youth_before = Project.objects.get().youth.count()

    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(archive), "--lang", "en")

    assert Project.objects.get().youth.count() == youth_before


def rewritten(archive: Path, target: Path, *, manifest=None, dump=None) -> Path:
    """A copy of ``archive`` with its manifest or its dump changed."""
    with tarfile.open(archive) as source:
        saved = json.loads(source.extractfile("manifest.json").read())
        data = source.extractfile(saved["database"]["file"]).read()
    saved = manifest(saved) if manifest else saved
    data = dump(data) if dump else data
    with tarfile.open(target, "w:gz") as out:
        for name, content in (
            ("manifest.json", json.dumps(saved).encode()),
            (saved["database"]["file"], data),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            out.addfile(info, io.BytesIO(content))
    return target


def test_a_restore_checks_the_archive_before_touching_the_database(tmp_path):
    demo_with_uploads()
    archive = backup_write(destination=tmp_path / "b.tar.gz").path
    database_emptied()

    damaged = rewritten(archive, tmp_path / "damaged.tar.gz", dump=lambda d: d[:-1] + b"x")
    with pytest.raises(BackupError, match="SHA-256"):
        backup_restore(source=damaged)

    def newer(manifest):
        manifest["migrations"].append("training.9999_from_the_future")
        return manifest

    with pytest.raises(BackupError, match="9999_from_the_future"):
        backup_restore(source=rewritten(archive, tmp_path / "newer.tar.gz", manifest=newer))

    def other_engine(manifest):
        manifest["database"]["engine"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
        return manifest

    with pytest.raises(BackupError, match="teenlab export, teenlab import"):
        backup_restore(source=rewritten(archive, tmp_path / "other.tar.gz", manifest=other_engine))

    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not an archive")
    with pytest.raises(BackupError, match="n'est pas une sauvegarde teenlab"):
        backup_restore(source=garbage)
    with pytest.raises(BackupError, match="n'existe pas"):
        backup_restore(source=tmp_path / "missing.tar.gz")

    assert backup.database_is_empty()


def test_an_older_backup_gets_the_migrations_it_lacks():
    applied = backup.migrations_applied()
    assert backup.migrations_check({"migrations": applied}) == []
    older = [name for name in applied if name != applied[-1]]
    assert backup.migrations_check({"migrations": older}) == [applied[-1]]


def test_a_missing_postgresql_tool_is_named_with_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(BackupError, match="pg_dump est introuvable"):
        backup.pg_tool("pg_dump")


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_pg_dump_older_than_the_server_is_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(backup, "pg_tool", lambda name: ("/usr/bin/pg_dump", "pg_dump 9.6", 9))
    with pytest.raises(BackupError, match=r"pg_dump 1[0-9] ou plus récent"):
        backup_write(destination=tmp_path / "b.tar.gz")
    assert not (tmp_path / "b.tar.gz").exists()
