from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teenlab.core import scoping
from teenlab.core.forms import ProjectSwitchForm
from teenlab.core.middleware import SESSION_KEY, project_of
from teenlab.core.permissions import AUDITOR, PARTNER, action_required, user_roles
from teenlab.core.selectors import dashboard_build


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
    return render(request, "core/dashboard.html", {"board": board, "project": project})


@login_required
@require_POST
def project_switch(request):
    form = ProjectSwitchForm(request.POST, projects=scoping.projects_for(request.user))
    if form.is_valid():
        request.session[SESSION_KEY] = form.cleaned_data["project"].pk
        messages.success(
            request, _("Vous travaillez maintenant sur « %s ».") % form.cleaned_data["project"]
        )
    else:
        messages.error(request, _("Ce projet n'est pas accessible avec votre compte."))
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return redirect(target)
