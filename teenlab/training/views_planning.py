"""Sessions (cohorts) and their modules, created and edited by a coordinator.

Thin views: the role (403), the scope (404), one service (:mod:`teenlab.training.planning`);
a refused change shows the form again with its errors (422) and writes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teenlab import access
from teenlab.core.forms import call_service
from teenlab.core.middleware import project_required
from teenlab.core.permissions import action_required
from teenlab.training import planning
from teenlab.training.forms import CohortForm, ModuleForm
from teenlab.training.models import Cohort, Module

UNPROCESSABLE = 422


def _cohort_page(request, *, form, cohort: Cohort | None, status: int = 200):
    return render(
        request,
        "training/cohort_form.html",
        {"form": form, "cohort": cohort},
        status=status,
    )


def _cohort_form(request, *, project, cohort: Cohort | None):
    organisations = access.cohort_organisations_for(request.user, project)
    pickable = organisations if organisations is not None else [request.user.organisation]
    if cohort is None:
        today = timezone.localdate()
        initial = {
            "code": planning.cohort_code_propose(project=project, year=today.year),
            "organisation": request.user.organisation_id,
        }
    else:
        initial = {
            "code": cohort.code,
            "name": cohort.name,
            "organisation": cohort.organisation_id,
            "start_date": cohort.start_date,
            "end_date": cohort.end_date,
            "trainers": list(cohort.trainers.values_list("pk", flat=True)),
        }
    return CohortForm(
        request.POST or None,
        initial=initial,
        organisations=organisations,
        trainers=planning.trainers_of(organisations=pickable),
    )


def _cohort_submit(request, *, project, cohort: Cohort | None):
    form = _cohort_form(request, project=project, cohort=cohort)
    if request.method != "POST":
        return _cohort_page(request, form=form, cohort=cohort)
    if form.is_valid():
        fields = {"organisation": request.user.organisation, **form.cleaned_data}
        if fields["organisation"] is None:  # a superuser picks one: the field is required
            form.add_error(None, _("Choisissez l'organisation de la session."))
        else:
            saved = call_service(
                form,
                planning.cohort_save,
                cohort=cohort,
                project=project,
                by=request.user,
                **fields,
            )
            if saved is not None:
                messages.success(request, _("La session a été enregistrée."))
                return redirect("training:cohort_detail", pk=saved.pk)
    return _cohort_page(request, form=form, cohort=cohort, status=UNPROCESSABLE)


@action_required("cohort.edit")
@project_required
def cohort_create(request, project):
    return _cohort_submit(request, project=project, cohort=None)


def _edited_cohort(request, pk) -> Cohort:
    return get_object_or_404(
        access.cohorts_run_by(request.user).select_related("project", "organisation"), pk=pk
    )


@action_required("cohort.edit")
def cohort_edit(request, pk):
    cohort = _edited_cohort(request, pk)
    return _cohort_submit(request, project=cohort.project, cohort=cohort)


def _module_page(request, *, form, cohort: Cohort, module: Module | None, status: int = 200):
    return render(
        request,
        "training/module_form.html",
        {"form": form, "cohort": cohort, "module": module},
        status=status,
    )


def _module_submit(request, *, cohort: Cohort, module: Module | None):
    if module is None:
        initial = {"code": planning.module_code_propose(cohort=cohort)}
    else:
        initial = {
            "code": module.code,
            "name": module.name,
            "strand": module.strand,
            "planned_hours": module.planned_hours,
        }
    form = ModuleForm(request.POST or None, initial=initial)
    if request.method != "POST":
        return _module_page(request, form=form, cohort=cohort, module=module)
    if form.is_valid():
        saved = call_service(
            form,
            planning.module_save,
            module=module,
            cohort=cohort,
            by=request.user,
            **form.cleaned_data,
        )
        if saved is not None:
            messages.success(request, _("Le module a été enregistré."))
            return redirect(reverse("training:cohort_detail", args=[cohort.pk]) + "#modules")
    return _module_page(request, form=form, cohort=cohort, module=module, status=UNPROCESSABLE)


@action_required("cohort.edit")
def module_create(request, pk):
    return _module_submit(request, cohort=_edited_cohort(request, pk), module=None)


def _edited_module(request, pk) -> Module:
    return get_object_or_404(
        Module.objects.filter(cohort__in=access.cohorts_run_by(request.user)).select_related(
            "cohort"
        ),
        pk=pk,
    )


@action_required("cohort.edit")
def module_edit(request, pk):
    module = _edited_module(request, pk)
    return _module_submit(request, cohort=module.cohort, module=module)


@action_required("cohort.edit")
def module_delete(request, pk):
    module = _edited_module(request, pk)
    error = None
    if request.method == "POST":
        try:
            planning.module_delete(module=module, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Le module a été supprimé."))
            return redirect(reverse("training:cohort_detail", args=[module.cohort_id]) + "#modules")
    return render(
        request,
        "training/module_delete.html",
        {
            "module": module,
            "cohort": module.cohort,
            "error": error,
            "has_attendance": planning.module_has_attendance(module=module),
        },
        status=UNPROCESSABLE if error else 200,
    )
