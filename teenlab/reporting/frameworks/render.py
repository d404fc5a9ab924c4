"""The funders' indicators as JSON, XLSX, HTML or PDF (``teenlab indicators``, the page's
downloads). A value the records cannot support is ``null`` in the JSON and "not recorded"
everywhere else, never 0. Nothing here queries the database: the values are computed once
(:func:`indicators_build`) and every format lays them out.

The XLSX is one sheet, one row per indicator (code, name, unit, value, then one column per
breakdown, then the definition, its reference and the counting rule): what a coordinator
pastes into the funder's template.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from openpyxl import Workbook

from teenlab.core.filenames import safe_filename
from teenlab.reporting.formatting import lang_resolve, number_format
from teenlab.reporting.frameworks import FRAMEWORKS
from teenlab.reporting.frameworks.base import Framework, Value, framework_compute
from teenlab.reporting.renderers.base import FormatUnavailable
from teenlab.reporting.renderers.xlsx import _Sheet
from teenlab.reporting.scoping import ResolvedScope

FORMATS = ("json", "xlsx", "pdf", "html")
MEDIA_TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
BINARY = {"xlsx", "pdf"}


@dataclass(frozen=True)
class IndicatorReport:
    framework: Framework
    scope: ResolvedScope
    values: tuple[Value, ...]
    generated_at: Any

    @property
    def scope_codes(self) -> dict[str, str | None]:
        return {
            "project": self.scope.project.code,
            "organisation": self.scope.organisation.code if self.scope.organisation else None,
            "cohort": self.scope.cohort.code if self.scope.cohort else None,
        }

    def filename(self, *, lang: str, fmt: str) -> str:
        codes = self.scope_codes
        return safe_filename(
            "indicators",
            self.framework.code,
            codes["project"],
            codes["organisation"],
            codes["cohort"],
            lang,
            suffix=f".{fmt}",
        )


def indicators_build(*, framework: str, scope: ResolvedScope) -> IndicatorReport:
    chosen = FRAMEWORKS[framework]
    return IndicatorReport(chosen, scope, framework_compute(chosen, scope), timezone.now())


def _number(value: int | Decimal | None) -> int | float | None:
    if value is None or isinstance(value, int):
        return value
    return int(value) if value % 1 == 0 else float(value)


def render_json(report: IndicatorReport) -> bytes:
    data = {
        "framework": report.framework.code,
        "scope": report.scope_codes,
        "indicators": [
            {
                "code": value.indicator.code,
                "name": str(value.indicator.name),
                "unit": str(value.indicator.unit),
                "value": _number(value.value),
                "breakdown": {code: _number(n) for code, n in value.breakdown.items()},
                "definition": value.indicator.definition,
                "reference": value.indicator.reference,
                "counting": str(value.indicator.counting),
                "reads": list(value.indicator.reads),
            }
            for value in report.values
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def not_recorded() -> str:
    return _("non enregistré")


def shown(value: int | Decimal | None, *, lang: str) -> str:
    """A value as a report prints it: "not recorded" for None, never 0."""
    if value is None:
        return not_recorded()
    return number_format(value, lang=lang, decimals=0 if value % 1 == 0 else 1)


def render_xlsx(report: IndicatorReport) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    framework = report.framework
    breakdowns = framework.breakdowns
    sheet = _Sheet(
        workbook,
        str(framework.name),
        [
            _("Code"),
            _("Indicateur"),
            _("Unité"),
            _("Valeur"),
            *(str(label) for _code, label in breakdowns),
            _("Définition"),
            _("Référence"),
            _("Règle de comptage"),
        ],
    )
    for value in report.values:
        indicator = value.indicator
        cells: list[Any] = [value.value if value.value is not None else not_recorded()]
        for code, _label in breakdowns:
            if code in value.breakdown:
                cell = value.breakdown[code]
                cells.append(cell if cell is not None else not_recorded())
            else:
                cells.append("")
        sheet.add(
            [
                indicator.code,
                str(indicator.name),
                str(indicator.unit),
                *cells,
                indicator.definition,
                indicator.reference,
                str(indicator.counting),
            ],
            [None, None, None, *(["#,##0.##"] * len(cells))],
        )
    sheet.finish()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows(report: IndicatorReport, *, lang: str) -> list[dict[str, Any]]:
    """The values as a template lays them out: one dict per indicator, with its cells."""
    return rows_of(report.framework, report.values, lang=lang)


def rows_of(framework: Framework, values: tuple[Value, ...], *, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "indicator": value.indicator,
            "value": value.value,
            "shown": shown(value.value, lang=lang),
            "cells": [
                {
                    "code": code,
                    "label": label,
                    "value": value.breakdown.get(code),
                    "shown": shown(value.breakdown.get(code), lang=lang)
                    if code in value.breakdown
                    else "",
                    "present": code in value.breakdown,
                }
                for code, label in framework.breakdowns
            ],
        }
        for value in values
    ]


def bilan_annex(values: tuple[Value, ...], *, lang: str) -> dict[str, Any] | None:
    """The bilan's annex (its template's context): the Interreg indicators of its scope."""
    if not values:
        return None
    framework = FRAMEWORKS[values[0].indicator.framework]
    return {"framework": framework, "rows": rows_of(framework, values, lang=lang)}


def render_html(report: IndicatorReport, lang: str) -> str:
    from teenlab.reporting.renderers.html import _stylesheet

    return render_to_string(
        "reporting/indicators_document.html",
        {
            "report": report,
            "rows": rows(report, lang=lang),
            "lang": lang,
            "stylesheet": mark_safe(_stylesheet()),
        },
    )


def render(report: IndicatorReport, fmt: str, lang: str) -> bytes:
    """The report in ``fmt`` and ``lang``; FormatUnavailable when this machine cannot make
    a PDF."""
    lang = lang_resolve(lang)
    with translation.override(lang):
        if fmt == "json":
            return render_json(report)
        if fmt == "xlsx":
            return render_xlsx(report)
        html = render_html(report, lang)
        if fmt == "html":
            return html.encode("utf-8")
        from teenlab.reporting.renderers.pdf import PdfRenderer

        PdfRenderer().available_or_raise()
        from weasyprint import HTML

        return HTML(string=html).write_pdf()


__all__ = ["FORMATS", "FormatUnavailable", "IndicatorReport", "indicators_build", "render"]
