from django.contrib import admin

from teenlab.core.admin import ReadOnlyAdmin
from teenlab.privacy.models import Anonymisation, ErasureRequest


@admin.register(Anonymisation)
class AnonymisationAdmin(ReadOnlyAdmin):
    list_display = ("youth", "project", "reason", "anonymised_at", "signatures_kept_until")
    list_filter = ("project", "reason")
    search_fields = ("youth__code",)
    ordering = ("-anonymised_at",)
    list_select_related = ("youth", "project")
    fields = readonly_fields = (
        "youth",
        "project",
        "reason",
        "last_contact",
        "anonymised_at",
        "anonymised_by",
        "signatures_kept_until",
        "signatures_erased_at",
    )


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnlyAdmin):
    list_display = ("youth", "requested_on", "decision", "exception", "kept_until")
    list_filter = ("decision", "exception")
    search_fields = ("youth__code",)
    ordering = ("-requested_on",)
    list_select_related = ("youth",)
    fields = readonly_fields = (
        "youth",
        "requested_on",
        "requested_by",
        "decided_on",
        "decision",
        "exception",
        "kept_until",
        "recorded_by",
    )
