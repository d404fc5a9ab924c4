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
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/rules/", views.project_rules, name="project_rules"),
    path("projects/<int:pk>/retention/", views.project_retention, name="project_retention"),
    path("projects/<int:pk>/partners/", views.project_partners, name="project_partners"),
    path("projects/<int:pk>/zones/", views.project_zones, name="project_zones"),
    path("projects/<int:pk>/logos/", views.project_logos, name="project_logos"),
    path("projects/<int:pk>/logos/remove/", views.project_logo_remove, name="project_logo_remove"),
    path(
        "projects/<int:pk>/zones/<int:zone_pk>/remove/",
        views.project_zone_remove,
        name="project_zone_remove",
    ),
]
