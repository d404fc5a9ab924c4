from django.shortcuts import render
from django.utils import timezone

from teenlab.core import scoping
from teenlab.core.middleware import project_of
from teenlab.core.permissions import AUDITOR, PARTNER, action_required, user_roles
from teenlab.dashboard.selectors import dashboard_build


@action_required("dashboard.view")
def dashboard(request):
    project = project_of(request)
    scope = scoping.figure_scope_for(request.user, project) if project else None
    board = None
    if scope is not None:
        roles = user_roles(request.user)
        # Partners and auditors see how many, never who.
        with_names = request.user.is_superuser or bool(roles - {PARTNER, AUDITOR})
        board = dashboard_build(scope=scope, today=timezone.localdate(), with_names=with_names)
    return render(request, "dashboard/dashboard.html", {"board": board, "project": project})
