from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import (
    DECLARED_COST_CATEGORIES,
    BudgetCategory,
    DeclaredCostCategory,
    check_in,
)
from teenlab.core.models import MONEY, Organisation, Project

DECLARED_COST_CODES = DeclaredCostCategory.values


class ReportingPeriod(models.Model):
    """A reporting period of the programme (the partners declare their expenses into one, the
    first-level controller certifies them): the project's, the same for every partner."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reporting_periods")
    code = models.CharField(_("code"), max_length=64)
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))

    class Meta:
        verbose_name = _("période de rapport")
        verbose_name_plural = _("périodes de rapport")
        ordering = ["start_date", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="reporting_period_unique"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="reporting_period_dates",
            ),
        ]

    def __str__(self):
        return f"{self.code} ({self.start_date:%d/%m/%Y} – {self.end_date:%d/%m/%Y})"  # noqa: RUF001


class PlannedCost(models.Model):
    """What a partner plans to spend in a programme cost category during a reporting period."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="planned_costs")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="planned_costs"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="planned_costs",
        verbose_name=_("période"),
    )
    cost_category = models.CharField(
        _("catégorie du programme"), max_length=20, choices=DECLARED_COST_CATEGORIES
    )
    planned_eur = models.DecimalField(_("prévu (€)"), **MONEY)

    class Meta:
        verbose_name = _("coût prévu")
        verbose_name_plural = _("coûts prévus")
        ordering = ["period__start_date", "organisation", "cost_category"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "period", "cost_category"],
                name="planned_cost_unique",
            ),
            models.CheckConstraint(
                condition=Q(cost_category__in=DECLARED_COST_CODES), name="planned_cost_category"
            ),
            models.CheckConstraint(
                condition=Q(planned_eur__gte=0), name="planned_cost_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.period.code} — {self.get_cost_category_display()}"


class PartnerFunding(models.Model):
    """A partner's funding split (EU, national counterpart, own funds) and the flat rate of its
    office and administration costs (a percentage of its staff costs). Empty: not recorded."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fundings")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="fundings"
    )
    eu_eur = models.DecimalField(_("Union européenne (€)"), null=True, blank=True, **MONEY)
    national_eur = models.DecimalField(
        _("contrepartie nationale (€)"), null=True, blank=True, **MONEY
    )
    own_eur = models.DecimalField(_("fonds propres (€)"), null=True, blank=True, **MONEY)
    office_flat_rate = models.DecimalField(
        _("taux forfaitaire des frais de bureau (% des frais de personnel)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("financement d'un partenaire")
        verbose_name_plural = _("financements des partenaires")
        ordering = ["organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="partner_funding_unique"
            ),
            models.CheckConstraint(
                condition=(Q(eu_eur__gte=0) | Q(eu_eur__isnull=True))
                & (Q(national_eur__gte=0) | Q(national_eur__isnull=True))
                & (Q(own_eur__gte=0) | Q(own_eur__isnull=True)),
                name="partner_funding_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(office_flat_rate__isnull=True)
                | (Q(office_flat_rate__gte=0) & Q(office_flat_rate__lte=100)),
                name="partner_funding_rate",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.project}"


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
    # The programme's rules (issue 13, point 4): its cost category (empty: not classified yet),
    # the reporting period it is declared in (none: not declared yet), and what the first-level
    # controller certified of it, and when (none: not certified yet).
    cost_category = models.CharField(
        _("catégorie du programme"),
        max_length=20,
        choices=DECLARED_COST_CATEGORIES,
        blank=True,
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="expenses",
        null=True,
        blank=True,
        verbose_name=_("déclarée dans la période"),
    )
    certified_eur = models.DecimalField(_("certifié (€)"), null=True, blank=True, **MONEY)
    certified_on = models.DateField(_("certifiée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("dépense")
        verbose_name_plural = _("dépenses")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=check_in("category", BudgetCategory), name="expense_category"
            ),
            models.CheckConstraint(
                condition=Q(cost_category="") | Q(cost_category__in=DECLARED_COST_CODES),
                name="expense_cost_category",
            ),
            # Certified: in a period, on a date, never above the amount declared.
            models.CheckConstraint(
                condition=Q(certified_eur__isnull=True, certified_on__isnull=True)
                | Q(
                    certified_eur__isnull=False,
                    certified_on__isnull=False,
                    period__isnull=False,
                    certified_eur__gte=0,
                    certified_eur__lte=models.F("amount_eur"),
                ),
                name="expense_certified",
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.label}"
