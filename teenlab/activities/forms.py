import re

from django import forms
from django.utils.translation import gettext_lazy as _

from teenlab.activities.models import Cooperation, Event, Exchange, Phase
from teenlab.activities.services import named_staff
from teenlab.core.choices import CooperationRole
from teenlab.core.forms import SEARCHABLE_OVER, AccessibleFormMixin
from teenlab.training.forms import UNKNOWN_COHORT, searchable_cohort


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


COUNTRY = re.compile(r"^[A-Z]{2}$")
PARTICIPANTS_AFTER_SESSION = _(
    "Choisissez la session de l'événement et enregistrez : ses jeunes s'afficheront ici."
)


def _check_dates(form, data) -> None:
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        form.add_error("end_date", _("La fin ne peut pas précéder le début."))


class ProjectRecordForm(AccessibleFormMixin, forms.ModelForm):
    """A record of the project: its constraints (code unique in the project…) are checked with
    the project the view set on the instance, which is not a field of the form."""

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() - {"project"}


class PeopleChoice(forms.ModelMultipleChoiceField):
    """Checkboxes of people, labelled by name and code (young people; and their sessions when
    the queryset brings them) or name and organisation (accounts)."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        code = getattr(obj, "code", None)
        if code is not None:
            label = f"{obj.last_name.upper()} {obj.first_name} ({code})"
            sessions = getattr(obj, "sessions", None)  # an event's form: their sessions
            if sessions:
                label += " — " + ", ".join(e.cohort.name for e in sessions)
            return label
        name = obj.get_full_name().strip() or obj.username
        return f"{name} ({obj.organisation.name})" if obj.organisation_id else name


class ExchangeForm(ProjectRecordForm):
    """An exchange and who took part: young people of the project the account sees, staff
    accounts of the project's partners, and other people named with their organisation."""

    youth = PeopleChoice(
        label=_("Jeunes participants"),
        queryset=None,
        required=False,
        help_text=_("Une fois des jeunes cochés, le nombre de jeunes est leur nombre."),
    )
    staff = PeopleChoice(
        label=_("Encadrants ayant un compte"),
        queryset=None,
        required=False,
    )
    others = forms.CharField(
        label=_("Autres encadrants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Une personne par ligne : « Prénom Nom, organisation ». Une fois des encadrants "
            "nommés, le nombre d'encadrants est leur nombre."
        ),
    )

    class Meta:
        model = Exchange
        fields = (
            "code",
            "title",
            "title_it",
            "title_en",
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

    def __init__(self, *args, youth, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["youth"].queryset = youth
        self.fields["staff"].queryset = accounts
        self._youth = youth
        if youth.count() > SEARCHABLE_OVER:
            self._youth_by_code()
        exchange = self.instance
        if exchange.pk and not self.is_bound:
            # By name (the order of the "others" text) rather than the model's order, which
            # joins the young people for nothing (docs/scaling.md).
            rows = list(exchange.participants.order_by("name", "pk"))
            self.initial["youth"] = [row.youth_id for row in rows if row.youth_id]
            self.initial["staff"] = [row.staff_id for row in rows if row.staff_id]
            self.initial["others"] = "\n".join(
                f"{row.name}, {row.organisation}" if row.organisation else row.name
                for row in rows
                if row.youth_id is None and row.staff_id is None
            )

    def _youth_by_code(self) -> None:
        """Past ``SEARCHABLE_OVER`` young people (a project holds thousands), the checkboxes
        are those already taking part, and more are added by their codes."""
        if self.instance.pk:
            taking_part = self.instance.participants.filter(youth__isnull=False)
            self.fields["youth"].queryset = self._youth.filter(pk__in=taking_part.values("youth"))
        else:
            self.fields["youth"].queryset = self._youth.none()
        self.fields["youth_codes"] = forms.CharField(
            label=_("Ajouter des jeunes par leur code"),
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
            help_text=_("Leurs codes, séparés par des espaces, des virgules ou des retours."),
        )
        order = list(self.fields)
        order.remove("youth_codes")
        order.insert(order.index("youth") + 1, "youth_codes")
        self.order_fields(order)

    def clean_youth_codes(self):
        codes = list(dict.fromkeys(re.split(r"[\s,;]+", self.cleaned_data["youth_codes"].strip())))
        codes = [code for code in codes if code]
        found = {y.code: y for y in self._youth.filter(code__in=codes)} if codes else {}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise forms.ValidationError(
                _("Codes inconnus parmi les jeunes du projet : %(codes)s."),
                params={"codes": ", ".join(unknown)},
            )
        return list(found.values())

    def clean_others(self):
        return named_staff(self.cleaned_data["others"])

    def service_kwargs(self) -> dict:
        """What ``services.exchange_save`` takes from this valid form."""
        data = self.cleaned_data
        return {
            "exchange": self.save(commit=False),
            "youth": data["youth"],
            "accounts": data["staff"],
            "others": data["others"],
        }

    def clean(self):
        data = super().clean()
        _check_dates(self, data)
        if data.get("youth_codes") and "youth" in data:
            ticked = list(data["youth"])
            data["youth"] = ticked + [y for y in data["youth_codes"] if y not in ticked]
        return data


class EventForm(ProjectRecordForm):
    """An event, the association it was for and the young people of its cohort who took part
    (the young people of the cohorts the account runs are offered; the service refuses one not
    enrolled in the event's cohort)."""

    participants = PeopleChoice(
        label=_("Jeunes ayant participé"),
        queryset=None,
        required=False,
        help_text=_("Les jeunes inscrits dans la session de l'événement."),
    )

    class Meta:
        model = Event
        fields = ("code", "title", "title_it", "title_en", "cohort", "date", "beneficiary", "place")
        widgets = {"date": DateInput()}
        help_texts = {
            "beneficiary": _("L'association pour laquelle les jeunes ont conçu l'événement."),
        }

    def __init__(self, *args, cohorts, youth, **kwargs):
        super().__init__(*args, **kwargs)
        # The session by its code, a field one types into past SEARCHABLE_OVER sessions (as the
        # youth list's filter): a network's thousands of sessions are no drop-down.
        field = self.fields["cohort"]
        field.queryset = cohorts
        field.to_field_name = "code"
        field.error_messages["invalid_choice"] = UNKNOWN_COHORT
        searchable_cohort(field)
        if self.instance.cohort_id and not self.is_bound:
            self.initial["cohort"] = self.instance.cohort.code
        self.fields["participants"].queryset = self._participants(youth, cohorts)
        if self.instance.pk and not self.is_bound:
            self.initial["participants"] = list(
                self.instance.participants.order_by().values_list("youth_id", flat=True)
            )

    def _participants(self, youth, cohorts):
        """The young people offered: those of the sessions the account runs while they are
        few (``SEARCHABLE_OVER``); past that, those of the event's session only — the one sent,
        else the event's — and none before a session is chosen (the help says so)."""
        if youth.count() <= SEARCHABLE_OVER:
            return youth
        if self.is_bound:
            code = self.data.get(self.add_prefix("cohort"), "")
        else:
            code = self.initial.get("cohort", "")
        if not code:
            self.fields["participants"].help_text = PARTICIPANTS_AFTER_SESSION
            return youth.none()
        return youth.filter(enrolments__cohort__in=cohorts.filter(code=code).values("pk"))

    def service_kwargs(self) -> dict:
        """What ``services.event_save`` takes from this valid form."""
        return {"event": self.save(commit=False), "participants": self.cleaned_data["participants"]}


class PhaseForm(ProjectRecordForm):
    class Meta:
        model = Phase
        fields = ("number", "name", "name_it", "name_en", "start_date", "end_date")
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
        fields = ("name", "kind", "role_codes", "note", "note_it", "note_en")
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "note_it": forms.Textarea(attrs={"rows": 3}),
            "note_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("role_codes", self.instance.role_list)

    def _post_clean(self):
        self.instance.roles = ";".join(self.cleaned_data.get("role_codes") or [])
        super()._post_clean()
