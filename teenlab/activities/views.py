"""Exchanges, events, phases and cooperations of the current project: lists and forms.

The four kinds share one list view and one form page, told apart by the ``tab`` their URL gives
(:data:`KINDS`); exchanges, phases and cooperations share their create and edit views too;
events, which trainers edit for the cohorts they teach, have their own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from teenlab import access
from teenlab.activities import selectors, services
from teenlab.activities.forms import CooperationForm, EventForm, ExchangeForm, PhaseForm
from teenlab.activities.models import Cooperation, Event, Exchange, Phase
from teenlab.core.forms import call_service
from teenlab.core.middleware import project_required
from teenlab.core.permissions import action_required


def _list(request, *, project, tab: str, objects: list):
    return render(
        request,
        f"activities/{tab}_list.html",
        {
            "tab": tab,
            "objects": objects,
            "counts": selectors.activity_counts(
                visible={
                    "exchanges": access.exchanges_for(request.user),
                    "events": access.events_for(request.user),
                    "phases": access.phases_for(request.user),
                    "cooperations": access.cooperations_for(request.user),
                },
                project=project,
            ),
        },
    )


def _form_page(request, *, form, obj, tab: str, service=None, scope=None):
    """Validate and save ``form`` (its instance carries the project), or show it again (422
    when refused). ``service``: the service saving the record and its people, called with the
    form's ``service_kwargs()`` and ``scope`` (the young people the account sees); None when it
    refuses. By default ``services.activity_save``."""
    kind = KINDS[tab]
    if request.method == "POST" and form.is_valid():
        if service is None:
            saved = services.activity_save(obj=form.save(commit=False), by=request.user)
        else:
            saved = call_service(
                form, service, **form.service_kwargs(), scope=scope, by=request.user
            )
        if saved is not None:
            messages.success(request, kind.saved_message)
            return redirect(kind.back)
    return render(
        request,
        "activities/form.html",
        {"form": form, "obj": obj, "tab": tab, "back": kind.back},
        status=422 if form.is_bound and form.errors else 200,
    )


@dataclass(frozen=True)
class Kind:
    """A kind of activity: its form, its records (those in reach to edit, the project's list)
    and what saving says."""

    form: type[forms.ModelForm]
    model: type[models.Model]
    records: Callable  # (user) -> the records the user may edit
    listing: Callable  # (user, project) -> the project's list, of the records the user sees
    saved_message: Promise
    back: str  # the list's URL name


KINDS = {
    "exchanges": Kind(
        ExchangeForm,
        Exchange,
        access.exchanges_for,
        lambda user, project: selectors.exchange_list(
            exchanges=access.exchanges_for(user), project=project
        ),
        gettext_lazy("L'échange a été enregistré."),
        "activities:exchange_list",
    ),
    "events": Kind(
        EventForm,
        Event,
        lambda user: selectors.editable_events(
            events=access.events_for(user), cohorts=access.cohorts_run_by(user)
        ),
        lambda user, project: selectors.event_list(events=access.events_for(user), project=project),
        gettext_lazy("L'événement a été enregistré."),
        "activities:event_list",
    ),
    "phases": Kind(
        PhaseForm,
        Phase,
        access.phases_for,
        lambda user, project: selectors.phase_list(phases=access.phases_for(user), project=project),
        gettext_lazy("La phase a été enregistrée."),
        "activities:phase_list",
    ),
    "cooperations": Kind(
        CooperationForm,
        Cooperation,
        access.cooperations_for,
        lambda user, project: selectors.cooperation_list(
            cooperations=access.cooperations_for(user), project=project
        ),
        gettext_lazy("La coopération a été enregistrée."),
        "activities:cooperation_list",
    ),
}


@action_required("activity.view")
@project_required
def activity_list(request, *, project, tab: str):
    return _list(
        request, project=project, tab=tab, objects=KINDS[tab].listing(request.user, project)
    )


@action_required("activity.edit")
@project_required
def activity_create(request, *, project, tab: str):
    kind = KINDS[tab]
    form = kind.form(request.POST or None, instance=kind.model(project=project))
    return _form_page(request, form=form, obj=None, tab=tab)


@action_required("activity.edit")
def activity_edit(request, pk, *, tab: str):
    obj = get_object_or_404(KINDS[tab].records(request.user), pk=pk)
    form = KINDS[tab].form(request.POST or None, instance=obj)
    return _form_page(request, form=form, obj=obj, tab=tab)


# --- exchanges and events, with who took part ---------------------------------------------------


def _exchange_page(request, *, exchange: Exchange, obj):
    scope = access.youth_for(request.user)
    form = ExchangeForm(
        request.POST or None,
        instance=exchange,
        youth=selectors.exchange_youth_choices(youth=scope, project=exchange.project),
        accounts=selectors.exchange_staff_choices(project=exchange.project),
    )
    return _form_page(
        request, form=form, obj=obj, tab="exchanges", service=services.exchange_save, scope=scope
    )


@action_required("activity.edit")
@project_required
def exchange_create(request, project):
    return _exchange_page(request, exchange=Exchange(project=project), obj=None)


@action_required("activity.edit")
def exchange_edit(request, pk):
    exchange = get_object_or_404(
        KINDS["exchanges"].records(request.user).select_related("project"), pk=pk
    )
    return _exchange_page(request, exchange=exchange, obj=exchange)


def _event_page(request, *, event: Event, cohorts, obj):
    scope = access.youth_for(request.user)
    form = EventForm(
        request.POST or None,
        instance=event,
        cohorts=cohorts,
        youth=selectors.event_youth_choices(youth=scope, cohorts=cohorts),
    )
    return _form_page(
        request, form=form, obj=obj, tab="events", service=services.event_save, scope=scope
    )


@action_required("event.edit")
@project_required
def event_create(request, project):
    cohorts = selectors.event_cohorts(cohorts=access.cohorts_run_by(request.user), project=project)
    return _event_page(request, event=Event(project=project), cohorts=cohorts, obj=None)


@action_required("event.edit")
def event_edit(request, pk):
    event = get_object_or_404(KINDS["events"].records(request.user), pk=pk)
    cohorts = selectors.event_cohorts(cohorts=access.cohorts_run_by(request.user)).filter(
        project_id=event.project_id
    )
    return _event_page(request, event=event, cohorts=cohorts, obj=event)
