from django import forms
from django.utils.translation import gettext_lazy as _

from teenlab.core.forms import AccessibleFormMixin, DateInput
from teenlab.privacy.models import ErasureDecision, ErasureException, RequestedBy


class RetentionApplyForm(AccessibleFormMixin, forms.Form):
    """The coordinator confirms the anonymisation of what the page lists."""

    confirm = forms.BooleanField(
        label=_("J'ai vérifié la liste : anonymiser ces jeunes, définitivement."),
        error_messages={"required": _("Cochez la case pour confirmer.")},
    )


class ErasureForm(AccessibleFormMixin, forms.Form):
    """A request for erasure (GDPR Art. 17) and its decision."""

    requested_on = forms.DateField(label=_("Demandé le"), widget=DateInput())
    requested_by = forms.ChoiceField(
        label=_("Demandé par"), choices=RequestedBy.choices, widget=forms.RadioSelect
    )
    decision = forms.ChoiceField(
        label=_("Décision"), choices=ErasureDecision.choices, widget=forms.RadioSelect
    )
    exception = forms.ChoiceField(
        label=_("Exception (refus)"),
        choices=[
            (ErasureException.NONE, ErasureException.NONE.label),
            (ErasureException.LEGAL_CLAIMS, ErasureException.LEGAL_CLAIMS.label),
        ],
        required=False,
        help_text=_(
            "Un effacement garde les preuves de présence, pseudonymisées, jusqu'à la fin de la "
            "période d'audit du financeur : l'exception est enregistrée d'elle-même."
        ),
    )
    confirm = forms.BooleanField(
        label=_("Je confirme : un effacement est définitif."),
        error_messages={"required": _("Cochez la case pour confirmer.")},
    )
