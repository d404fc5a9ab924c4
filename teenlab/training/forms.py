import datetime as dt
import uuid

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import (
    DROPOUT_REASONS_OFFERED,
    AttendanceStatus,
    Decision,
    EarlyExitKind,
    Redirection,
    Strand,
)
from teenlab.core.codes import CODE_MAX_LENGTH, validate_code
from teenlab.core.forms import AccessibleFormMixin, free_text_help, searchable_when_many
from teenlab.participants.forms import DateInput
from teenlab.training.selectors import YOUTH_STATUSES

WEEKDAYS = (
    (0, _("lundi")),
    (1, _("mardi")),
    (2, _("mercredi")),
    (3, _("jeudi")),
    (4, _("vendredi")),
    (5, _("samedi")),
    (6, _("dimanche")),
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def _detail_field(help_text) -> forms.CharField:
    return forms.CharField(
        label=_("Précision"), required=False, max_length=200, help_text=free_text_help(help_text)
    )


def _leaving_choice(label, choices, required) -> forms.ChoiceField:
    """Why a young person left (a dropout's reason, an early exit's kind), chosen from a list."""
    return forms.ChoiceField(
        label=label,
        choices=[("", "—"), *choices],
        error_messages={"required": required, "invalid_choice": required},
    )


class DropOutForm(AccessibleFormMixin, forms.Form):
    """A dropout: its date and a reason from the reviewed list (``other`` with its detail)."""

    left_on = forms.DateField(label=_("Date de sortie"), widget=DateInput())
    reason = _leaving_choice(
        _("Motif d'abandon"),
        [(r.value, r.label) for r in DROPOUT_REASONS_OFFERED],
        _("Choisissez le motif d'abandon."),
    )
    detail = _detail_field(_("Obligatoire pour « Autre raison ». Quelques mots, sans jugement."))


class EarlyExitForm(AccessibleFormMixin, forms.Form):
    """An early positive exit: left before the end for work, an apprenticeship, training or
    study."""

    left_on = forms.DateField(label=_("Date de sortie"), widget=DateInput())
    kind = _leaving_choice(
        _("Parti pour"), EarlyExitKind.choices, _("Choisissez ce que le jeune est parti faire.")
    )
    detail = _detail_field(
        _("Le métier, la formation ou le diplôme (BTS, couture…), jamais un nom.")
    )


class MarkForm(forms.Form):
    """The trainer's mark for one young person (no signature)."""

    status = forms.ChoiceField(
        label=_("Statut"),
        choices=[
            (AttendanceStatus.ABSENT, AttendanceStatus.ABSENT.label),
            (AttendanceStatus.EXCUSED, AttendanceStatus.EXCUSED.label),
            (AttendanceStatus.PARTIAL, AttendanceStatus.PARTIAL.label),
            (AttendanceStatus.PRESENT, AttendanceStatus.PRESENT.label),
        ],
        error_messages={"invalid_choice": _("Statut de présence inconnu.")},
    )
    minutes = forms.IntegerField(
        label=_("Minutes de présence"),
        required=False,
        min_value=1,
        max_value=24 * 60,
    )


class TileMarkForm(MarkForm):
    """The mark from the sign-in page: a partial presence may come as an arrival or a
    departure time instead of minutes (the view turns it into minutes within the slot)."""

    arrival = forms.TimeField(
        label=_("Arrivée à"),
        required=False,
        error_messages={"invalid": _("Heure d'arrivée illisible (HH:MM).")},
    )
    departure = forms.TimeField(
        label=_("Départ à"),
        required=False,
        error_messages={"invalid": _("Heure de départ illisible (HH:MM).")},
    )


class SignForm(forms.Form):
    image = forms.CharField(
        label=_("Signature"),
        error_messages={"required": _("La signature est vide : signez dans le cadre.")},
    )
    typed_name = forms.CharField(label=_("Nom saisi"), required=False, max_length=200)


class SyncForm(forms.Form):
    """What a tablet adds to an entry: when it was really taken, and a key that makes a resent
    entry count once. Both optional; a malformed value is refused (400)."""

    taken_at = forms.CharField(required=False, max_length=64)
    idempotency_key = forms.CharField(required=False, max_length=64)

    def clean_taken_at(self) -> dt.datetime | None:
        text = (self.cleaned_data.get("taken_at") or "").strip()
        if not text:
            return None
        try:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            value = None
        if value is None or value.tzinfo is None:
            raise forms.ValidationError(
                _("Heure de saisie illisible : une date et une heure ISO 8601 avec leur décalage.")
            )
        return value

    def clean_idempotency_key(self) -> str | None:
        text = (self.cleaned_data.get("idempotency_key") or "").strip()
        if not text:
            return None
        try:
            return str(uuid.UUID(text))
        except ValueError:
            raise forms.ValidationError(
                _("La clé d'idempotence n'est pas un UUID valide.")
            ) from None


class CorrectionForm(AccessibleFormMixin, MarkForm):
    reason = forms.CharField(
        label=_("Motif de la correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("La feuille est contre-signée : la correction est gardée avec son motif."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].help_text = _("Seulement pour une présence partielle.")


# --- Youth list and recruitment ------------------------------------------------------------


UNKNOWN_COHORT = _("Session inconnue : choisissez-en une parmi les suggestions.")


def searchable_cohort(field) -> None:
    """A session field (values: the sessions' codes) one types into when there are many."""
    searchable_when_many(
        field,
        options_url=reverse("training:cohort_options"),
        placeholder=_("Code ou nom de la session"),
    )


class YouthFilterForm(AccessibleFormMixin, forms.Form):
    q = forms.CharField(label=_("Rechercher (nom, prénom, code)"), required=False, max_length=100)
    # The session by its code (readable links); a field one types into past SEARCHABLE_OVER.
    cohort = forms.ModelChoiceField(
        label=_("Session"),
        queryset=None,
        required=False,
        empty_label=_("Toutes"),
        to_field_name="code",
        error_messages={"invalid_choice": UNKNOWN_COHORT},
    )
    status = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous")), *YOUTH_STATUSES]
    )
    zone = forms.ChoiceField(label=_("Zone"), required=False)
    age_band = forms.ChoiceField(label=_("Âge"), required=False)

    def __init__(self, *args, cohorts, zones, age_bands, **kwargs):
        """``zones``: ``(code, label)`` pairs; ``age_bands``: the project's set of bands
        (``indicators.Rules.bands``), given by the view."""
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        searchable_cohort(self.fields["cohort"])
        self.fields["age_band"].choices = [
            ("", _("Tous")),
            *((band.code, band.label) for band in age_bands),
        ]
        self.fields["zone"].choices = [("", _("Toutes")), *zones]
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})


def free_text(label, *, help_text="") -> forms.CharField:
    """An optional text of a few lines (the service says when it is needed)."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        help_text=free_text_help(help_text),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RecruitForm(AccessibleFormMixin, forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Session"),
        queryset=None,
        to_field_name="code",
        error_messages={"invalid_choice": UNKNOWN_COHORT},
    )
    enrolled_on = forms.DateField(label=_("Inscrit le"), widget=DateInput())
    eligibility_justification = free_text(_("Justification (jeune hors critères d'entrée)"))

    def __init__(self, *args, cohorts, **kwargs):
        kwargs.setdefault("initial", {"enrolled_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        searchable_cohort(self.fields["cohort"])


class LateEntryForm(CorrectionForm):
    """The trainer's late entry: an attendance recorded outside the signing window."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Motif de la saisie tardive")
        self.fields["reason"].help_text = _(
            "Hors des heures d'émargement : la saisie est gardée et imprimée avec son motif."
        )


class DecisionForm(AccessibleFormMixin, forms.Form):
    """A recruitment decision other than recruiting (the service checks what each one needs)."""

    decision = forms.ChoiceField(
        label=_("Décision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    decided_on = forms.DateField(label=_("Décidé le"), widget=DateInput())
    reason = free_text(_("Motif"), help_text=_("Obligatoire pour « Non retenu »."))
    redirected_to = forms.ChoiceField(
        label=_("Réorienté vers"),
        required=False,
        choices=[("", "—"), *Redirection.choices],
    )
    redirected_detail = forms.CharField(
        label=_("Structure (nom, ville)"), required=False, max_length=200
    )
    waiting_until = forms.DateField(
        label=_("En liste d'attente jusqu'au"), required=False, widget=DateInput()
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"decided_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class TraineeModeLeaveForm(forms.Form):
    password = forms.CharField(
        label=_("Mot de passe du formateur"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Saisissez votre mot de passe.")},
    )


# --- Sessions and modules (teenlab.training.planning) -----------------------------------------


def _proposed_code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Code"),
        max_length=CODE_MAX_LENGTH,
        validators=[validate_code],
        help_text=_("Proposé automatiquement ; modifiable."),
    )


class TrainerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class CohortForm(AccessibleFormMixin, forms.Form):
    """A session: its code, name, dates and trainers; its organisation when the account may pick
    one (``organisations``), else the account's (``own_organisation``)."""

    code = _proposed_code_field()
    name = forms.CharField(label=_("Nom"), max_length=200)
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisation"))
    start_date = forms.DateField(label=_("Début"), widget=DateInput())
    end_date = forms.DateField(label=_("Fin"), widget=DateInput())
    trainers = TrainerChoiceField(
        queryset=None,
        label=_("Formateur·rices"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les comptes formateur·rice de l'organisation de la session."),
    )

    def __init__(self, *args, own_organisation, organisations, trainers, **kwargs):
        super().__init__(*args, **kwargs)
        self.own_organisation = own_organisation
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
        self.fields["trainers"].queryset = trainers

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La date de fin précède la date de début."))
        if "organisation" not in self.fields:
            cleaned["organisation"] = self.own_organisation
        return cleaned


class ModuleForm(AccessibleFormMixin, forms.Form):
    code = _proposed_code_field()
    name = forms.CharField(label=_("Nom"), max_length=200)
    strand = forms.ChoiceField(label=_("Volet"), choices=Strand.choices)
    planned_hours = forms.DecimalField(
        label=_("Heures prévues"), min_value=0, max_digits=7, decimal_places=2
    )
    trainer = forms.ModelChoiceField(
        label=_("Formateur·rice"),
        queryset=None,
        required=False,
        empty_label=_("(non précisé)"),
        help_text=_("Parmi les formateurs de la session."),
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = cohort.trainers.order_by("last_name", "first_name")
        self.fields["trainer"].label_from_instance = lambda user: user.get_full_name() or str(user)


# --- The timetable generator (teenlab.training.planning.timetable_plan) -----------------------


class TimetableForm(AccessibleFormMixin, forms.Form):
    first_day = forms.DateField(label=_("Première date"), widget=DateInput())
    last_day = forms.DateField(label=_("Dernière date"), widget=DateInput())


class ModuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.name}"


class PatternRowForm(forms.Form):
    """A line of the weekly pattern; a line left empty is ignored."""

    weekday = forms.TypedChoiceField(
        label=_("Jour"),
        choices=[("", "—"), *WEEKDAYS],
        coerce=int,
        required=False,
        empty_value=None,
    )
    start = forms.TimeField(label=_("Début"), widget=TimeInput(), required=False)
    end = forms.TimeField(label=_("Fin"), widget=TimeInput(), required=False)
    module = ModuleChoiceField(
        queryset=None, label=_("Module"), required=False, empty_label=_("(sans module)")
    )
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)

    def __init__(self, *args, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = modules

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) not in (None, "") for name in ("weekday", "start", "end")):
            return {}
        for name in ("weekday", "start", "end"):
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, _("Ce champ est obligatoire."))
        return cleaned


class ClosureRowForm(forms.Form):
    """A closure: from one date to another, with its label; a line left empty is ignored."""

    start_date = forms.DateField(label=_("Du"), widget=DateInput(), required=False)
    end_date = forms.DateField(label=_("Au"), widget=DateInput(), required=False)
    label = forms.CharField(label=_("Libellé"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("start_date", "end_date", "label")):
            return {}
        for name in ("start_date", "end_date", "label"):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, _("Ce champ est obligatoire."))
        return cleaned


PatternFormSet = forms.formset_factory(PatternRowForm, extra=8, max_num=14, validate_max=True)
ClosureFormSet = forms.formset_factory(ClosureRowForm, extra=5, max_num=20, validate_max=True)


class SlotForm(AccessibleFormMixin, forms.Form):
    """One slot: add one (with its module) or move one (date, hours, place)."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Heure de début"), widget=TimeInput())
    end = forms.TimeField(label=_("Heure de fin"), widget=TimeInput())
    module = ModuleChoiceField(
        queryset=None, label=_("Module"), required=False, empty_label=_("(sans module)")
    )
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)

    def __init__(self, *args, modules=None, **kwargs):
        super().__init__(*args, **kwargs)
        if modules is None:
            del self.fields["module"]
        else:
            self.fields["module"].queryset = modules


class SlotCancelForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Formateur·rice absent·e, salle indisponible… : il figure sur la feuille."),
    )
