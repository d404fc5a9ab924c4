from django.urls import path

from teenlab.finance import views

app_name = "finance"
urlpatterns = [
    path("budget/", views.budget_overview, name="budget_overview"),
    path("budget/lines/new/", views.budget_line_create, name="budget_line_create"),
    path("budget/lines/<int:pk>/", views.budget_line_edit, name="budget_line_edit"),
    path("budget/expenses/", views.expense_list, name="expense_list"),
    path("budget/expenses/new/", views.expense_create, name="expense_create"),
    path("budget/expenses/<int:pk>/", views.expense_edit, name="expense_edit"),
]
