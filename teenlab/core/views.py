from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST

from teenlab.core import logos, project_setup, scoping, services
from teenlab.core.forms import (
    AccountCreateForm,
    AccountForm,
    LogoForm,
    LogoRemoveForm,
    PartnerForm,
    ProjectForm,
    ProjectSwitchForm,
    RetentionForm,
    RulesForm,
    SignatoryForm,
    ZoneForm,
    call_service,
)
from teenlab.core.middleware import SESSION_KEY
from teenlab.core.models import Organisation, Project
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
    """A coordinator creates an account in their organisation; a superuser, who has none,
    picks the organisation (one set up with its project, core.project_setup)."""
    organisations = None
    if request.user.organisation is None:
        if not scoping.is_global(request.user):
            raise Http404
        organisations = scoping.organisations_for(request.user).order_by("name")
    form = AccountCreateForm(
        request.POST or None, roles=grantable_roles(request.user), organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        account = call_service(
            form,
            services.user_create,
            organisation=data.pop("organisation", None) or request.user.organisation,
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


# --- Project set-up (teenlab.core.project_setup; docs/web.md, "Project set-up") -------------

UNPROCESSABLE = 422


def _form_page(request, template: str, context: dict, form) -> HttpResponse:
    """A set-up page: 422 when its form was refused (nothing written)."""
    return render(request, template, context, status=UNPROCESSABLE if form.errors else 200)


def _set_up_project(request, pk: int) -> Project:
    """The project ``pk`` if the account sets it up (a superuser, or a coordinator of its lead
    partner); another project is a 404."""
    return get_object_or_404(scoping.projects_set_up_by(request.user), pk=pk)


@action_required("project.setup")
def project_list(request):
    projects = scoping.projects_set_up_by(request.user).prefetch_related("partners__organisation")
    return render(
        request,
        "core/project_list.html",
        {"projects": list(projects.order_by("-start_date", "code"))},
    )


@action_required("project.setup")
def project_create(request):
    if not scoping.is_global(request.user):
        raise PermissionDenied
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = call_service(
            form, project_setup.project_create, by=request.user, **form.cleaned_data
        )
        if project is not None:
            request.session[SESSION_KEY] = project.pk
            messages.success(
                request,
                _("Le projet « %s » est créé : ajoutez ses partenaires.") % project.name,
            )
            return redirect("core:project_partners", pk=project.pk)
    return _form_page(request, "core/project_form.html", {"form": form, "project": None}, form)


def _project_page(request, pk, *, form_class, service, template: str, saved: str):
    """A page that changes the project itself (its description, its rules) through
    ``service``; back to the page once saved."""
    project = _set_up_project(request, pk)
    form = form_class(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        updated = call_service(form, service, project=project, by=request.user, **form.cleaned_data)
        if updated is not None:
            messages.success(request, saved)
            return redirect(request.path)
    project.refresh_from_db()  # the form changed it in memory
    return _form_page(request, template, {"form": form, "project": project}, form)


@action_required("project.setup")
def project_edit(request, pk):
    return _project_page(
        request,
        pk,
        form_class=ProjectForm,
        service=project_setup.project_update,
        template="core/project_form.html",
        saved=_("Le projet est mis à jour."),
    )


@action_required("project.setup")
def project_rules(request, pk):
    return _project_page(
        request,
        pk,
        form_class=RulesForm,
        service=project_setup.project_rules_update,
        template="core/project_rules.html",
        saved=_("Les règles du projet sont enregistrées."),
    )


@action_required("project.setup")
def project_retention(request, pk):
    return _project_page(
        request,
        pk,
        form_class=RetentionForm,
        service=project_setup.project_retention_update,
        template="core/project_retention.html",
        saved=_("La durée de conservation du projet est enregistrée."),
    )


@action_required("project.setup")
def project_partners(request, pk):
    project = _set_up_project(request, pk)
    form = PartnerForm(request.POST or None, organisations=Organisation.objects.order_by("name"))
    if request.method == "POST" and form.is_valid():
        partner = call_service(
            form,
            project_setup.partner_save,
            project=project,
            by=request.user,
            **form.cleaned_data,
        )
        if partner is not None:
            messages.success(
                request, _("« %s » est partenaire du projet.") % partner.organisation.name
            )
            return redirect("core:project_partners", pk=project.pk)
    partners = project.partners.select_related("organisation").order_by(
        "role", "organisation__name"
    )
    return _form_page(
        request,
        "core/project_partners.html",
        {"form": form, "project": project, "partners": list(partners)},
        form,
    )


@action_required("project.setup")
def project_zones(request, pk):
    project = _set_up_project(request, pk)
    form = ZoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        zone = call_service(
            form, project_setup.zone_save, project=project, by=request.user, **form.cleaned_data
        )
        if zone is not None:
            messages.success(
                request,
                _("« %(commune)s » compte dans la zone « %(zone)s ».")
                % {"commune": zone.commune, "zone": zone.zone_label},
            )
            return redirect("core:project_zones", pk=project.pk)
    zones = project.residence_zones.order_by("zone", "commune")
    return _form_page(
        request,
        "core/project_zones.html",
        {"form": form, "project": project, "zones": list(zones)},
        form,
    )


@action_required("project.setup")
@require_POST
def project_zone_remove(request, pk, zone_pk):
    project = _set_up_project(request, pk)
    zone = get_object_or_404(project.residence_zones, pk=zone_pk)
    project_setup.zone_remove(zone=zone, by=request.user)
    messages.success(request, _("« %s » n'est plus dans les zones du projet.") % zone.commune)
    return redirect("core:project_zones", pk=project.pk)


def _logo_rows(project: Project) -> list[dict]:
    """Each owner of a logo the project prints: its choice value, name and logo (or None)."""
    form = LogoRemoveForm(project=project)
    stored = {(logo.owner, logo.organisation_id): logo for logo in project.logos.all()}
    partner_logos = {
        logo.organisation_id: logo
        for logo in logos.Logo.objects.filter(organisation__partnerships__project=project)
    }
    rows = []
    for value, label in form.fields["owner"].choices:
        if value.startswith("organisation-"):
            logo = partner_logos.get(int(value.removeprefix("organisation-")))
        else:
            logo = stored.get((value, None))
        rows.append(
            {
                "value": value,
                "label": label,
                "src": logos.png_data_url(logo.image) if logo else "",
            }
        )
    return rows


@action_required("project.setup")
def project_logos(request, pk):
    project = _set_up_project(request, pk)
    form = LogoForm(request.POST or None, request.FILES or None, project=project)
    if request.method == "POST" and form.is_valid():
        logo = call_service(
            form, logos.logo_upload, project=project, by=request.user, **form.cleaned_data
        )
        if logo is not None:
            messages.success(request, _("Le logo est enregistré."))
            return redirect("core:project_logos", pk=project.pk)
    return _form_page(
        request,
        "core/project_logos.html",
        {"form": form, "project": project, "rows": _logo_rows(project)},
        form,
    )


@action_required("project.setup")
@require_POST
def project_logo_remove(request, pk):
    project = _set_up_project(request, pk)
    form = LogoRemoveForm(request.POST, project=project)
    if not form.is_valid():
        return HttpResponse(_("Ce logo n'existe pas."), status=UNPROCESSABLE)
    logos.logo_remove(project=project, by=request.user, **form.cleaned_data)
    messages.success(request, _("Le logo est retiré."))
    return redirect("core:project_logos", pk=project.pk)


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
