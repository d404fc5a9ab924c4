"""Admin pages of the youth and the collective information sessions."""

from django.contrib import admin

from teenlab.core.admin import ModelAdmin, SameProjectForm
from teenlab.participants.models import InfoSession, Youth


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
        "last_name",
        "first_name",
        "gender",
        "birth_date",
        "commune",
        "received_on",
        "situation_at_entry",
        "organisation",
        "project",
    )
    list_display_links = ("code", "last_name")
    list_filter = ("project", "organisation", "gender", "situation_at_entry", "image_rights")
    search_fields = ("code", "first_name", "last_name", "commune")
    ordering = ("last_name", "first_name", "code")
    list_select_related = ("project", "organisation")
    autocomplete_fields = ("info_session",)
    show_full_result_count = False
