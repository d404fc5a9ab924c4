"""Cohorts (modules, calendar, schedule, enrolments) and the attendance sign-in (émargement).

Thin views: check the role (403), fetch through the scope (404), call one selector or service,
render. htmx requests on the sign-in page get one row back (422 with the row and its error when
the change is refused); without htmx, a redirect to the page with a message.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teenlab import access
from teenlab.core.audit import access_log, history_for
from teenlab.core.choices import AttendanceStatus, EnrolmentStatus
from teenlab.core.dates import years_before
from teenlab.core.filenames import safe_filename
from teenlab.core.forms import call_service
from teenlab.core.middleware import opened_or_404, project_ids_of, project_of, project_required
from teenlab.core.models import AuditEntry
from teenlab.core.pagination import CappedPaginator
from teenlab.core.permissions import (
    action_required,
    can,
)
from teenlab.participants import selectors as participants_selectors
from teenlab.reporting import indicators
from teenlab.training import selectors, services, trainee_mode
from teenlab.training.forms import (
    CorrectionForm,
    DecisionForm,
    DropOutForm,
    EarlyExitForm,
    LateEntryForm,
    RecruitForm,
    SignForm,
    SyncForm,
    TileMarkForm,
    TraineeModeLeaveForm,
    YouthFilterForm,
)
from teenlab.training.models import Enrolment
from teenlab.training.sheets import sheet_pdf

UNPROCESSABLE = 422
YOUTH_PAGE_SIZE = 25  # the youth list and the recruitment page
# The youth list counts its young people up to this many; past it, "more than" (a search that
# matches most of a network's hundred thousand reads this many rows, not the table).
YOUTH_COUNT_CAP = 10_000


def _messages_of(error: ValidationError) -> list[str]:
    return list(error.messages)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- Cohorts ------------------------------------------------------------------------------------


@action_required("cohort.view")
def cohort_list(request):
    project = project_of(request)
    return render(
        request,
        "training/cohort_list.html",
        {
            "cohorts": selectors.cohort_list(
                cohorts=access.cohorts_for(request.user), project=project
            )
        },
    )


@login_required  # scope alone decides: an account that sees no session gets no suggestion
@project_required
def cohort_options(request, project):
    """The suggestions of a searchable session field (``core.forms.SearchableInput``): a few
    ``<option>``s for what has been typed (``?q=``)."""
    cohorts = selectors.cohort_suggestions(
        cohorts=access.cohorts_for(request.user),
        project=project,
        text=request.GET.get("q", "")[:100],
    )
    return render(request, "training/_cohort_options.html", {"cohorts": cohorts})


@action_required("cohort.view")
def cohort_detail(request, pk):
    cohort = get_object_or_404(
        access.cohorts_for(request.user).select_related("project", "organisation"), pk=pk
    )
    today = timezone.localdate()
    monday = selectors.week_of(request.GET.get("week"), cohort=cohort)
    if monday is None:
        month = selectors.month_of(request.GET.get("month"), cohort=cohort, today=today)
        calendar, week = selectors.month_calendar(cohort=cohort, month=month), None
    else:
        month = monday.replace(day=1)
        calendar, week = None, selectors.week_calendar(cohort=cohort, monday=monday)
    # "Week" opens the week shown, or this week when in the month shown, or the month's first.
    this_week = min(max(today, cohort.start_date), cohort.end_date)
    if week is not None:
        week_link = week.monday
    elif (this_week.year, this_week.month) == (month.year, month.month):
        week_link = this_week
    else:
        week_link = month
    modules = selectors.module_hours(cohort=cohort)
    return render(
        request,
        "training/cohort_detail.html",
        {
            "cohort": cohort,
            "today": today,
            "modules": modules,
            "planned_total": sum((m.planned_hours for m in modules), 0),
            "scheduled_total": sum(m.scheduled_minutes for m in modules)
            + selectors.unassigned_minutes(cohort=cohort),
            "calendar": calendar,
            "week": week,
            "month": month,
            "week_link": week_link,
            "enrolments": list(
                indicators.enrolment_attendance_annotate(
                    selectors.cohort_enrolments(
                        enrolments=access.enrolments_for(request.user), cohort=cohort
                    ),
                    today=today,
                    rules=indicators.rules_of(cohort.project),
                )
            ),
            "trainers": list(cohort.trainers.order_by("last_name", "first_name")),
            # Whose attestation of attendance the account may download (it names them).
            "visible_youth": set(
                access.youth_for(request.user)
                .filter(project=cohort.project_id, enrolments__cohort=cohort)
                .values_list("pk", flat=True)
            )
            if can(request.user, "youth.view")
            else set(),
            # The timetable generator: its coordinators and the trainers who teach it.
            "can_generate": can(request.user, "timetable.generate")
            and access.cohorts_run_by(request.user).filter(pk=cohort.pk).exists(),
            "can_edit": can(request.user, "cohort.edit")
            and access.cohorts_run_by(request.user).filter(pk=cohort.pk).exists(),
            "in_progress": EnrolmentStatus.IN_PROGRESS,
        },
    )


def _enrolment_or_404(request, pk) -> Enrolment:
    return opened_or_404(
        request, access.enrolments_for(request.user).select_related("youth", "cohort"), pk=pk
    )


def _back_to_cohort(request, enrolment: Enrolment):
    if access.cohorts_for(request.user).filter(pk=enrolment.cohort_id).exists():
        return redirect(
            reverse("training:cohort_detail", args=[enrolment.cohort_id]) + "#enrolments"
        )
    return redirect("participants:youth_detail", pk=enrolment.youth_id)


@action_required("enrolment.edit")
def enrolment_complete(request, pk):
    enrolment = _enrolment_or_404(request, pk)
    error = None
    if request.method == "POST":
        try:
            services.enrolment_complete(enrolment=enrolment, by=request.user)
        except ValidationError as exc:
            error = " ".join(_messages_of(exc))
        else:
            messages.success(
                request, _("Le parcours de %(youth)s est terminé.") % {"youth": enrolment.youth}
            )
            return _back_to_cohort(request, enrolment)
    return render(
        request,
        "training/enrolment_complete.html",
        {"enrolment": enrolment, "error": error},
        status=UNPROCESSABLE if error else 200,
    )


def _enrolment_leave(request, pk, *, form_class, service, template, done):
    """The dropout and early-exit pages: a date and why, then back to the cohort."""
    enrolment = _enrolment_or_404(request, pk)
    today = timezone.localdate()
    form = form_class(
        request.POST or None,
        initial={"left_on": min(today, enrolment.cohort.end_date)},
    )
    if request.method == "POST" and form.is_valid():
        left = call_service(
            form, service, enrolment=enrolment, by=request.user, **form.cleaned_data
        )
        if left is not None:
            messages.success(request, done % {"youth": enrolment.youth})
            return _back_to_cohort(request, enrolment)
    return render(
        request,
        template,
        {"enrolment": enrolment, "form": form},
        status=UNPROCESSABLE if form.errors else 200,
    )


@action_required("enrolment.edit")
def enrolment_drop_out(request, pk):
    return _enrolment_leave(
        request,
        pk,
        form_class=DropOutForm,
        service=services.enrolment_drop_out,
        template="training/enrolment_drop_out.html",
        done=_("L'abandon de %(youth)s est enregistré."),
    )


@action_required("enrolment.edit")
def enrolment_early_exit(request, pk):
    return _enrolment_leave(
        request,
        pk,
        form_class=EarlyExitForm,
        service=services.enrolment_early_exit,
        template="training/enrolment_early_exit.html",
        done=_("La sortie anticipée positive de %(youth)s est enregistrée."),
    )


# --- Today and the sign-in ----------------------------------------------------------------------


@action_required("attendance.edit")
def today(request):
    day = timezone.localdate()
    return render(
        request,
        "training/today.html",
        {
            "day": day,
            "slots": selectors.slots_of_day(
                slots=access.slots_for(request.user).of_project(project_ids_of(request)),
                day=day,
            ),
        },
    )


def _slot_or_404(request, pk, *, edit: bool = False):
    """The slot in scope; to change its attendance, a slot of a cohort the account runs."""
    slots = selectors.slot_sheet_queryset(slots=access.slots_for(request.user))
    if edit:
        slots = slots.filter(cohort__in=access.cohorts_run_by(request.user))
    return opened_or_404(request, slots, pk=pk)


@action_required("attendance.view")
def slot_attendance(request, pk):
    slot = _slot_or_404(request, pk)
    (sheet,) = selectors.sheets_build(slots=[slot])
    can_edit = (
        can(request.user, "attendance.edit")
        and access.cohorts_run_by(request.user).filter(pk=slot.cohort_id).exists()
    )
    return render(
        request,
        "training/slot_attendance.html",
        {
            "slot": slot,
            "sheet": sheet,
            "today": timezone.localdate(),
            "can_edit": can_edit,
            "trainee_mode": trainee_mode.slot_in_trainee_mode(request) == slot.pk,
            "leave_form": TraineeModeLeaveForm(),
        },
    )


@require_POST
@action_required("attendance.edit")
def trainee_mode_enter(request, pk):
    """The trainer hands the tablet over: this session shows only the slot's trainee screen."""
    slot = _slot_or_404(request, pk, edit=True)
    if services.slot_is_locked(slot):
        messages.error(request, _("La feuille est verrouillée : plus rien à signer."))
    else:
        trainee_mode.enter(request, slot_pk=slot.pk)
    return redirect("training:slot_attendance", slot.pk)


@require_POST
@action_required("attendance.edit")
def trainee_mode_leave(request, pk):
    """The trainer takes the tablet back with their password (throttled)."""
    url = reverse("training:slot_attendance", args=[pk])
    if trainee_mode.slot_in_trainee_mode(request) is None:
        return redirect(url)
    form = TraineeModeLeaveForm(request.POST)
    error = (
        trainee_mode.leave(request, password=form.cleaned_data["password"])
        if form.is_valid()
        else " ".join(form.errors["password"])
    )
    if error:
        messages.error(request, error)
        return redirect(url + "#trainee-leave")
    messages.success(request, _("Mode stagiaire terminé : la tablette est à vous."))
    return redirect(url)


@action_required("attendance.edit")
def slot_absent_rest(request, pk):
    """Every young person still without a status marked absent, after a confirmation."""
    slot = _slot_or_404(request, pk, edit=True)
    url = reverse("training:slot_attendance", args=[slot.pk])
    if request.method == "POST":
        try:
            marked = services.attendance_mark_rest_absent(
                slot=slot, by=request.user, device=device_of(request)
            )
        except ValidationError as error:
            messages.error(request, " ".join(_messages_of(error)))
            return redirect(url)
        messages.success(
            request,
            _("%(n)d jeune(s) marqué(s) absent(s).") % {"n": len(marked)},
        )
        return redirect(url + "#trainer-panel")
    (sheet,) = selectors.sheets_build(slots=[slot])
    return render(
        request,
        "training/slot_absent_rest.html",
        {
            "slot": slot,
            "sheet": sheet,
            "rest": [row.youth for row in sheet.rows if row.attendance is None],
        },
    )


def _row_response(request, slot, youth_id: int, *, error: str | None = None):
    """After a change: the row (htmx) or the page (a redirect with a message)."""
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        return redirect(reverse("training:slot_attendance", args=[slot.pk]) + f"#row-{youth_id}")
    row = selectors.sheet_row(slot=slot, youth_id=youth_id)
    if row is None:  # a forged youth: nothing to redraw, the error goes to the page's alert area
        response = render(
            request, "training/_signin_error.html", {"error": error}, status=UNPROCESSABLE
        )
        response["HX-Retarget"] = "#signin-errors"
        response["HX-Reswap"] = "innerHTML"
        return response
    context = {
        "slot": slot,
        "row": row,
        "locked": services.slot_is_locked(slot),
        "can_correct": True,
        "error": error,
        "can_edit": True,
        "trainee_mode": trainee_mode.slot_in_trainee_mode(request) == slot.pk,
    }
    html = render_to_string("training/_signin_row.html", context, request=request)
    # The summary above the list, updated out of band.
    html += render_to_string(
        "training/_signin_summary.html",
        {"oob": True, **selectors.sheet_counts(slot=slot)},
        request=request,
    )
    return HttpResponse(html, status=UNPROCESSABLE if error else 200)


def device_of(request) -> str:
    """The device session that collects an entry: a hash of the session key (never the key)."""
    key = request.session.session_key or ""
    return hashlib.sha256(key.encode()).hexdigest() if key else ""


class BadSyncField(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _sync_fields(request) -> dict:
    """The optional ``taken_at`` (ISO 8601 with its offset) and ``idempotency_key`` (a UUID)
    of an entry sent by the tablet, and the device session; BadSyncField if malformed."""
    form = SyncForm(request.POST)
    if not form.is_valid():
        raise BadSyncField(
            " ".join(message for errors in form.errors.values() for message in errors)
        )
    return {**form.cleaned_data, "device": device_of(request)}


def _bad_request(error: BadSyncField) -> HttpResponse:
    return HttpResponseBadRequest(error.message, content_type="text/plain; charset=utf-8")


def _change_row(request, pk, youth_pk, form, change) -> HttpResponse:
    """Validate ``form``, find the young person among those expected at the slot, apply
    ``change(slot, youth, cleaned_data)`` (a service), answer with the row."""
    slot = _slot_or_404(request, pk, edit=True)
    try:
        sync = _sync_fields(request)
    except BadSyncField as error:
        return _bad_request(error)
    error = None
    if not form.is_valid():
        error = " ".join(message for errors in form.errors.values() for message in errors)
    else:
        enrolment = selectors.expected_enrolment(slot=slot, youth_id=youth_pk)
        if enrolment is None:
            error = _("Ce jeune n'est pas inscrit à ce créneau.")
        else:
            try:
                change(slot, enrolment.youth, {**form.cleaned_data, **sync})
            except ValidationError as exc:
                error = " ".join(_messages_of(exc))
    return _row_response(request, slot, youth_pk, error=error)


@require_POST
@action_required("attendance.edit")
def attendance_sign(request, pk, youth_pk):
    def sign(slot, youth, data):
        services.attendance_sign(
            slot=slot,
            youth=youth,
            image=data["image"],
            typed_name=data["typed_name"],
            by=request.user,
            **_sync_of(data),
        )

    return _change_row(request, pk, youth_pk, SignForm(request.POST), sign)


def _sync_of(data: dict) -> dict:
    return {name: data[name] for name in ("taken_at", "idempotency_key", "device")}


@require_POST
@action_required("attendance.edit")
def attendance_mark(request, pk, youth_pk):
    def mark(slot, youth, data):
        minutes = data["minutes"]
        if data["status"] == AttendanceStatus.PARTIAL and (data["arrival"] or data["departure"]):
            minutes = services.partial_minutes(
                slot=slot, arrival=data["arrival"], departure=data["departure"]
            )
        services.attendance_mark(
            slot=slot,
            youth=youth,
            status=data["status"],
            minutes=minutes,
            by=request.user,
            **_sync_of(data),
        )

    return _change_row(request, pk, youth_pk, TileMarkForm(request.POST), mark)


@require_POST
@action_required("attendance.edit")
def slot_countersign(request, pk):
    slot = _slot_or_404(request, pk, edit=True)
    try:
        sync = _sync_fields(request)
    except BadSyncField as error:
        return _bad_request(error)
    form = SignForm(request.POST)
    url = reverse("training:slot_attendance", args=[slot.pk])
    if not form.is_valid():
        messages.error(request, _("La contre-signature est vide : signez dans le cadre."))
        return redirect(url + "#countersign")
    try:
        services.slot_countersign(
            slot=slot, image=form.cleaned_data["image"], by=request.user, **sync
        )
    except ValidationError as error:
        messages.error(request, " ".join(_messages_of(error)))
        return redirect(url + "#countersign")
    messages.success(request, _("La feuille est contre-signée et verrouillée."))
    return redirect(url)


def _reasoned_change(request, pk, youth_pk, *, late: bool):
    """The correction of a locked slot, or a late entry (outside the signing window): a form
    with the new attendance and its reason, on its own page."""
    slot = _slot_or_404(request, pk, edit=True)
    row = selectors.sheet_row(slot=slot, youth_id=youth_pk)
    if row is None:
        raise Http404
    page = "attendance_late_entry" if late else "attendance_correct"
    initial = {}
    if row.attendance is not None:
        initial = {"status": row.attendance.status, "minutes": row.attendance.minutes}
    if request.method != "POST":
        access_log(
            user=request.user,
            action=AuditEntry.Action.VIEW,
            obj=row.youth,
            details={"page": page, "slot": slot.code},
        )
    form = (LateEntryForm if late else CorrectionForm)(request.POST or None, initial=initial)
    locked = services.slot_is_locked(slot)
    if request.method == "POST" and form.is_valid():
        arguments = {
            "slot": slot,
            "youth": row.youth,
            "by": request.user,
            "device": device_of(request),
            **form.cleaned_data,
        }
        if late:
            done = call_service(form, services.attendance_late_entry, **arguments)
            saved = _("La saisie tardive pour %(youth)s est enregistrée.")
        else:
            done = call_service(form, services.attendance_correct, **arguments)
            saved = _("La correction pour %(youth)s est enregistrée.")
        if done is not None:
            messages.success(request, saved % {"youth": row.youth})
            return redirect(
                reverse("training:slot_attendance", args=[slot.pk]) + f"#row-{youth_pk}"
            )
    return render(
        request,
        "training/attendance_correct.html",
        {"slot": slot, "row": row, "form": form, "locked": locked, "late": late},
        status=UNPROCESSABLE if form.errors else 200,
    )


@action_required("attendance.edit")
def attendance_correct(request, pk, youth_pk):
    return _reasoned_change(request, pk, youth_pk, late=False)


@action_required("attendance.edit")
def attendance_late_entry(request, pk, youth_pk):
    return _reasoned_change(request, pk, youth_pk, late=True)


# --- Printable sheets ---------------------------------------------------------------------------


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


@action_required("attendance.view")
def slot_sheet_pdf(request, pk):
    slot = _slot_or_404(request, pk)
    sheets = selectors.sheets_build(slots=[slot])
    pdf = sheet_pdf(sheets=sheets, lang=get_language(), title=str(slot.cohort))
    filename = safe_filename("emargement", slot.code, suffix=".pdf")
    access_log(
        user=request.user,
        action=AuditEntry.Action.EXPORT,
        obj=slot,
        details={"export": "sign_in_sheet", "format": "pdf", "file": filename},
    )
    return _pdf_response(pdf, filename)


@action_required("attendance.view")
def cohort_week_pdf(request, pk):
    cohort = get_object_or_404(access.cohorts_for(request.user).select_related("project"), pk=pk)
    value = request.GET.get("week") or ""
    try:
        day = dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        messages.error(request, _("Semaine illisible : choisissez une date (AAAA-MM-JJ)."))
        return redirect("training:cohort_detail", pk=cohort.pk)
    monday = day - dt.timedelta(days=day.weekday())
    slots = selectors.week_slots(cohort=cohort, monday=monday)
    if not slots:
        messages.error(request, _("Aucun créneau cette semaine-là : pas de feuille à imprimer."))
        return redirect("training:cohort_detail", pk=cohort.pk)
    sheets = selectors.sheets_build(slots=slots)
    pdf = sheet_pdf(sheets=sheets, lang=get_language(), title=str(cohort))
    filename = safe_filename("emargement", cohort.code, f"{monday:%Y-%m-%d}", suffix=".pdf")
    access_log(
        user=request.user,
        action=AuditEntry.Action.EXPORT,
        obj=cohort,
        details={
            "export": "sign_in_sheet",
            "format": "pdf",
            "week": monday.isoformat(),
            "file": filename,
        },
    )
    return _pdf_response(pdf, filename)


# --- Youth journeys and recruitment (URL names of the participants namespace) ------------


@action_required("youth.view")
@project_required
def youth_list(request, project):
    today = timezone.localdate()
    rules = indicators.rules_of(project)
    form = YouthFilterForm(
        request.GET or None,
        cohorts=selectors.recruitable_cohorts(
            cohorts=access.cohorts_for(request.user), project=project
        ),
        zones=participants_selectors.zones_of(project),
        age_bands=rules.bands,
    )
    filters = form.cleaned_data if form.is_valid() else {}
    visible = access.youth_for(request.user)
    youth = selectors.youth_search(
        youth=visible,
        project=project,
        text=filters.get("q", ""),
        cohort=filters.get("cohort"),
        status=filters.get("status", ""),
        zone=filters.get("zone", ""),
    )
    if filters.get("age_band"):
        youth = youth.filter(indicators.age_band_q(filters["age_band"], today=today, rules=rules))
    # Paginate the plain list first: the annotations run for the page's rows only.
    page = CappedPaginator(
        youth.values_list("pk", flat=True), YOUTH_PAGE_SIZE, cap=YOUTH_COUNT_CAP
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "participants/youth_list.html",
        {
            "form": form,
            "page_obj": page,
            "youth": selectors.youth_rows(
                youth=visible,
                project=project,
                ids=list(page.object_list),
                enrolments=indicators.enrolment_attendance_annotate(
                    access.enrolments_for(request.user), today=today, rules=rules
                ),
            ),
            "today": today,
            "minor_born_after": years_before(today, 18),
        },
    )


@login_required  # scope alone decides: outside it (partners, auditors, others) → 404
def youth_detail(request, pk):
    youth = opened_or_404(
        request,
        selectors.youth_entry_annotate(
            participants_selectors.youth_zone_annotate(access.youth_for(request.user))
        ).select_related("info_session", "organisation", "project"),
        pk=pk,
    )
    today = timezone.localdate()
    enrolments = list(
        indicators.enrolment_attendance_annotate(
            selectors.youth_enrolments(enrolments=access.enrolments_for(request.user), youth=youth),
            today=today,
            rules=indicators.rules_of(youth.project),
        )
    )
    access_log(
        user=request.user, action=AuditEntry.Action.VIEW, obj=youth, details={"page": "youth"}
    )
    return render(
        request,
        "participants/youth_detail.html",
        {
            "youth": youth,
            "today_date": today,
            "is_minor": youth.birth_date is not None and youth.birth_date > years_before(today, 18),
            "eligibility": participants_selectors.eligibility(youth=youth, project=youth.project),
            "consents": participants_selectors.consent_summary(
                youth=youth, entry_date=youth.entry_date
            ),
            "may_read_sensitive": access.may_read_sensitive(request.user, youth),
            "decisions": list(
                youth.decisions.of_project(youth.project_id)
                .select_related("decided_by")
                .order_by("-decided_on")
            ),
            "enrolments": enrolments,
            # What the young person took part in, among the events and exchanges in scope.
            "events": list(
                youth.event_participations.filter(event__in=access.events_for(request.user))
                .select_related("event__cohort")
                .order_by("event__date", "event__code")
            ),
            "exchanges": list(
                youth.exchange_participations.filter(
                    exchange__in=access.exchanges_for(request.user)
                )
                .select_related("exchange")
                .order_by("exchange__start_date", "exchange__code")
            ),
            "missed": [(e, selectors.missed_slots(enrolment=e, today=today)) for e in enrolments],
            "history": history_for(
                user=request.user,
                youth=youth,
                attendance=access.attendance_for(request.user).of_project(youth.project_id),
            ),
        },
    )


@action_required("recruitment.edit")
def youth_decide(request, pk):
    youth = opened_or_404(request, access.youth_for(request.user), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = call_service(
            form, services.recruitment_decide, youth=youth, by=request.user, **form.cleaned_data
        )
        if decision is not None:
            messages.success(
                request,
                _("Décision enregistrée pour %(youth)s : %(decision)s.")
                % {"youth": youth, "decision": decision.get_decision_display()},
            )
            return redirect("participants:recruitment")
    return render(
        request,
        "participants/youth_decide.html",
        {"form": form, "youth": youth},
        status=UNPROCESSABLE if form.errors else 200,
    )


@action_required("recruitment.edit")
def youth_recruit(request, pk):
    youth = opened_or_404(request, access.youth_for(request.user), pk=pk)
    form = RecruitForm(
        request.POST or None,
        cohorts=selectors.recruitable_cohorts(
            cohorts=access.cohorts_for(request.user), project=youth.project
        ),
    )
    if request.method == "POST" and form.is_valid():
        enrolment = call_service(
            form,
            services.enrolment_create,
            youth=youth,
            by=request.user,
            **form.cleaned_data,
        )
        if enrolment is not None:
            messages.success(
                request,
                _("%(youth)s est recruté·e dans la session « %(cohort)s ».")
                % {"youth": youth, "cohort": enrolment.cohort},
            )
            return redirect("participants:youth_detail", pk=youth.pk)
    return render(
        request,
        "participants/youth_recruit.html",
        {
            "form": form,
            "youth": youth,
            "eligibility": participants_selectors.eligibility(youth=youth, project=youth.project),
        },
        status=UNPROCESSABLE if form.errors else 200,
    )


@action_required("recruitment.view")
@project_required
def recruitment(request, project):
    youth = access.youth_for(request.user)
    awaiting = selectors.youth_awaiting_decision(
        youth=youth, project=project, today=timezone.localdate()
    )
    page = Paginator(awaiting, YOUTH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participants/recruitment.html",
        {
            "pipeline": selectors.recruitment_pipeline(youth=youth, project=project),
            "waiting": selectors.youth_waiting_list(youth=youth, project=project),
            "today": timezone.localdate(),
            "sessions": participants_selectors.info_sessions_list(
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
                youth=access.youth_for(request.user).of_project(session.project_id),
                session=session,
            ),
        },
    )
