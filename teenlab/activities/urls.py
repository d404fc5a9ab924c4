from django.urls import path

from teenlab.activities import views

app_name = "activities"
urlpatterns = [
    path("activities/", views.exchange_list, name="exchange_list"),
    path("activities/exchanges/new/", views.exchange_create, name="exchange_create"),
    path("activities/exchanges/<int:pk>/", views.exchange_edit, name="exchange_edit"),
    path("activities/events/", views.event_list, name="event_list"),
    path("activities/events/new/", views.event_create, name="event_create"),
    path("activities/events/<int:pk>/", views.event_edit, name="event_edit"),
    path("activities/phases/", views.phase_list, name="phase_list"),
    path("activities/phases/new/", views.phase_create, name="phase_create"),
    path("activities/phases/<int:pk>/", views.phase_edit, name="phase_edit"),
    path("activities/cooperations/", views.cooperation_list, name="cooperation_list"),
    path("activities/cooperations/new/", views.cooperation_create, name="cooperation_create"),
    path("activities/cooperations/<int:pk>/", views.cooperation_edit, name="cooperation_edit"),
]
