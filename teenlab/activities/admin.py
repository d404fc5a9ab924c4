"""Admin pages of the project's activities: phases, exchanges, events, cooperations."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from teenlab.activities.models import (
    Cooperation,
    Event,
    EventParticipant,
    Exchange,
    ExchangeParticipant,
    Phase,
)
from teenlab.core.admin import ModelAdmin, SameProjectForm
from teenlab.core.choices import REMOTE, CooperationRole


@admin.register(Phase)
class PhaseAdmin(ModelAdmin):
    list_display = ("number", "name", "start_date", "end_date", "project")
    list_display_links = ("number", "name")
    list_filter = ("project",)
    search_fields = ("name",)
    ordering = ("project", "number")
    list_select_related = ("project",)


class ExchangeForm(forms.ModelForm):
    def clean_origin(self):
        return self._country("origin", allow_remote=False)

    def clean_destination(self):
        return self._country("destination", allow_remote=True)

    def _country(self, name, *, allow_remote):
        value = self.cleaned_data[name].strip()
        if allow_remote and value.lower() == REMOTE:
            return REMOTE
        code = value.upper()
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            if allow_remote:
                message = gettext(
                    "Code pays ISO 3166-1 à deux lettres (FR, IT…) ou « remote » attendu, "
                    "pas « %(value)s »."
                )
            else:
                message = gettext(
                    "Code pays ISO 3166-1 à deux lettres attendu (FR, IT…), pas « %(value)s »."
                )
            raise forms.ValidationError(message % {"value": value})
        return code


@admin.register(Exchange)
class ExchangeAdmin(ModelAdmin):
    form = ExchangeForm
    list_display = (
        "code",
        "title",
        "kind",
        "origin",
        "destination",
        "start_date",
        "end_date",
        "youth_count",
        "staff_count",
        "project",
    )
    list_display_links = ("code", "title")
    list_filter = ("project", "kind", "origin", "destination")
    search_fields = ("code", "title", "place")
    ordering = ("-start_date", "code")
    date_hierarchy = "start_date"
    list_select_related = ("project",)


class EventForm(SameProjectForm):
    same_project = ("cohort",)


@admin.register(Event)
class EventAdmin(ModelAdmin):
    form = EventForm
    list_display = ("code", "title", "date", "beneficiary", "cohort", "project")
    list_display_links = ("code", "title")
    list_filter = ("project", "cohort")
    search_fields = ("code", "title", "beneficiary", "place")
    ordering = ("-date", "code")
    date_hierarchy = "date"
    list_select_related = ("project", "cohort")
    autocomplete_fields = ("cohort",)


@admin.register(EventParticipant)
class EventParticipantAdmin(ModelAdmin):
    list_display = ("event", "youth")
    list_filter = ("event__project",)
    search_fields = ("event__code", "event__title", "youth__code", "youth__last_name")
    ordering = ("event", "youth")
    list_select_related = ("event", "youth")
    raw_id_fields = ("event", "youth")


@admin.register(ExchangeParticipant)
class ExchangeParticipantAdmin(ModelAdmin):
    list_display = ("exchange", "youth", "name", "organisation", "staff")
    list_filter = ("exchange__project",)
    search_fields = ("exchange__code", "youth__code", "youth__last_name", "name", "organisation")
    ordering = ("exchange", "youth", "name")
    list_select_related = ("exchange", "youth", "staff")
    raw_id_fields = ("exchange", "youth", "staff")


class CooperationForm(forms.ModelForm):
    """Roles are ticked from their list and stored as the data package's ``;``-separated codes."""

    roles = forms.MultipleChoiceField(
        label=_("rôles"),
        choices=CooperationRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["roles"] = self.instance.role_list

    def clean_roles(self):
        chosen = set(self.cleaned_data["roles"])
        return ";".join(role for role in CooperationRole.values if role in chosen)


@admin.register(Cooperation)
class CooperationAdmin(ModelAdmin):
    form = CooperationForm
    list_display = ("name", "kind", "role_labels", "project")
    list_filter = ("project", "kind")
    search_fields = ("name", "note")
    ordering = ("project", "name")
    list_select_related = ("project",)

    @admin.display(description=_("rôles"))
    def role_labels(self, cooperation):
        return ", ".join(cooperation.get_roles_display())
