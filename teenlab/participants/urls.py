from django.urls import path

from teenlab.participants import views

app_name = "participants"
urlpatterns = [
    path("youth/", views.youth_list, name="youth_list"),
    path("youth/new/", views.youth_create, name="youth_create"),
    path("youth/<int:pk>/", views.youth_detail, name="youth_detail"),
    path("youth/<int:pk>/edit/", views.youth_edit, name="youth_edit"),
    path("youth/<int:pk>/recruit/", views.youth_recruit, name="youth_recruit"),
    path("recruitment/", views.recruitment, name="recruitment"),
    path("recruitment/sessions/new/", views.info_session_create, name="info_session_create"),
    path("recruitment/sessions/<int:pk>/", views.info_session_detail, name="info_session_detail"),
]
