from django.urls import path

from teenlab.reporting import views

app_name = "reporting"
urlpatterns = [
    path("bilan/", views.bilan_page, name="bilan_page"),
    path("bilan/download/<str:fmt>/", views.bilan_download, name="bilan_download"),
]
