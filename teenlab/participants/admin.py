"""Admin pages of the youth and the collective information sessions."""

from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from teenlab.core.admin import ModelAdmin, SameProjectForm
from teenlab.participants.models import (
    Consent,
    InfoSession,
    RecruitmentDecision,
    SensitiveNote,
    Youth,
)


class InfoSessionForm(SameProjectForm):
    partner_fields = ("organisation",)


@admin.register(InfoSession)
class InfoSessionAdmin(ModelAdmin):
    form = InfoSessionForm
    list_display = ("code", "date", "place", "organisation", "project")
    list_filter = ("project", "organisation")
    search_fields = ("code", "place")
    ordering = ("-date", "code")
    date_hierarchy = "date"
    list_select_related = ("project", "organisation")


class YouthForm(SameProjectForm):
    same_project = ("info_session",)
    partner_fields = ("organisation",)


@admin.register(Youth)
class YouthAdmin(ModelAdmin):
    form = YouthForm
    list_display = (
        "code",
        "family_name",
        "first_name",
        "gender",
        "birth_date",
        "commune",
        "received_on",
        "situation_at_entry",
        "organisation",
        "project",
    )
    list_display_links = ("code", "family_name")
    list_filter = ("project", "organisation", "gender", "situation_at_entry")
    search_fields = ("code", "first_name", "last_name", "commune")
    ordering = ("last_name", "first_name", "code")
    list_select_related = ("project", "organisation")
    autocomplete_fields = ("info_session",)
    show_full_result_count = False

    # The model's label of last_name, "nom", is also every other name's: in Italian and English
    # it would read "nome" / "name" beside the first name. Here it says which name it is.
    LAST_NAME_LABEL = _("nom de famille")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "last_name" and formfield is not None:
            formfield.label = capfirst(self.LAST_NAME_LABEL)
        return formfield

    @admin.display(description=LAST_NAME_LABEL, ordering="last_name")
    def family_name(self, youth):
        return youth.last_name


@admin.register(RecruitmentDecision)
class RecruitmentDecisionAdmin(ModelAdmin):
    list_display = ("youth", "decided_on", "decision", "redirected_to", "waiting_until")
    list_filter = ("decision", "redirected_to", "youth__project")
    search_fields = ("youth__code", "youth__last_name", "reason", "redirected_detail")
    ordering = ("-decided_on",)
    date_hierarchy = "decided_on"
    list_select_related = ("youth",)
    raw_id_fields = ("youth", "decided_by")


@admin.register(Consent)
class ConsentAdmin(ModelAdmin):
    list_display = ("youth", "kind", "given_on", "given_by", "granted", "valid_until")
    list_filter = ("kind", "given_by", "granted", "youth__project")
    search_fields = ("youth__code", "youth__last_name", "version")
    ordering = ("-given_on",)
    list_select_related = ("youth",)
    raw_id_fields = ("youth", "recorded_by")


@admin.register(SensitiveNote)
class SensitiveNoteAdmin(ModelAdmin):
    """Who wrote a young person's special-category details and when, never what they say:
    those are read on the youth's page by the counsellors of their organisation, each read
    journaled (docs/privacy.md, "Special-category data")."""

    exclude = ("text",)
    list_display = ("youth", "updated_at", "updated_by")
    search_fields = ("youth__code",)
    ordering = ("-updated_at",)
    list_select_related = ("youth", "updated_by")
    raw_id_fields = ("youth", "updated_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
