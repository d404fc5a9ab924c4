"""Budget lines, expenses and the consumption of the budget per category.

Budget lines and expenses share their create and edit views, told apart by the ``kind`` their
URL gives (:data:`KINDS`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from teenlab import access
from teenlab.core.middleware import project_required
from teenlab.core.permissions import action_required
from teenlab.finance import selectors, services
from teenlab.finance.forms import (
    BudgetLineForm,
    CertifyForm,
    ExpenseFilterForm,
    ExpenseForm,
    PartnerFundingForm,
    PlannedCostForm,
    ReportingPeriodForm,
)
from teenlab.finance.models import (
    BudgetLine,
    Expense,
    PartnerFunding,
    PlannedCost,
    ReportingPeriod,
)
from teenlab.reporting import indicators

PAGE_SIZE = 50


def _new(model, request, project):
    obj = model(project=project)
    if request.user.organisation_id is not None and model is not ReportingPeriod:
        obj.organisation_id = request.user.organisation_id
    return obj


@action_required("budget.view")
@project_required
def budget_overview(request, project):
    budget = indicators.budget_by_category(
        lines=access.budget_lines_for(request.user).filter(project=project),
        expenses=access.expenses_for(request.user).filter(project=project),
    )
    return render(
        request,
        "finance/budget.html",
        {
            "rows": budget.rows,
            "total": budget.total,
            "lines": selectors.budget_lines(
                lines=access.budget_lines_for(request.user), project=project
            ),
            "tab": "budget",
        },
    )


@action_required("budget.view")
@project_required
def expense_list(request, project):
    form = ExpenseFilterForm(request.GET or None)
    category = form.cleaned_data["category"] if form.is_valid() else ""
    expenses = selectors.expenses(
        expenses=access.expenses_for(request.user), project=project, category=category
    )
    page = Paginator(expenses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "finance/expense_list.html",
        {"form": form, "page_obj": page, "objects": list(page.object_list), "tab": "expenses"},
    )


@dataclass(frozen=True)
class Kind:
    """Budget lines or expenses: their form, the records in reach and what saving says."""

    form: type[forms.ModelForm]
    model: type[models.Model]
    records: Callable  # (user) -> the records the user may edit
    saved_message: Promise
    back: str  # the page to return to, by URL name


KINDS = {
    "line": Kind(
        BudgetLineForm,
        BudgetLine,
        access.budget_lines_for,
        gettext_lazy("La ligne budgétaire a été enregistrée."),
        "finance:budget_overview",
    ),
    "expense": Kind(
        ExpenseForm,
        Expense,
        access.expenses_for,
        gettext_lazy("La dépense a été enregistrée."),
        "finance:expense_list",
    ),
    "period": Kind(
        ReportingPeriodForm,
        ReportingPeriod,
        access.reporting_periods_for,
        gettext_lazy("La période a été enregistrée."),
        "finance:programme",
    ),
    "planned": Kind(
        PlannedCostForm,
        PlannedCost,
        access.planned_costs_for,
        gettext_lazy("Le coût prévu a été enregistré."),
        "finance:programme",
    ),
    "funding": Kind(
        PartnerFundingForm,
        PartnerFunding,
        access.fundings_for,
        gettext_lazy("Le financement a été enregistré."),
        "finance:programme",
    ),
}


def _form_page(request, *, obj, instance, project, kind: str):
    """The form of a new (``obj`` None) or existing budget line or expense: saved, or shown."""
    spec = KINDS[kind]
    form = spec.form(
        request.POST or None,
        instance=instance,
        organisations=access.filing_organisations_for(request.user, project),
    )
    if request.method == "POST" and form.is_valid():
        services.money_record_save(obj=form.save(commit=False), by=request.user)
        messages.success(request, spec.saved_message)
        return redirect(spec.back)
    return render(
        request,
        "finance/form.html",
        {"form": form, "obj": obj, "kind": kind, "back": spec.back},
        status=422 if form.errors else 200,
    )


@action_required("budget.edit")
@project_required
def record_create(request, *, project, kind: str):
    instance = _new(KINDS[kind].model, request, project)
    return _form_page(request, obj=None, instance=instance, project=project, kind=kind)


@action_required("budget.edit")
def record_edit(request, pk, *, kind: str):
    obj = get_object_or_404(KINDS[kind].records(request.user), pk=pk)
    return _form_page(request, obj=obj, instance=obj, project=obj.project, kind=kind)


@action_required("budget.view")
@project_required
def programme(request, project):
    """The budget by the programme's cost categories: planned, declared and certified per
    reporting period and for all of them, and the funding split."""
    user = request.user
    budget = selectors.programme_budget(
        periods=access.reporting_periods_for(user).filter(project=project),
        planned=access.planned_costs_for(user).filter(project=project),
        expenses=access.expenses_for(user).filter(project=project),
        fundings=access.fundings_for(user).filter(project=project),
    )
    return render(
        request,
        "finance/programme.html",
        {
            "budget": budget,
            "planned": access.planned_costs_for(user)
            .filter(project=project)
            .select_related("organisation", "period"),
            "fundings": access.fundings_for(user)
            .filter(project=project)
            .select_related("organisation"),
            "tab": "programme",
        },
    )


@action_required("budget.edit")
def period_certify(request, pk):
    """A coordinator records what the first-level controller certified of the expenses their
    organisation declared in the period (auditors read it; docs/security.md)."""
    period = get_object_or_404(access.reporting_periods_for(request.user), pk=pk)
    expenses = list(access.expenses_for(request.user).filter(period=period).order_by("date", "pk"))
    form = CertifyForm(request.POST or None, expenses=expenses)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_certify(
                period=period,
                expenses=expenses,
                certified=form.certified(),
                certified_on=form.cleaned_data["certified_on"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, gettext_lazy("La certification a été enregistrée."))
            return redirect("finance:programme")
    return render(
        request,
        "finance/certify.html",
        {"form": form, "period": period, "expenses": expenses, "tab": "programme"},
        status=422 if form.errors else 200,
    )
