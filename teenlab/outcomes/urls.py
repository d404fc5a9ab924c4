from django.urls import path

from teenlab.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("outcomes/", views.outcome_cohort_list, name="outcome_cohort_list"),
    path("outcomes/cohorts/<int:pk>/", views.outcome_cohort_edit, name="outcome_cohort_edit"),
    path(
        "outcomes/follow-ups/<int:pk>/<slug:kind>/",
        views.follow_up_record,
        name="follow_up_record",
    ),
]
