"""What the HTML/PDF and XLSX bilans show, section by section, labelled and formatted.

:func:`report_build` turns a :class:`~teenlab.reporting.bilan.Bilan` into plain values the
templates and the workbook only lay out: every label translated, every share given with its
count and denominator. Call it inside ``translation.override(lang)``; it never queries the
database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from teenlab.core import choices
from teenlab.reporting import charts, indicators
from teenlab.reporting.bilan import Bilan, Funnel, PartnerInfo
from teenlab.reporting.formatting import (
    date_format,
    lang_resolve,
    money_format,
    not_applicable,
    number_format,
    percent_format,
    period_format,
    share_format,
    share_percent,
)
from teenlab.reporting.renderers import labels

Number = int | Decimal | float


@dataclass(frozen=True)
class Row:
    """One figure: a label, a count and, when it is a share, the denominator it is over."""

    code: str
    label: str
    count: Number
    denominator: Number | None = None
    count_text: str = ""
    share_text: str = ""  # "69,2 % (27/39)"
    percent_text: str = ""  # "69,2 %"
    level: int = 0  # 1: a detail of the row above (kinds of one direction)

    @property
    def ratio(self) -> float | None:
        if self.denominator is None or not self.denominator:
            return None
        return float(self.count) / float(self.denominator)


@dataclass(frozen=True)
class Table:
    title: str
    rows: list[Row]
    denominator_label: str = ""  # what the shares are over ("sur les 39 jeunes recrutés")


@dataclass(frozen=True)
class Tile:
    """A headline figure: big number, what it counts, and its share when it has one."""

    value: str
    label: str
    note: str = ""


@dataclass(frozen=True)
class Block:
    kind: str  # "p" or "ul"
    items: list[SafeString]


@dataclass(frozen=True)
class Narrative:
    code: str
    title: str
    blocks: list[Block]


@dataclass(frozen=True)
class BudgetRow:
    code: str
    label: str
    planned: Number
    spent: Number
    planned_text: str
    spent_text: str
    planned_share: float | None  # of the planned total
    planned_share_text: str
    spent_ratio: float | None  # spent over planned (how much of the line was used)
    spent_ratio_text: str


@dataclass
class Report:
    lang: str
    title: str
    project_name: str
    programme: str
    period: str
    period_months: str
    scope_label: str
    scope_kind: str  # project, organisation or cohort
    recruited: int
    generated_on: str
    cofinancing_total: str
    partners: list[dict[str, Any]]
    contacts: list[dict[str, Any]]
    tiles: list[Tile]
    cover_figures: list[Tile]
    recruited_breakdowns: list[Table]
    outcome_table: Table
    dropout_reasons: Table
    professional_project: Table
    positive_exits: Table
    positive_exits_total: int
    narratives_words: list[Narrative]
    narrative_cooperation: Narrative | None
    narrative_objectives: Narrative | None
    narrative_pedagogy: Narrative | None
    cooperations: list[dict[str, Any]]
    phases: list[dict[str, Any]]
    budget_rows: list[BudgetRow] | None
    budget_total: dict[str, Any] | None
    partner_cofinancing: list[dict[str, str]]
    strands: Table
    hours_total: str
    exchanges: Table | None
    exchanges_total: int | None
    exchange_list: list[dict[str, Any]]
    exchange_directions: list[dict[str, Any]]
    events: int
    events_text: str
    charts: dict[str, str] = field(default_factory=dict)

    @property
    def sections(self) -> list[tuple[str, str]]:
        """(anchor, heading) of every section shown, in the report's order."""
        return [(code, title) for code, title in section_titles() if self.has_section(code)]

    @property
    def toc_rows(self) -> int:
        """Rows of the two-column table of contents (filled column by column)."""
        return (len(self.sections) + 1) // 2

    @property
    def titles(self) -> dict[str, str]:
        return {code.replace("-", "_"): title for code, title in section_titles()}

    def has_section(self, code: str) -> bool:
        if code == "exchanges":
            return self.exchanges is not None
        if code == "finance":
            # A cohort's bilan has no budget: money belongs to the project and its partners.
            return self.budget_rows is not None
        if code == "words":
            return bool(self.narratives_words)
        if code == "pedagogy":
            return self.narrative_pedagogy is not None
        if code == "contact":
            return bool(self.contacts)
        if code == "phases":
            return bool(self.phases)
        return True


def section_titles() -> list[tuple[str, str]]:
    """Every section of a bilan, in the order of the published TEEN LAB report."""
    return [
        ("figures", pgettext("bilan section", "Le bilan en chiffres")),
        ("professional-project", pgettext("bilan section", "Projets professionnels")),
        ("positive-exits", pgettext("bilan section", "Sorties positives")),
        ("words", pgettext("bilan section", "Le bilan en quelques mots")),
        ("project", pgettext("bilan section", "Le projet et ses partenaires")),
        ("cooperations", pgettext("bilan section", "Coopérations")),
        ("phases", pgettext("bilan section", "Les phases du projet")),
        ("finance", pgettext("bilan section", "Données financières")),
        ("strands", pgettext("bilan section", "Les trois volets du parcours")),
        ("pedagogy", pgettext("bilan section", "Pédagogie")),
        ("exchanges", pgettext("bilan section", "Quelques chiffres clés des échanges")),
        ("contact", pgettext("bilan section", "Contact")),
    ]


# --- narratives -------------------------------------------------------------------------------

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> SafeString:
    # Escaped first: a narrative is the user's text, never markup; only **bold** is honoured.
    return mark_safe(_BOLD.sub(r"<strong>\1</strong>", escape(text.strip())))


def narrative_blocks(text: str) -> list[Block]:
    """Blank-line-separated paragraphs become ``p``; runs of ``- `` lines become lists."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        kind, lines = "", []  # the block being gathered
        for line in chunk.split("\n"):
            stripped = line.strip()
            if not stripped:
                continue
            if stripped.startswith(("- ", "\u2022 ")):
                if kind == "p":
                    blocks.append(Block("p", [_inline(" ".join(lines))]))
                    lines = []
                kind = "ul"
                lines.append(stripped[2:])
            elif kind == "ul" and line[:1].isspace():
                lines[-1] += " " + stripped  # an indented continuation of the bullet
            else:
                if kind == "ul":
                    blocks.append(Block("ul", [_inline(item) for item in lines]))
                    lines = []
                kind = "p"
                lines.append(stripped)
        if kind == "p":
            blocks.append(Block("p", [_inline(" ".join(lines))]))
        elif kind == "ul":
            blocks.append(Block("ul", [_inline(item) for item in lines]))
    return blocks


def narrative_text(bilan: Bilan, code: str, lang: str) -> str:
    """The narrative in ``lang``, else in French, else in any language it exists in."""
    texts = bilan.narratives.get(code) or {}
    for candidate in (lang, "fr", *sorted(texts)):
        text = (texts.get(candidate) or "").strip()
        if text:
            return text
    return ""


def _narrative(bilan: Bilan, code: str, lang: str, title: str | None = None) -> Narrative | None:
    text = narrative_text(bilan, code, lang)
    if not text:
        return None
    return Narrative(code, title or labels.narrative_section(code), narrative_blocks(text))


# --- figures ----------------------------------------------------------------------------------


def _count(value: Number, lang: str) -> str:
    exact = Decimal(str(value))
    return number_format(value, lang=lang, decimals=0 if exact == exact.to_integral() else 1)


def figure_row(
    code: str, label: str, count: Number, denominator: Number | None, lang: str, level: int = 0
) -> Row:
    share = percent = ""
    if denominator is not None:
        share = share_format(count, denominator, lang=lang)
        percent = percent_format(share_percent(count, denominator), lang=lang)
    return Row(
        code=code,
        label=label,
        count=count,
        denominator=denominator,
        count_text=_count(count, lang),
        share_text=share,
        percent_text=percent,
        level=level,
    )


def _table(
    title: str,
    mapping: Mapping[str, Number],
    *,
    label,
    order=(),
    denominator: Number | None,
    denominator_label: str = "",
    lang: str,
    by_count: bool = False,
) -> Table:
    codes = labels.ordered(mapping, order)
    if by_count:
        codes.sort(key=lambda code: (code == labels.UNKNOWN or code == "other", -mapping[code]))
    rows = [figure_row(code, label(code), mapping[code], denominator, lang) for code in codes]
    return Table(title, rows, denominator_label)


def _partners_sorted(partners: tuple[PartnerInfo, ...]) -> list[PartnerInfo]:
    rank = {role: index for index, role in enumerate(choices.PartnerRole.values)}
    return sorted(partners, key=lambda partner: rank.get(partner.role, len(rank)))


def scope_label(bilan: Bilan) -> str:
    scope = bilan.scope
    if scope.cohort:
        return _("%(project)s · cohorte %(cohort)s") % {
            "project": bilan.project_name,
            "cohort": bilan.cohort_name or scope.cohort,
        }
    if scope.organisation:
        return _("%(project)s · partenaire %(organisation)s") % {
            "project": bilan.project_name,
            "organisation": bilan.organisation_name or scope.organisation,
        }
    return _("Projet %(project)s, tous partenaires") % {"project": bilan.project_name}


def report_build(bilan: Bilan, lang: str, *, with_charts: bool = True) -> Report:
    """Everything the reports show, labelled in the active language ``lang``."""
    lang = lang_resolve(lang)
    figures = bilan.figures
    funnel = figures.funnel
    recruited = funnel.youth_recruited
    completed = funnel.completed
    generated = bilan.generated_at or timezone.now()
    if isinstance(generated, dt.datetime) and timezone.is_aware(generated):
        generated = timezone.localtime(generated)

    threshold = percent_format(indicators.THRESHOLD_PERCENT, lang=lang, decimals=0)
    # Headline tiles, as the published report opens.
    tiles: list[Tile] = []
    if funnel.info_sessions is not None:
        tiles.append(
            Tile(_count(funnel.info_sessions, lang), _("séances d'information collectives"))
        )
    if funnel.youth_received is not None:
        tiles.append(Tile(_count(funnel.youth_received, lang), _("jeunes reçus")))
    received = funnel.youth_received
    tiles.append(
        Tile(
            _count(recruited, lang),
            _("jeunes recrutés"),
            share_format(recruited, received, lang=lang) + " " + _("des jeunes reçus")
            if received
            else "",
        )
    )
    tiles.append(
        Tile(
            _count(completed, lang),
            _("sont allés au bout de la formation"),
            share_format(completed, recruited, lang=lang) + " " + _("des recrutés"),
        )
    )
    tiles.append(
        Tile(
            _count(funnel.completed_with_attendance_80, lang),
            _("avec une assiduité d'au moins %(threshold)s") % {"threshold": threshold},
            share_format(funnel.completed_with_attendance_80, completed, lang=lang)
            + " "
            + _("de ceux qui ont terminé"),
        )
    )
    tiles.append(
        Tile(
            _count(funnel.dropouts, lang),
            _("abandons"),
            share_format(funnel.dropouts, recruited, lang=lang) + " " + _("des recrutés"),
        )
    )

    over_recruited = _("sur les %(count)s jeunes recrutés") % {"count": _count(recruited, lang)}
    breakdowns = [
        _table(
            _("Lieu de résidence"),
            funnel.recruited_by_residence,
            label=labels.residence,
            denominator=recruited,
            denominator_label=over_recruited,
            lang=lang,
            by_count=True,
        ),
        _table(
            _("Âge à l'entrée"),
            funnel.recruited_by_age_band,
            label=labels.age_band,
            order=indicators.AGE_BAND_CODES,
            denominator=recruited,
            denominator_label=over_recruited,
            lang=lang,
        ),
        _table(
            _("Genre"),
            funnel.recruited_by_gender,
            label=labels.gender,
            order=choices.Gender.values,
            denominator=recruited,
            denominator_label=over_recruited,
            lang=lang,
        ),
    ]
    outcome_rows = [
        figure_row("completed", _("Formation terminée"), completed, recruited, lang),
        figure_row(
            "completed_with_attendance_80",
            _("dont assiduité d'au moins %(threshold)s (sur ceux qui ont terminé)")
            % {"threshold": threshold},
            funnel.completed_with_attendance_80,
            completed,
            lang,
            level=1,
        ),
        figure_row("dropouts", _("Abandons"), funnel.dropouts, recruited, lang),
    ]
    if funnel.in_progress:
        outcome_rows.append(
            figure_row(
                "in_progress", _("En cours de formation"), funnel.in_progress, recruited, lang
            )
        )
    outcome_table = Table(_("Parcours des jeunes recrutés"), outcome_rows, over_recruited)
    dropout_reasons = _table(
        _("Motifs d'abandon"),
        funnel.dropouts_by_reason,
        label=labels.dropout_reason,
        order=[*choices.DropoutReason.values, labels.UNKNOWN],
        denominator=funnel.dropouts,
        denominator_label=_("sur les %(count)s abandons")
        % {"count": _count(funnel.dropouts, lang)},
        lang=lang,
    )
    professional = _table(
        _("Projet professionnel à l'issue de la formation"),
        figures.professional_project,
        label=labels.professional_project,
        order=choices.ProfessionalProject.values,
        denominator=recruited,
        denominator_label=over_recruited,
        lang=lang,
    )
    exits = figures.positive_exits
    exits_table = _table(
        _("Sorties positives par catégorie"),
        exits.by_category,
        label=labels.exit_category,
        order=choices.Exit.values,
        denominator=exits.total,
        denominator_label=_("sur les %(count)s sorties positives")
        % {"count": _count(exits.total, lang)},
        lang=lang,
    )

    # The project and its partners.
    partners = []
    for partner in _partners_sorted(bilan.partners):
        partners.append(
            {
                "name": partner.name,
                "role": labels.partner_role(partner.role),
                "is_lead": partner.role == choices.PartnerRole.LEAD_PARTNER,
                "country": labels.country(partner.country),
                "city": partner.city,
                "cofinancing": money_format(partner.cofinancing_eur, lang=lang)
                if partner.cofinancing_eur is not None
                else "",
                "cofinancing_eur": partner.cofinancing_eur,
            }
        )
    contacts = [
        {
            "name": partner.name,
            "city": partner.city,
            "country": labels.country(partner.country),
            "phone": partner.phone,
            "email": partner.email,
            "website": partner.website,
            "website_url": partner.website
            if partner.website.startswith(("http://", "https://"))
            else f"https://{partner.website}",
        }
        for partner in _partners_sorted(bilan.partners)
        if partner.phone or partner.email or partner.website
    ]
    cooperations = [
        {
            "name": cooperation.name,
            "kind": labels.cooperation_kind(cooperation.kind),
            "roles": ", ".join(labels.cooperation_role(role) for role in cooperation.roles),
            "role_list": [labels.cooperation_role(role) for role in cooperation.roles],
            "note": cooperation.note,
        }
        for cooperation in bilan.cooperations
    ]
    phases = [
        {
            "number": phase.number,
            "name": phase.name,
            "period": period_format(phase.start_date, phase.end_date, lang=lang, months=True),
            "start_date": phase.start_date,
            "end_date": phase.end_date,
        }
        for phase in sorted(bilan.phases, key=lambda phase: phase.number)
    ]

    # Money.
    budget = figures.budget
    budget_rows = budget_total = None
    if budget is not None:
        planned_total = budget.planned_total_eur
        spent_total = budget.spent_total_eur
        planned_by = budget.planned_by_category
        spent_by = budget.spent_by_category
        codes = labels.ordered(
            list(planned_by) + [code for code in spent_by if code not in planned_by],
            choices.BudgetCategory.values,
        )
        budget_rows = []
        for code in codes:
            planned = planned_by.get(code, 0)
            spent = spent_by.get(code, 0)
            planned_share = share_percent(planned, planned_total)
            spent_ratio = share_percent(spent, planned)
            budget_rows.append(
                BudgetRow(
                    code=code,
                    label=labels.budget_category(code),
                    planned=planned,
                    spent=spent,
                    planned_text=money_format(planned, lang=lang),
                    spent_text=money_format(spent, lang=lang),
                    planned_share=None if planned_share is None else float(planned_share) / 100,
                    planned_share_text=percent_format(planned_share, lang=lang),
                    spent_ratio=None if spent_ratio is None else float(spent_ratio) / 100,
                    spent_ratio_text=percent_format(spent_ratio, lang=lang),
                )
            )
        spent_ratio_total = share_percent(spent_total, planned_total)
        budget_total = {
            "planned": planned_total,
            "spent": spent_total,
            "planned_text": money_format(planned_total, lang=lang),
            "spent_text": money_format(spent_total, lang=lang),
            "planned_share_text": percent_format(
                share_percent(planned_total, planned_total), lang=lang
            ),
            "spent_ratio": None if spent_ratio_total is None else float(spent_ratio_total) / 100,
            "spent_ratio_text": percent_format(spent_ratio_total, lang=lang),
        }
    partner_cofinancing = [
        {"name": partner["name"], "country": partner["country"], "amount": partner["cofinancing"]}
        for partner in partners
        if partner["cofinancing"]
    ]

    hours = figures.training_hours
    strands = _table(
        _("Heures prévues d'un parcours, par volet"),
        hours,
        label=labels.strand,
        order=choices.Strand.values,
        denominator=None,
        lang=lang,
    )
    hours_total = _count(sum(Decimal(str(value)) for value in hours.values()), lang)

    # Exchanges.
    exchanges = figures.exchanges
    exchanges_table = None
    exchanges_total = None
    if exchanges is not None:
        exchanges_total = exchanges.total
        by_direction = exchanges.by_direction
        by_kind = exchanges.by_direction_and_kind
        rows = []
        for code in _directions(by_direction):
            rows.append(
                figure_row(code, labels.direction(code), by_direction[code], exchanges_total, lang)
            )
            kinds = by_kind.get(code) or {}
            for kind in labels.ordered(kinds, choices.ExchangeKind.values):
                rows.append(
                    figure_row(
                        f"{code}/{kind}", labels.exchange_kind(kind), kinds[kind], None, lang, 1
                    )
                )
        exchanges_table = Table(
            _("Échanges par sens et par type"),
            rows,
            _("sur les %(count)s échanges") % {"count": _count(exchanges_total, lang)},
        )
    exchange_directions = []
    if exchanges_table is not None:
        for row in exchanges_table.rows:
            if row.level == 0:
                exchange_directions.append(
                    {"label": row.label, "count_text": row.count_text, "details": []}
                )
            else:
                exchange_directions[-1]["details"].append((row.count_text, row.label))
    exchange_list = [
        {
            "title": exchange.title,
            "direction": labels.direction(exchange.direction),
            "kind": labels.exchange_kind(exchange.kind),
            "dates": period_format(exchange.start_date, exchange.end_date, lang=lang),
            "start_date": exchange.start_date,
            "end_date": exchange.end_date,
            "place": exchange.place,
            "youth_count": exchange.youth_count,
            "staff_count": exchange.staff_count,
        }
        for exchange in sorted(bilan.exchanges, key=lambda exchange: exchange.start_date)
    ]

    words = [
        narrative
        for narrative in (
            _narrative(bilan, "summary", lang, title=pgettext("narrative", "En résumé")),
            _narrative(bilan, "new_skills", lang),
            _narrative(bilan, "conclusion", lang),
        )
        if narrative
    ]
    cover_figures = [
        Tile(_count(recruited, lang), _("jeunes recrutés")),
        Tile(_count(completed, lang), _("sont allés au bout de la formation")),
        Tile(
            _count(exits.total, lang),
            pgettext("cover", "sorties positives"),
        ),
    ]
    if exchanges_total is not None:
        cover_figures.append(
            Tile(_count(exchanges_total, lang), pgettext("cover", "échanges transfrontaliers"))
        )
    else:
        cover_figures.append(Tile(_count(figures.events, lang), pgettext("cover", "événements")))
    scope_kind = (
        "cohort"
        if bilan.scope.cohort
        else "organisation"
        if bilan.scope.organisation
        else "project"
    )
    report = Report(
        lang=lang,
        title=_("Bilan du projet %(project)s") % {"project": bilan.project_name},
        project_name=bilan.project_name,
        programme=bilan.programme,
        period=period_format(bilan.start_date, bilan.end_date, lang=lang),
        period_months=period_format(bilan.start_date, bilan.end_date, lang=lang, months=True),
        scope_label=scope_label(bilan),
        scope_kind=scope_kind,
        recruited=recruited,
        generated_on=date_format(generated, lang=lang),
        cofinancing_total=money_format(bilan.cofinancing_total_eur, lang=lang)
        if bilan.cofinancing_total_eur is not None
        else "",
        partners=partners,
        contacts=contacts,
        tiles=tiles,
        cover_figures=cover_figures,
        recruited_breakdowns=breakdowns,
        outcome_table=outcome_table,
        dropout_reasons=dropout_reasons,
        professional_project=professional,
        positive_exits=exits_table,
        positive_exits_total=exits.total,
        narratives_words=words,
        narrative_cooperation=_narrative(bilan, "cooperation", lang),
        narrative_objectives=_narrative(bilan, "objectives", lang),
        narrative_pedagogy=_narrative(bilan, "pedagogy", lang),
        cooperations=cooperations,
        phases=phases,
        budget_rows=budget_rows,
        budget_total=budget_total,
        partner_cofinancing=partner_cofinancing,
        strands=strands,
        hours_total=hours_total,
        exchanges=exchanges_table,
        exchanges_total=exchanges_total,
        exchange_list=exchange_list,
        exchange_directions=exchange_directions,
        events=figures.events,
        events_text=_count(figures.events, lang),
    )
    if with_charts:
        report.charts = _charts(report, funnel, lang)
    return report


def _directions(by_direction: Mapping[str, int]) -> list[str]:
    # Country to country first (as recorded), distance exchanges last.
    return sorted(by_direction, key=lambda code: code == choices.REMOTE)


def _note(row: Row) -> str:
    return f"{row.count_text} · {row.share_text}" if row.share_text else row.count_text


def _charts(report: Report, funnel: Funnel, lang: str) -> dict[str, str]:
    result: dict[str, str] = {}
    steps = []
    previous = None
    for value, label in (
        (funnel.youth_received, _("Jeunes reçus")),
        (funnel.youth_recruited, _("Jeunes recrutés")),
        (funnel.completed, _("Formation terminée")),
        (
            funnel.completed_with_attendance_80,
            _("Assiduité ≥ %(threshold)s")
            % {"threshold": percent_format(indicators.THRESHOLD_PERCENT, decimals=0)},
        ),
    ):
        if value is None:
            continue
        note = _count(value, lang)
        if previous:
            note += " · " + share_format(value, previous, lang=lang)
        steps.append(charts.Bar(label, value, note))
        previous = value
    if any(step.value for step in steps):
        result["funnel"] = charts.funnel(
            steps,
            title=_("Du premier accueil à la fin de la formation (part de l'étape précédente)"),
        )
    panels = [
        charts.Panel(
            table.title, [charts.Bar(row.label, row.count, _note(row)) for row in table.rows]
        )
        for table in report.recruited_breakdowns
    ]
    if any(panel.bars for panel in panels):
        result["breakdowns"] = charts.bar_panels(
            panels, name="breakdowns", title=_("Les jeunes recrutés par résidence, âge et genre")
        )
    if report.positive_exits.rows:
        result["exits"] = charts.bar_panels(
            [
                charts.Panel(
                    "",
                    [
                        charts.Bar(row.label, row.count, _note(row))
                        for row in report.positive_exits.rows
                    ],
                )
            ],
            name="exits",
            title=_("Sorties positives par catégorie"),
            colors=(charts.PALETTE[2],),
        )
    if report.budget_rows:
        result["budget"] = charts.grouped_bars(
            [row.label for row in report.budget_rows],
            [
                (
                    pgettext("budget", "Prévu"),
                    [row.planned for row in report.budget_rows],
                    [
                        f"{row.planned_text} · {row.planned_share_text}"
                        for row in report.budget_rows
                    ],
                ),
                (
                    pgettext("budget", "Dépensé"),
                    [row.spent for row in report.budget_rows],
                    [row.spent_text for row in report.budget_rows],
                ),
            ],
            name="budget",
            title=_("Budget par catégorie : prévu et dépensé"),
        )
    if report.exchanges is not None and report.exchanges.rows:
        directions = [row for row in report.exchanges.rows if row.level == 0]
        kinds = labels.ordered(
            dict.fromkeys(
                row.code.split("/", 1)[1] for row in report.exchanges.rows if row.level == 1
            ),
            choices.ExchangeKind.values,
        )
        counts = {row.code: int(row.count) for row in report.exchanges.rows}
        result["exchanges"] = charts.stacked_bars(
            [row.label for row in directions],
            [
                (
                    labels.exchange_kind(kind),
                    [counts.get(f"{row.code}/{kind}", 0) for row in directions],
                )
                for kind in kinds
            ],
            [row.share_text for row in directions],
            name="exchanges",
            title=_("Échanges par sens et par type"),
        )
    return result


__all__ = ["Report", "Row", "Table", "narrative_blocks", "not_applicable", "report_build"]
