"""Import a data package (upload, review every error before anything is written, confirm) and
export one (docs/web.md, "Import and export")."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from teenlab.core import scoping
from teenlab.core.audit import access_log
from teenlab.core.filenames import safe_filename
from teenlab.core.middleware import SESSION_KEY as PROJECT_SESSION_KEY
from teenlab.core.models import AuditEntry, Project
from teenlab.core.permissions import action_required
from teenlab.datapackage import uploads
from teenlab.datapackage.forms import ConfirmForm, ExportForm, UploadForm
from teenlab.datapackage.messages import PackageError
from teenlab.datapackage.models import Upload
from teenlab.datapackage.readers import MAX_PACKAGE_BYTES
from teenlab.datapackage.scoped import organisation_package_tables
from teenlab.datapackage.services import counts_text, package_export, project_counts
from teenlab.datapackage.writers import package_write


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
        # Bound, even when the file was all there was.
        form = UploadForm(request.POST, MultiValueDict())
        form.is_valid()
        form.errors.pop("package", None)
        form.add_error("package", uploads.too_large_message(request))
    elif request.method == "POST" and form.is_valid():
        try:
            upload = uploads.upload_create(
                session=request.session, user=request.user, uploaded=form.cleaned_data["package"]
            )
        except ValidationError as error:
            form.add_error("package", error)
        else:
            # The worker checks it; the review page shows its progress, then the result.
            return redirect("datapackage:package_import_review", token=upload.token)
    return render(
        request,
        "datapackage/import.html",
        {
            "form": form,
            "max_mb": uploads.upload_max_bytes() // (1024 * 1024),
            "max_data_mb": uploads.upload_max_data_bytes() // (1024 * 1024),
            "command_max_mb": MAX_PACKAGE_BYTES // (1024 * 1024),
        },
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


def _redirect(request, to: str):
    """A redirect that htmx follows with the whole page (its polling asks for a fragment)."""
    url = reverse(to)
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@action_required("datapackage.import")
def package_import_review(request, token):
    upload = uploads.upload_get(session=request.session, user=request.user, token=token)
    if upload is None:
        if token in (request.session.get(uploads.SESSION_KEY) or {}):
            uploads.upload_forget(session=request.session, token=token)
            messages.info(
                request,
                _("Ce fichier n'est plus gardé (une heure au plus) : envoyez-le à nouveau."),
            )
            return _redirect(request, "datapackage:package_import_start")
        raise Http404
    if upload.status == Upload.Status.IMPORTED:
        loaded = (upload.result or {}).get("project")
        project = Project.objects.filter(pk=loaded).first() if loaded is not None else None
        uploads.upload_delete(upload=upload)
        uploads.upload_forget(session=request.session, token=token)
        if project is not None:
            request.session[PROJECT_SESSION_KEY] = project.pk
            messages.success(
                request,
                _("Le projet %(code)s a été importé : %(counts)s.")
                % {"code": project.code, "counts": counts_text(project_counts(project=project))},
            )
        return _redirect(request, "datapackage:package_import_start")

    review = uploads.review_of(upload) if upload.review is not None else None
    form = None
    if upload.status == Upload.Status.VALIDATED and review is not None and review.ok:
        form = ConfirmForm(
            request.POST if request.method == "POST" else None,
            replace_label=_replace_label(review),
        )
        if request.method == "POST" and form.is_valid():
            uploads.upload_confirm(upload=upload, replace=review.existing is not None)
            return redirect("datapackage:package_import_review", token=token)
    if upload.status == Upload.Status.FAILED:
        failed = upload.result or {}
        review = review or uploads.Review()
        review.errors = [uploads.issue_of_json(item) for item in failed.get("errors") or []]
        review.errors_total = int(failed.get("errors_total") or 0)
        review.warnings, review.warnings_total = [], 0
    progress = uploads.progress_read(upload=upload)
    return render(
        request,
        "datapackage/review.html",
        {
            "token": token,
            "upload": upload,
            "name": upload.name,
            "busy": upload.status in BUSY,
            "progress": progress,
            "progress_label": _progress_label(upload, progress),
            "review": review,
            "errors": review.errors if review else [],
            "warnings": review.warnings if review else [],
            "form": form,
            "counts": sorted(review.counts.items()) if review else [],
            "cancellable": upload.status != Upload.Status.IMPORTING,
        },
    )


BUSY = {
    Upload.Status.QUEUED,
    Upload.Status.VALIDATING,
    Upload.Status.IMPORT_QUEUED,
    Upload.Status.IMPORTING,
}


def _progress_label(upload, progress: dict) -> str:
    done, total = progress.get("done"), progress.get("total")
    if upload.status == Upload.Status.QUEUED:
        return _("Le paquet attend son tour pour être vérifié…")
    if upload.status == Upload.Status.VALIDATING:
        if done:
            return _("Vérification du paquet… %(done)s lignes de présences lues.") % {
                "done": formats.number_format(done, force_grouping=True)
            }
        return _("Vérification du paquet…")
    if upload.status == Upload.Status.IMPORT_QUEUED:
        return _("L'import attend son tour…")
    if upload.status == Upload.Status.IMPORTING:
        if progress.get("step") == "attendance" and total:
            return _("Import en cours… %(done)s lignes de présences sur %(total)s.") % {
                "done": formats.number_format(done or 0, force_grouping=True),
                "total": formats.number_format(total, force_grouping=True),
            }
        return _("Import en cours : le paquet est relu avant d'être écrit…")
    return ""


@require_POST
@action_required("datapackage.import")
def package_import_cancel(request, token):
    upload = uploads.upload_get(session=request.session, user=request.user, token=token)
    if upload is None:
        uploads.upload_forget(session=request.session, token=token)
    elif not uploads.upload_cancel(session=request.session, upload=upload):
        messages.error(request, _("L'import est en cours : il ne peut plus être annulé."))
        return redirect("datapackage:package_import_review", token=token)
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
