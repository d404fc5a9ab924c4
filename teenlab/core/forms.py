from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from teenlab.core.models import User


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
    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", *ROLE_FIELDS, "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_active"].label = _("Compte actif")
        self.fields["is_active"].help_text = _("Un compte inactif ne peut plus se connecter.")

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ROLE_FIELDS):
            raise forms.ValidationError(_("Donnez au moins un rôle à ce compte."))
        return data


class AccountCreateForm(AccountForm):
    username = forms.CharField(label=_("Identifiant"), max_length=150)
    password = forms.CharField(
        label=_("Mot de passe provisoire"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("À communiquer à la personne, qui le changera à sa première connexion."),
    )

    class Meta(AccountForm.Meta):
        fields = ("username", "password", *AccountForm.Meta.fields)
