from django.urls import path  # noqa: F401  (the pages are added by issue 12's points 3 to 5)

app_name = "privacy"
urlpatterns: list = []
