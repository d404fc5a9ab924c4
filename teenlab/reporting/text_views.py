"""The bilan's texts, written in the app by the project's coordinators (any partner's: the
report is joint, each partner writes in its language): the list of sections, the editor of one
section in French, Italian and English with the figures a text can cite, and its history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teenlab.core.choices import NarrativeSection
from teenlab.core.forms import call_service
from teenlab.core.middleware import project_required
from teenlab.core.models import NarrativeRevision
from teenlab.core.permissions import action_required
from teenlab.reporting import selectors, services
from teenlab.reporting.figure_names import catalogue, fill
from teenlab.reporting.forms import HELP, NarrativeForm
from teenlab.reporting.renderers.sections.narratives import narrative_blocks
from teenlab.reporting.selectors import bilan_build


def _section_or_404(section: str) -> str:
    if section not in NarrativeSection.values:
        raise Http404
    return section


@action_required("narrative.edit")
@project_required
def narrative_list(request, *, project):
    return render(
        request,
        "reporting/texts_list.html",
        {"sections": selectors.narrative_sections(project=project)},
    )


@action_required("narrative.edit")
@project_required
def narrative_edit(request, section: str, *, project):
    current = selectors.narrative_section(project=project, section=_section_or_404(section))
    initial = {f"text_{lang}": text for lang, text in current.texts.items()}
    form = NarrativeForm(request.POST or None, initial={**initial, "in_bilan": current.in_bilan})
    preview = []
    bilan = bilan_build(project=project)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") != "preview":
            changed = call_service(
                form,
                services.narrative_save,
                project=project,
                section=section,
                by=request.user,
                **form.cleaned_data,
            )
            if changed is not None:
                messages.success(request, _("Les textes ont été enregistrés."))
                return redirect("reporting:narrative_edit", section=section)
        else:
            for lang, label, _written in current.languages:
                text = form.cleaned_data[f"text_{lang}"]
                if text:
                    with translation.override(lang):
                        preview.append((lang, label, narrative_blocks(fill(text, bilan, lang))))
    return render(
        request,
        "reporting/texts_edit.html",
        {
            "form": form,
            "section": current,
            "help": HELP,
            "fields": [(lang, form[f"text_{lang}"]) for lang, _l, _w in current.languages],
            "preview": preview,
            "catalogue": catalogue(bilan, translation.get_language() or "fr"),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@action_required("narrative.edit")
@project_required
def narrative_history(request, section: str, *, project):
    current = selectors.narrative_section(project=project, section=_section_or_404(section))
    return render(
        request,
        "reporting/texts_history.html",
        {
            "section": current,
            "revisions": selectors.narrative_revisions(project=project, section=section),
        },
    )


@action_required("narrative.edit")
@require_POST
@project_required
def narrative_restore(request, pk: int, *, project):
    revision = get_object_or_404(NarrativeRevision.objects.filter(project=project), pk=pk)
    try:
        services.narrative_restore(revision=revision, by=request.user)
    except ValidationError as refusal:
        for error in refusal.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("La version a été rétablie."))
    return redirect("reporting:narrative_history", section=revision.section)
