"""``teenlab bilan --format xlsx``: the figures in a workbook, one sheet per section.

Each figure keeps its count, its denominator and its share as real numbers (formatted, not
text), so a spreadsheet user can sort, sum and chart them. Every text is a string cell,
neutralised when it would read as a formula (teenlab.core.spreadsheets). Nothing personal:
organisations, and young people only by their code (the hours each trainee attended), never a
name.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from teenlab.core.spreadsheets import string_cell
from teenlab.reporting.bilan import Bilan, Number
from teenlab.reporting.formatting import lang_resolve
from teenlab.reporting.renderers.base import Renderer
from teenlab.reporting.renderers.report import Report, report_build
from teenlab.reporting.renderers.sections.common import Row, Table, figure_row

PERCENT = "0.0%"
COUNT = "#,##0"
HOURS = "#,##0.##"
MONEY = '#,##0 "€"'
MONEY_CENTS = '#,##0.00 "€"'
# Dates as each language's readers write them by hand (the cell stays a real date).
DATES = {"fr": "dd/mm/yyyy", "it": "dd/mm/yyyy", "en": "d mmm yyyy"}

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1B5E8C")
TOTAL_FONT = Font(bold=True)
TOTAL_BORDER = Border(top=Side(style="thin", color="1D2A35"))
SHEET_NAME_MAX = 31
_FORBIDDEN = set("[]:*?/\\")


def sheet_name(title: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique worksheet name: at most 31 characters, none of ``[]:*?/\\``."""
    clean = "".join("-" if char in _FORBIDDEN else char for char in title).strip("' ")
    clean = clean[:SHEET_NAME_MAX].rstrip() or "Sheet"
    lowered = {name.lower() for name in taken}
    candidate, number = clean, 2
    while candidate.lower() in lowered:
        suffix = f" ({number})"
        candidate = clean[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        number += 1
    return candidate


def _money_format(values: Iterable[Any]) -> str:
    for value in values:
        if value is not None and Decimal(str(value)) != Decimal(str(value)).to_integral():
            return MONEY_CENTS
    return MONEY


def _number(value: Any) -> Any:
    # openpyxl writes Decimals as numbers; keep ints as ints so that equality holds in tests.
    if isinstance(value, Decimal) and value == value.to_integral():
        return int(value)
    return value


class _Sheet:
    """One worksheet laid out as a single table: a header row, then rows; widths fitted."""

    def __init__(self, workbook: Workbook, title: str, headers: Sequence[str]):
        self.sheet: Worksheet = workbook.create_sheet(sheet_name(title, workbook.sheetnames))
        self.headers = list(headers)
        self.widths = [len(header) for header in headers]
        for column, header in enumerate(headers, start=1):
            cell = string_cell(self.sheet.cell(row=1, column=column), header)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        self.sheet.freeze_panes = "A2"
        self.row = 1

    def add(
        self,
        values: Sequence[Any],
        formats: Sequence[str | None] = (),
        *,
        total: bool = False,
        indent: int = 0,
    ) -> None:
        self.row += 1
        for column, value in enumerate(values, start=1):
            cell = self.sheet.cell(row=self.row, column=column)
            if isinstance(value, str):
                # Names, notes, phone numbers… come from the records: never a live formula.
                string_cell(cell, value)
            else:
                cell.value = _number(value)
            number_format = formats[column - 1] if column - 1 < len(formats) else None
            if number_format and value is not None and not isinstance(value, str):
                cell.number_format = number_format
            if column == 1 and indent:
                cell.alignment = Alignment(indent=indent)
            if total:
                cell.font = TOTAL_FONT
                cell.border = TOTAL_BORDER
            shown = _shown_width(value, number_format)
            self.widths[column - 1] = max(self.widths[column - 1], shown + 2 * indent)

    def finish(self) -> None:
        for column, width in enumerate(self.widths, start=1):
            self.sheet.column_dimensions[get_column_letter(column)].width = min(
                max(width + 2, 10), 70
            )
        self.sheet.auto_filter.ref = None


def _shown_width(value: Any, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        text = f"{float(value):,.1f}"
        return len(text) + (2 if number_format and "€" in number_format else 0)
    return max((len(line) for line in str(value).split("\n")), default=0)


def _shares(workbook: Workbook, title: str, tables: Sequence[Table]) -> None:
    """Tables of counts over denominators: Rubrique | Indicator | Count | Out of | Share."""
    sheet = _Sheet(
        workbook,
        title,
        [_("Rubrique"), _("Indicateur"), _("Effectif"), _("Sur (dénominateur)"), _("Part")],
    )
    for table in tables:
        for row in table.rows:
            sheet.add(
                [table.title, row.label, row.count, row.denominator, row.ratio],
                [None, None, COUNT, COUNT, PERCENT],
                indent=row.level,
            )
    sheet.finish()


def _summary(workbook: Workbook, report: Report, bilan: Bilan) -> None:
    sheet = _Sheet(workbook, pgettext("sheet", "Synthèse"), [_("Rubrique"), _("Valeur")])
    rows: list[tuple[str, Any, str | None]] = [
        (_("Projet"), report.project_name, None),
        (_("Programme"), report.programme, None),
        (_("Début"), bilan.start_date, DATES[report.lang]),
        (_("Fin"), bilan.end_date, DATES[report.lang]),
        (_("Périmètre"), report.scope_label, None),
        (_("Généré le"), report.generated_on, None),
    ]
    if bilan.cofinancing_total_eur is not None:
        rows.append(
            (
                _("Cofinancement total"),
                bilan.cofinancing_total_eur,
                _money_format([bilan.cofinancing_total_eur]),
            )
        )
    for label, value, number_format in rows:
        sheet.add([label, value], [None, number_format])
    sheet.finish()


def render_xlsx(bilan: Bilan, lang: str) -> bytes:
    """The workbook of the bilan in ``lang``: sheets, headers and labels translated."""
    lang = lang_resolve(lang)
    with translation.override(lang):
        report = report_build(bilan, lang, with_charts=False)
        workbook = Workbook()
        workbook.remove(workbook.active)
        _summary(workbook, report, bilan)

        figures_tables = [
            Table(
                _("Accueil et recrutement"),
                _funnel_rows(report, bilan),
            ),
            *report.recruited_breakdowns,
            report.outcome_table,
            report.dropout_reasons,
        ]
        _shares(workbook, pgettext("sheet", "Bilan en chiffres"), figures_tables)
        _shares(
            workbook, pgettext("sheet", "Projets professionnels"), [report.professional_project]
        )
        _shares(
            workbook,
            pgettext("sheet", "Sorties positives"),
            [report.positive_exits, *([report.refined_exits] if report.refined_exits else [])],
        )
        examples = _Sheet(
            workbook, pgettext("sheet", "Exemples de sorties"), [_("Catégorie"), _("Exemples")]
        )
        for item in report.exit_examples:
            examples.add([item.row.label, item.examples])
        examples.finish()

        sheet = _Sheet(
            workbook,
            pgettext("sheet", "Partenaires"),
            [
                _("Partenaire"),
                _("Rôle"),
                _("Ville"),
                _("Pays"),
                _("Cofinancement"),
                _("Téléphone"),
                _("Courriel"),
                _("Site"),
            ],
        )
        contacts = {contact["name"]: contact for contact in report.contacts}
        money = _money_format(partner["cofinancing_eur"] for partner in report.partners)
        for partner in report.partners:
            contact = contacts.get(partner["name"], {})
            sheet.add(
                [
                    partner["name"],
                    partner["role"],
                    partner["city"],
                    partner["country"],
                    partner["cofinancing_eur"],
                    contact.get("phone", ""),
                    contact.get("email", ""),
                    contact.get("website", ""),
                ],
                [None, None, None, None, money],
            )
        sheet.finish()

        sheet = _Sheet(
            workbook,
            pgettext("sheet", "Coopérations"),
            [_("Acteur"), _("Type"), _("Rôles"), _("Note")],
        )
        for cooperation in report.cooperations:
            sheet.add(
                [
                    cooperation["name"],
                    cooperation["kind"],
                    cooperation["roles"],
                    cooperation["note"],
                ]
            )
        sheet.finish()

        sheet = _Sheet(
            workbook, pgettext("sheet", "Phases"), [_("N°"), _("Phase"), _("Début"), _("Fin")]
        )
        for phase in report.phases:
            sheet.add(
                [phase["number"], phase["name"], phase["start_date"], phase["end_date"]],
                [None, None, DATES[lang], DATES[lang]],
            )
        sheet.finish()

        if report.budget_rows is not None:
            sheet = _Sheet(
                workbook,
                pgettext("sheet", "Données financières"),
                [
                    _("Catégorie"),
                    pgettext("budget", "Prévu"),
                    _("Part du budget"),
                    pgettext("budget", "Dépensé"),
                    _("Réalisé"),
                ],
            )
            for table in report.budget_tables:
                # Whose budget it is (« Budget TEEN LAB France »), then its categories.
                sheet.add([table.heading], total=True)
                money = _money_format(
                    [row.planned for row in table.rows] + [row.spent for row in table.rows]
                )
                for line in table.rows:
                    sheet.add(
                        [
                            line.label,
                            line.planned,
                            line.planned_share,
                            line.spent,
                            line.spent_ratio,
                        ],
                        [None, money, PERCENT, money, PERCENT],
                        indent=1,
                    )
                total = table.total
                sheet.add(
                    [
                        _("Total"),
                        total["planned"],
                        1 if total["planned"] else None,
                        total["spent"],
                        total["spent_ratio"],
                    ],
                    [None, money, PERCENT, money, PERCENT],
                    total=True,
                )
            if report.budget_missing:
                sheet.add([report.budget_missing])
            sheet.finish()

        sheet = _Sheet(
            workbook, pgettext("sheet", "Volets et heures"), [_("Volet"), _("Heures prévues")]
        )
        for row in report.strands.rows:
            sheet.add([row.label, row.count], [None, HOURS])
        sheet.finish()

        _trainee_hours(workbook, report, bilan)

        if report.exchanges is not None:
            sheet = _Sheet(
                workbook,
                pgettext("sheet", "Échanges"),
                [_("Sens et type"), _("Nombre"), _("Sur (dénominateur)"), _("Part")],
            )
            for row in report.exchanges.rows:
                sheet.add(
                    [row.label, row.count, row.denominator, row.ratio],
                    [None, COUNT, COUNT, PERCENT],
                    indent=row.level,
                )
            sheet.add([_("Total"), report.exchanges_total], [None, COUNT], total=True)
            sheet.add([_("Événements menés par les jeunes"), report.events], [None, COUNT])
            sheet.finish()

            sheet = _Sheet(
                workbook,
                pgettext("sheet", "Liste des échanges"),
                [
                    _("Début"),
                    _("Fin"),
                    _("Échange"),
                    _("Sens"),
                    _("Type"),
                    _("Lieu"),
                    _("Jeunes"),
                    _("Encadrants"),
                ],
            )
            for exchange in report.exchange_list:
                sheet.add(
                    [
                        exchange["start_date"],
                        exchange["end_date"],
                        exchange["title"],
                        exchange["direction"],
                        exchange["kind"],
                        exchange["place"],
                        exchange["youth_count"],
                        exchange["staff_count"],
                    ],
                    [DATES[lang], DATES[lang], None, None, None, None, COUNT, COUNT],
                )
            sheet.finish()

        if report.event_list:
            sheet = _Sheet(
                workbook,
                pgettext("sheet", "Liste des événements"),
                [_("Date"), _("Événement"), _("Association bénéficiaire"), _("Lieu"), _("Jeunes")],
            )
            for event in report.event_list:
                sheet.add(
                    [
                        event["date"],
                        event["title"],
                        event["beneficiary"],
                        event["place"],
                        event["participants"],
                    ],
                    [DATES[lang], None, None, None, COUNT],
                )
            sheet.finish()

        workbook.properties.creator = "teenlab"
        workbook.properties.title = report.title
        workbook.properties.language = lang
        if bilan.generated_at is not None:
            generated = bilan.generated_at.replace(tzinfo=None)
            workbook.properties.created = generated
            workbook.properties.modified = generated
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _hours(minutes: Number) -> float:
    return float(minutes) / 60


def _hours_row(label: str, second: Number | str, scheduled: Number, attended: Number) -> list[Any]:
    """Label, trainees (or the session), hours planned and attended, attendance."""
    rate = float(attended) / float(scheduled) if scheduled else None
    return [label, second, _hours(scheduled), _hours(attended), rate]


def _trainee_hours(workbook: Workbook, report: Report, bilan: Bilan) -> None:
    """The trainee-hours per session and in all, then each trainee's, by the youth's code."""
    trainees = bilan.figures.trainee_hours
    headers = [_("Heures prévues"), _("Heures suivies"), _("Assiduité")]
    sheet = _Sheet(
        workbook,
        pgettext("sheet", "Heures-stagiaires"),
        [_("Session"), _("Stagiaires"), *headers],
    )
    formats = [None, COUNT, HOURS, HOURS, PERCENT]
    for line, row in zip(report.trainee_hours, trainees.by_cohort.values(), strict=True):
        sheet.add(
            _hours_row(
                line.label, row["trainees"], row["scheduled_minutes"], row["attended_minutes"]
            ),
            formats,
        )
    sheet.add(
        _hours_row(
            _("Total"), trainees.trainees, trainees.scheduled_minutes, trainees.attended_minutes
        ),
        formats,
        total=True,
    )
    sheet.finish()

    sheet = _Sheet(
        workbook,
        pgettext("sheet", "Heures par stagiaire"),
        [_("Code du jeune"), _("Session"), *headers],
    )
    if trainees.by_trainee is None:
        raise ValueError("the XLSX lists every trainee: build the bilan with trainees=True")
    for trainee in trainees.by_trainee:
        sheet.add(
            _hours_row(
                trainee.youth, trainee.cohort, trainee.scheduled_minutes, trainee.attended_minutes
            ),
            [None, None, HOURS, HOURS, PERCENT],
        )
    sheet.finish()


def _funnel_rows(report: Report, bilan: Bilan) -> list[Row]:
    funnel = bilan.figures.funnel
    lang = report.lang
    rows = []
    if funnel.info_sessions is not None:
        rows.append(
            figure_row(
                "info_sessions",
                _("Séances d'information collectives"),
                funnel.info_sessions,
                None,
                lang,
            )
        )
    received = funnel.youth_received
    if received is not None:
        rows.append(figure_row("youth_received", _("Jeunes reçus"), received, None, lang))
    rows.append(
        figure_row("youth_recruited", _("Jeunes recrutés"), funnel.youth_recruited, received, lang)
    )
    return rows


class XlsxRenderer(Renderer):
    name = "xlsx"
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    label = gettext_lazy("Classeur XLSX")
    lists_trainees = True

    def render(self, bilan: Bilan, language: str) -> bytes:
        return render_xlsx(bilan, language)
