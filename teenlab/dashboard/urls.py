from django.urls import path

from teenlab.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="index"),
    path("journal/", views.journal, name="journal"),
]
