from django.urls import path

from teenlab.core import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("project/", views.project_switch, name="project_switch"),
]
