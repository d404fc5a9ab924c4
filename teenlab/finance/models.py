from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import BudgetCategory, check_in
from teenlab.core.models import MONEY, Organisation, Project


class BudgetLine(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="budget_lines"
    )
    category = models.CharField(_("catégorie"), max_length=20, choices=BudgetCategory.choices)
    planned_eur = models.DecimalField(_("prévu (€)"), **MONEY)

    class Meta:
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("budget")
        ordering = ["organisation", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "category"], name="budget_line_unique"
            ),
            models.CheckConstraint(
                condition=check_in("category", BudgetCategory), name="budget_category"
            ),
            models.CheckConstraint(condition=Q(planned_eur__gte=0), name="budget_not_negative"),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_category_display()}"


class Expense(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="expenses")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="expenses"
    )
    category = models.CharField(_("catégorie"), max_length=20, choices=BudgetCategory.choices)
    date = models.DateField(_("date"))
    amount_eur = models.DecimalField(_("montant (€)"), **MONEY)
    label = models.CharField(_("libellé"), max_length=200)
    supplier = models.CharField(_("fournisseur"), max_length=200, blank=True)
    reference = models.CharField(_("référence"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("dépense")
        verbose_name_plural = _("dépenses")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=check_in("category", BudgetCategory), name="expense_category"
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.label}"
