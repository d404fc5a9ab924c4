from django.urls import path

from teenlab.activities import views

app_name = "activities"
urlpatterns = [
    path("activities/", views.activity_list, {"tab": "exchanges"}, name="exchange_list"),
    path(
        "activities/exchanges/new/",
        views.activity_create,
        {"tab": "exchanges"},
        name="exchange_create",
    ),
    path(
        "activities/exchanges/<int:pk>/",
        views.activity_edit,
        {"tab": "exchanges"},
        name="exchange_edit",
    ),
    path("activities/events/", views.activity_list, {"tab": "events"}, name="event_list"),
    path("activities/events/new/", views.event_create, name="event_create"),
    path("activities/events/<int:pk>/", views.event_edit, name="event_edit"),
    path("activities/phases/", views.activity_list, {"tab": "phases"}, name="phase_list"),
    path("activities/phases/new/", views.activity_create, {"tab": "phases"}, name="phase_create"),
    path("activities/phases/<int:pk>/", views.activity_edit, {"tab": "phases"}, name="phase_edit"),
    path(
        "activities/cooperations/",
        views.activity_list,
        {"tab": "cooperations"},
        name="cooperation_list",
    ),
    path(
        "activities/cooperations/new/",
        views.activity_create,
        {"tab": "cooperations"},
        name="cooperation_create",
    ),
    path(
        "activities/cooperations/<int:pk>/",
        views.activity_edit,
        {"tab": "cooperations"},
        name="cooperation_edit",
    ),
]
