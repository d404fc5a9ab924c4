"""Admin pages of the budget and the expenses."""

from django.contrib import admin

from teenlab.core.admin import ModelAdmin, SameProjectForm
from teenlab.finance.models import (
    BudgetLine,
    Expense,
    PartnerFunding,
    PlannedCost,
    ReportingPeriod,
)


class BudgetLineForm(SameProjectForm):
    partner_fields = ("organisation",)


@admin.register(BudgetLine)
class BudgetLineAdmin(ModelAdmin):
    form = BudgetLineForm
    list_display = ("organisation", "category", "planned_eur", "project")
    list_filter = ("project", "organisation", "category")
    search_fields = ("organisation__name", "organisation__code")
    ordering = ("project", "organisation__name", "category")
    list_select_related = ("project", "organisation")


class ExpenseForm(SameProjectForm):
    partner_fields = ("organisation",)


@admin.register(Expense)
class ExpenseAdmin(ModelAdmin):
    form = ExpenseForm
    list_display = (
        "date",
        "label",
        "amount_eur",
        "category",
        "organisation",
        "supplier",
        "reference",
        "cost_category",
        "period",
        "certified_eur",
        "project",
    )
    list_display_links = ("date", "label")
    list_filter = ("project", "organisation", "category", "cost_category", "period")
    search_fields = ("label", "supplier", "reference")
    ordering = ("-date", "-id")
    date_hierarchy = "date"
    list_select_related = ("project", "organisation", "period")
    show_full_result_count = False
    autocomplete_fields = ("period",)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ModelAdmin):
    list_display = ("code", "start_date", "end_date", "project")
    list_filter = ("project",)
    search_fields = ("code",)
    ordering = ("project", "start_date")
    list_select_related = ("project",)


class PlannedCostForm(SameProjectForm):
    partner_fields = ("organisation",)


@admin.register(PlannedCost)
class PlannedCostAdmin(ModelAdmin):
    form = PlannedCostForm
    list_display = ("organisation", "period", "cost_category", "planned_eur", "project")
    list_filter = ("project", "organisation", "cost_category")
    search_fields = ("organisation__name", "period__code")
    ordering = ("project", "period__start_date", "organisation__name", "cost_category")
    autocomplete_fields = ("period",)
    list_select_related = ("project", "organisation", "period")


class PartnerFundingForm(SameProjectForm):
    partner_fields = ("organisation",)


@admin.register(PartnerFunding)
class PartnerFundingAdmin(ModelAdmin):
    form = PartnerFundingForm
    list_display = (
        "organisation",
        "eu_eur",
        "national_eur",
        "own_eur",
        "office_flat_rate",
        "project",
    )
    list_filter = ("project",)
    search_fields = ("organisation__name",)
    ordering = ("project", "organisation__name")
    list_select_related = ("project", "organisation")
