from collections.abc import Callable
from typing import Any, TypeVar

from axes.utils import reset as axes_reset
from django import forms
from django.apps import apps
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.html import format_html
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import PartnerRole
from teenlab.core.codes import CODE_MAX_LENGTH, validate_code
from teenlab.core.logos import MAX_UPLOAD_BYTES as MAX_LOGO_UPLOAD_BYTES
from teenlab.core.models import AuditEntry, Organisation, Project, User, validate_time_zone
from teenlab.core.project_setup import (
    PROJECT_FIELDS,
    RETENTION_FIELDS,
    RETENTION_YEARS_RANGE,
    RULE_FIELDS,
)

T = TypeVar("T")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form: each field's errors beside the field, the others
    (of no field, or of a field the form does not show) above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def call_service(form: forms.BaseForm, service: Callable[..., T], /, **kwargs: Any) -> T | None:
    """``service(**kwargs)``'s result; or, when the service refuses (``ValidationError``),
    None and its refusal shown on ``form`` by :func:`add_service_errors`."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


SENSITIVE_HINT = _(
    "Texte libre, peut-être sensible : n'écrivez ici aucun détail de santé (il a sa place "
    "dans les informations sensibles du jeune)."
)


def free_text_help(help_text="") -> Any:
    """The help of a free-text note about a young person: its own, then the warning that it is
    no place for health details (docs/privacy.md, "Special-category data")."""
    return format_lazy("{} {}", help_text, SENSITIVE_HINT) if help_text else SENSITIVE_HINT


# A drop-down with more choices than this becomes a field one types into, with suggestions
# (``SearchableInput``): thousands of <option>s make a page heavy and a list nobody scrolls.
SEARCHABLE_OVER = 50


class SearchableInput(forms.TextInput):
    """A text field whose suggestions come from ``options_url`` as one types (``?q=…``: a few
    ``<option value="CODE">label</option>``, teenlab.js puts them in the field's <datalist>).
    The value is the chosen record's code, so that a code typed by hand works too, and the page
    keeps working without JavaScript."""

    def __init__(self, *, options_url: str, attrs=None):
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.options_url = options_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["list"] = f"{widget_attrs.get('id', name)}-options"
        widget_attrs["data-options-url"] = self.options_url
        return context

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        list_id = f"{(attrs or {}).get('id', name)}-options"
        return format_html('{}<datalist id="{}"></datalist>', field, list_id)


def searchable_when_many(field: forms.ModelChoiceField, *, options_url: str, placeholder) -> None:
    """``field`` (whose queryset is set, and whose values are codes: ``to_field_name="code"``)
    becomes a field one types into when it has more than ``SEARCHABLE_OVER`` choices."""
    if field.queryset.count() > SEARCHABLE_OVER:
        field.widget = SearchableInput(options_url=options_url, attrs={"placeholder": placeholder})


class AccessibleFormMixin:
    """Widgets point at their help text and errors (``aria-describedby``), and say when invalid.

    Ids as in ``includes/field.html`` and Django 5.2: ``<auto_id>_helptext``, ``<auto_id>_error``.
    """

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            bound = self[name]
            described = [f"{bound.auto_id}_helptext"] if field.help_text else []
            if name in self.errors:
                described.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    """Django's login form with the attributes a browser and a screen reader expect."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Identifiant")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].label = _("Mot de passe")
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class ProjectSwitchForm(forms.Form):
    project = forms.ModelChoiceField(queryset=None, label=_("Projet"))

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


ROLE_FIELDS = ("is_coordinator", "is_trainer", "is_counsellor", "is_partner", "is_auditor")


class AccountForm(AccessibleFormMixin, forms.ModelForm):
    """An account's names and roles; only the roles in ``roles`` (those the editor may grant)
    are fields, so a forged POST cannot set the others."""

    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", *ROLE_FIELDS, "is_active")

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ROLE_FIELDS:
            if name.removeprefix("is_") not in roles:
                del self.fields[name]
        self.fields["is_active"].label = _("Compte actif")
        self.fields["is_active"].help_text = _("Un compte inactif ne peut plus se connecter.")

    def role_fields(self):
        return [self[name] for name in ROLE_FIELDS if name in self.fields]

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ROLE_FIELDS):
            raise forms.ValidationError(_("Donnez au moins un rôle à ce compte."))
        return data


class SignatoryForm(AccessibleFormMixin, forms.Form):
    """Who signs the organisation's attestations of attendance."""

    name = forms.CharField(
        label=_("Signataire des attestations"),
        max_length=200,
        required=False,
        help_text=_("Prénom et nom de la personne qui signe les attestations d'assiduité."),
    )
    title = forms.CharField(
        label=_("Qualité du signataire"),
        max_length=200,
        required=False,
        help_text=_("Sa fonction, par exemple « Directrice de La Dynamo »."),
    )


class AccountCreateForm(AccountForm):
    username = forms.CharField(label=_("Identifiant"), max_length=150)
    password = forms.CharField(
        label=_("Mot de passe provisoire"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "À communiquer à la personne, qui devra le changer à sa première connexion "
            "(12 caractères au moins)."
        ),
    )

    class Meta(AccountForm.Meta):
        fields = ("username", "password", *AccountForm.Meta.fields)

    def __init__(self, *args, organisations=None, **kwargs):
        """``organisations``: for a superuser, who belongs to none, those an account may be
        created in (a field first on the form); otherwise the account is the creator's."""
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"] = forms.ModelChoiceField(
                queryset=organisations, label=_("Organisation")
            )
            self.order_fields(["organisation"])


class NewPasswordMixin:
    """A chosen password ends the temporary one (``must_change_password``)."""

    def save(self, commit=True):
        self.user.must_change_password = False
        return super().save(commit=commit)


class TeenlabPasswordChangeForm(AccessibleFormMixin, NewPasswordMixin, PasswordChangeForm):
    def clean(self):
        data = super().clean()
        password = data.get("new_password1")
        if password and self.user.check_password(password):
            self.add_error("new_password1", _("Choisissez un mot de passe différent de l'actuel."))
        return data


class TeenlabSetPasswordForm(AccessibleFormMixin, NewPasswordMixin, SetPasswordForm):
    """The password reset's new password; it also lifts a lockout of the account (whoever
    holds the mailbox is its owner)."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        axes_reset(username=user.get_username())
        return user


class SecondFactorForm(AccessibleFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("Les 6 chiffres de l'application d'authentification, ou un code de secours."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def journal_model_choices() -> list[tuple[str, str]]:
    """Every teenlab record type, by its name (no query)."""
    choices = [
        (model._meta.label_lower, capfirst(str(model._meta.verbose_name)))
        for model in apps.get_models()
        if model._meta.app_config.name.startswith("teenlab.")
        and model._meta.label_lower not in {"core.auditentry", "core.auditchainhead"}
    ]
    return sorted(choices, key=lambda choice: choice[1].casefold())


class JournalFilterForm(AccessibleFormMixin, forms.Form):
    date_from = forms.DateField(label=_("Du"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Au"), required=False, widget=DateInput())
    author = forms.ModelChoiceField(
        label=_("Compte"), queryset=None, required=False, empty_label=_("Tous")
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    model = forms.ChoiceField(label=_("Type d'objet"), required=False)
    youth = forms.CharField(
        label=_("Jeune (code ou n°)"), required=False, max_length=64, strip=True
    )

    def __init__(self, *args, authors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = authors
        self.fields["action"].choices = [("", _("Toutes")), *AuditEntry.Action.choices]
        self.fields["model"].choices = [("", _("Tous")), *journal_model_choices()]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("La fin de la période ne peut pas précéder son début."))
        return cleaned


# --- Project set-up (teenlab.core.project_setup) ----------------------------------------------


def _localized_money(field: forms.Field) -> None:
    """Amounts as the language writes them (1234,50 in French, 1234.50 in English)."""
    field.localize = True
    field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
    field.widget.is_localized = True


class ProjectForm(AccessibleFormMixin, forms.ModelForm):
    """The project's code, name, programme and call, period and total cofinancing; the EU
    emblem and the funding statement (per language) its printed documents carry."""

    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _localized_money(self.fields["cofinancing_total_eur"])

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fin doit suivre le début."))
        amount = data.get("cofinancing_total_eur")
        if amount is not None and amount < 0:
            self.add_error("cofinancing_total_eur", _("Un montant ne peut pas être négatif."))
        return data


class RulesForm(AccessibleFormMixin, forms.ModelForm):
    """The rules the project's pages and reports apply."""

    class Meta:
        model = Project
        fields = RULE_FIELDS
        widgets = {"excused_absences": forms.RadioSelect, "age_bands": forms.RadioSelect}

    def __init__(self, *args, instance, **kwargs):
        """The rules the project applies, an empty one shown as TEEN LAB's (what it means)."""
        super().__init__(*args, instance=instance, **kwargs)
        for name, value in instance.rule_values.items():
            field = self.fields[name]
            field.required = True
            self.initial[name] = value
            if isinstance(field, forms.TypedChoiceField):
                field.choices = [choice for choice in field.choices if choice[0]]
        threshold = self.fields["attendance_threshold"]
        threshold.min_value, threshold.max_value = 1, 100
        threshold.validators += [MinValueValidator(1), MaxValueValidator(100)]
        threshold.widget.attrs.update({"min": 1, "max": 100})
        for name in ("eligible_age_min", "eligible_age_max"):
            field = self.fields[name]
            field.validators += [MaxValueValidator(99)]
            field.widget.attrs.update({"min": 0, "max": 99})
            field.help_text = _("Vide : de 16 à 26 ans.")

    def _post_clean(self):
        """The service validates the project (the ages in order); the form its own fields."""


class RetentionForm(AccessibleFormMixin, forms.ModelForm):
    """The project's retention policy (docs/privacy.md, "Retention")."""

    class Meta:
        model = Project
        fields = RETENTION_FIELDS
        widgets = {"audit_retention_until": DateInput()}

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        low, high = RETENTION_YEARS_RANGE
        years = self.fields["retention_years"]
        years.validators += [MinValueValidator(low), MaxValueValidator(high)]
        years.widget.attrs.update({"min": low, "max": high})

    def _post_clean(self):
        """The service validates the project; the form its own fields."""


class PartnerForm(AccessibleFormMixin, forms.Form):
    """A partner of the project: an organisation already known, or a new one."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Organisation existante"),
        required=False,
        empty_label=_("— une nouvelle organisation —"),
    )
    code = forms.CharField(
        label=_("Code de la nouvelle organisation"),
        max_length=CODE_MAX_LENGTH,
        required=False,
        validators=[validate_code],
        help_text=_("Lettres minuscules, chiffres et tirets, par exemple « la-dynamo »."),
    )
    name = forms.CharField(label=_("Nom"), max_length=200, required=False)
    country = forms.CharField(
        label=_("Pays"),
        max_length=2,
        min_length=2,
        required=False,
        help_text=_("Code ISO à deux lettres : FR, IT…"),
    )
    city = forms.CharField(label=_("Ville"), max_length=120, required=False)
    time_zone = forms.CharField(
        label=_("Fuseau horaire"),
        max_length=64,
        required=False,
        validators=[validate_time_zone],
        help_text=_("Vide : celui du pays (Europe/Paris, Europe/Rome)."),
    )
    role = forms.ChoiceField(label=_("Rôle"), choices=PartnerRole.choices)
    cofinancing_eur = forms.DecimalField(
        label=_("Cofinancement (€)"), max_digits=12, decimal_places=2, required=False, min_value=0
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        _localized_money(self.fields["cofinancing_eur"])

    def clean_country(self):
        country = self.cleaned_data["country"].strip().upper()
        if country and not country.isalpha():
            raise forms.ValidationError(_("Code ISO à deux lettres : FR, IT…"))
        return country


class ZoneForm(AccessibleFormMixin, forms.Form):
    """A commune counted in a residence zone (code and label)."""

    commune = forms.CharField(label=_("Commune"), max_length=120)
    zone = forms.CharField(
        label=_("Code de la zone"),
        max_length=CODE_MAX_LENGTH,
        validators=[validate_code],
        help_text=_("Lettres minuscules, chiffres et tirets : « agglomeration »."),
    )
    label = forms.CharField(
        label=_("Libellé de la zone"),
        max_length=120,
        required=False,
        help_text=_("Ce que les pages et le bilan affichent : « Grand Chambéry »."),
    )
    rural = forms.NullBooleanField(
        label=_("Commune rurale"),
        required=False,
        widget=forms.NullBooleanSelect,
        help_text=_("Compte les jeunes des zones rurales (indicateurs FSE+)."),
    )


class LogoRemoveForm(AccessibleFormMixin, forms.Form):
    """Whose logo: the programme's, the funder's or a partner's (``organisation-<pk>``)."""

    owner = forms.ChoiceField(label=_("Logo de"))

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        partners = project.partners.select_related("organisation").order_by(
            "role", "organisation__name"
        )
        self.fields["owner"].choices = [
            ("programme", _("Programme")),
            ("funder", _("Financeur")),
        ] + [
            (f"organisation-{partner.organisation_id}", partner.organisation.name)
            for partner in partners
        ]
        self._organisations = {
            f"organisation-{partner.organisation_id}": partner.organisation for partner in partners
        }

    def clean(self):
        cleaned = super().clean()
        owner = cleaned.get("owner")
        if owner in self._organisations:
            cleaned["organisation"] = self._organisations[owner]
            cleaned["owner"] = "organisation"
        return cleaned


class LogoForm(LogoRemoveForm):
    """A logo to upload: PNG or JPEG (teenlab.core.logos checks and re-encodes it)."""

    image = forms.FileField(
        label=_("Image"),
        help_text=_("PNG ou JPEG, 2 Mo au plus ; elle remplace le logo d'avant."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )

    def clean_image(self) -> bytes:
        upload = self.cleaned_data["image"]
        # One byte more than allowed is enough for the service to refuse it as too heavy.
        return upload.read(MAX_LOGO_UPLOAD_BYTES + 1)
