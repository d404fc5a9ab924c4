"""The journal's hash chain: `teenlab audit verify` names every entry edited or removed, and
concurrent writers never fork the chain (PostgreSQL: row lock; SQLite: the write lock)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

from teenlab.core import chain
from teenlab.core.audit import audit_log, audited_save, snapshot
from teenlab.core.models import AuditChainHead, AuditEntry
from tests.factories import OrganisationFactory, UserFactory, YouthFactory

ROOT = Path(__file__).resolve().parents[2]


def verify(lang: str = "fr") -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", "--lang", lang, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


@pytest.fixture
def journal(db):
    """Five entries about one young person, written as the services write them."""
    youth = YouthFactory()
    author = UserFactory(organisation=youth.organisation, is_counsellor=True)
    for number in range(5):
        youth.first_name = f"Prénom {number}"
        audited_save(youth, by=author, validate=None)
    return list(AuditEntry.objects.order_by("seq"))


def test_entries_are_numbered_and_chained_as_they_are_written(journal):
    assert [entry.seq for entry in journal] == [1, 2, 3, 4, 5]
    previous = chain.GENESIS
    for entry in journal:
        entry.refresh_from_db()  # the hash covers the values as stored
        assert entry.hash == chain.entry_hash(chain.entry_values(entry), previous=previous)
        previous = entry.hash
    head = AuditChainHead.objects.get()
    assert (head.seq, head.hash) == (5, previous)


def test_an_intact_journal_verifies(journal):
    status, output = verify()
    assert status == 0
    assert "Journal intact : 5 entrées" in output and journal[-1].hash in output


def test_an_entry_is_never_saved_twice(journal):
    entry = journal[2]
    entry.after = {"first_name": "Autre"}
    with pytest.raises(ValueError, match="never changed"):
        entry.save()


def test_an_edited_entry_is_named(journal):
    # What someone with database access would do: change what an entry says.
    AuditEntry.objects.filter(seq=3).update(after={"first_name": "Quelqu'un d'autre"})
    status, output = verify()
    assert status == 1
    assert "Entrée n° 3 modifiée après coup" in output
    assert "n° 2 " not in output and "n° 4 " not in output  # only that one is named
    assert "1 problème" in output


def test_an_edited_author_or_date_is_named(journal):
    other = UserFactory()
    AuditEntry.objects.filter(seq=2).update(user=other)
    AuditEntry.objects.filter(seq=4).update(at=journal[0].at)
    status, output = verify()
    assert status == 1
    assert "Entrée n° 2 modifiée" in output and "Entrée n° 4 modifiée" in output


def test_a_removed_entry_is_named(journal):
    AuditEntry.objects.filter(seq=2).delete()
    status, output = verify()
    assert status == 1
    assert "Entrée n° 2 supprimée." in output


def test_removed_entries_at_the_end_are_named(journal):
    AuditEntry.objects.filter(seq__gte=4).delete()
    status, output = verify()
    assert status == 1
    assert "Entrées n° 4 à 5 supprimées. Elles étaient les dernières du journal." in output


def test_a_renumbered_journal_is_caught(journal):
    # Remove entry 3 and close the gap: the numbers are part of what the hashes cover.
    AuditEntry.objects.filter(seq=3).delete()
    for seq in (4, 5):
        AuditEntry.objects.filter(seq=seq).update(seq=seq - 1)
    status, output = verify()
    assert status == 1
    assert "Entrée n° 3 modifiée" in output


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("it", "Voce n. 3 modificata a posteriori"), ("en", "Entry no. 3 edited afterwards")],
)
def test_the_report_is_translated(journal, lang, expected):
    AuditEntry.objects.filter(seq=3).update(before={"first_name": "x"})
    status, output = verify(lang)
    assert status == 1
    assert expected in output


def test_deleting_a_project_keeps_its_journal_intact(journal):
    project = journal[0].project
    pk = project.pk
    project.delete()  # with its young person
    assert AuditEntry.objects.filter(project_id=pk).count() == 5
    assert verify()[0] == 0


def test_the_chain_continues_after_the_head_row_is_lost(journal):
    # A flushed database keeps nothing; a lost head row is rebuilt from the last entry.
    AuditChainHead.objects.all().delete()
    youth = YouthFactory()
    audit_log(user=None, action="create", obj=youth, after=snapshot(youth))
    assert AuditEntry.objects.order_by("-seq").first().seq == 6
    assert verify()[0] == 0


def test_entries_written_before_the_chain_are_chained_by_the_migration(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0003_user_password_and_demo")])
    old = executor.loader.project_state([("core", "0003_user_password_and_demo")]).apps
    Organisation = old.get_model("core", "Organisation")
    User = old.get_model("core", "User")
    Entry = old.get_model("core", "AuditEntry")
    home = Organisation.objects.create(code="home", name="Home", country="FR")
    author = User.objects.create(username="old-author", organisation=home)
    for number in range(3):
        Entry.objects.create(
            user=author,
            action="update",
            model="core.organisation",
            object_id=home.pk,
            before={"name": f"n{number}"},
            after={"name": f"n{number + 1}", "rate": 1.0},
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [entry.seq for entry in entries] == [1, 2, 3]
    assert {entry.organisation_id for entry in entries} == {home.pk}
    assert verify()[0] == 0
    AuditEntry.objects.filter(seq=1).update(before={"name": "forged"})
    assert "Entrée n° 1 modifiée" in verify()[1]


# --- Concurrency --------------------------------------------------------------------------------

WRITERS, EACH = 6, 20


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL (SQLite: the test below, on a real file)")
    organisation = OrganisationFactory()
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write():
        try:
            barrier.wait()
            for _ in range(EACH):
                audit_log(user=None, action="update", obj=organisation, before={}, after={})
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(AuditEntry.objects.values_list("seq", flat=True)) == list(
        range(1, WRITERS * EACH + 1)
    )
    assert verify()[0] == 0


WRITER = """
import django, os, sys, time
from pathlib import Path
os.environ["DJANGO_SETTINGS_MODULE"] = "teenlab.settings"
django.setup()
from teenlab.core.audit import audit_log
from teenlab.core.models import Organisation
organisation = Organisation.objects.get(code="home")
# Start together: each writer says it is ready, then waits for all the others.
ready = Path(sys.argv[1])
(ready / str(os.getpid())).touch()
while len(list(ready.iterdir())) < {writers}:
    time.sleep(0.01)
for _ in range({each}):
    audit_log(user=None, action="update", obj=organisation, before={{}}, after={{}})
"""


@pytest.mark.slow
def test_concurrent_processes_never_fork_the_chain_on_sqlite(tmp_path):
    """Separate processes on one SQLite file, as gunicorn's workers are."""
    env = {**os.environ, "TEENLAB_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    teenlab = [sys.executable, "-m", "teenlab.cli"]
    subprocess.run(  # migrates the new database first, as every teenlab command does
        [
            *teenlab,
            "shell",
            "-c",
            "from teenlab.core.models import Organisation; "
            "Organisation.objects.create(code='home', name='Home', country='FR')",
        ],
        env=env,
        check=True,
        cwd=ROOT,
    )
    ready = tmp_path / "ready"
    ready.mkdir()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER.format(writers=WRITERS, each=EACH), str(ready)],
            env=env,
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WRITERS)
    ]
    outcomes = [(writer.communicate()[1], writer.returncode) for writer in writers]
    assert [stderr for stderr, status in outcomes if status != 0] == []
    result = subprocess.run(
        [*teenlab, "audit", "verify"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{WRITERS * EACH} entrées" in result.stdout
