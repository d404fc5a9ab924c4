"""Admin pages of the training: cohorts and their modules, slots, enrolments, attendance.

Attendance runs to millions of rows and youth to thousands: every foreign key to them, to slots
or to enrolments is an autocomplete field, and every changelist joins the rows it shows.
"""

import base64

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from teenlab.core.admin import (
    DatesInOrderMixin,
    ModelAdmin,
    ReadOnlyAdmin,
    SameProjectForm,
    TabularInline,
)
from teenlab.core.choices import AttendanceStatus, EnrolmentStatus
from teenlab.training import ledger, rollups, services
from teenlab.training.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceEntry,
    AttendanceSignature,
    Closure,
    Cohort,
    Enrolment,
    EnrolmentAttendance,
    Module,
    Slot,
    SlotCountersignature,
)


class ModuleInlineFormSet(BaseInlineFormSet):
    """A cohort's modules take the cohort's project; their codes stay unique in it."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.project_id = self.instance.project_id
        return form

    def clean(self):
        super().clean()
        project_id = self.instance.project_id
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            code = form.cleaned_data.get("code")
            if not code:
                continue
            taken = (
                Module.objects.filter(project_id=project_id, code=code)
                .exclude(pk=form.instance.pk)
                .exists()
            )
            if code in seen or taken:
                form.add_error(
                    "code",
                    gettext("Le code de module « %(code)s » est déjà utilisé dans ce projet.")
                    % {"code": code},
                )
            seen.add(code)


class ModuleInline(TabularInline):
    model = Module
    formset = ModuleInlineFormSet
    fields = ("code", "name", "strand", "planned_hours")
    extra = 0


class CohortForm(DatesInOrderMixin, SameProjectForm):
    partner_fields = ("organisation",)


@admin.register(Cohort)
class CohortAdmin(ModelAdmin):
    form = CohortForm
    list_display = (
        "code",
        "name",
        "start_date",
        "end_date",
        "enrolment_count",
        "organisation",
        "project",
    )
    list_display_links = ("code", "name")
    list_filter = ("project", "organisation")
    search_fields = ("code", "name")
    ordering = ("-start_date", "code")
    date_hierarchy = "start_date"
    list_select_related = ("project", "organisation")
    autocomplete_fields = ("trainers",)
    inlines = (ModuleInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_enrolment_count=Count("enrolments"))

    @admin.display(description=_("inscrits"), ordering="_enrolment_count")
    def enrolment_count(self, cohort):
        return cohort._enrolment_count


class ModuleForm(SameProjectForm):
    same_project = ("cohort",)


@admin.register(Module)
class ModuleAdmin(ModelAdmin):
    form = ModuleForm
    list_display = ("code", "name", "strand", "planned_hours", "cohort", "project")
    list_display_links = ("code", "name")
    list_filter = ("project", "strand", "cohort")
    search_fields = ("code", "name", "cohort__name")
    ordering = ("cohort__start_date", "code")
    list_select_related = ("project", "cohort")
    autocomplete_fields = ("cohort", "trainer")


class ClosureForm(DatesInOrderMixin, SameProjectForm):
    same_project = ("cohort",)


@admin.register(Closure)
class ClosureAdmin(ModelAdmin):
    form = ClosureForm
    list_display = ("label", "start_date", "end_date", "cohort", "project")
    list_filter = ("project", "cohort")
    search_fields = ("label", "cohort__name")
    ordering = ("cohort__start_date", "start_date")
    list_select_related = ("project", "cohort")
    autocomplete_fields = ("cohort",)


class SlotForm(SameProjectForm):
    same_project = ("cohort", "module")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", gettext("La fin doit suivre le début."))
        cohort, module = cleaned.get("cohort"), cleaned.get("module")
        if cohort and module and module.cohort_id != cohort.pk:
            self.add_error(
                "module",
                gettext("Le module « %(module)s » n'appartient pas à la session « %(cohort)s ».")
                % {"module": module, "cohort": cohort},
            )
        return cleaned


@admin.register(Slot)
class SlotAdmin(ModelAdmin):
    form = SlotForm
    list_display = (
        "code",
        "date",
        "start",
        "end",
        "duration_minutes",
        "cohort",
        "module",
        "place",
        "cancelled_reason",
        "project",
    )
    list_filter = ("project", "cohort", "module__strand")
    search_fields = ("code", "place", "cohort__name", "module__name")
    ordering = ("-date", "start", "code")
    date_hierarchy = "date"
    list_select_related = ("project", "cohort", "module")
    autocomplete_fields = ("cohort", "module")
    readonly_fields = ("duration_minutes",)
    show_full_result_count = False


class EnrolmentForm(SameProjectForm):
    project_from = "cohort"
    same_project = ("youth",)

    def clean(self):
        cleaned = super().clean()
        enrolled_on, left_on = cleaned.get("enrolled_on"), cleaned.get("left_on")
        if enrolled_on and left_on and left_on < enrolled_on:
            self.add_error("left_on", gettext("La sortie ne peut pas précéder l'inscription."))
        status, reason = cleaned.get("status"), cleaned.get("dropout_reason")
        if reason and status != EnrolmentStatus.DROPPED_OUT:
            self.add_error(
                "dropout_reason",
                gettext("Un motif d'abandon ne s'indique que pour un abandon."),
            )
        if cleaned.get("early_exit_kind") and status != EnrolmentStatus.EARLY_EXIT:
            self.add_error(
                "early_exit_kind",
                gettext("Ce champ ne s'indique que pour une sortie anticipée positive."),
            )
        return cleaned


@admin.register(Enrolment)
class EnrolmentAdmin(ModelAdmin):
    form = EnrolmentForm
    list_display = ("youth", "cohort", "enrolled_on", "status", "left_on", "dropout_reason")
    list_filter = ("cohort__project", "cohort", "status", "dropout_reason")
    search_fields = ("youth__code", "youth__first_name", "youth__last_name", "cohort__name")
    ordering = ("-enrolled_on", "id")
    date_hierarchy = "enrolled_on"
    list_select_related = ("youth", "cohort")
    autocomplete_fields = ("youth", "cohort")
    show_full_result_count = False


class AttendanceForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        slot, youth = cleaned.get("slot"), cleaned.get("youth")
        status, minutes = cleaned.get("status"), cleaned.get("minutes")
        if status == AttendanceStatus.PARTIAL and minutes is None:
            self.add_error("minutes", gettext("Une présence partielle indique ses minutes."))
        if slot is not None and minutes is not None and minutes > slot.duration_minutes:
            self.add_error(
                "minutes",
                gettext("Le créneau ne dure que %(duration)s minutes.")
                % {"duration": slot.duration_minutes},
            )
        if (
            slot is not None
            and youth is not None
            and not Enrolment.objects.filter(youth=youth, cohort_id=slot.cohort_id).exists()
        ):
            self.add_error(
                "youth",
                gettext("« %(youth)s » n'est pas inscrit·e à la session de ce créneau.")
                % {"youth": youth},
            )
        if slot is not None and SlotCountersignature.objects.filter(slot=slot).exists():
            self.add_error(
                "slot",
                gettext(
                    "Ce créneau est contre-signé : sa présence ne se corrige plus que depuis "
                    "l'écran d'émargement, où chaque correction est journalisée."
                ),
            )
        return cleaned


@admin.register(Attendance)
class AttendanceAdmin(ModelAdmin):
    form = AttendanceForm
    list_display = ("youth", "slot", "cohort", "status", "minutes")
    list_filter = ("slot__project", "slot__cohort", "status")
    search_fields = ("youth__code", "youth__first_name", "youth__last_name", "slot__code")
    # Latest recorded first, along the primary key's index: sorting millions of rows on joined
    # columns would make every page slow. A column header still sorts by slot or status.
    ordering = ("-pk",)
    list_select_related = ("youth", "slot__cohort")
    autocomplete_fields = ("slot", "youth")
    show_full_result_count = False

    @admin.display(description=_("session de formation"), ordering="slot__cohort__start_date")
    def cohort(self, attendance):
        return attendance.slot.cohort

    def get_readonly_fields(self, request, obj=None):
        # A row stays the young person's at its slot: the ledger of each slot records its rows.
        return ("slot", "youth", "source") if obj is not None else ("source",)

    # Every change is one entry of the slot's attendance ledger, as a trainer's mark.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.attendance_admin_recorded(attendance=obj, by=request.user)

    def delete_model(self, request, obj):
        services.attendance_admin_recorded(attendance=obj, by=request.user, removed=True)
        super().delete_model(request, obj)

    # A countersigned slot is locked: its attendance is evidence, corrected only through the
    # sign-in screen, which records each correction.
    def has_change_permission(self, request, obj=None):
        if obj is not None and SlotCountersignature.objects.filter(slot_id=obj.slot_id).exists():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and SlotCountersignature.objects.filter(slot_id=obj.slot_id).exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # A bulk delete would reach locked rows without asking about each one.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


# --- The sign-in's evidence: read here, written only by the sign-in screens ----------------------


def png_preview(image) -> str:
    if not image:
        return "—"
    encoded = base64.b64encode(bytes(image)).decode("ascii")
    return format_html(
        '<img src="data:image/png;base64,{}" alt="" style="max-height:6rem;'
        'background:#fff;border:1px solid #ccc">',
        encoded,
    )


@admin.register(AttendanceSignature)
class AttendanceSignatureAdmin(ReadOnlyAdmin):
    list_display = ("youth", "slot", "signed_at", "typed_name", "collected_by")
    list_filter = ("attendance__slot__project", "attendance__slot__cohort")
    search_fields = (
        "attendance__youth__code",
        "attendance__youth__last_name",
        "attendance__slot__code",
        "typed_name",
    )
    ordering = ("-signed_at",)
    date_hierarchy = "signed_at"
    list_select_related = ("attendance__youth", "attendance__slot", "collected_by")
    fields = readonly_fields = (
        "youth",
        "slot",
        "signature",
        "typed_name",
        "signed_at",
        "collected_by",
    )
    show_full_result_count = False

    @admin.display(description=_("jeune"), ordering="attendance__youth__last_name")
    def youth(self, signature):
        return signature.attendance.youth

    @admin.display(description=_("créneau"), ordering="attendance__slot__date")
    def slot(self, signature):
        return signature.attendance.slot

    @admin.display(description=_("signature"))
    def signature(self, signature):
        return png_preview(signature.image)


@admin.register(SlotCountersignature)
class SlotCountersignatureAdmin(ReadOnlyAdmin):
    list_display = ("slot", "cohort", "trainer", "signed_at")
    list_filter = ("slot__project", "slot__cohort")
    search_fields = ("slot__code", "trainer__username", "trainer__last_name")
    ordering = ("-signed_at",)
    date_hierarchy = "signed_at"
    list_select_related = ("slot__cohort", "trainer")
    fields = readonly_fields = ("slot", "cohort", "trainer", "countersignature", "signed_at")

    @admin.display(description=_("session de formation"))
    def cohort(self, countersignature):
        return countersignature.slot.cohort

    @admin.display(description=_("contre-signature"))
    def countersignature(self, countersignature):
        return png_preview(countersignature.image)


@admin.register(AttendanceCorrection)
class AttendanceCorrectionAdmin(ReadOnlyAdmin):
    list_display = (
        "youth",
        "slot",
        "status_before",
        "minutes_before",
        "status",
        "minutes",
        "corrected_by",
        "corrected_at",
    )
    list_filter = ("slot__project", "slot__cohort", "status")
    search_fields = ("youth__code", "youth__last_name", "slot__code", "reason")
    ordering = ("-corrected_at", "-id")
    date_hierarchy = "corrected_at"
    list_select_related = ("youth", "slot", "corrected_by")
    fields = readonly_fields = (
        "slot",
        "youth",
        "status_before",
        "minutes_before",
        "status",
        "minutes",
        "reason",
        "corrected_by",
        "corrected_at",
    )


@admin.register(AttendanceEntry)
class AttendanceEntryAdmin(ReadOnlyAdmin):
    """The attendance ledger: read here, appended to only by the sign-in services and the
    import; ``teenlab attendance verify`` checks it."""

    list_display = ("slot", "seq", "kind", "youth", "status", "minutes", "recorded_at")
    list_filter = ("slot__project", "kind")
    search_fields = ("slot__code", "youth__code", "youth__last_name", "reason", "hash")
    ordering = ("-recorded_at", "-id")
    list_select_related = ("slot", "youth", "collected_by")
    # Every field the hash covers, then the chain's two hashes.
    fields = readonly_fields = (
        *(name.removesuffix("_id") for name in ledger.FIELDS),
        "prev_hash",
        "hash",
    )
    show_full_result_count = False


@admin.register(EnrolmentAttendance)
class EnrolmentAttendanceAdmin(ReadOnlyAdmin):
    """Each enrolment's attendance totals: kept by the application (training.rollups), read
    here; ``teenlab rollups check`` compares them with the records."""

    list_display = ("enrolment", *rollups.TOTAL_FIELDS)
    list_filter = ("enrolment__cohort__project",)
    search_fields = ("enrolment__youth__code", "enrolment__cohort__code")
    ordering = ("-enrolment_id",)
    list_select_related = ("enrolment__youth", "enrolment__cohort")
    fields = readonly_fields = ("enrolment", *rollups.TOTAL_FIELDS)
    show_full_result_count = False
