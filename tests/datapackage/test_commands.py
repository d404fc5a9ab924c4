"""teenlab import and teenlab export: messages, languages, exit status."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from teenlab.core.models import Project
from tests.datapackage.helpers import base, write_csv_folder

pytestmark = pytest.mark.django_db


def broken(tmp_path: Path) -> Path:
    tables = base()
    tables["youth"][0]["birth_date"] = "2003-02-30"
    tables["attendance"][0]["status"] = "here"
    return write_csv_folder(tmp_path / "broken", tables)


def test_import_prints_every_error_and_fails(tmp_path, capsys):
    with pytest.raises(CommandError) as raised:
        call_command("import", str(broken(tmp_path)))
    err = capsys.readouterr().err
    assert "table youth, ligne 2, colonne birth_date : « 2003-02-30 » ; attendu une date" in err
    assert "table attendance, ligne 2, colonne status : « here »" in err
    assert "2 erreur(s)" in str(raised.value)
    assert Project.objects.count() == 0


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "table youth, row 2, column birth_date: “2003-02-30”; expected a date YYYY-MM-DD"),
        (
            "it",
            "tabella youth, riga 2, colonna birth_date: «2003-02-30»; atteso una data AAAA-MM-GG",
        ),
    ],
)
def test_import_speaks_italian_and_english(tmp_path, capsys, lang, expected):
    with pytest.raises(CommandError):
        call_command("import", str(broken(tmp_path)), "--lang", lang)
    assert expected in capsys.readouterr().err


def test_import_prints_warnings_and_a_summary(tmp_path, capsys):
    tables = base()
    tables["attendance"] = [a for a in tables["attendance"] if a["slot"] != "S2"]
    call_command("import", str(write_csv_folder(tmp_path / "ok", tables)))
    out = capsys.readouterr().out
    assert "AVERTISSEMENT  table slots, ligne 3, colonne code : « S2 »" in out
    assert "Projet TL « TEEN LAB » importé" in out
    assert "attendance: 4" in out


def test_import_needs_replace_for_an_existing_project(tmp_path, capsys):
    folder = write_csv_folder(tmp_path / "ok", base())
    call_command("import", str(folder))
    with pytest.raises(CommandError):
        call_command("import", str(folder), "--lang", "en")
    assert "project TL already exists and would be replaced" in capsys.readouterr().err
    call_command("import", str(folder), "--replace")
    assert "Projet TL remplacé" in capsys.readouterr().out


def test_export_asks_which_project_when_there_are_several(tmp_path):
    call_command("import", str(write_csv_folder(tmp_path / "a", base())))
    tables = base()
    tables["project"][0]["code"] = "OTHER"
    call_command("import", str(write_csv_folder(tmp_path / "b", tables)))
    with pytest.raises(CommandError, match=r"--project : OTHER .*, TL "):
        call_command("export", str(tmp_path / "out"))
    with pytest.raises(CommandError, match="NOPE"):
        call_command("export", str(tmp_path / "out"), "--project", "NOPE")
    call_command("export", str(tmp_path / "out.zip"), "--project", "OTHER")
    assert (tmp_path / "out.zip").is_file()


def test_export_of_an_empty_database_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="aucun projet"):
        call_command("export", str(tmp_path / "out"))


def run_teenlab(*args: str, home: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment["TEENLAB_HOME"] = str(home)
    teenlab = Path(sys.executable).with_name("teenlab")
    return subprocess.run(
        [str(teenlab), *args], capture_output=True, text=True, env=environment, check=False
    )


@pytest.mark.slow
def test_the_teenlab_command_exits_with_a_status_that_says_whether_it_worked(tmp_path):
    home = tmp_path / "home"
    failed = run_teenlab("import", str(broken(tmp_path)), home=home)
    assert failed.returncode != 0
    assert "birth_date" in failed.stderr
    assert "Traceback" not in failed.stderr
    loaded = run_teenlab("import", str(write_csv_folder(tmp_path / "ok", base())), home=home)
    assert loaded.returncode == 0, loaded.stderr
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"not a zip at all")
    refused = run_teenlab("import", str(garbage), home=home)
    assert refused.returncode != 0
    assert "Traceback" not in refused.stderr


def progress_class():
    from importlib import import_module

    return import_module("teenlab.datapackage.management.commands.import").TerminalProgress


def test_on_a_terminal_the_bars_show_for_large_tables_only():
    stream = io.StringIO()
    progress = progress_class()(stream, tty=True)
    progress("slots", 10, 100)
    progress("validate", 50_000, None)
    progress("attendance", 60_000, 120_000)
    progress.close()
    err = stream.getvalue()
    assert "Lecture et vérification du paquet" in err
    assert "Chargement des présences" in err
    assert "/120000" in err
    assert "créneaux" not in err  # 100 slots: loaded before a bar would draw itself


def test_without_a_terminal_the_import_says_each_step_in_plain_lines(tmp_path):
    err = io.StringIO()
    call_command("import", str(write_csv_folder(tmp_path / "ok", base())), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0] == "Lecture et vérification du paquet"
    assert "Chargement : jeunes (3 lignes)" in lines
    assert "Chargement des présences (6 lignes)" in lines
    assert lines[-1] == "Registre d'émargement des créneaux"
    assert not any("\r" in line or "%" in line for line in lines)


def test_without_a_terminal_a_large_table_says_each_quarter():
    stream = io.StringIO()
    progress = progress_class()(stream, tty=False)
    for done in range(0, 200_001, 10_000):
        progress("attendance", done, 200_000)
    with translation.override("en"):
        progress("keys", 0, None)
    assert stream.getvalue().splitlines() == [
        "Chargement des présences (200000 lignes)",
        "Chargement des présences : 25 % (50000 / 200000 lignes)",
        "Chargement des présences : 50 % (100000 / 200000 lignes)",
        "Chargement des présences : 75 % (150000 / 200000 lignes)",
        "Checking the attendance's references",
    ]
