"""Middleware: the project an account is working on, chosen once per session; the session's
sliding expiry; the headers every response of the application carries."""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject

from teenlab.core import scoping

SESSION_KEY = "teenlab_project_id"


def projects_of(request) -> list:
    """The projects of the account's scope, latest first, read once per request."""
    if not hasattr(request, "_teenlab_projects"):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            request._teenlab_projects = []
        else:
            request._teenlab_projects = list(
                scoping.projects_for(user).order_by("-start_date", "code")
            )
    return request._teenlab_projects


def project_ids_of(request) -> list[int]:
    """The ids of the account's projects: the filter a record opened by its id adds, so that
    every statement on a large table names its projects (docs/scaling.md)."""
    return [project.pk for project in projects_of(request)]


def opened_or_404(request, queryset, **lookup):
    """The record of ``queryset`` (a :class:`core.querysets.ProjectQuerySet`) matching
    ``lookup`` among the account's projects, or a 404: how a page opens a record by its id so
    that the statement names the projects (docs/scaling.md)."""
    return get_object_or_404(queryset.of_project(project_ids_of(request)), **lookup)


def project_of(request):
    """The project picked in this session if still in scope, else the latest one (or None)."""
    projects = projects_of(request)
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    for project in projects:
        if project.pk == chosen:
            return project
    return projects[0] if projects else None


def project_required(view):
    """View decorator: calls ``view(request, *args, project=<the current project>, **kwargs)``;
    404 when the account has no project in its scope. Put it under the role check
    (``@action_required``), so that a wrong role still answers 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        project = project_of(request)
        if project is None:
            raise Http404
        return view(request, *args, project=project, **kwargs)

    return wrapped


class CurrentProjectMiddleware:
    """Sets ``request.project`` (lazily: pages that never use it pay no query)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.project = SimpleLazyObject(lambda: project_of(request))
        return self.get_response(request)


class LanguageMiddleware(LocaleMiddleware):
    """The language the person chose with the switch (its cookie), else the browser's
    (Accept-Language: fr, it, en; "it-IT" and "en-GB" count), else French.

    Each partner is served in its language from the login page on, without a choice to make;
    a choice made on a shared device (the switch) wins over the browser's and lasts a year
    (``LANGUAGE_COOKIE_AGE``). Responses vary on Accept-Language and say their language
    (``Content-Language``), as Django's LocaleMiddleware does.
    """

    def process_request(self, request):
        language = translation.get_language_from_request(request)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


REFRESHED_KEY = "teenlab_refreshed"


class SessionRefreshMiddleware:
    """Keeps the inactivity expiry sliding without a database write per request.

    A session expires ``SESSION_COOKIE_AGE`` after its last save. Saving on every request kept
    that exact but made every page view a write (on SQLite, one writer at a time). Here a session
    that holds something is marked modified, hence saved by Django's SessionMiddleware, only
    when its last refresh is older than ``SESSION_REFRESH_SECONDS``: the expiry is exact to that
    margin, and a page view writes at most once a minute per session. An empty session (an
    anonymous visitor) is never created here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # keys() loads the session: a cookie naming an ended session counts as empty.
        if session is not None and session.keys():
            now = int(time.time())
            last = session.get(REFRESHED_KEY, 0)
            if not isinstance(last, int) or now - last >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_KEY] = now
        return response


class PrivateResponseMiddleware:
    """Every response of the application: never stored by a browser or a proxy, and no access to
    the devices that teenlab never needs.

    Pages and downloads carry personal data about young people, on tablets that several people
    share: ``Cache-Control: no-store`` (with Django's other never-cache headers) keeps them out of
    the browser's cache and history snapshots. Static files never reach this middleware
    (WhiteNoise answers them first) and stay cacheable. ``Permissions-Policy`` comes from
    ``settings.PERMISSIONS_POLICY`` (feature → allowed origins, empty for none).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response
