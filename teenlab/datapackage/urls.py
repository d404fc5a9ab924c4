from django.urls import path

from teenlab.datapackage import views

app_name = "datapackage"
urlpatterns = [
    path("data/import/", views.package_import_start, name="package_import_start"),
    path("data/import/<str:token>/", views.package_import_review, name="package_import_review"),
    path(
        "data/import/<str:token>/cancel/",
        views.package_import_cancel,
        name="package_import_cancel",
    ),
    path("data/export/", views.package_export_page, name="package_export"),
]
