from django.urls import path

from teenlab.finance import views

LINE, EXPENSE = {"kind": "line"}, {"kind": "expense"}

app_name = "finance"
urlpatterns = [
    path("budget/", views.budget_overview, name="budget_overview"),
    path("budget/lines/new/", views.record_create, LINE, name="budget_line_create"),
    path("budget/lines/<int:pk>/", views.record_edit, LINE, name="budget_line_edit"),
    path("budget/expenses/", views.expense_list, name="expense_list"),
    path("budget/expenses/new/", views.record_create, EXPENSE, name="expense_create"),
    path("budget/expenses/<int:pk>/", views.record_edit, EXPENSE, name="expense_edit"),
]
