from django.urls import path

from teenlab.core import views

app_name = "core"
urlpatterns = [
    path("project/", views.project_switch, name="project_switch"),
    path("accounts/", views.account_list, name="account_list"),
    path("accounts/new/", views.account_create, name="account_create"),
    path("accounts/<int:pk>/", views.account_edit, name="account_edit"),
    path(
        "organisations/<int:pk>/signatory/",
        views.organisation_signatory,
        name="organisation_signatory",
    ),
]
