from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
