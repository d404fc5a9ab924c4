"""The attestation of attendance (attestation d'assiduité) a training provider gives each
trainee at the end of a session (Code du travail, article L.6353-1): the action's objectives,
nature and length, the hours the trainee attended per module against the hours planned for
them, the issue of their course, and the organisation's signatory.

The hours are the bilan's: ``indicators.enrolment_module_attendance`` splits by module the one
attendance rule (``indicators.attended_minutes``: partial minutes capped at the slot), so the
attestation's total is the trainee's line of the bilan's trainee-hours. Planned hours are those
of the slots of the session in the trainee's enrolment window (the denominator of their
attendance rate), not the module's programme hours (``Module.planned_hours``, printed as the
action's length): a trainee who joined late was never expected at the first weeks.

Laid out by WeasyPrint from one template (``reporting/attestation_pdf.html``) and a static
stylesheet (``static/teenlab/attestation-pdf.css``), in the language asked for (docs/web.md,
"Attestations of attendance": teenlab records no language per young person).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation

from teenlab.core.choices import Language, NarrativeSection, Strand
from teenlab.core.logos import logos_of_cohorts
from teenlab.core.models import Narrative, Organisation, Project
from teenlab.reporting import indicators
from teenlab.reporting.figure_names import fill
from teenlab.reporting.renderers.sections.narratives import Block, narrative_blocks, text_in
from teenlab.reporting.selectors import bilan_build
from teenlab.training.models import Enrolment, Module

STATIC = Path(__file__).resolve().parent.parent / "static"
FONTS_CSS = STATIC / "reporting" / "fonts.css"
ATTESTATION_CSS = STATIC / "teenlab" / "attestation-pdf.css"
TEMPLATE = "reporting/attestation_pdf.html"

LANGUAGES: tuple[str, ...] = tuple(Language.values)  # fr, it, en


@dataclass(frozen=True)
class ModuleLine:
    """One module of the session (``module`` None: the slots of no module)."""

    module: Module | None
    scheduled_minutes: int
    attended_minutes: int


@dataclass(frozen=True)
class Attestation:
    enrolment: Enrolment  # with its youth, cohort, project and organisation
    period_start: dt.date
    period_end: dt.date
    modules: tuple[ModuleLine, ...]
    scheduled_minutes: int
    attended_minutes: int
    programme_hours: Decimal  # the session's modules' planned hours: the action's length
    strands: tuple[str, ...]  # Strand codes of the session's modules
    objectives: tuple[Block, ...]
    issued_on: dt.date

    @property
    def organisation(self) -> Organisation:
        return self.enrolment.cohort.organisation

    @property
    def provisional(self) -> bool:
        """Issued before the end of the trainee's period: hours stop at the issue date."""
        return self.issued_on <= self.period_end

    @property
    def strand_labels(self) -> list[str]:
        return [str(Strand(code).label) for code in self.strands if code in Strand.values]


def attestations_build(
    *, enrolments: QuerySet[Enrolment], lang: str, today: dt.date
) -> list[Attestation]:
    """The attestation of each of ``enrolments`` (by the youth's name), objectives in ``lang``.

    Four queries whatever the number of trainees: the enrolments, their hours by module, the
    sessions' modules, the objectives."""
    enrolments = enrolments.select_related(
        "youth", "cohort__project", "cohort__organisation"
    ).order_by("youth__last_name", "youth__first_name", "youth__code", "cohort__start_date")
    listed = list(enrolments.annotate(period_end=indicators.window_end()))
    if not listed:
        return []
    hours: dict[tuple[int, int | None], dict] = {
        (row["pk"], row["cohort__slots__module"]): row
        for row in indicators.enrolment_module_attendance(
            Enrolment.objects.of_project({e.cohort.project_id for e in listed}).filter(
                pk__in=[e.pk for e in listed]
            )
        )
    }
    cohort_ids = {e.cohort_id for e in listed}
    modules = list(Module.objects.filter(cohort_id__in=cohort_ids).order_by("cohort", "code"))
    objectives = _objectives({e.cohort.project_id for e in listed}, lang)
    attestations = []
    for enrolment in listed:
        mine = [m for m in modules if m.cohort_id == enrolment.cohort_id]
        lines = [_line(hours.get((enrolment.pk, m.pk)), m) for m in mine]
        unassigned = hours.get((enrolment.pk, None))
        if unassigned is not None:
            lines.append(_line(unassigned, None))
        attestations.append(
            Attestation(
                enrolment=enrolment,
                period_start=enrolment.enrolled_on,
                period_end=enrolment.period_end,
                modules=tuple(lines),
                scheduled_minutes=sum(line.scheduled_minutes for line in lines),
                attended_minutes=sum(line.attended_minutes for line in lines),
                programme_hours=sum((m.planned_hours for m in mine), Decimal(0)),
                strands=tuple(dict.fromkeys(m.strand for m in mine)),
                objectives=tuple(objectives.get(enrolment.cohort.project_id, ())),
                issued_on=today,
            )
        )
    return attestations


def _line(row: dict | None, module: Module | None) -> ModuleLine:
    if row is None:  # no slot of this module in the trainee's period
        return ModuleLine(module=module, scheduled_minutes=0, attended_minutes=0)
    return ModuleLine(
        module=module,
        scheduled_minutes=row["scheduled_minutes"],
        attended_minutes=row["attended_minutes"],
    )


def _objectives(project_ids: set[int], lang: str) -> dict[int, list[Block]]:
    """Each project's objectives (its narrative « objectives ») in ``lang``, else in French,
    else in any language it is written in."""
    texts: dict[int, dict[str, str]] = {}
    for project, language, text in Narrative.objects.filter(
        project_id__in=project_ids, section=NarrativeSection.OBJECTIVES
    ).values_list("project", "lang", "text"):
        if text.strip():
            texts.setdefault(project, {})[language] = text
    chosen = {}
    for project, by_lang in texts.items():
        text = text_in(by_lang, lang)[1]
        if "{" in text or "}" in text:  # it cites figures: the project's bilan gives them
            bilan = bilan_build(project=Project.objects.get(pk=project))
            text = fill(text, bilan, lang)
        chosen[project] = narrative_blocks(text)
    return chosen


def attestation_html(*, attestations: Sequence[Attestation], lang: str) -> str:
    """The HTML the PDF is laid out from (one page per attestation), in ``lang``."""
    logos = logos_of_cohorts({a.enrolment.cohort for a in attestations})
    with translation.override(lang):
        return render_to_string(
            TEMPLATE,
            {
                "attestations": attestations,
                "printed": [(a, logos[a.enrolment.cohort_id]) for a in attestations],
                "lang": lang,
                "fonts_css_url": FONTS_CSS.as_uri(),
                "attestation_css_url": ATTESTATION_CSS.as_uri(),
            },
        )


def attestation_pdf(*, attestations: Sequence[Attestation], lang: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only the PDF needs.
    from weasyprint import HTML

    html = attestation_html(attestations=attestations, lang=lang)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return HTML(string=html, base_url=STATIC.as_uri() + "/").write_pdf(pdf_tags=True)
