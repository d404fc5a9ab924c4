"""Exchanges, events, phases and cooperations of the current project: lists and forms."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from teenlab.activities import selectors, services
from teenlab.activities.forms import CooperationForm, EventForm, ExchangeForm, PhaseForm
from teenlab.activities.models import Cooperation, Event, Exchange, Phase
from teenlab.core import scoping
from teenlab.core.middleware import project_of
from teenlab.core.permissions import action_required


def _project_or_404(request):
    project = project_of(request)
    if project is None:
        raise Http404
    return project


def _list(request, *, tab: str, objects: list):
    project = _project_or_404(request)
    return render(
        request,
        f"activities/{tab}_list.html",
        {
            "tab": tab,
            "objects": objects,
            "counts": selectors.activity_counts(user=request.user, project=project),
        },
    )


def _form_page(request, *, form, obj, tab: str, saved_message: str, back: str):
    """Validate and save ``form`` (its instance carries the project), or show it again."""
    if request.method == "POST" and form.is_valid():
        services.activity_save(obj=form.save(commit=False), by=request.user)
        messages.success(request, saved_message)
        return redirect(back)
    return render(
        request,
        "activities/form.html",
        {"form": form, "obj": obj, "tab": tab, "back": back},
    )


# --- exchanges ---------------------------------------------------------------------------------


@action_required("activity.view")
def exchange_list(request):
    project = _project_or_404(request)
    return _list(
        request,
        tab="exchanges",
        objects=selectors.exchange_list(user=request.user, project=project),
    )


@action_required("activity.edit")
def exchange_create(request):
    project = _project_or_404(request)
    form = ExchangeForm(request.POST or None, instance=Exchange(project=project))
    return _form_page(
        request,
        form=form,
        obj=None,
        tab="exchanges",
        saved_message=_("L'échange a été enregistré."),
        back="activities:exchange_list",
    )


@action_required("activity.edit")
def exchange_edit(request, pk):
    exchange = get_object_or_404(scoping.exchanges_for(request.user), pk=pk)
    form = ExchangeForm(request.POST or None, instance=exchange)
    return _form_page(
        request,
        form=form,
        obj=exchange,
        tab="exchanges",
        saved_message=_("L'échange a été enregistré."),
        back="activities:exchange_list",
    )


# --- events ------------------------------------------------------------------------------------


@action_required("activity.view")
def event_list(request):
    project = _project_or_404(request)
    return _list(
        request, tab="events", objects=selectors.event_list(user=request.user, project=project)
    )


@action_required("event.edit")
def event_create(request):
    project = _project_or_404(request)
    cohorts = selectors.event_cohorts(user=request.user, project=project)
    form = EventForm(request.POST or None, instance=Event(project=project), cohorts=cohorts)
    return _form_page(
        request,
        form=form,
        obj=None,
        tab="events",
        saved_message=_("L'événement a été enregistré."),
        back="activities:event_list",
    )


@action_required("event.edit")
def event_edit(request, pk):
    event = get_object_or_404(selectors.editable_events(user=request.user), pk=pk)
    cohorts = selectors.event_cohorts(user=request.user).filter(project_id=event.project_id)
    form = EventForm(request.POST or None, instance=event, cohorts=cohorts)
    return _form_page(
        request,
        form=form,
        obj=event,
        tab="events",
        saved_message=_("L'événement a été enregistré."),
        back="activities:event_list",
    )


# --- phases ------------------------------------------------------------------------------------


@action_required("activity.view")
def phase_list(request):
    project = _project_or_404(request)
    return _list(
        request, tab="phases", objects=selectors.phase_list(user=request.user, project=project)
    )


@action_required("activity.edit")
def phase_create(request):
    project = _project_or_404(request)
    form = PhaseForm(request.POST or None, instance=Phase(project=project))
    return _form_page(
        request,
        form=form,
        obj=None,
        tab="phases",
        saved_message=_("La phase a été enregistrée."),
        back="activities:phase_list",
    )


@action_required("activity.edit")
def phase_edit(request, pk):
    phase = get_object_or_404(scoping.phases_for(request.user), pk=pk)
    form = PhaseForm(request.POST or None, instance=phase)
    return _form_page(
        request,
        form=form,
        obj=phase,
        tab="phases",
        saved_message=_("La phase a été enregistrée."),
        back="activities:phase_list",
    )


# --- cooperations ------------------------------------------------------------------------------


@action_required("activity.view")
def cooperation_list(request):
    project = _project_or_404(request)
    return _list(
        request,
        tab="cooperations",
        objects=selectors.cooperation_list(user=request.user, project=project),
    )


@action_required("activity.edit")
def cooperation_create(request):
    project = _project_or_404(request)
    form = CooperationForm(request.POST or None, instance=Cooperation(project=project))
    return _form_page(
        request,
        form=form,
        obj=None,
        tab="cooperations",
        saved_message=_("La coopération a été enregistrée."),
        back="activities:cooperation_list",
    )


@action_required("activity.edit")
def cooperation_edit(request, pk):
    cooperation = get_object_or_404(scoping.cooperations_for(request.user), pk=pk)
    form = CooperationForm(request.POST or None, instance=cooperation)
    return _form_page(
        request,
        form=form,
        obj=cooperation,
        tab="cooperations",
        saved_message=_("La coopération a été enregistrée."),
        back="activities:cooperation_list",
    )
