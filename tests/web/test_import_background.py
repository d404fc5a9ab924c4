"""The web import runs in the background worker (issue 7, points 9 and 13): the request only
stores the file; the worker checks it (progress, then the stored review) and, once confirmed,
loads it; the file is private to teenlab's account and deleted as soon as it is of no use, an
hour after the upload at the latest."""

import datetime as dt
import io
import os
import stat
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from teenlab.core.models import Project
from teenlab.datapackage import readers, uploads
from teenlab.datapackage.messages import Issue, Level
from teenlab.datapackage.models import Upload
from teenlab.datapackage.services import ImportResult, package_read_and_validate
from teenlab.participants.models import Youth
from tests.datapackage.helpers import base, write_zip
from tests.web.conftest import login
from tests.web.test_pages_datapackage import _chambery_only
from tests.web.test_pages_datapackage import chambery as chambery  # the lead partner's coordinator

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings):
    """The database queue of production: tasks wait for a worker."""
    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def reads(monkeypatch):
    """Counts every opening of a package, wherever it happens."""
    calls = []
    real = readers.package_open

    def counting(**kwargs):
        calls.append(kwargs["source"])
        return real(**kwargs)

    monkeypatch.setattr(readers, "package_open", counting)
    monkeypatch.setattr(uploads, "package_open", counting)
    monkeypatch.setattr("teenlab.datapackage.services.package_open", counting)
    return calls


def _upload(client, tmp_path, tables=None, name="paquet.zip"):
    path = write_zip(tmp_path / name, _chambery_only() if tables is None else tables)
    response = client.post(
        reverse("datapackage:package_import_start"),
        {"package": SimpleUploadedFile(name, path.read_bytes())},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def _bomb(size_mb: int) -> SimpleUploadedFile:
    """A zip of a few kilobytes holding ``size_mb`` MB of one repeated byte."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("youth.csv", "w") as member,
    ):
        for _ in range(size_mb):
            member.write(b"0" * (1024 * 1024))
    return SimpleUploadedFile("bombe.zip", buffer.getvalue())


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    """The worker's loop closes a connection found inside a transaction, as a test's is."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def _worker():
    """The worker's own loop (django-tasks-db), in this process: every task that is due."""
    call_command("worker", batch=True, verbosity=0)


def _upload_of(url) -> Upload:
    return Upload.objects.get(token=url.rstrip("/").rsplit("/", 1)[-1])


# --- point 9: nothing heavy in a request -------------------------------------------------------


def test_a_bomb_upload_returns_at_once_and_is_checked_by_the_worker(
    client, chambery, settings, queue, reads
):
    settings.TEENLAB_IMPORT_MAX_DATA_MB = 4
    login(client, chambery)
    bomb = _bomb(8)
    assert bomb.size < 100 * 1024
    response = client.post(reverse("datapackage:package_import_start"), {"package": bomb})
    assert response.status_code == 302
    assert reads == []  # the request stored the file and read none of it
    upload = _upload_of(response["Location"])
    assert upload.status == Upload.Status.QUEUED
    assert DBTaskResult.objects.filter(task_path__endswith="upload_check").count() == 1

    waiting = client.get(response["Location"])
    html = waiting.content.decode()
    assert 'id="import-progress"' in html and "<progress" in html
    assert 'hx-trigger="every 1s"' in html  # htmx polls; no inline script
    assert '<noscript><meta http-equiv="refresh"' in html
    review = html.split('<div id="upload-review"', 1)[1].split("</main>", 1)[0]
    assert "<script" not in review and " style=" not in review and " on" not in review
    assert reads == []

    _worker()
    upload.refresh_from_db()
    assert upload.status == Upload.Status.VALIDATED
    assert [issue["code"] for issue in upload.review["errors"]] == ["too_large"]
    assert not uploads.upload_folder(upload).exists()  # it cannot be imported: deleted
    checked = client.get(response["Location"])
    assert 'id="import-has-errors"' in checked.content.decode()
    assert "hx-trigger" not in checked.content.decode()


def test_reloading_the_review_does_not_read_the_package_again(client, chambery, tmp_path, reads):
    login(client, chambery)
    url = _upload(client, tmp_path)
    assert len(reads) == 1  # the check, run by the (immediate) worker
    for _ in range(3):
        page = client.get(url)
        assert 'id="import-valid"' in page.content.decode()
    assert len(reads) == 1


def test_the_web_accepts_less_uncompressed_data_than_the_command_line(
    client, chambery, tmp_path, settings
):
    settings.TEENLAB_IMPORT_MAX_DATA_MB = 1
    tables = _chambery_only()
    tables["youth"][0]["notes"] = "x" * 10  # a valid package…
    path = write_zip(tmp_path / "gros.zip", tables)
    with zipfile.ZipFile(path, "a") as archive:  # …with 2 MB of padding beside it
        archive.writestr("notes/padding.txt", b" " * (2 * 1024 * 1024))
    login(client, chambery)
    page = client.get(reverse("datapackage:package_import_start"))
    limits = page.content.decode()
    assert "Taille maximale : 50 Mo, et 1 Mo de données" in limits
    assert f"jusqu'à {readers.MAX_PACKAGE_BYTES // 1024**2} Mo" in limits
    response = client.post(
        reverse("datapackage:package_import_start"),
        {"package": SimpleUploadedFile("gros.zip", path.read_bytes())},
    )
    review = client.get(response["Location"]).context["review"]
    assert [issue.code for issue in review.errors] == ["too_large"]
    command_line = package_read_and_validate(source=path, replace=True)
    assert "too_large" not in {issue.code for issue in command_line.errors}


def test_the_import_runs_in_the_worker_and_reports_its_progress(client, chambery, tmp_path, queue):
    login(client, chambery)
    url = _upload(client, tmp_path)
    _worker()
    assert client.post(url, {}).status_code == 302
    upload = _upload_of(url)
    assert upload.status == Upload.Status.IMPORT_QUEUED
    assert not Project.objects.filter(code="TL").exists()  # the request loaded nothing
    assert 'id="import-progress"' in client.get(url).content.decode()

    # What the page shows while the worker writes the attendance.
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.IMPORTING)
    uploads.progress_write(upload=upload, step="attendance", done=20_000, total=80_000)
    page = client.get(url).content.decode()
    assert '<progress max="80000" value="20000"' in page
    assert "20" in page and "80" in page
    assert 'id="import-cancel"' not in page  # an import under way cannot be cancelled
    refused = client.post(
        reverse("datapackage:package_import_cancel", args=[upload.token]), follow=True
    )
    assert "ne peut plus être annulé" in refused.content.decode()
    assert Upload.objects.filter(pk=upload.pk).exists()
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.IMPORT_QUEUED)

    _worker()
    upload.refresh_from_db()
    assert upload.status == Upload.Status.IMPORTED
    assert not uploads.upload_folder(upload).exists()
    assert Youth.objects.filter(project__code="TL").count() == len(_chambery_only()["youth"])
    # htmx's poll gets a redirect to the import page, which says what was imported.
    polled = client.get(url, headers={"HX-Request": "true"})
    assert polled.status_code == 204
    assert polled["HX-Redirect"] == reverse("datapackage:package_import_start")
    assert "a été importé" in client.get(polled["HX-Redirect"]).content.decode()
    assert not Upload.objects.filter(pk=upload.pk).exists()
    assert client.get(url).status_code == 404


def test_the_import_is_made_by_the_account_that_uploaded(client, chambery, tmp_path, monkeypatch):
    seen = {}
    real = uploads.package_import

    def spy(**kwargs):
        seen.update(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(uploads, "package_import", spy)
    login(client, chambery)
    url = _upload(client, tmp_path)
    client.post(url, {})
    assert seen["by"] == chambery
    assert seen["replace"] is False


# --- point 13: private files, deleted as soon as they are of no use -----------------------------


def test_the_uploaded_file_is_readable_by_teenlab_only(client, chambery, tmp_path, settings, queue):
    previous = os.umask(0)  # even with a careless umask
    try:
        login(client, chambery)
        upload = _upload_of(_upload(client, tmp_path))
        uploads.progress_write(upload=upload, step="validate", done=1, total=None)
    finally:
        os.umask(previous)
    mode = lambda path: stat.S_IMODE(path.stat().st_mode)  # noqa: E731
    assert mode(uploads.upload_root()) == 0o700
    assert mode(uploads.upload_folder(upload)) == 0o700
    assert mode(uploads.upload_file(upload)) == 0o600
    assert mode(uploads.upload_folder(upload) / uploads.PROGRESS_FILE) == 0o600


def test_the_file_is_deleted_when_the_import_fails(client, chambery, tmp_path, monkeypatch):
    failure = Issue(Level.ERROR, "project", 2, "code", "TL", "un projet libre", "locked")
    monkeypatch.setattr(
        uploads, "package_import", lambda **kwargs: ImportResult(errors=[failure], errors_total=1)
    )
    login(client, chambery)
    url = _upload(client, tmp_path)
    upload = _upload_of(url)
    assert uploads.upload_file(upload).exists()
    client.post(url, {})
    upload.refresh_from_db()
    assert upload.status == Upload.Status.FAILED
    assert not uploads.upload_folder(upload).exists()
    page = client.get(url).content.decode()
    assert 'id="import-failed"' in page and "un projet libre" in page
    assert 'id="import-confirm-form"' not in page


def test_the_file_is_deleted_when_the_import_stops_unexpectedly(
    client, chambery, tmp_path, monkeypatch
):
    def crash(**kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(uploads, "package_import", crash)
    login(client, chambery)
    url = _upload(client, tmp_path)
    client.post(url, {})
    upload = _upload_of(url)
    assert upload.status == Upload.Status.FAILED
    assert not uploads.upload_folder(upload).exists()
    assert "erreur inattendue" in client.get(url).content.decode()


def test_a_package_with_errors_is_deleted_once_checked(client, chambery, tmp_path):
    tables = base()
    tables["youth"][0]["birth_date"] = "04/05/2003"
    login(client, chambery)
    url = _upload(client, tmp_path, tables)
    upload = _upload_of(url)
    assert not uploads.upload_folder(upload).exists()
    page = client.get(url).content.decode()
    assert 'id="import-has-errors"' in page and "04/05/2003" in page  # the stored review


def test_cancelling_a_queued_check_deletes_the_file_and_the_worker_skips_it(
    client, chambery, tmp_path, queue
):
    login(client, chambery)
    url = _upload(client, tmp_path)
    upload = _upload_of(url)
    client.post(reverse("datapackage:package_import_cancel", args=[upload.token]))
    assert not Upload.objects.filter(pk=upload.pk).exists()
    assert not uploads.upload_folder(upload).exists()
    _worker()  # the queued check finds nothing to do, and fails on nothing
    check = DBTaskResult.objects.get(task_path__endswith="upload_check")
    assert check.status == "SUCCESSFUL"


def test_uploads_are_deleted_an_hour_after_they_were_sent(client, chambery, tmp_path):
    login(client, chambery)
    old_url = _upload(client, tmp_path)
    old = _upload_of(old_url)
    Upload.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(minutes=61))
    stray = uploads.upload_root() / ("x" * 32)  # a folder no upload owns, two hours old
    stray.mkdir()
    two_hours_ago = timezone.now().timestamp() - 7200
    os.utime(stray, (two_hours_ago, two_hours_ago))
    new_url = _upload(client, tmp_path, name="autre.zip")  # each upload sweeps
    assert not uploads.upload_folder(old).exists() and not stray.exists()
    assert not Upload.objects.filter(pk=old.pk).exists()
    gone = client.get(old_url, follow=True)
    assert "envoyez-le à nouveau" in gone.content.decode()
    assert client.get(new_url).status_code == 200


def test_the_worker_deletes_an_upload_once_its_hour_is_over(client, chambery, tmp_path, queue):
    login(client, chambery)
    upload = _upload_of(_upload(client, tmp_path))
    _worker()  # the check
    upload.refresh_from_db()
    assert upload.status == Upload.Status.VALIDATED and uploads.upload_file(upload).exists()
    expiry = DBTaskResult.objects.get(task_path__endswith="uploads_expire")
    assert expiry.run_after >= upload.created_at + dt.timedelta(hours=1)
    _worker()
    assert uploads.upload_file(upload).exists()  # not yet due
    # An hour later:
    Upload.objects.filter(pk=upload.pk).update(created_at=upload.created_at - dt.timedelta(hours=1))
    DBTaskResult.objects.filter(pk=expiry.pk).update(run_after=timezone.now())
    _worker()
    assert not uploads.upload_folder(upload).exists()
    assert not Upload.objects.filter(pk=upload.pk).exists()


@pytest.mark.parametrize("queued", [True, False], ids=["waiting", "checked"])
def test_the_review_reads_in_italian_and_english(client, chambery, tmp_path, settings, queued):
    from tests.web.test_translation_walk import _record_values, _texts, _untranslated

    if queued:
        settings.TASKS = DATABASE_QUEUE
    login(client, chambery)
    pages = {}
    with translation.override("fr"):  # the requests' languages stay out of the next tests
        for lang in ("fr", "it", "en"):
            client.cookies["django_language"] = lang
            page = client.get(_upload(client, tmp_path, name=f"paquet-{lang}.zip"))
            assert page.status_code == 200
            pages[lang] = _texts(page.content.decode())
    data = _record_values()
    found = {lang: _untranslated(pages["fr"], pages[lang], data) for lang in ("it", "en")}
    assert not any(found.values()), f"French left in {found}"
