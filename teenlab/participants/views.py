from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from teenlab import access
from teenlab.core.audit import access_log, history_for
from teenlab.core.forms import add_service_errors
from teenlab.core.middleware import project_of
from teenlab.core.models import AuditEntry
from teenlab.core.permissions import action_required
from teenlab.participants import selectors, services
from teenlab.participants.forms import InfoSessionForm, RecruitForm, YouthFilterForm, YouthForm
from teenlab.reporting import indicators

PAGE_SIZE = 25


def _project_or_404(request):
    project = project_of(request)
    if project is None:
        raise Http404
    return project


@action_required("youth.view")
def youth_list(request):
    project = _project_or_404(request)
    today = timezone.localdate()
    form = YouthFilterForm(
        request.GET or None,
        cohorts=selectors.recruitable_cohorts(
            cohorts=access.cohorts_for(request.user), project=project
        ),
        zones=selectors.zones_of(project),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    youth = selectors.youth_search(
        youth=access.youth_for(request.user),
        project=project,
        text=filters.get("q", ""),
        cohort=filters.get("cohort"),
        status=filters.get("status", ""),
        zone=filters.get("zone", ""),
    )
    if filters.get("age_band"):
        youth = youth.filter(indicators.age_band_q(filters["age_band"], today=today))
    page = Paginator(youth, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participants/youth_list.html",
        {"form": form, "page_obj": page, "youth": list(page.object_list), "today": today},
    )


@login_required  # scope alone decides: outside it (partners, auditors, others) → 404
def youth_detail(request, pk):
    youth = get_object_or_404(
        selectors.youth_zone_annotate(access.youth_for(request.user)).select_related(
            "info_session", "organisation", "project"
        ),
        pk=pk,
    )
    today = timezone.localdate()
    access_log(
        user=request.user, action=AuditEntry.Action.VIEW, obj=youth, details={"page": "youth"}
    )
    return render(
        request,
        "participants/youth_detail.html",
        {
            "youth": youth,
            "today_date": today,
            "is_minor": youth.birth_date is not None
            and youth.birth_date > selectors.years_before(today, 18),
            "enrolments": list(
                indicators.enrolment_attendance_annotate(
                    selectors.youth_enrolments(
                        enrolments=access.enrolments_for(request.user), youth=youth
                    ),
                    today=today,
                )
            ),
            "history": history_for(
                user=request.user, youth=youth, attendance=access.attendance_for(request.user)
            ),
            "recruit_form": RecruitForm(
                cohorts=selectors.recruitable_cohorts(
                    cohorts=access.cohorts_for(request.user), project=youth.project
                )
            ),
        },
    )


@action_required("youth.edit")
def youth_create(request):
    project = _project_or_404(request)
    organisation = request.user.organisation
    if organisation is None:  # a superuser without organisation works in the admin
        raise Http404
    form = YouthForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            youth = services.youth_create(
                project=project, organisation=organisation, data=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
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
        try:
            services.youth_update(youth=youth, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Le dossier a été mis à jour."))
            return redirect("participants:youth_detail", pk=youth.pk)
    return render(request, "participants/youth_form.html", {"form": form, "youth": youth})


@action_required("recruitment.edit")
def youth_recruit(request, pk):
    youth = get_object_or_404(access.youth_for(request.user), pk=pk)
    form = RecruitForm(
        request.POST or None,
        cohorts=selectors.recruitable_cohorts(
            cohorts=access.cohorts_for(request.user), project=youth.project
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_create(
                youth=youth,
                cohort=form.cleaned_data["cohort"],
                enrolled_on=form.cleaned_data["enrolled_on"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(youth)s est recruté·e dans la session « %(cohort)s ».")
                % {"youth": youth, "cohort": enrolment.cohort},
            )
            return redirect("participants:youth_detail", pk=youth.pk)
    return render(request, "participants/youth_recruit.html", {"form": form, "youth": youth})


@action_required("recruitment.view")
def recruitment(request):
    project = _project_or_404(request)
    awaiting = selectors.youth_awaiting_decision(
        youth=access.youth_for(request.user), project=project
    )
    page = Paginator(awaiting, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participants/recruitment.html",
        {
            "sessions": selectors.info_sessions_list(
                sessions=access.info_sessions_for(request.user), project=project
            ),
            "page_obj": page,
            "awaiting": list(page.object_list),
        },
    )


@action_required("recruitment.view")
def info_session_detail(request, pk):
    session = get_object_or_404(access.info_sessions_for(request.user), pk=pk)
    return render(
        request,
        "participants/info_session_detail.html",
        {
            "session": session,
            "attendees": selectors.info_session_attendees(
                youth=access.youth_for(request.user), session=session
            ),
        },
    )


@action_required("recruitment.edit")
def info_session_create(request):
    project = _project_or_404(request)
    if request.user.organisation is None:
        raise Http404
    form = InfoSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.info_session_create(
                project=project,
                organisation=request.user.organisation,
                by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("L'information collective a été enregistrée."))
            return redirect("participants:info_session_detail", pk=session.pk)
    return render(request, "participants/info_session_form.html", {"form": form})
