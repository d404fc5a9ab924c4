"""The web import's uploaded packages, checked and loaded by the background worker, and what each
account may import or export.

An uploaded package is kept in ``TEENLAB_HOME/uploads/<token>/<file name>`` (folder 0700, file
0600) with an :class:`~teenlab.datapackage.models.Upload` row. The request that receives it only
stores it and queues its check: reading a package (a zip bomb among them) never holds a web
worker. The worker (``teenlab worker``, started by ``teenlab serve``) checks it and stores the
review (every error and warning, nothing written); once confirmed, it loads it. Both steps write
their progress to ``progress.json`` beside the file: the load runs in one transaction, whose
writes other connections cannot see until it ends.

The random token is remembered in the uploader's session: another session, or another account,
cannot see or confirm it. The file is deleted as soon as it cannot be imported (the check found
errors or a refusal), when the import ends or fails, when it is cancelled, and an hour after the
upload at most (a task deferred by that hour, and a sweep on each upload); the row with it.

Who may import what is decided by the import service (:mod:`teenlab.datapackage.ownership`):
a superuser anything; a coordinator only their organisation's rows. Who may export: a
superuser every project, whole; a coordinator their
organisation's part of the projects it takes part in (:mod:`teenlab.datapackage.scoped`; see
docs/web.md, "Import and export").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teenlab.core import scoping
from teenlab.core.models import Project
from teenlab.datapackage.messages import Findings, Issue, Level, PackageError
from teenlab.datapackage.models import Upload
from teenlab.datapackage.readers import package_open
from teenlab.datapackage.services import (
    package_import,
    project_counts,
    read_and_validate,
    refusals,
)

logger = logging.getLogger(__name__)

SESSION_KEY = "teenlab_uploads"
SUFFIXES = (".zip", ".xlsx")
DEFAULT_MAX_MB = 50
DEFAULT_MAX_DATA_MB = 256
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
KEEP_SECONDS = 3600  # an upload is deleted an hour after it was sent at the latest
SHOWN_ISSUES = 2000  # a table longer than this is no help: the rest are counted
PROGRESS_FILE = "progress.json"


def upload_max_bytes() -> int:
    """The largest file the web import accepts."""
    return int(getattr(settings, "TEENLAB_IMPORT_MAX_MB", DEFAULT_MAX_MB)) * 1024 * 1024


def upload_max_data_bytes() -> int:
    """The most uncompressed data a web upload may hold (the command line takes 1 GiB)."""
    return int(getattr(settings, "TEENLAB_IMPORT_MAX_DATA_MB", DEFAULT_MAX_DATA_MB)) * 1024 * 1024


TOO_LARGE = "teenlab_upload_too_large"


class UploadLimit(FileUploadHandler):
    """An upload handler that stops reading a file once it is larger than ``limit`` bytes
    (the request then carries ``TOO_LARGE``; the rest of the body is read and dropped)."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            setattr(self.request, TOO_LARGE, True)
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def too_large_message(request) -> str:
    return _("Le fichier dépasse la limite de %(limit)s Mo.") % {
        "limit": upload_max_bytes() // (1024 * 1024)
    }


def upload_root() -> Path:
    return Path(settings.TEENLAB_HOME) / "uploads"


def upload_folder(upload: Upload) -> Path:
    return upload_root() / upload.token


def upload_file(upload: Upload) -> Path:
    return upload_folder(upload) / upload.file_name


def _safe_name(name: str, suffix: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(name).stem).strip("._") or "package"
    return stem[:80] + suffix


def _private_folder(path: Path) -> None:
    """``path`` as a folder only its owner may open (0700), whatever the umask."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def _private_file(path: Path):
    """A new file only its owner may read (0600), never an existing one or a link."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    return os.fdopen(descriptor, "wb")


# --- the upload ---------------------------------------------------------------------------------


def upload_create(*, session, user, uploaded) -> Upload:
    """Keep an uploaded package under a new random token of this session and queue its check.

    Raises ValidationError (translated) for a file of another kind or too large."""
    from teenlab.datapackage import tasks

    suffix = Path(uploaded.name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(
            _(
                "Envoyez un paquet de données : une archive .zip de fichiers CSV ou un "
                "classeur .xlsx."
            )
        )
    limit = upload_max_bytes()
    if uploaded.size > limit:
        raise ValidationError(
            _("Le fichier pèse %(size)s Mo ; la limite est de %(limit)s Mo.")
            % {"size": round(uploaded.size / 1024 / 1024, 1), "limit": limit // (1024 * 1024)}
        )
    uploads_prune()
    token = secrets.token_urlsafe(24)
    _private_folder(upload_root())
    folder = upload_root() / token
    folder.mkdir(mode=0o700)
    os.chmod(folder, 0o700)
    file_name = _safe_name(uploaded.name, suffix)
    try:
        with _private_file(folder / file_name) as handle:
            for chunk in uploaded.chunks():
                handle.write(chunk)
        upload = Upload.objects.create(
            token=token,
            user=user,
            name=(uploaded.name or "")[:255],
            file_name=file_name,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    uploads = dict(session.get(SESSION_KEY) or {})
    uploads[token] = {"user": user.pk}
    session[SESSION_KEY] = uploads
    tasks.upload_check.enqueue(upload_id=upload.pk)
    tasks.upload_expire_later(upload=upload)
    return upload


def upload_get(*, session, user, token: str) -> Upload | None:
    """The upload of ``token`` if this session sent it as this account, and it is still kept."""
    entry = (session.get(SESSION_KEY) or {}).get(token)
    if not TOKEN.match(token or "") or not entry or entry.get("user") != user.pk:
        return None
    return Upload.objects.filter(token=token, user=user).first()


def upload_forget(*, session, token: str) -> None:
    uploads = dict(session.get(SESSION_KEY) or {})
    if uploads.pop(token, None) is not None:
        session[SESSION_KEY] = uploads


def upload_delete(*, upload: Upload) -> None:
    """Delete the upload's file and row."""
    file_delete(upload=upload)
    Upload.objects.filter(pk=upload.pk).delete()


def file_delete(*, upload: Upload) -> None:
    if TOKEN.match(upload.token or ""):
        shutil.rmtree(upload_folder(upload), ignore_errors=True)


def upload_cancel(*, session, upload: Upload) -> bool:
    """Delete the upload unless its import is running (True if it was deleted).

    A check that is running goes on reading its open file and then finds no row to report to;
    an import that was queued finds none to load."""
    deleted, _counts = (
        Upload.objects.filter(pk=upload.pk).exclude(status=Upload.Status.IMPORTING).delete()
    )
    if not deleted:
        return False
    file_delete(upload=upload)
    upload_forget(session=session, token=upload.token)
    return True


def upload_confirm(*, upload: Upload, replace: bool) -> bool:
    """Queue the load of a checked upload that may be imported (False if it was not ready)."""
    from teenlab.datapackage import tasks

    if not review_of(upload).ok:
        return False
    queued = Upload.objects.filter(pk=upload.pk, status=Upload.Status.VALIDATED).update(
        status=Upload.Status.IMPORT_QUEUED
    )
    if not queued:
        return False
    upload.status = Upload.Status.IMPORT_QUEUED
    tasks.upload_load.enqueue(upload_id=upload.pk, replace=replace)
    return True


def uploads_prune(*, older_than: float = KEEP_SECONDS) -> int:
    """Delete the uploads sent more than ``older_than`` seconds ago, and any folder under
    ``uploads/`` as old that no upload owns; how many uploads were deleted.

    An import still reading its file goes on: the open file outlives its name (POSIX)."""
    limit = time.time() - older_than
    old = Upload.objects.filter(
        created_at__lt=timezone.now() - dt.timedelta(seconds=older_than)
    ).only("pk", "token")
    deleted = 0
    for upload in old:
        upload_delete(upload=upload)
        deleted += 1
    root = upload_root()
    if root.is_dir():
        kept = set(Upload.objects.values_list("token", flat=True))
        for folder in root.iterdir():
            with contextlib.suppress(OSError):
                if (
                    folder.is_dir()
                    and TOKEN.match(folder.name)
                    and folder.name not in kept
                    and folder.stat().st_mtime < limit
                ):
                    shutil.rmtree(folder, ignore_errors=True)
    return deleted


# --- progress -----------------------------------------------------------------------------------


def progress_write(*, upload: Upload, step: str, done: int, total: int | None) -> None:
    """Write where the check or the load is, beside the file (replaced whole, never half)."""
    folder = upload_folder(upload)
    temporary = folder / f".{PROGRESS_FILE}.{os.getpid()}"
    try:
        with _private_file(temporary) as handle:
            handle.write(json.dumps({"step": step, "done": done, "total": total}).encode())
        os.replace(temporary, folder / PROGRESS_FILE)
    except OSError:  # the upload was cancelled or pruned meanwhile: nobody is waiting
        with contextlib.suppress(OSError):
            temporary.unlink()


def progress_read(*, upload: Upload) -> dict:
    try:
        data = json.loads((upload_folder(upload) / PROGRESS_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


# --- the review ---------------------------------------------------------------------------------


@dataclass
class Review(Findings):
    """What importing the package would do, found without writing anything."""

    project_code: str | None = None
    project_name: str = ""
    existing: Project | None = None  # the project that would be replaced
    existing_counts: dict[str, int] | None = None
    refusal: str = ""  # why this account may not import it

    @property
    def ok(self) -> bool:
        return self.errors_total == 0 and not self.refusal

    def as_json(self) -> dict:
        """The review as stored: issues as text in the language of the check, the first
        ``SHOWN_ISSUES`` of each kind; the project it would replace is looked up when shown."""
        return {
            "errors": [issue_json(issue) for issue in self.errors[:SHOWN_ISSUES]],
            "warnings": [issue_json(issue) for issue in self.warnings[:SHOWN_ISSUES]],
            "errors_total": self.errors_total,
            "warnings_total": self.warnings_total,
            "counts": self.counts,
            "project_code": self.project_code,
            "project_name": self.project_name,
            "refusal": str(self.refusal),
        }

    @classmethod
    def of_json(cls, data: dict) -> Review:
        return cls(
            errors=[issue_of_json(item) for item in data.get("errors") or []],
            warnings=[issue_of_json(item) for item in data.get("warnings") or []],
            errors_total=int(data.get("errors_total") or 0),
            warnings_total=int(data.get("warnings_total") or 0),
            counts=dict(data.get("counts") or {}),
            project_code=data.get("project_code"),
            project_name=data.get("project_name") or "",
            refusal=data.get("refusal") or "",
        )


def issue_json(issue: Issue) -> dict:
    return {
        "level": str(issue.level),
        "table": issue.table,
        "row": issue.row,
        "column": issue.column,
        "value": issue.value,
        "expected": str(issue.expected),
        "code": issue.code,
    }


def issue_of_json(data: dict) -> Issue:
    return Issue(
        Level(data.get("level") or Level.ERROR),
        str(data.get("table") or ""),
        data.get("row"),
        data.get("column"),
        data.get("value"),
        str(data.get("expected") or ""),
        str(data.get("code") or ""),
    )


def import_review(*, user, source: Path, progress=None) -> Review:
    """Read and validate the package (as if replacing), and check the account may import it."""
    try:
        with package_open(source=source, max_bytes=upload_max_data_bytes()) as package:
            validation = read_and_validate(
                package=package, replace=True, by=user, progress=progress
            )
    except PackageError as error:
        return Review(errors=[error.issue], errors_total=1)
    review = Review(**validation.found(), project_code=validation.project_code)
    project_rows = validation.tables.get("project") or []
    if project_rows:
        review.project_name = str(project_rows[0].values.get("name") or "")
    if review.project_code:
        review.existing = Project.objects.filter(code=review.project_code).first()
    # What the account may change is checked by the service (teenlab.datapackage.ownership):
    # a refusal of the whole package is said once, above the table of the rows refused.
    refused = refusals(review.errors)
    if refused:
        review.refusal = str(refused[0])
        review.errors = [issue for issue in review.errors if issue not in refused]
        review.errors_total -= len(refused)
    return review


def review_of(upload: Upload) -> Review:
    """The stored review, with the project it would replace as the database holds it now."""
    review = Review.of_json(upload.review or {})
    if review.ok and review.project_code:
        review.existing = Project.objects.filter(code=review.project_code).first()
        if review.existing is not None:
            review.existing_counts = project_counts(project=review.existing)
    return review


def unexpected_issue(*, upload: Upload) -> Issue:
    return Issue(
        Level.ERROR,
        upload.name,
        None,
        None,
        None,
        _("un paquet que teenlab peut lire : une erreur inattendue l'a arrêté, rien n'a été écrit"),
        "unexpected",
    )


# --- what the worker runs (teenlab/datapackage/tasks.py) ---------------------------------------


def upload_check(*, upload_id: int) -> None:
    """Check a queued upload and keep the review; delete the file if it cannot be imported."""
    if not Upload.objects.filter(pk=upload_id, status=Upload.Status.QUEUED).update(
        status=Upload.Status.VALIDATING
    ):
        return  # cancelled, pruned, or already checked
    upload = Upload.objects.select_related("user__organisation").get(pk=upload_id)

    def progress(step: str, done: int, total: int | None) -> None:
        progress_write(upload=upload, step=step, done=done, total=total)

    with translation.override(upload.language):
        try:
            review = import_review(user=upload.user, source=upload_file(upload), progress=progress)
        except Exception:
            logger.exception("The check of upload %s failed", upload.pk)
            review = Review(errors=[unexpected_issue(upload=upload)], errors_total=1)
        stored = review.as_json()
    if not review.ok:
        file_delete(upload=upload)  # it cannot be imported: nothing to keep it for
    Upload.objects.filter(pk=upload_id, status=Upload.Status.VALIDATING).update(
        status=Upload.Status.VALIDATED, review=stored
    )


def upload_load(*, upload_id: int, replace: bool) -> None:
    """Import a confirmed upload as its uploader, then delete its file, whatever the outcome."""
    if not Upload.objects.filter(pk=upload_id, status=Upload.Status.IMPORT_QUEUED).update(
        status=Upload.Status.IMPORTING
    ):
        return  # cancelled or pruned
    upload = Upload.objects.select_related("user").get(pk=upload_id)

    def progress(step: str, done: int, total: int | None) -> None:
        progress_write(upload=upload, step=step, done=done, total=total)

    with translation.override(upload.language):
        try:
            result = package_import(
                source=upload_file(upload), replace=replace, progress=progress, by=upload.user
            )
        except Exception:
            logger.exception("The import of upload %s failed", upload.pk)
            outcome = {"errors": [issue_json(unexpected_issue(upload=upload))], "errors_total": 1}
            status = Upload.Status.FAILED
        else:
            if result.ok:
                outcome = {"project": result.loaded.pk}
                status = Upload.Status.IMPORTED
            else:
                outcome = {
                    "errors": [issue_json(issue) for issue in result.errors[:SHOWN_ISSUES]],
                    "errors_total": result.errors_total,
                }
                status = Upload.Status.FAILED
        finally:
            file_delete(upload=upload)
    Upload.objects.filter(pk=upload_id).update(status=status, result=outcome)


def exportable_projects(*, user):
    """The projects whose package the account may download."""
    return scoping.projects_for(user).order_by("-start_date", "code")
