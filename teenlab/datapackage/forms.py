from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from teenlab.core.forms import AccessibleFormMixin


class UploadForm(AccessibleFormMixin, forms.Form):
    package = forms.FileField(
        label=_("Paquet de données"),
        help_text=_(
            "Une archive .zip de fichiers CSV ou un classeur .xlsx (docs/data-package.md)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.xlsx"}),
    )


class ConfirmForm(AccessibleFormMixin, forms.Form):
    replace = forms.BooleanField(required=False)

    def __init__(self, *args, replace_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if replace_label is None:
            del self.fields["replace"]
        else:
            self.fields["replace"].label = replace_label
            self.fields["replace"].required = True
            self.fields["replace"].error_messages["required"] = _(
                "Cochez cette case pour confirmer le remplacement du projet."
            )


class ExportForm(forms.Form):
    project = forms.ChoiceField(label=_("Projet"))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("zip", _("Archive .zip de fichiers CSV")),
            ("xlsx", _("Classeur .xlsx")),
        ],
        initial="zip",
        help_text=_("Un classeur .xlsx ne porte pas les logos : choisissez .zip pour les garder."),
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["project"])
        field.choices = [(p.code, f"{p.code} — {p.name}") for p in projects]
        field.error_messages["invalid_choice"] = _(
            "Ce projet n'existe pas ou vous ne pouvez pas l'exporter."
        )
        self.projects = {p.code: p for p in projects}
