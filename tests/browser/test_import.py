"""An import with errors shows every one of them in a table and writes nothing; a valid one is
checked, then loaded, by the background worker while the page shows where it is."""

import contextlib
import csv
import io
import zipfile

from django.apps import apps

from teenlab.datapackage.models import Upload
from teenlab.datapackage.services import package_read_and_validate
from teenlab.demo.generate import PACKAGE_DIR
from tests.browser.conftest import axe_violations

BROKEN = {
    # youth.csv: the first young person's birth date and gender are wrong
    ("youth", "birth_date"): "2005-13-45",
    ("youth", "gender"): "q",
}


def _broken_package(path):
    """The demo package as a zip, with the first youth row broken and an enrolment of a young
    person who does not exist."""
    with zipfile.ZipFile(path, "w") as archive:
        for source in sorted(PACKAGE_DIR.glob("*.csv")):
            text = source.read_text(encoding="utf-8")
            if source.stem == "youth":
                rows = list(csv.DictReader(io.StringIO(text)))
                for (_table, column), value in BROKEN.items():
                    rows[0][column] = value
                out = io.StringIO()
                writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
                text = out.getvalue()
            elif source.stem == "enrolments":
                header, first, *rest = text.splitlines()
                columns = header.split(",")
                ghost = first.split(",")
                ghost[columns.index("youth")] = "J-FANTOME"
                text = "\n".join([header, first, ",".join(ghost), *rest]) + "\n"
            archive.writestr(source.name, text)


def _counts() -> dict[str, int]:
    """Rows of every model of the records (not the upload's own row, which holds its review)."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model.__module__.startswith("teenlab.") and model is not Upload
    }


def test_an_import_with_errors_shows_them_all_and_writes_nothing(page, programme, log_in, tmp_path):
    package = tmp_path / "paquet-errone.zip"
    _broken_package(package)
    expected = package_read_and_validate(source=package, replace=True)  # as the page reads it
    assert expected.errors_total >= 3
    before = _counts()

    log_in(programme.coordinator)
    page.goto("/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Import et export"
    ).click()
    page.get_by_label("Paquet de données").set_input_files(package)
    page.locator("#import-check").click()

    page.locator("#import-has-errors").wait_for()
    assert f"{expected.errors_total} erreurs" in page.locator("#import-has-errors").inner_text()
    rows = page.locator("#import-errors-table tbody tr")
    assert rows.count() == min(expected.errors_total, len(expected.errors))
    table = [
        [cell.strip() for cell in row]
        for row in rows.evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.innerText))")
    ]
    for (name, column), value in BROKEN.items():
        assert any(r[0] == name and r[2] == column and r[3] == value for r in table), (
            name,
            column,
            table,
        )
    assert any(r[0] == "enrolments" and "J-FANTOME" in r[3] for r in table), table
    violations = axe_violations(page)  # the error table is read with a screen reader too
    assert not violations, "\n".join(map(str, violations))
    # Nothing to confirm, nothing written.
    assert page.locator("#import-confirm").count() == 0
    assert _counts() == before


@contextlib.contextmanager
def polls_held(page):
    """htmx's polls of the review page wait in the browser while the block runs: the worker then
    has the in-memory test database to itself (SQLite's shared cache locks whole tables)."""
    held, holding = [], [True]

    def hold(route):
        if holding:
            held.append(route)
        else:
            route.continue_()

    page.route(REVIEW, hold)
    for _ in range(100):  # until a poll is held: htmx then has none under way
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the review page stopped polling"
    try:
        yield
    finally:
        holding.clear()
        for route in held:
            route.continue_()
        page.unroute(REVIEW, hold)


REVIEW = "**/data/import/*/"


def test_the_review_page_follows_the_worker_through_the_check_and_the_import(
    page, server, transactional_db, log_in, tmp_path, settings
):
    from django.core.management import call_command

    from teenlab.core.models import Project
    from tests.datapackage.helpers import base, write_zip
    from tests.factories import UserFactory

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    package = write_zip(tmp_path / "paquet.zip", base())
    log_in(UserFactory(username="root", is_superuser=True, is_staff=True))
    page.goto("/data/import/")
    page.get_by_label("Paquet de données").set_input_files(package)
    page.locator("#import-check").click()

    # Queued: the page shows a progress bar and asks again every second (htmx).
    page.locator("#import-progress progress").wait_for()
    assert "attend son tour" in page.locator("#import-progress-label").inner_text()
    violations = axe_violations(page)
    assert not violations, "\n".join(map(str, violations))
    with polls_held(page):
        call_command("worker", batch=True, verbosity=0)
    page.locator("#import-valid").wait_for()  # swapped in without a reload
    assert page.locator("#import-progress").count() == 0

    page.locator("#import-confirm").click()
    page.locator("#import-progress progress").wait_for()
    assert not Project.objects.filter(code="TL").exists()
    with polls_held(page):
        call_command("worker", batch=True, verbosity=0)
    page.wait_for_url("**/data/import/")
    assert "Le projet TL a été importé" in page.get_by_role("status").first.inner_text()
    assert Project.objects.filter(code="TL").exists()
