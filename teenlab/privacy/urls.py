from django.urls import path

from teenlab.privacy import views

app_name = "privacy"
urlpatterns = [
    path(
        "youth/<int:pk>/subject-access/<str:fmt>/",
        views.subject_access,
        name="subject_access",
    ),
    path("privacy/notice/", views.notice_current, name="notice_current"),
    path("privacy/notice/<str:lang>/", views.notice, name="notice"),
    path("privacy/retention/", views.retention, name="retention"),
    path("youth/<int:pk>/erasure/", views.erasure, name="erasure"),
]
