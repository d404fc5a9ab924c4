"""Middleware: the project an account is working on, chosen once per session."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
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


def project_of(request):
    """The project picked in this session if still in scope, else the latest one (or None)."""
    projects = projects_of(request)
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    for project in projects:
        if project.pk == chosen:
            return project
    return projects[0] if projects else None


class CurrentProjectMiddleware:
    """Sets ``request.project`` (lazily: pages that never use it pay no query)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.project = SimpleLazyObject(lambda: project_of(request))
        return self.get_response(request)


class LanguageMiddleware(LocaleMiddleware):
    """French unless the person picked another language with the switch (cookie or session).

    Django's LocaleMiddleware would follow the browser's Accept-Language; the programme's
    working language is French, and a shared tablet's browser says little about its user.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
