"""Trainee mode: the trainer hands the tablet over for one slot's sign-in.

While a session is in trainee mode it reaches the trainee screen of that slot (its sign-in page,
names and signature pad only), the slot's sign endpoint, the language switch and the leave
endpoint; any other GET is sent back to the trainee screen, any other request is refused (403).
Leaving needs the trainer's password, checked on the server; after ``MAX_FAILURES`` wrong
passwords the session waits ``WAIT_MINUTES`` before the next try (docs/security.md).
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

SESSION_KEY = "teenlab_trainee_mode"
FAILURES_KEY = "teenlab_trainee_mode_failures"
WAIT_KEY = "teenlab_trainee_mode_wait_until"
MAX_FAILURES = 5
WAIT_MINUTES = 5
# The URL names a session in trainee mode reaches (with the slot's pk for the training ones).
SLOT_URLS = {"training:slot_attendance", "training:attendance_sign", "training:trainee_mode_leave"}
FREE_URLS = {"set_language"}
REFUSED_HEADER = "X-Teenlab-Trainee-Mode"


def slot_in_trainee_mode(request) -> int | None:
    """The pk of the slot whose trainee screen this session is locked on, or None."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    value = session.get(SESSION_KEY)
    return value if isinstance(value, int) else None


def enter(request, *, slot_pk: int) -> None:
    request.session[SESSION_KEY] = slot_pk
    request.session.pop(FAILURES_KEY, None)


def wait_left(request) -> int:
    """Seconds before this session may try a password again (0: now)."""
    until = request.session.get(WAIT_KEY)
    if not until:
        return 0
    left = (dt.datetime.fromisoformat(until) - timezone.now()).total_seconds()
    if left <= 0:
        request.session.pop(WAIT_KEY, None)
        request.session.pop(FAILURES_KEY, None)
        return 0
    return int(left) + 1


def leave(request, *, password: str) -> str | None:
    """Leave trainee mode if ``password`` is the account's; else the reason, translated."""
    wait = wait_left(request)
    if wait:
        return _("Trop d'essais : réessayez dans %(n)d minute(s).") % {"n": (wait + 59) // 60}
    if request.user.check_password(password):
        for key in (SESSION_KEY, FAILURES_KEY, WAIT_KEY):
            request.session.pop(key, None)
        return None
    failures = request.session.get(FAILURES_KEY, 0) + 1
    request.session[FAILURES_KEY] = failures
    if failures >= MAX_FAILURES:
        until = timezone.now() + dt.timedelta(minutes=WAIT_MINUTES)
        request.session[WAIT_KEY] = until.isoformat()
        return _("Trop d'essais : réessayez dans %(n)d minute(s).") % {"n": WAIT_MINUTES}
    return _("Mot de passe incorrect.")


def _allowed(path: str, slot_pk: int) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if match.view_name in FREE_URLS:
        return True
    return match.view_name in SLOT_URLS and match.kwargs.get("pk") == slot_pk


class TraineeModeMiddleware:
    """Keeps a session in trainee mode on its trainee screen (after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        slot_pk = slot_in_trainee_mode(request)
        if slot_pk is None or not request.user.is_authenticated:
            return self.get_response(request)
        if _allowed(request.path_info, slot_pk):
            return self.get_response(request)
        screen = reverse("training:slot_attendance", args=[slot_pk])
        if request.method not in ("GET", "HEAD"):
            response: HttpResponse = HttpResponseForbidden(
                _("Mode stagiaire : cette action attend que le formateur reprenne la tablette."),
                content_type="text/plain; charset=utf-8",
            )
            response[REFUSED_HEADER] = "1"
            return response
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = screen
            return response
        return redirect(screen)
