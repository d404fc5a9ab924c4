import re

from django import forms
from django.utils.translation import gettext_lazy as _

from teenlab.activities.models import Cooperation, Event, Exchange, Phase
from teenlab.core.choices import CooperationRole
from teenlab.core.forms import AccessibleFormMixin


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


COUNTRY = re.compile(r"^[A-Z]{2}$")


def _check_dates(form, data) -> None:
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        form.add_error("end_date", _("La fin ne peut pas précéder le début."))


class ProjectRecordForm(AccessibleFormMixin, forms.ModelForm):
    """A record of the project: its constraints (code unique in the project…) are checked with
    the project the view set on the instance, which is not a field of the form."""

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() - {"project"}


class ExchangeForm(ProjectRecordForm):
    class Meta:
        model = Exchange
        fields = (
            "code",
            "title",
            "kind",
            "origin",
            "destination",
            "start_date",
            "end_date",
            "place",
            "youth_count",
            "staff_count",
        )
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {
            "origin": _("Code pays à deux lettres (FR, IT)."),
            "destination": _("Code pays à deux lettres, ou « remote » pour un échange à distance."),
        }

    def clean_origin(self):
        value = self.cleaned_data["origin"].strip().upper()
        if not COUNTRY.match(value):
            raise forms.ValidationError(_("Un code pays à deux lettres, par exemple FR ou IT."))
        return value

    def clean_destination(self):
        value = self.cleaned_data["destination"].strip()
        if value.lower() == "remote":
            return "remote"
        if not COUNTRY.match(value.upper()):
            raise forms.ValidationError(
                _("Un code pays à deux lettres, par exemple FR ou IT, ou « remote ».")
            )
        return value.upper()

    def clean(self):
        data = super().clean()
        _check_dates(self, data)
        return data


class EventForm(ProjectRecordForm):
    class Meta:
        model = Event
        fields = ("code", "title", "cohort", "date", "beneficiary", "place")
        widgets = {"date": DateInput()}

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts


class PhaseForm(ProjectRecordForm):
    class Meta:
        model = Phase
        fields = ("number", "name", "start_date", "end_date")
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def clean(self):
        data = super().clean()
        _check_dates(self, data)
        return data


class CooperationForm(ProjectRecordForm):
    role_codes = forms.MultipleChoiceField(
        label=_("Rôles"),
        choices=CooperationRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Cooperation
        fields = ("name", "kind", "role_codes", "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("role_codes", self.instance.role_list)

    def _post_clean(self):
        self.instance.roles = ";".join(self.cleaned_data.get("role_codes") or [])
        super()._post_clean()
