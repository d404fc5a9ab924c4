from collections.abc import Callable
from typing import Any, TypeVar

from axes.utils import reset as axes_reset
from django import forms
from django.apps import apps
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from teenlab.core.models import AuditEntry, User

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
