from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from teenlab.core.forms import LoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("teenlab.core.urls")),
    path("", include("teenlab.participants.urls")),
    path("", include("teenlab.outcomes.urls")),
    path("", include("teenlab.activities.urls")),
    path("", include("teenlab.finance.urls")),
    path("", include("teenlab.reporting.urls")),
    path("", include("teenlab.datapackage.urls")),
    path("", include("teenlab.training.urls")),
]
