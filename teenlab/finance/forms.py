from django import forms
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import BudgetCategory
from teenlab.core.forms import AccessibleFormMixin
from teenlab.finance.models import BudgetLine, Expense


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MoneyRecordForm(AccessibleFormMixin, forms.ModelForm):
    """Budget lines and expenses: the organisation is the account's own (a field only for a
    superuser, who has none), the project the current one; both are checked by the constraints."""

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("planned_eur", "amount_eur"):
            if name in self.fields:
                # Amounts as the language writes them (1234,50 in French, 1234.50 in English).
                field = self.fields[name]
                field.localize = True
                field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
                field.widget.is_localized = True
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() - {"project", "organisation"}


class BudgetLineForm(MoneyRecordForm):
    class Meta:
        model = BudgetLine
        fields = ("organisation", "category", "planned_eur")

    def clean_planned_eur(self):
        value = self.cleaned_data["planned_eur"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("Un montant prévu ne peut pas être négatif."))
        return value


class ExpenseForm(MoneyRecordForm):
    class Meta:
        model = Expense
        fields = (
            "organisation",
            "category",
            "date",
            "amount_eur",
            "label",
            "supplier",
            "reference",
        )
        widgets = {"date": DateInput()}


class ExpenseFilterForm(forms.Form):
    category = forms.ChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].label = _("Catégorie")
        self.fields["category"].choices = [("", _("Toutes")), *BudgetCategory.choices]
