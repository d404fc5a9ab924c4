from django.urls import path

from teenlab.participants import views

app_name = "participants"
urlpatterns = [
    path("youth/", views.youth_list, name="youth_list"),
]
urlpatterns += [
    path("youth/<int:pk>/", views.youth_list, name="youth_detail"),
    path("recruitment/", views.youth_list, name="recruitment"),
]
