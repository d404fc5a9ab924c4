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
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from teenlab import access
from teenlab.core.forms import call_service
from teenlab.core.middleware import opened_or_404, project_required
from teenlab.core.permissions import action_required
from teenlab.training import planning
from teenlab.training.forms import (
    ClosureFormSet,
    CohortForm,
    ModuleForm,
    PatternFormSet,
    SlotCancelForm,
    SlotForm,
    TimetableForm,
)
from teenlab.training.models import Cohort, Module, Slot

UNPROCESSABLE = 422


def _save(request, form, service, /, *, message: str, **kwargs):
    """``service(by=<the account>, **kwargs, **form.cleaned_data)`` once ``form`` is valid: its
    result, ``message`` said; or None, the form then showing why."""
    if not form.is_valid():
        return None
    saved = call_service(form, service, by=request.user, **kwargs, **form.cleaned_data)
    if saved is not None:
        messages.success(request, message)
    return saved


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
        own_organisation=request.user.organisation,
        organisations=organisations,
        trainers=planning.trainers_of(organisations=pickable),
    )


def _cohort_submit(request, *, project, cohort: Cohort | None):
    form = _cohort_form(request, project=project, cohort=cohort)
    if request.method != "POST":
        return _cohort_page(request, form=form, cohort=cohort)
    saved = _save(
        request,
        form,
        planning.cohort_save,
        message=_("La session a été enregistrée."),
        cohort=cohort,
        project=project,
    )
    if saved is not None:
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
            "trainer": module.trainer_id,
        }
    form = ModuleForm(request.POST or None, initial=initial, cohort=cohort)
    if request.method != "POST":
        return _module_page(request, form=form, cohort=cohort, module=module)
    saved = _save(
        request,
        form,
        planning.module_save,
        message=_("Le module a été enregistré."),
        module=module,
        cohort=cohort,
    )
    if saved is not None:
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


@action_required("timetable.generate")
def cohort_timetable(request, pk):
    """The timetable generator: a weekly pattern between two dates, previewed (each slot, each
    date skipped and why, each module's hours against its planned hours), then saved."""
    cohort = _edited_cohort(request, pk)
    data = request.POST or None
    form = TimetableForm(
        data, initial={"first_day": cohort.start_date, "last_day": cohort.end_date}
    )
    pattern = PatternFormSet(
        data, prefix="pattern", form_kwargs={"modules": cohort.modules.order_by("code")}
    )
    closures = ClosureFormSet(data, prefix="closures")
    plan = None
    status = 200
    if request.method == "POST":
        if form.is_valid() and pattern.is_valid() and closures.is_valid():
            fields = {
                **form.cleaned_data,
                "rows": [planning.PatternRow(**row) for row in pattern.cleaned_data if row],
                "closures": [planning.ClosureSpan(**row) for row in closures.cleaned_data if row],
            }
            if request.POST.get("action") == "save":
                slots = call_service(
                    form, planning.timetable_generate, cohort=cohort, by=request.user, **fields
                )
                if slots is not None:
                    messages.success(
                        request,
                        _("%(n)d créneaux ont été ajoutés au calendrier.") % {"n": len(slots)},
                    )
                    url = reverse("training:cohort_detail", args=[cohort.pk])
                    return redirect(f"{url}?month={slots[0].date:%Y-%m}#calendar")
            else:
                plan = call_service(
                    form,
                    planning.timetable_plan,
                    cohort=cohort,
                    language=get_language(),
                    **fields,
                )
        if plan is None:
            status = UNPROCESSABLE
        else:  # the rows given, and one empty row each: not eight of them under the preview
            pattern = _compact(
                PatternFormSet,
                pattern,
                prefix="pattern",
                form_kwargs={"modules": cohort.modules.order_by("code")},
            )
            closures = _compact(ClosureFormSet, closures, prefix="closures")
    return render(
        request,
        "training/timetable.html",
        {
            "cohort": cohort,
            "form": form,
            "pattern": pattern,
            "closures": closures,
            "plan": plan,
            "recorded_closures": list(cohort.closures.order_by("start_date")),
        },
        status=status,
    )


def _compact(formset_class, bound, **kwargs):
    """A previewed formset again, holding only the rows filled in and one empty row."""
    compact = formset_class(initial=[row for row in bound.cleaned_data if row], **kwargs)
    compact.extra = 1
    return compact


# --- Single slots -------------------------------------------------------------------------------


def _edited_slot(request, pk) -> Slot:
    return opened_or_404(
        request,
        Slot.objects.filter(cohort__in=access.cohorts_run_by(request.user)).select_related(
            "cohort", "module"
        ),
        pk=pk,
    )


def _to_calendar(slot_or_cohort_id: int, day) -> str:
    url = reverse("training:cohort_detail", args=[slot_or_cohort_id])
    return f"{url}?month={day:%Y-%m}#calendar"


@action_required("cohort.edit")
def slot_create(request, pk):
    cohort = _edited_cohort(request, pk)
    form = SlotForm(
        request.POST or None,
        modules=cohort.modules.order_by("code"),
        initial={"date": max(cohort.start_date, min(timezone.localdate(), cohort.end_date))},
    )
    status = 200
    if request.method == "POST":
        slot = _save(
            request, form, planning.slot_add, message=_("Le créneau a été ajouté."), cohort=cohort
        )
        if slot is not None:
            return redirect(_to_calendar(cohort.pk, slot.date))
        status = UNPROCESSABLE
    return render(
        request, "training/slot_form.html", {"cohort": cohort, "form": form}, status=status
    )


@action_required("cohort.edit")
def slot_edit(request, pk):
    """A slot's page for the coordinator: move it, cancel it, or delete it (without
    attendance)."""
    slot = _edited_slot(request, pk)
    move = SlotForm(
        request.POST if request.POST.get("action") == "move" else None,
        initial={"date": slot.date, "start": slot.start, "end": slot.end, "place": slot.place},
    )
    cancel = SlotCancelForm(request.POST if request.POST.get("action") == "cancel" else None)
    status, error = 200, None
    if request.method == "POST":
        done = None
        if move.is_bound:
            done = _save(
                request, move, planning.slot_move, message=_("Le créneau a été déplacé."), slot=slot
            )
        elif cancel.is_bound:
            done = _save(
                request,
                cancel,
                planning.slot_cancel,
                message=_("Le créneau a été annulé ; ses présences restent sur sa feuille."),
                slot=slot,
            )
        elif request.POST.get("action") == "delete":
            try:
                planning.slot_delete(slot=slot, by=request.user)
            except ValidationError as refused:
                error = " ".join(refused.messages)
            else:
                messages.success(request, _("Le créneau a été supprimé."))
                return redirect(_to_calendar(slot.cohort_id, slot.date))
        elif not (move.is_bound or cancel.is_bound):
            error = _("Action inconnue.")
        if done is not None:
            return redirect(_to_calendar(done.cohort_id, done.date))
        status = UNPROCESSABLE
    return render(
        request,
        "training/slot_edit.html",
        {
            "slot": slot,
            "cohort": slot.cohort,
            "move_form": move,
            "cancel_form": cancel,
            "error": error,
            "locked": planning.slot_is_countersigned(slot=slot),
            "has_attendance": planning.slot_has_attendance(slot=slot),
        },
        status=status,
    )
