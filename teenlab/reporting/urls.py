from django.urls import path

from teenlab.reporting import indicator_views, text_views, views

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
    path("indicators/", indicator_views.indicators_page, name="indicators_page"),
    path("indicators/records/", indicator_views.indicator_records, name="indicator_records"),
    path(
        "indicators/download/<str:fmt>/",
        indicator_views.indicators_download,
        name="indicators_download",
    ),
    path("bilan/texts/", text_views.narrative_list, name="narrative_list"),
    path("bilan/texts/<str:section>/", text_views.narrative_edit, name="narrative_edit"),
    path(
        "bilan/texts/<str:section>/history/",
        text_views.narrative_history,
        name="narrative_history",
    ),
    path(
        "bilan/texts/versions/<int:pk>/restore/",
        text_views.narrative_restore,
        name="narrative_restore",
    ),
]
