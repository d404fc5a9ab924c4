from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import ConsentKind, labour_status_agrees
from teenlab.core.dates import minor_on
from teenlab.core.forms import AccessibleFormMixin, searchable_when_many
from teenlab.participants.models import Consent, InfoSession, Youth
from teenlab.participants.notice import NOTICE_VERSION
from teenlab.participants.services import (
    CONSENT_FIELDS,
    ENTRY_FIELDS,
    YOUTH_FIELDS,
    labour_status_conflict,
)


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
            "guardian_name": _(
                "Obligatoire pour un mineur : nom et qualité (mère, père, tuteur…)."
            ),
            "guardian_contact": _("Obligatoire pour un mineur : téléphone ou courriel."),
            "labour_status": _(
                "Chômeur de longue durée : inscrit ou sans emploi depuis plus de six mois "
                "(moins de 25 ans), douze mois au-delà."
            ),
            "education_level": _("Le plus haut niveau achevé, selon la CITE 2011."),
            "disability": _("Facultatif : le jeune peut ne pas répondre."),
            "foreign_background": _(
                "Facultatif : le jeune peut ne pas répondre. Né à l'étranger ou dont un parent "
                "l'est."
            ),
            "third_country_national": _(
                "Facultatif : nationalité d'un pays hors de l'Union européenne."
            ),
            "homeless": _("Facultatif : sans abri ou en situation d'exclusion du logement."),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        # The information session by its code, a field one types into past SEARCHABLE_OVER of
        # them (a network holds thousands): no drop-down of every one of the project.
        field = self.fields["info_session"]
        field.queryset = InfoSession.objects.filter(project=project)
        field.to_field_name = "code"
        field.error_messages["invalid_choice"] = _(
            "Information collective inconnue : choisissez-en une parmi les suggestions."
        )
        searchable_when_many(
            field,
            options_url=reverse("participants:info_session_options"),
            placeholder=_("Code de l'information collective"),
        )
        if self.instance.info_session_id and not self.is_bound:
            self.initial["info_session"] = self.instance.info_session.code
        self.fields["commune"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["first_name"].widget.attrs["autocomplete"] = "off"
        self.fields["last_name"].widget.attrs["autocomplete"] = "off"
        for name in ("situation_at_entry", *ENTRY_FIELDS):
            field = self.fields[name]
            if isinstance(field, forms.TypedChoiceField):  # the empty choice, in words
                field.choices = [("", _("Non renseigné")), *field.choices[1:]]

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
        elif birth and minor_on(birth_date=birth, day=data.get("received_on") or today):
            # A minor at entry (the day received, else today).
            if not data.get("guardian_name"):
                self.add_error(
                    "guardian_name", _("Pour un mineur, indiquez le nom d'un représentant légal.")
                )
            if not data.get("guardian_contact"):
                self.add_error(
                    "guardian_contact",
                    _("Pour un mineur, indiquez le contact d'un représentant légal."),
                )
        if not labour_status_agrees(
            situation=data.get("situation_at_entry") or "", status=data.get("labour_status") or ""
        ):
            self.add_error("labour_status", labour_status_conflict())
        return data


class InfoSessionForm(AccessibleFormMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=64)
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)


class ConsentForm(AccessibleFormMixin, forms.ModelForm):
    """One consent, notice or authorisation, recorded from the youth's page."""

    class Meta:
        model = Consent
        fields = CONSENT_FIELDS
        widgets = {"given_on": DateInput(), "valid_until": DateInput()}
        help_texts = {
            "granted": _("Décoché : refusé (droit à l'image refusé, par exemple)."),
            "version": _("Pour la notice : sa version (ex. 2024-09)."),
            "valid_until": _(
                "Pour une autorisation de sortie du territoire : la date de fin de validité "
                "inscrite sur le formulaire."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].required = True
        if not self.is_bound:
            self.initial.setdefault("given_on", timezone.localdate())
            self.initial.setdefault("kind", ConsentKind.NOTICE)
            self.initial.setdefault("version", NOTICE_VERSION)


class SensitiveNoteForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Informations sensibles"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Santé, handicap ou autre donnée sensible utile à l'accompagnement : visible des "
            "seuls conseillers de votre organisation, jamais exportée ; chaque lecture est "
            "journalisée."
        ),
    )
