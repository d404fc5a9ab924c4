from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from teenlab.core import auth_views as auth_views_teenlab
from teenlab.core.forms import LoginForm
from teenlab.participants import urls as participants_urls
from teenlab.training import urls as training_urls

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views_teenlab.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views_teenlab.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views_teenlab.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("second-factor/", auth_views_teenlab.otp_setup, name="otp_setup"),
    path("second-factor/verify/", auth_views_teenlab.otp_verify, name="otp_verify"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("teenlab.core.urls")),
    path("", include("teenlab.dashboard.urls")),
    # The participants namespace: its own views and training's that read enrolments.
    path(
        "",
        include(
            (
                participants_urls.urlpatterns + training_urls.participants_urlpatterns,
                participants_urls.app_name,
            )
        ),
    ),
    path("", include("teenlab.outcomes.urls")),
    path("", include("teenlab.activities.urls")),
    path("", include("teenlab.finance.urls")),
    path("", include("teenlab.reporting.urls")),
    path("", include("teenlab.datapackage.urls")),
    path("", include("teenlab.training.urls")),
    path("", include("teenlab.privacy.urls")),
]

handler500 = "teenlab.core.views.server_error"
