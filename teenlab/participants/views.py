from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from teenlab import access
from teenlab.core.audit import access_log
from teenlab.core.forms import call_service
from teenlab.core.middleware import project_required
from teenlab.core.models import AuditEntry
from teenlab.core.permissions import action_required
from teenlab.participants import services
from teenlab.participants.forms import InfoSessionForm, YouthForm

PAGE_SIZE = 25


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
    youth = get_object_or_404(access.youth_for(request.user), pk=pk)
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
