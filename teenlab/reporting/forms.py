"""The editor of one text section of the bilan: French, Italian and English side by side."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from teenlab.core.forms import AccessibleFormMixin
from teenlab.reporting.figure_names import text_errors

HELP = _(
    "Paragraphes séparés par une ligne vide ; une ligne qui commence par « - » est une puce. "
    "Un chiffre du bilan se cite par son nom entre accolades, comme {events} (liste à côté) ; "
    "deux accolades de suite écrivent une accolade."
)


def _text_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 14, "class": "narrative-text"}),
    )


class NarrativeForm(AccessibleFormMixin, forms.Form):
    text_fr = _text_field(_("Français"))
    text_it = _text_field(_("Italien"))
    text_en = _text_field(_("Anglais"))
    in_bilan = forms.BooleanField(
        label=_("Imprimer cette section dans le bilan"),
        required=False,
        help_text=_("Décochée, la section ne figure pas dans le bilan ; ses textes sont gardés."),
    )

    def clean(self):
        cleaned = super().clean() or {}
        for name in ("text_fr", "text_it", "text_en"):
            for problem in text_errors(cleaned.get(name) or ""):
                self.add_error(name, problem)
        return cleaned
