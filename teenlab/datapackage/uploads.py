"""The web import's uploaded packages and what each account may import or export.

An uploaded package is kept in ``TEENLAB_HOME/uploads/<token>/<file name>`` between the review
(every error and warning, nothing written) and the confirmation. The random token is remembered
in the uploader's session only: another session, or another account, cannot confirm it.

Who may import what is decided by the import service (:mod:`teenlab.datapackage.ownership`):
a superuser anything; a coordinator only their organisation's rows. Who may export: a
superuser every project, whole; a coordinator their
organisation's part of the projects it takes part in (:mod:`teenlab.datapackage.scoped`; see
docs/web.md, "Import and export").
"""

from __future__ import annotations

import contextlib
import re
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext as _

from teenlab.core import scoping
from teenlab.core.models import Project
from teenlab.datapackage.messages import Issue, PackageError
from teenlab.datapackage.readers import package_open
from teenlab.datapackage.services import project_counts, read_and_validate, refusals

SESSION_KEY = "teenlab_uploads"
SUFFIXES = (".zip", ".xlsx")
DEFAULT_MAX_MB = 200
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
KEEP_SECONDS = 24 * 3600  # an upload nobody confirmed within a day is deleted


def upload_max_bytes() -> int:
    return int(getattr(settings, "TEENLAB_IMPORT_MAX_MB", DEFAULT_MAX_MB)) * 1024 * 1024


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


def _safe_name(name: str, suffix: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(name).stem).strip("._") or "package"
    return stem[:80] + suffix


def upload_store(*, session, user, uploaded) -> str:
    """Keep an uploaded package under a new random token of this session; the token.

    Raises ValidationError (translated) for a file of another kind or too large."""
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
    folder = upload_root() / token
    folder.mkdir(parents=True, exist_ok=False)
    path = folder / _safe_name(uploaded.name, suffix)
    with path.open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    uploads = dict(session.get(SESSION_KEY) or {})
    uploads[token] = {"user": user.pk, "file": path.name, "name": uploaded.name}
    session[SESSION_KEY] = uploads
    return token


def uploads_prune(*, older_than: float = KEEP_SECONDS) -> None:
    """Delete the uploads left unconfirmed for longer than ``older_than`` seconds."""
    root = upload_root()
    if not root.is_dir():
        return
    limit = time.time() - older_than
    for folder in root.iterdir():
        with contextlib.suppress(OSError):
            if folder.is_dir() and TOKEN.match(folder.name) and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)


def upload_path(*, session, user, token: str) -> Path | None:
    """The file of ``token`` if this session uploaded it (as this account) and it is still there."""
    entry = (session.get(SESSION_KEY) or {}).get(token)
    if not TOKEN.match(token or "") or not entry or entry.get("user") != user.pk:
        return None
    path = upload_root() / token / entry["file"]
    return path if path.is_file() else None


def upload_name(*, session, token: str) -> str:
    return ((session.get(SESSION_KEY) or {}).get(token) or {}).get("name", "")


def upload_discard(*, session, token: str) -> None:
    uploads = dict(session.get(SESSION_KEY) or {})
    uploads.pop(token, None)
    session[SESSION_KEY] = uploads
    if TOKEN.match(token or ""):
        shutil.rmtree(upload_root() / token, ignore_errors=True)


@dataclass
class Review:
    """What importing the package would do, found without writing anything."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    errors_total: int = 0
    warnings_total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    project_code: str | None = None
    project_name: str = ""
    existing: Project | None = None  # the project that would be replaced
    existing_counts: dict[str, int] | None = None
    refusal: str = ""  # why this account may not import it

    @property
    def ok(self) -> bool:
        return self.errors_total == 0 and not self.refusal


def import_review(*, user, source: Path) -> Review:
    """Read and validate the package (as if replacing), and check the account may import it."""
    try:
        with package_open(source=source) as package:
            validation = read_and_validate(package=package, replace=True, by=user)
    except PackageError as error:
        return Review(errors=[error.issue], errors_total=1)
    review = Review(
        errors=validation.errors,
        warnings=validation.warnings,
        errors_total=validation.errors_total,
        warnings_total=validation.warnings_total,
        counts=dict(validation.counts),
        project_code=validation.project_code,
    )
    project_rows = validation.tables.get("project") or []
    if project_rows:
        review.project_name = str(project_rows[0].values.get("name") or "")
    if review.project_code:
        review.existing = Project.objects.filter(code=review.project_code).first()
        if review.existing is not None:
            review.existing_counts = project_counts(project=review.existing)
    # What the account may change is checked by the service (teenlab.datapackage.ownership):
    # a refusal of the whole package is said once, above the table of the rows refused.
    refused = refusals(review.errors)
    if refused:
        review.refusal = str(refused[0])
        review.errors = [issue for issue in review.errors if issue not in refused]
        review.errors_total -= len(refused)
    return review


def exportable_projects(*, user):
    """The projects whose package the account may download."""
    return scoping.projects_for(user).order_by("-start_date", "code")
