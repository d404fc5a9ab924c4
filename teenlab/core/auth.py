"""Logging in: the lockout page (django-axes), the client's address, and the gate every
authenticated request passes (temporary password, second factor by django-otp).

Who must give a second factor: coordinators, counsellors, staff and superusers (they reach youth
records or every organisation), and anyone who has enrolled one. Demo accounts
(``User.is_demo``, created by ``teenlab demo``) never do.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice

from teenlab.core.forms import LoginForm

# The pages an account on its way in may always reach.
ALWAYS_OPEN = ("logout", "set_language")


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind ``TEENLAB_PROXY_COUNT`` proxies the address
    the outermost one saw (each proxy appends to X-Forwarded-For; what comes before is the
    client's to forge)."""
    proxies = getattr(settings, "TEENLAB_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, for logins that come with a request (every web login, the admin's
    too). ``authenticate()`` called without one (the test client's ``login()``, a shell) has no
    address to count and goes on to the password check."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with the reason and the wait, in the page's language (429)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = LoginForm(request, initial={"username": username})
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_out": True, "lockout_minutes": minutes},
        status=429,
    )


def second_factor_required(user) -> bool:
    """Whether ``user``'s role obliges them to enrol a second factor."""
    if user.is_demo:
        return False
    return user.is_superuser or user.is_staff or user.is_coordinator or user.is_counsellor


def has_second_factor(user) -> bool:
    """An enrolled authenticator app (recovery codes come with it, never alone)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def next_step(user) -> str | None:
    """The URL name of the page ``user`` must go through first, or None when they are in.

    A known second factor comes before the password change: whoever holds only the temporary
    password must not choose the next one. Without a second factor, the temporary password is
    changed first, then the account enrols.
    """
    if user.is_verified() or user.is_demo:
        return "password_change" if user.must_change_password else None
    if has_second_factor(user):
        return "otp_verify"
    if user.must_change_password:
        return "password_change"
    if second_factor_required(user):
        return "otp_setup"
    return None


class AccountGateMiddleware:
    """Sends an account with a temporary password or a second factor to give to that page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            step = next_step(user)
            if step is not None:
                open_paths = {reverse(name) for name in (*ALWAYS_OPEN, step)}
                if request.path_info not in open_paths:
                    url = reverse(step)
                    if request.method == "GET":
                        url += "?" + urlencode({"next": request.get_full_path()})
                    return redirect(url)
        return self.get_response(request)


def safe_next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return default
    return target
