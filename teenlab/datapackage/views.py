"""Import a data package (upload, review every error before anything is written, confirm) and
export one (docs/web.md, "Import and export")."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from teenlab.core import scoping
from teenlab.core.audit import access_log
from teenlab.core.filenames import safe_filename
from teenlab.core.middleware import SESSION_KEY as PROJECT_SESSION_KEY
from teenlab.core.models import AuditEntry
from teenlab.core.permissions import action_required
from teenlab.datapackage import uploads
from teenlab.datapackage.forms import ConfirmForm, ExportForm, UploadForm
from teenlab.datapackage.messages import PackageError
from teenlab.datapackage.scoped import organisation_package_tables
from teenlab.datapackage.services import (
    counts_text,
    package_export,
    package_import,
    project_counts,
)
from teenlab.datapackage.writers import package_write

SHOWN_ISSUES = 2000  # a table longer than this is no help: the rest are counted


@csrf_exempt  # checked by csrf_protect below, once the size limit is in place
@action_required("datapackage.import")
def package_import_start(request):
    # Stop reading a file past the limit rather than store it whole, then refuse it.
    request.upload_handlers.insert(0, uploads.UploadLimit(request, uploads.upload_max_bytes()))
    return _package_import_start(request)


@csrf_protect
def _package_import_start(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if getattr(request, uploads.TOO_LARGE, False):
        form = UploadForm(request.POST, {})  # bound, even when the file was all there was
        form.is_valid()
        form.errors.pop("package", None)
        form.add_error("package", uploads.too_large_message(request))
    elif request.method == "POST" and form.is_valid():
        try:
            token = uploads.upload_store(
                session=request.session, user=request.user, uploaded=form.cleaned_data["package"]
            )
        except ValidationError as error:
            form.add_error("package", error)
        else:
            return redirect("datapackage:package_import_review", token=token)
    return render(
        request,
        "datapackage/import.html",
        {"form": form, "max_mb": uploads.upload_max_bytes() // (1024 * 1024)},
    )


def _replace_label(review) -> str | None:
    if review.existing is None:
        return None
    return _(
        "Je remplace le projet %(code)s (%(name)s) et tout ce qu'il contient : %(counts)s."
    ) % {
        "code": review.existing.code,
        "name": review.existing.name,
        "counts": counts_text(review.existing_counts or {}),
    }


@action_required("datapackage.import")
def package_import_review(request, token):
    source = uploads.upload_path(session=request.session, user=request.user, token=token)
    if source is None:
        raise Http404
    review = uploads.import_review(user=request.user, source=source)
    form = ConfirmForm(
        request.POST if request.method == "POST" else None, replace_label=_replace_label(review)
    )
    failed = None
    if request.method == "POST" and review.ok and form.is_valid():
        result = package_import(source=source, replace=review.existing is not None, by=request.user)
        if result.ok:
            uploads.upload_discard(session=request.session, token=token)
            request.session[PROJECT_SESSION_KEY] = result.project.pk
            messages.success(
                request,
                _("Le projet %(code)s a été importé : %(counts)s.")
                % {
                    "code": result.project.code,
                    "counts": counts_text(project_counts(project=result.project)),
                },
            )
            return redirect("datapackage:package_import_start")
        failed = result
    if failed is not None:
        review.errors, review.errors_total = failed.errors, failed.errors_total
    return render(
        request,
        "datapackage/review.html",
        {
            "token": token,
            "name": uploads.upload_name(session=request.session, token=token),
            "review": review,
            "errors": review.errors[:SHOWN_ISSUES],
            "warnings": review.warnings[:SHOWN_ISSUES],
            "form": form,
            "counts": sorted(review.counts.items()),
        },
        status=200,
    )


@require_POST
@action_required("datapackage.import")
def package_import_cancel(request, token):
    uploads.upload_discard(session=request.session, token=token)
    messages.info(request, _("L'import a été annulé : rien n'a été écrit."))
    return redirect("datapackage:package_import_start")


@action_required("datapackage.export")
def package_export_page(request):
    projects = list(uploads.exportable_projects(user=request.user))
    form = ExportForm(request.GET or None, projects=projects)
    if request.GET and form.is_valid():
        project = form.projects[form.cleaned_data["project"]]
        suffix = form.cleaned_data["format"]
        work = Path(tempfile.mkdtemp(prefix="export-", dir=_work_dir()))
        destination = work / safe_filename("teenlab", project.code, suffix=f".{suffix}")
        try:
            if scoping.is_global(request.user):
                package_export(project=project, destination=destination)
            else:  # a coordinator: their organisation's part of the project
                package_write(
                    tables=organisation_package_tables(
                        project=project, organisation=request.user.organisation
                    ),
                    destination=destination,
                )
        except PackageError as error:
            shutil.rmtree(work, ignore_errors=True)
            form.add_error(None, str(error.issue))
        else:
            access_log(
                user=request.user,
                action=AuditEntry.Action.EXPORT,
                obj=project,
                details={
                    "export": "data_package",
                    "scope": "project"
                    if scoping.is_global(request.user)
                    else f"organisation:{request.user.organisation.code}",
                    "format": suffix,
                    "file": destination.name,
                },
            )
            handle = destination.open("rb")
            # The open handle keeps the file readable once its folder is gone (POSIX).
            destination.unlink()
            work.rmdir()
            return FileResponse(
                handle,
                as_attachment=True,
                filename=destination.name,
                content_type="application/zip"
                if suffix == "zip"
                else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
    return render(
        request,
        "datapackage/export.html",
        {"form": form, "projects": projects, "whole": scoping.is_global(request.user)},
    )


def _work_dir() -> Path:
    folder = Path(settings.TEENLAB_HOME) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
