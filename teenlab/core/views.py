from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST

from teenlab.core import scoping, services
from teenlab.core.forms import (
    AccountCreateForm,
    AccountForm,
    ProjectSwitchForm,
    SignatoryForm,
    call_service,
)
from teenlab.core.middleware import SESSION_KEY
from teenlab.core.permissions import (
    action_required,
    grantable_roles,
)


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


@action_required("accounts.manage")
def account_list(request):
    accounts = list(
        scoping.users_for(request.user)
        .select_related("organisation")
        .order_by("-is_active", "last_name", "first_name", "username")
    )
    return render(request, "core/account_list.html", {"accounts": accounts})


@action_required("accounts.manage")
def account_create(request):
    if request.user.organisation is None:
        raise Http404
    form = AccountCreateForm(request.POST or None, roles=grantable_roles(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        account = call_service(
            form,
            services.user_create,
            organisation=request.user.organisation,
            username=data.pop("username"),
            password=data.pop("password"),
            data=data,
            by=request.user,
        )
        if account is not None:
            messages.success(request, _("Le compte « %s » a été créé.") % account.get_username())
            return redirect("core:account_list")
    return render(request, "core/account_form.html", {"form": form, "account": None})


@action_required("accounts.manage")
def account_edit(request, pk):
    account = get_object_or_404(scoping.users_for(request.user), pk=pk)
    form = AccountForm(request.POST or None, instance=account, roles=grantable_roles(request.user))
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form, services.user_update, account=account, data=form.cleaned_data, by=request.user
        )
        if updated is not None:
            messages.success(request, _("Le compte a été mis à jour."))
            return redirect("core:account_list")
    return render(request, "core/account_form.html", {"form": form, "account": account})


@action_required("organisation.edit")
def organisation_signatory(request, pk):
    organisation = get_object_or_404(scoping.organisations_for(request.user), pk=pk)
    form = SignatoryForm(
        request.POST or None,
        initial={"name": organisation.signatory_name, "title": organisation.signatory_title},
    )
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            services.organisation_signatory_update,
            organisation=organisation,
            name=form.cleaned_data["name"],
            title=form.cleaned_data["title"],
            by=request.user,
        )
        if updated is not None:
            messages.success(request, _("Le signataire des attestations est enregistré."))
            return redirect("core:organisation_signatory", pk=organisation.pk)
    return render(
        request, "core/organisation_signatory.html", {"form": form, "organisation": organisation}
    )


# Backends that deliver nothing to anyone: with them, ADMINS are not told.
UNSENT_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@requires_csrf_token
def server_error(request):
    """The 500 page (``handler500``): says the technical team was told only when it was, that is
    when ``ADMINS`` names someone and e-mail goes out (``EMAIL_HOST`` set), for Django's
    ``mail_admins`` handler then sends them the error. Rendered with a plain context: no context
    processor may fail a second time."""
    told = bool(settings.ADMINS) and settings.EMAIL_BACKEND not in UNSENT_MAIL_BACKENDS
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"admins_told": told}))
