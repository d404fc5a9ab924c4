"""The bilan page: pick a scope and a language, read the report, download it (PDF, XLSX, JSON).

Scopes an account may pick (every figure is an aggregate, never a name):
- the whole project: every role but a trainer who holds no other role;
- an organisation: partners and superusers any partner of the project; coordinators,
  counsellors and auditors their own;
- a cohort: the cohorts the account sees (``access.cohorts_for``); partners none.
The rules are :mod:`teenlab.access`'s (``whole_project_figures``, ``figure_organisations_for``).
A scope outside these answers 404 (download) or a translated error (page).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenlab import access
from teenlab.core.audit import access_log, records_version
from teenlab.core.filenames import safe_filename
from teenlab.core.forms import SEARCHABLE_OVER, SearchableInput
from teenlab.core.middleware import opened_or_404, project_required
from teenlab.core.models import AuditEntry, Organisation, Project
from teenlab.core.permissions import action_required
from teenlab.reporting import attestations
from teenlab.reporting.renderers import FormatUnavailable, renderer_get
from teenlab.reporting.renderers.html import bilan_html_context
from teenlab.reporting.selectors import bilan_build
from teenlab.training.models import Cohort, Enrolment

# The formats the page offers to download (the HTML is the page itself).
DOWNLOADS = ("pdf", "xlsx", "json")
BODY_TEMPLATE = "reporting/_bilan_body.html"


@dataclass(frozen=True)
class ScopeChoice:
    value: str  # "project", "organisation:<code>", "cohort:<code>"
    label: str
    organisation: Organisation | None = None
    cohort: Cohort | None = None


def _cohort_scope(cohort: Cohort) -> ScopeChoice:
    return ScopeChoice(
        f"cohort:{cohort.code}", _("Session : %(name)s") % {"name": cohort.name}, cohort=cohort
    )


# The scope "a session, searched for": the page's session field says which (many sessions).
SEARCHED_COHORT = "cohort"


def bilan_scope_choices(*, user, project: Project, wanted: str = "") -> list[ScopeChoice]:
    """The scopes of ``project`` whose bilan the account may see (three small queries).

    The sessions are listed when there are at most ``SEARCHABLE_OVER``; past that, only the one
    ``wanted`` (``cohort:<code>``) if the account sees it, and the choice "a session" whose code
    the page's searchable field gives."""
    if access.figure_scope_for(user, project) is None:
        return []
    choices = []
    if access.whole_project_figures(user):
        choices.append(ScopeChoice("project", _("Tout le projet")))
    partners = access.figure_organisations_for(user, project)
    choices += [
        ScopeChoice(
            f"organisation:{organisation.code}",
            _("Organisation : %(name)s") % {"name": organisation.name},
            organisation=organisation,
        )
        for organisation in partners
    ]
    cohorts = (
        access.cohorts_for(user)  # a partner's: none
        .filter(project=project)
        .select_related("organisation")
        .order_by("-start_date", "code")
    )
    listed = list(cohorts[: SEARCHABLE_OVER + 1])
    if len(listed) <= SEARCHABLE_OVER:
        return choices + [_cohort_scope(cohort) for cohort in listed]
    choices.append(ScopeChoice(SEARCHED_COHORT, _("Une session (à chercher ci-dessous)")))
    if wanted.startswith("cohort:"):
        choices += [_cohort_scope(c) for c in cohorts.filter(code=wanted.removeprefix("cohort:"))]
    return choices


class BilanForm(forms.Form):
    scope = forms.ChoiceField(label=gettext_lazy("Périmètre"))
    lang = forms.ChoiceField(label=gettext_lazy("Langue du bilan"), choices=settings.LANGUAGES)

    def __init__(self, *args, scopes: list[ScopeChoice], **kwargs):
        super().__init__(*args, **kwargs)
        scope = cast(forms.ChoiceField, self.fields["scope"])
        scope.choices = [(choice.value, choice.label) for choice in scopes]
        scope.error_messages["invalid_choice"] = gettext_lazy(
            "Ce périmètre n'existe pas ou ne vous est pas accessible."
        )
        self.fields["lang"].error_messages["invalid_choice"] = gettext_lazy(
            "Langue inconnue : choisissez le français, l'italien ou l'anglais."
        )
        self.scopes = {choice.value: choice for choice in scopes}
        if SEARCHED_COHORT in self.scopes:
            self.fields["cohort"] = forms.CharField(
                label=gettext_lazy("Session"),
                required=False,
                max_length=100,
                widget=SearchableInput(
                    options_url=reverse("training:cohort_options"),
                    attrs={"placeholder": gettext_lazy("Code ou nom de la session")},
                ),
            )

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("scope") == SEARCHED_COHORT:
            self.add_error(
                "cohort" if "cohort" in self.fields else "scope",
                gettext_lazy("Session inconnue : choisissez-en une parmi les suggestions."),
            )
        return cleaned

    @property
    def choice(self) -> ScopeChoice:
        return self.scopes[self.cleaned_data["scope"]]


def _bilan_form(request, project) -> BilanForm | None:
    """The form (bound to GET with defaults) on the scopes the account may read; None without
    any. "A session" with a code in the session field is that session's scope."""
    scope = request.GET.get("scope", "")
    cohort = request.GET.get("cohort", "").strip()
    if scope == SEARCHED_COHORT and cohort:
        scope = f"cohort:{cohort}"
    scopes = bilan_scope_choices(user=request.user, project=project, wanted=scope)
    if not scopes:
        return None
    data = {
        "scope": scope or scopes[0].value,
        "lang": request.GET.get("lang") or translation.get_language() or "fr",
        "cohort": cohort,
    }
    data["lang"] = data["lang"].split("-")[0]
    return BilanForm(data, scopes=scopes)


def _build(project, choice: ScopeChoice, *, trainees: bool = False):
    return bilan_build(
        project=project,
        organisation=choice.organisation,
        cohort=choice.cohort,
        trainees=trainees,
    )


def _report_body(project: Project, choice: ScopeChoice, lang: str) -> str:
    """The report of the bilan page, computed once per change of the records: cached under
    the records' version (read before computing, so a write during the computation makes a
    key nobody asks for again, never a stale page), the project, the scope and the language.
    The report is the same for every account that may read the scope."""
    key = f"bilan:{project.pk}:{choice.value}:{lang}:{records_version()}"
    reports = caches["reports"]
    body = reports.get(key)
    if body is None:
        bilan = _build(project, choice)
        with translation.override(lang):
            report = render_to_string(BODY_TEMPLATE, bilan_html_context(bilan, lang))
        # The page has its own <h1>: the report's title becomes the first heading of the report.
        body = report.replace('<h1 class="cover-title">', '<h2 class="cover-title">', 1).replace(
            "</h1>", "</h2>", 1
        )
        reports.set(key, body)
    return body


@action_required("bilan.view")
@project_required
def bilan_page(request, project):
    form = _bilan_form(request, project)
    context = {
        "form": form,
        "project": project,
        "body": None,
        "downloads": [renderer_get(name) for name in DOWNLOADS],
    }
    if form is None:  # e.g. a trainer who teaches no cohort of this project
        return render(request, "reporting/page.html", context)
    if not form.is_valid():
        return render(request, "reporting/page.html", context, status=400)
    lang = form.cleaned_data["lang"]
    context.update(
        body=mark_safe(_report_body(project, form.choice, lang)),  # our template, autoescaped
        lang=lang,
        query=f"scope={form.cleaned_data['scope']}&lang={lang}",
        scope_label=form.choice.label,
    )
    return render(request, "reporting/page.html", context)


@action_required("bilan.view")
@project_required
def bilan_download(request, fmt: str, project):
    if fmt not in DOWNLOADS:
        raise Http404
    renderer = renderer_get(fmt)
    form = _bilan_form(request, project)
    if form is None or not form.is_valid():
        raise Http404
    lang = form.cleaned_data["lang"]
    bilan = _build(project, form.choice, trainees=renderer.lists_trainees)
    try:
        content = renderer.render(bilan, lang)
    except FormatUnavailable as error:
        # Said in the page's language; the other downloads still work.
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    filename = renderer.filename(bilan, lang)
    access_log(
        user=request.user,
        action=AuditEntry.Action.EXPORT,
        obj=form.choice.cohort or form.choice.organisation or project,
        details={
            "export": "bilan",
            "scope": form.cleaned_data["scope"],
            "format": fmt,
            "lang": lang,
            "file": filename,
        },
    )
    return HttpResponse(
        content,
        content_type=renderer.content_type,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


# --- Attestations of attendance ----------------------------------------------------------------


def _attestation_lang(request, organisation: Organisation) -> str | None:
    """The language asked for (``?lang=fr|it|en``), else the organisation's country's; None
    for a language teenlab does not write attestations in."""
    lang = request.GET.get("lang") or organisation.language
    return lang if lang in attestations.LANGUAGES else None


def _bad_language(request, target):
    messages.error(
        request,
        _("Langue d'attestation inconnue : choisissez %(languages)s.")
        % {"languages": ", ".join(attestations.LANGUAGES)},
    )
    return redirect(target)


def _visible_enrolments(user):
    """The enrolments whose young person the account may open (their attestation names them)."""
    return access.enrolments_for(user).filter(youth__in=access.youth_for(user))


def _attestation_response(items: list[attestations.Attestation], lang: str, filename: str):
    pdf = attestations.attestation_pdf(attestations=items, lang=lang)
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(False, filename)},
    )


@action_required("youth.view")
def attestation_pdf(request, pk):
    """One trainee's attestation of attendance for one session (an enrolment)."""
    enrolment = opened_or_404(
        request,
        _visible_enrolments(request.user).select_related("youth", "cohort__organisation"),
        pk=pk,
    )
    lang = _attestation_lang(request, enrolment.cohort.organisation)
    if lang is None:
        return _bad_language(
            request, reverse("participants:youth_detail", args=[enrolment.youth_id])
        )
    items = attestations.attestations_build(
        enrolments=Enrolment.objects.of_project(enrolment.cohort.project_id).filter(
            pk=enrolment.pk
        ),
        lang=lang,
        today=timezone.localdate(),
    )
    filename = safe_filename(
        "attestation", enrolment.cohort.code, enrolment.youth.code, lang, suffix=".pdf"
    )
    access_log(
        user=request.user,
        action=AuditEntry.Action.EXPORT,
        obj=enrolment,
        details={"export": "attestation", "format": "pdf", "lang": lang, "file": filename},
    )
    return _attestation_response(items, lang, filename)


@action_required("youth.view")
def cohort_attestations_pdf(request, pk):
    """Every attestation of a session the account may give, one page each."""
    cohort = get_object_or_404(
        access.cohorts_for(request.user).select_related("organisation"), pk=pk
    )
    back = reverse("training:cohort_detail", args=[cohort.pk])
    lang = _attestation_lang(request, cohort.organisation)
    if lang is None:
        return _bad_language(request, back)
    items = attestations.attestations_build(
        enrolments=_visible_enrolments(request.user)
        .of_project(cohort.project_id)
        .filter(cohort=cohort),
        lang=lang,
        today=timezone.localdate(),
    )
    if not items:
        messages.error(request, _("Aucun stagiaire de cette session dont vous voyez le dossier."))
        return redirect(back)
    filename = safe_filename("attestations", cohort.code, lang, suffix=".pdf")
    access_log(
        user=request.user,
        action=AuditEntry.Action.EXPORT,
        obj=cohort,
        details={
            "export": "attestations",
            "format": "pdf",
            "lang": lang,
            "file": filename,
            "youth": [item.enrolment.youth.code for item in items],
        },
    )
    return _attestation_response(items, lang, filename)
