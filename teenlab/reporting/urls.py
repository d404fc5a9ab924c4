from django.urls import path

from teenlab.reporting import views

app_name = "reporting"
urlpatterns = [
    path("bilan/", views.bilan_page, name="bilan_page"),
    path("bilan/download/<str:fmt>/", views.bilan_download, name="bilan_download"),
    path("enrolments/<int:pk>/attestation.pdf", views.attestation_pdf, name="attestation_pdf"),
    path(
        "cohorts/<int:pk>/attestations.pdf",
        views.cohort_attestations_pdf,
        name="cohort_attestations_pdf",
    ),
]
