from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teenlab.core.dates import years_before
from teenlab.core.forms import AccessibleFormMixin
from teenlab.participants.models import InfoSession, Youth
from teenlab.participants.services import YOUTH_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class YouthForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Youth
        fields = YOUTH_FIELDS
        widgets = {
            "birth_date": DateInput(),
            "received_on": DateInput(),
        }
        help_texts = {
            "code": _("Identifiant du jeune dans le projet, sans donnée personnelle (ex. J0042)."),
            "data_notice_given": _(
                "La notice d'information sur le traitement des données a été remise et expliquée."
            ),
            "image_rights": _(
                "Le jeune (ou son représentant légal) autorise les photos et vidéos."
            ),
            "guardian_contact": _("Obligatoire pour un mineur : nom et téléphone ou courriel."),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["info_session"].queryset = InfoSession.objects.filter(project=project)
        self.fields["commune"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["first_name"].widget.attrs["autocomplete"] = "off"
        self.fields["last_name"].widget.attrs["autocomplete"] = "off"

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        others = Youth.objects.filter(project=self.project, code=code)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Ce code est déjà celui d'un autre jeune du projet."))
        return code

    def clean(self):
        data = super().clean()
        birth = data.get("birth_date")
        today = timezone.localdate()
        if birth and birth > today:
            self.add_error("birth_date", _("La date de naissance est dans le futur."))
        elif birth and birth > years_before(today, 18) and not data.get("guardian_contact"):
            self.add_error(
                "guardian_contact",
                _("Pour un mineur, indiquez le contact d'un représentant légal."),
            )
        return data


class InfoSessionForm(AccessibleFormMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=64)
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)
