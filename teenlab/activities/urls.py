from django.urls import URLPattern, path

from teenlab.activities import views


def plain_pages(tab: str, name: str, list_path: str) -> list[URLPattern]:
    """The list, new and edit pages of a kind with plain pages (views.KINDS[tab])."""
    kind = {"tab": tab}
    return [
        path(list_path, views.activity_list, kind, name=f"{name}_list"),
        path(f"activities/{tab}/new/", views.activity_create, kind, name=f"{name}_create"),
        path(f"activities/{tab}/<int:pk>/", views.activity_edit, kind, name=f"{name}_edit"),
    ]


app_name = "activities"
urlpatterns = [
    path("activities/", views.activity_list, {"tab": "exchanges"}, name="exchange_list"),
    path("activities/exchanges/new/", views.exchange_create, name="exchange_create"),
    path("activities/exchanges/<int:pk>/", views.exchange_edit, name="exchange_edit"),
    path("activities/events/", views.activity_list, {"tab": "events"}, name="event_list"),
    path("activities/events/new/", views.event_create, name="event_create"),
    path("activities/events/<int:pk>/", views.event_edit, name="event_edit"),
    *plain_pages("phases", "phase", "activities/phases/"),
    *plain_pages("cooperations", "cooperation", "activities/cooperations/"),
]
