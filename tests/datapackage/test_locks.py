"""Two imports of one project at once: the second is refused with a clear error (issue 7,
point 12). Real concurrent imports, each in its own thread and database connection."""

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from teenlab.core.models import Project
from teenlab.datapackage import services
from teenlab.datapackage.locks import import_lock
from teenlab.participants.models import Youth
from tests.datapackage.helpers import base, found, write_csv_folder

pytestmark = pytest.mark.django_db(transaction=True)


class Paused:
    """Runs ``package_import`` in a thread that stops inside the import (lock held, transaction
    open) until ``go()``."""

    def __init__(self, monkeypatch, **kwargs):
        self.inside, self.release = threading.Event(), threading.Event()
        self.result = None
        original = services.import_plan

        def paused_plan(**plan_kwargs):
            if threading.current_thread() is self.thread:
                self.inside.set()
                assert self.release.wait(60)
            return original(**plan_kwargs)

        monkeypatch.setattr(services, "import_plan", paused_plan)

        def run():
            try:
                self.result = services.package_import(**kwargs)
            finally:
                connection.close()

        self.thread = threading.Thread(target=run)
        self.thread.start()
        assert self.inside.wait(60), "the first import never started loading"

    def go(self):
        self.release.set()
        self.thread.join(60)
        return self.result


def test_a_second_import_of_the_same_project_is_refused_while_the_first_runs(monkeypatch, tmp_path):
    folder = write_csv_folder(tmp_path / "p", base())
    first = Paused(monkeypatch, source=folder)
    try:
        second = services.package_import(source=folder)
    finally:
        result = first.go()
    assert found(second, "import_running") == [("project", None, "code", "TL")]
    assert "un autre import du projet TL est en cours" in str(second.errors[0])
    assert result.ok, [str(i) for i in result.errors]
    assert Youth.objects.count() == len(base()["youth"])
    # Once the first is over, the project may be imported again.
    assert services.package_import(source=folder, replace=True).ok


def test_the_command_line_says_so_in_the_chosen_language(monkeypatch, tmp_path, capsys):
    folder = write_csv_folder(tmp_path / "p", base())
    assert services.package_import(source=folder).ok
    first = Paused(monkeypatch, source=folder, replace=True)
    try:
        with pytest.raises(CommandError, match="1"):
            call_command("import", str(folder), "--replace", "--lang", "en")
    finally:
        assert first.go().ok
    err = capsys.readouterr().err
    assert "another import of project TL is running" in err
    assert "Traceback" not in err


def test_imports_of_other_projects_are_not_held_up(tmp_path):
    tables = base()
    tables["project"][0]["code"] = "OTHER"
    with import_lock(code="TL"):
        result = services.package_import(source=write_csv_folder(tmp_path / "o", tables))
    assert result.ok, [str(i) for i in result.errors]


def test_a_new_project_created_meanwhile_is_an_error_not_a_crash(monkeypatch, tmp_path):
    """Both validated while the project did not exist; the second loads once the first is
    done and finds it there."""
    folder = write_csv_folder(tmp_path / "p", base())
    original = services.validate

    def validated_then_first_import(**kwargs):
        validation = original(**kwargs)
        monkeypatch.setattr(services, "validate", original)
        assert services.package_import(source=folder).ok
        return validation

    monkeypatch.setattr(services, "validate", validated_then_first_import)
    with translation.override("fr"):
        result = services.package_import(source=folder)
    assert found(result, "project_exists") == [("project", 2, "code", "TL")]
    assert Project.objects.count() == 1
