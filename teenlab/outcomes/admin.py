"""Admin pages of what the youth leave their enrolment with."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from teenlab.core.admin import ModelAdmin
from teenlab.outcomes.models import FollowUp, Outcome


@admin.register(Outcome)
class OutcomeAdmin(ModelAdmin):
    list_display = (
        "youth",
        "cohort",
        "professional_project",
        "exit",
        "recorded_on",
    )
    list_filter = (
        "enrolment__cohort__project",
        "enrolment__cohort",
        "exit",
        "professional_project",
    )
    search_fields = (
        "enrolment__youth__code",
        "enrolment__youth__first_name",
        "enrolment__youth__last_name",
        "detail",
    )
    ordering = ("enrolment__cohort__start_date", "enrolment__youth__last_name")
    list_select_related = ("enrolment__youth", "enrolment__cohort")
    autocomplete_fields = ("enrolment",)

    @admin.display(description=_("jeune"), ordering="enrolment__youth__last_name")
    def youth(self, outcome):
        return outcome.enrolment.youth

    @admin.display(description=_("session de formation"), ordering="enrolment__cohort__start_date")
    def cohort(self, outcome):
        return outcome.enrolment.cohort


@admin.register(FollowUp)
class FollowUpAdmin(ModelAdmin):
    list_display = ("enrolment", "kind", "situation", "qualification_gained", "date", "source")
    list_filter = ("enrolment__cohort__project", "kind", "situation", "source")
    search_fields = ("enrolment__youth__code", "enrolment__youth__last_name", "detail")
    ordering = ("enrolment__cohort__start_date", "enrolment__youth__last_name", "kind")
    list_select_related = ("enrolment__youth", "enrolment__cohort")
    autocomplete_fields = ("enrolment", "recorded_by")
