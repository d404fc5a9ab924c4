from django.conf import settings

from teenlab.core.middleware import project_of, projects_of
from teenlab.core.navigation import menu_for
from teenlab.core.permissions import Can, user_roles


def teenlab(request):
    """What the shared layout needs: navigation, roles, the current project, the languages."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"languages": settings.LANGUAGES}
    projects = projects_of(request)
    return {
        "nav_items": menu_for(request),
        "can": Can(user),
        "user_roles": user_roles(user),
        "current_project": project_of(request),
        "project_choices": projects if len(projects) > 1 else [],
        "languages": settings.LANGUAGES,
    }
