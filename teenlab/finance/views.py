"""Budget lines, expenses and the consumption of the budget per category."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from teenlab.core import scoping
from teenlab.core.middleware import project_of
from teenlab.core.models import Organisation
from teenlab.core.permissions import action_required
from teenlab.finance import selectors, services
from teenlab.finance.forms import BudgetLineForm, ExpenseFilterForm, ExpenseForm
from teenlab.finance.models import BudgetLine, Expense

PAGE_SIZE = 50


def _project_or_404(request):
    project = project_of(request)
    if project is None:
        raise Http404
    return project


def _organisations(request, project):
    """The organisation field's choices: only a superuser picks (the project's partners)."""
    if request.user.organisation_id is not None:
        return None
    return Organisation.objects.filter(partnerships__project=project).order_by("name")


def _new(model, request, project):
    obj = model(project=project)
    if request.user.organisation_id is not None:
        obj.organisation_id = request.user.organisation_id
    return obj


@action_required("budget.view")
def budget_overview(request):
    project = _project_or_404(request)
    rows = selectors.budget_consumption(user=request.user, project=project)
    return render(
        request,
        "finance/budget.html",
        {
            "rows": rows,
            "total": selectors.consumption_total(rows),
            "lines": selectors.budget_lines(user=request.user, project=project),
            "tab": "budget",
        },
    )


@action_required("budget.view")
def expense_list(request):
    project = _project_or_404(request)
    form = ExpenseFilterForm(request.GET or None)
    category = form.cleaned_data["category"] if form.is_valid() else ""
    expenses = selectors.expenses(user=request.user, project=project, category=category)
    page = Paginator(expenses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "finance/expense_list.html",
        {"form": form, "page_obj": page, "expenses": list(page.object_list), "tab": "expenses"},
    )


def _form_page(request, *, form, obj, kind: str, back: str):
    if request.method == "POST" and form.is_valid():
        services.money_record_save(obj=form.save(commit=False), by=request.user)
        messages.success(
            request,
            _("La ligne budgétaire a été enregistrée.")
            if kind == "line"
            else _("La dépense a été enregistrée."),
        )
        return redirect(back)
    return render(
        request, "finance/form.html", {"form": form, "obj": obj, "kind": kind, "back": back}
    )


@action_required("budget.edit")
def budget_line_create(request):
    project = _project_or_404(request)
    form = BudgetLineForm(
        request.POST or None,
        instance=_new(BudgetLine, request, project),
        organisations=_organisations(request, project),
    )
    return _form_page(request, form=form, obj=None, kind="line", back="finance:budget_overview")


@action_required("budget.edit")
def budget_line_edit(request, pk):
    line = get_object_or_404(scoping.budget_lines_for(request.user), pk=pk)
    form = BudgetLineForm(
        request.POST or None,
        instance=line,
        organisations=_organisations(request, line.project),
    )
    return _form_page(request, form=form, obj=line, kind="line", back="finance:budget_overview")


@action_required("budget.edit")
def expense_create(request):
    project = _project_or_404(request)
    form = ExpenseForm(
        request.POST or None,
        instance=_new(Expense, request, project),
        organisations=_organisations(request, project),
    )
    return _form_page(request, form=form, obj=None, kind="expense", back="finance:expense_list")


@action_required("budget.edit")
def expense_edit(request, pk):
    expense = get_object_or_404(scoping.expenses_for(request.user), pk=pk)
    form = ExpenseForm(
        request.POST or None,
        instance=expense,
        organisations=_organisations(request, expense.project),
    )
    return _form_page(request, form=form, obj=expense, kind="expense", back="finance:expense_list")
