from django.urls import path

from teenlab.participants import views

# The youth list, a youth's page, recruitment and an info session's page show enrolments: their
# views are training's (teenlab.training.urls.participants_urlpatterns), under this namespace
# (teenlab/urls.py), so that their paths and names stay participants'.
app_name = "participants"
urlpatterns = [
    path("youth/new/", views.youth_create, name="youth_create"),
    path("youth/<int:pk>/edit/", views.youth_edit, name="youth_edit"),
    path("youth/<int:pk>/consents/new/", views.consent_create, name="consent_create"),
    path("youth/<int:pk>/sensitive/", views.youth_sensitive, name="youth_sensitive"),
    path("recruitment/sessions/new/", views.info_session_create, name="info_session_create"),
    path("recruitment/sessions/options/", views.info_session_options, name="info_session_options"),
]
