from django.urls import path

from teenlab.finance import views

LINE, EXPENSE = {"kind": "line"}, {"kind": "expense"}
PERIOD, PLANNED, FUNDING = {"kind": "period"}, {"kind": "planned"}, {"kind": "funding"}

app_name = "finance"
urlpatterns = [
    path("budget/", views.budget_overview, name="budget_overview"),
    path("budget/lines/new/", views.record_create, LINE, name="budget_line_create"),
    path("budget/lines/<int:pk>/", views.record_edit, LINE, name="budget_line_edit"),
    path("budget/expenses/", views.expense_list, name="expense_list"),
    path("budget/expenses/new/", views.record_create, EXPENSE, name="expense_create"),
    path("budget/expenses/<int:pk>/", views.record_edit, EXPENSE, name="expense_edit"),
    path("budget/programme/", views.programme, name="programme"),
    path("budget/periods/new/", views.record_create, PERIOD, name="period_create"),
    path("budget/periods/<int:pk>/", views.record_edit, PERIOD, name="period_edit"),
    path("budget/periods/<int:pk>/certify/", views.period_certify, name="period_certify"),
    path("budget/planned/new/", views.record_create, PLANNED, name="planned_create"),
    path("budget/planned/<int:pk>/", views.record_edit, PLANNED, name="planned_edit"),
    path("budget/funding/new/", views.record_create, FUNDING, name="funding_create"),
    path("budget/funding/<int:pk>/", views.record_edit, FUNDING, name="funding_edit"),
]
