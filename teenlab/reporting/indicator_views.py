"""The funders' indicators page (issue 13, point 3): pick a framework, a scope and a language,
read every indicator of the framework, download it (XLSX, PDF, JSON), and open the records
behind any value or breakdown (the drill-down).

Who: coordinators, partners and auditors (``indicators.view``), on the scopes the bilan page
offers them (``views.bilan_scope_choices``: a partner any partner of the project, a
coordinator or an auditor their own organisation and sessions). The drill-down lists young
people by **code**, never by name, for every role; sessions, exchanges, events and
organisations by code. A framework, indicator or breakdown that does not exist is a 404.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy

from teenlab.core.audit import access_log
from teenlab.core.middleware import project_required
from teenlab.core.models import AuditEntry
from teenlab.core.permissions import action_required
from teenlab.reporting.formatting import number_format
from teenlab.reporting.frameworks import FRAMEWORKS, indicator_get
from teenlab.reporting.frameworks.base import records_behind
from teenlab.reporting.frameworks.render import (
    MEDIA_TYPES,
    FormatUnavailable,
    indicators_build,
    rows,
)
from teenlab.reporting.frameworks.render import (
    render as render_report,
)
from teenlab.reporting.scoping import ResolvedScope
from teenlab.reporting.views import BilanForm, _bilan_form, bilan_scope_choices

DOWNLOADS = ("xlsx", "pdf", "json")


class IndicatorsForm(BilanForm):
    framework = forms.ChoiceField(
        label=gettext_lazy("Cadre du financeur"),
        choices=[(code, framework.name) for code, framework in FRAMEWORKS.items()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["framework"])
        field.error_messages["invalid_choice"] = gettext_lazy(
            "Cadre inconnu : choisissez Interreg, FSE+ ou BPF."
        )


def _form(request, project) -> IndicatorsForm | None:
    bound = _bilan_form(request, project)
    if bound is None:
        return None
    data = {**bound.data, "framework": request.GET.get("framework") or "interreg"}
    return IndicatorsForm(data, scopes=bilan_scope_choices(user=request.user, project=project))


def _scope(project, form: IndicatorsForm) -> ResolvedScope:
    choice = form.choice
    return ResolvedScope(project=project, organisation=choice.organisation, cohort=choice.cohort)


def _query(form: IndicatorsForm) -> str:
    data = form.cleaned_data
    return f"framework={data['framework']}&scope={data['scope']}&lang={data['lang']}"


@action_required("indicators.view")
@project_required
def indicators_page(request, project):
    form = _form(request, project)
    context = {"form": form, "project": project, "report": None, "downloads": DOWNLOADS}
    if form is None:
        return render(request, "reporting/indicators_page.html", context)
    if not form.is_valid():
        return render(request, "reporting/indicators_page.html", context, status=400)
    lang = form.cleaned_data["lang"]
    report = indicators_build(framework=form.cleaned_data["framework"], scope=_scope(project, form))
    context.update(
        report=report,
        rows=rows(report, lang=lang),
        query=_query(form),
        scope_label=form.choice.label,
    )
    return render(request, "reporting/indicators_page.html", context)


@action_required("indicators.view")
@project_required
def indicator_records(request, project):
    """The records behind one value (``indicator``) or one breakdown (``column``)."""
    form = _form(request, project)
    if form is None or not form.is_valid():
        raise Http404
    indicator = indicator_get(form.cleaned_data["framework"], request.GET.get("indicator", ""))
    column_code = request.GET.get("column") or None
    if indicator is None or not indicator.supported:
        raise Http404
    column = next((c for c in indicator.columns if c.code == column_code), None)
    if column_code is not None and (column is None or not column.recorded):
        raise Http404
    scope = _scope(project, form)
    listed = records_behind(indicator, scope, column=column_code)
    lang = form.cleaned_data["lang"]
    tables = [
        {
            "part": part,
            "headers": [str(header) for _field, header in part.shown]
            + ([str(gettext_lazy("Heures"))] if part.minutes else [])
            + ([str(gettext_lazy("Effectif"))] if part.summed else []),
            "rows": [
                [
                    *("" if cell is None else cell for cell in row[: len(part.shown)]),
                    *(
                        [number_format(row[-1] / 60, lang=lang, decimals=1)]
                        if part.minutes
                        else [row[-1]]
                        if part.summed
                        else []
                    ),
                ]
                for row in found
            ],
            "truncated": truncated,
        }
        for part, found, truncated in listed.tables
    ]
    access_log(
        user=request.user,
        action=AuditEntry.Action.VIEW,
        obj=scope.cohort or scope.organisation or project,
        details={
            "view": "indicator_records",
            "framework": form.cleaned_data["framework"],
            "indicator": indicator.code,
            "column": column_code or "",
            "scope": form.cleaned_data["scope"],
        },
    )
    return render(
        request,
        "reporting/indicator_records.html",
        {
            "indicator": indicator,
            "column": column,
            "tables": tables,
            "query": _query(form),
            "scope_label": form.choice.label,
        },
    )


@action_required("indicators.view")
@project_required
def indicators_download(request, fmt: str, project):
    if fmt not in DOWNLOADS:
        raise Http404
    form = _form(request, project)
    if form is None or not form.is_valid():
        raise Http404
    lang = form.cleaned_data["lang"]
    report = indicators_build(framework=form.cleaned_data["framework"], scope=_scope(project, form))
    try:
        content = render_report(report, fmt, lang)
    except FormatUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    filename = report.filename(lang=lang, fmt=fmt)
    access_log(
        user=request.user,
        action=AuditEntry.Action.EXPORT,
        obj=form.choice.cohort or form.choice.organisation or project,
        details={
            "export": "indicators",
            "framework": form.cleaned_data["framework"],
            "scope": form.cleaned_data["scope"],
            "format": fmt,
            "lang": lang,
            "file": filename,
        },
    )
    return HttpResponse(
        content,
        content_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
