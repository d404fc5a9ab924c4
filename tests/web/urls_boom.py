"""teenlab's URLs, its handler500, and one view that fails."""

from django.urls import path

from teenlab.urls import handler500
from teenlab.urls import urlpatterns as teenlab_urlpatterns


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), *teenlab_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
