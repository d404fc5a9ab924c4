from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from teenlab import access
from teenlab.core.audit import access_log
from teenlab.core.choices import ConsentKind
from teenlab.core.forms import call_service
from teenlab.core.middleware import opened_or_404, project_required
from teenlab.core.models import AuditEntry
from teenlab.core.permissions import action_required
from teenlab.participants import selectors, services
from teenlab.participants.forms import (
    ConsentForm,
    InfoSessionForm,
    SensitiveNoteForm,
    YouthForm,
)
from teenlab.participants.notice import NOTICE_VERSION

PAGE_SIZE = 25
UNPROCESSABLE = 422


@action_required("youth.edit")
@project_required
def info_session_options(request, project):
    """The suggestions of the youth form's searchable info session field
    (``core.forms.SearchableInput``): a few ``<option>``s for what has been typed (``?q=``)."""
    sessions = selectors.info_session_suggestions(
        project=project, text=request.GET.get("q", "")[:100]
    )
    return render(request, "participants/_info_session_options.html", {"sessions": sessions})


@action_required("youth.edit")
@project_required
def youth_create(request, project):
    organisation = request.user.organisation
    if organisation is None:  # a superuser without organisation works in the admin
        raise Http404
    form = YouthForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        youth = call_service(
            form,
            services.youth_create,
            project=project,
            organisation=organisation,
            data=form.cleaned_data,
            by=request.user,
        )
        if youth is not None:
            messages.success(request, _("Le dossier de %s a été créé.") % youth)
            return redirect("participants:youth_detail", pk=youth.pk)
    return render(request, "participants/youth_form.html", {"form": form, "youth": None})


@action_required("youth.edit")
def youth_edit(request, pk):
    youth = opened_or_404(request, access.youth_for(request.user), pk=pk)
    if request.method != "POST":  # the form shows the whole record
        access_log(
            user=request.user,
            action=AuditEntry.Action.VIEW,
            obj=youth,
            details={"page": "youth_edit"},
        )
    form = YouthForm(request.POST or None, instance=youth, project=youth.project)
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form, services.youth_update, youth=youth, data=form.cleaned_data, by=request.user
        )
        if updated is not None:
            messages.success(request, _("Le dossier a été mis à jour."))
            return redirect("participants:youth_detail", pk=youth.pk)
    return render(request, "participants/youth_form.html", {"form": form, "youth": youth})


@action_required("recruitment.edit")
@project_required
def info_session_create(request, project):
    if request.user.organisation is None:
        raise Http404
    form = InfoSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = call_service(
            form,
            services.info_session_create,
            project=project,
            organisation=request.user.organisation,
            by=request.user,
            **form.cleaned_data,
        )
        if session is not None:
            messages.success(request, _("L'information collective a été enregistrée."))
            return redirect("participants:info_session_detail", pk=session.pk)
    return render(request, "participants/info_session_form.html", {"form": form})


@action_required("youth.edit")
def consent_create(request, pk):
    """Record a notice given, image rights, a parent's authorisation or an AST (a few taps from
    the youth's page)."""
    youth = opened_or_404(request, access.youth_for(request.user), pk=pk)
    kind = request.GET.get("kind", "")
    form = ConsentForm(
        request.POST or None, initial={"kind": kind} if kind in ConsentKind.values else {}
    )
    if request.method == "POST" and form.is_valid():
        consent = call_service(
            form, services.consent_record, youth=youth, by=request.user, **form.cleaned_data
        )
        if consent is not None:
            messages.success(
                request, _("« %(kind)s » est enregistré.") % {"kind": consent.get_kind_display()}
            )
            return redirect("participants:youth_detail", pk=youth.pk)
    return render(
        request,
        "participants/consent_form.html",
        {"form": form, "youth": youth, "notice_version": NOTICE_VERSION},
        status=UNPROCESSABLE if form.errors else 200,
    )


@action_required("sensitive.view")
def youth_sensitive(request, pk):
    """A young person's special-category details: their organisation's counsellors only,
    every read journaled (docs/privacy.md, "Special-category data")."""
    youth = opened_or_404(request, access.sensitive_youth_for(request.user), pk=pk)
    note = selectors.sensitive_note_of(youth=youth)
    if request.method != "POST":
        access_log(
            user=request.user,
            action=AuditEntry.Action.VIEW,
            obj=note or youth,
            details={"page": "sensitive"},
        )
    form = SensitiveNoteForm(request.POST or None, initial={"text": note.text if note else ""})
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, services.sensitive_note_save, youth=youth, by=request.user, **form.cleaned_data
        )
        if saved is not None:
            messages.success(request, _("Les informations sensibles ont été enregistrées."))
            return redirect("participants:youth_detail", pk=youth.pk)
    return render(
        request,
        "participants/youth_sensitive.html",
        {"form": form, "youth": youth, "note": note},
        status=UNPROCESSABLE if form.errors else 200,
    )
