"""Admin pages of the budget and the expenses."""

from django.contrib import admin

from teenlab.core.admin import ModelAdmin, SameProjectForm
from teenlab.finance.models import BudgetLine, Expense


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
        "project",
    )
    list_display_links = ("date", "label")
    list_filter = ("project", "organisation", "category")
    search_fields = ("label", "supplier", "reference")
    ordering = ("-date", "-id")
    date_hierarchy = "date"
    list_select_related = ("project", "organisation")
    show_full_result_count = False
