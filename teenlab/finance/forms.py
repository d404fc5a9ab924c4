from django import forms
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import BudgetCategory
from teenlab.core.forms import AccessibleFormMixin
from teenlab.finance.models import (
    BudgetLine,
    Expense,
    PartnerFunding,
    PlannedCost,
    ReportingPeriod,
)
from teenlab.finance.templatetags.finance import euros

AMOUNTS = ("planned_eur", "amount_eur", "eu_eur", "national_eur", "own_eur", "office_flat_rate")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MoneyRecordForm(AccessibleFormMixin, forms.ModelForm):
    """Budget lines and expenses: the organisation is the account's own (a field only for a
    superuser, who has none), the project the current one; both are checked by the constraints."""

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "period" in self.fields:
            # The reporting periods of the record's project only.
            self.fields["period"].queryset = ReportingPeriod.objects.filter(
                project_id=self.instance.project_id
            )
        for name in AMOUNTS:
            if name in self.fields:
                # Amounts as the language writes them (1234,50 in French, 1234.50 in English).
                field = self.fields[name]
                field.localize = True
                field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
                field.widget.is_localized = True
        if "organisation" in self.fields:
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
            "cost_category",
            "period",
        )
        widgets = {"date": DateInput()}


class ReportingPeriodForm(MoneyRecordForm):
    class Meta:
        model = ReportingPeriod
        fields = ("code", "start_date", "end_date")
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fin doit suivre le début."))
        return data


class PlannedCostForm(MoneyRecordForm):
    class Meta:
        model = PlannedCost
        fields = ("organisation", "period", "cost_category", "planned_eur")

    def clean_planned_eur(self):
        value = self.cleaned_data["planned_eur"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("Un montant prévu ne peut pas être négatif."))
        return value


class PartnerFundingForm(MoneyRecordForm):
    class Meta:
        model = PartnerFunding
        fields = ("organisation", "eu_eur", "national_eur", "own_eur", "office_flat_rate")

    def clean(self):
        data = super().clean()
        for name in ("eu_eur", "national_eur", "own_eur"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("Un montant prévu ne peut pas être négatif."))
        rate = data.get("office_flat_rate")
        if rate is not None and not 0 <= rate <= 100:
            self.add_error("office_flat_rate", _("Un taux est compris entre 0 et 100 %."))
        return data


class CertifyForm(AccessibleFormMixin, forms.Form):
    """The first-level controller's certification of a period's expenses: the date, then one
    amount per expense declared (empty: not certified)."""

    certified_on = forms.DateField(label=_("Certifiée le"), widget=DateInput())

    def __init__(self, *args, expenses, **kwargs):
        super().__init__(*args, **kwargs)
        self.expenses = expenses
        for expense in expenses:
            field = forms.DecimalField(
                label=f"{expense} ({euros(expense.amount_eur)})",
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
                localize=True,
                initial=expense.certified_eur,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            field.widget.is_localized = True
            self.fields[f"expense_{expense.pk}"] = field

    def clean(self):
        data = super().clean()
        for expense in self.expenses:
            amount = data.get(f"expense_{expense.pk}")
            if amount is not None and amount > expense.amount_eur:
                self.add_error(
                    f"expense_{expense.pk}",
                    _("Le montant certifié ne peut pas dépasser le montant déclaré."),
                )
        return data

    def certified(self) -> dict:
        return {
            expense.pk: self.cleaned_data.get(f"expense_{expense.pk}") for expense in self.expenses
        }


class ExpenseFilterForm(forms.Form):
    category = forms.ChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].label = _("Catégorie")
        self.fields["category"].choices = [("", _("Toutes")), *BudgetCategory.choices]
