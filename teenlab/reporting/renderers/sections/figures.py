"""« Le bilan en chiffres »: the headline tiles, who was recruited, how their course ended."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from teenlab.core import choices
from teenlab.reporting import indicators
from teenlab.reporting.bilan import Funnel
from teenlab.reporting.formatting import number_format, percent_format, share_format
from teenlab.reporting.renderers import labels
from teenlab.reporting.renderers.sections.common import (
    Table,
    Tile,
    count_text,
    figure_row,
    mapping_table,
    tile,
)


@dataclass(frozen=True)
class FiguresSection:
    """« Le bilan en chiffres »: tiles, the recruited by residence, age and gender, how
    their course ended, why some left."""

    recruited: int
    tiles: list[Tile]
    recruited_breakdowns: list[Table]
    outcome_table: Table
    dropout_reasons: Table
    attendance_note: str = ""  # what the attended hours rest on (the method note)
    threshold: str = ""  # the project's attendance threshold as labels say it ("80 %")


def threshold_text(lang: str | None = None, *, rules: indicators.Rules | None = None) -> str:
    """The project's attendance threshold as labels say it: ``80 %``."""
    percent = (rules or indicators.DEFAULT_RULES).threshold_percent
    return percent_format(percent, lang=lang, decimals=0)


def over_recruited(funnel: Funnel, lang: str) -> str:
    return _("sur les %(count)s jeunes recrutés") % {
        "count": count_text(funnel.youth_recruited, lang)
    }


def attendance_note(hours: Mapping[str, Decimal], lang: str) -> str:
    """The method note on attendance: how many attended hours rest on the young people's
    signatures, on the trainer's marks and late entries, and on imports (no signature)."""
    if not hours or not any(hours.values()):
        return ""
    total = sum(hours.values(), Decimal(0))
    places = 0 if all(value == value.to_integral_value() for value in hours.values()) else 1

    def number(value: Decimal) -> str:
        return number_format(value, lang=lang, decimals=places)

    return _(
        "Note de méthode : sur %(total)s h de présence, %(signed)s h reposent sur la signature "
        "des jeunes, %(trainer)s h sur un pointage, une saisie tardive ou une correction du "
        "formateur, et %(imported)s h sur des données importées, sans signature."
    ) % {
        "total": number(total),
        "signed": number(hours.get("signatures", Decimal(0))),
        "trainer": number(hours.get("trainer", Decimal(0))),
        "imported": number(hours.get("imports", Decimal(0))),
    }


def figures_section(
    funnel: Funnel,
    lang: str,
    *,
    attended_hours: Mapping[str, Decimal] | None = None,
    rules: indicators.Rules | None = None,
    zone_labels: Mapping[str, str] | None = None,
) -> FiguresSection:
    """``rules``: the project's (threshold, age bands); ``zone_labels``: its zones' labels."""
    threshold = threshold_text(lang, rules=rules)
    return FiguresSection(
        attendance_note=attendance_note(attended_hours or {}, lang),
        threshold=threshold,
        recruited=funnel.youth_recruited,
        tiles=_tiles(funnel, lang, threshold),
        recruited_breakdowns=_breakdowns(funnel, lang, rules=rules, zone_labels=zone_labels or {}),
        outcome_table=_outcomes(funnel, lang, threshold),
        dropout_reasons=mapping_table(
            _("Motifs d'abandon"),
            funnel.dropouts_by_reason,
            label=labels.dropout_reason,
            order=[*choices.DropoutReason.values, labels.UNKNOWN],
            denominator=funnel.dropouts,
            denominator_label=_("sur les %(count)s abandons")
            % {"count": count_text(funnel.dropouts, lang)},
            lang=lang,
        ),
    )


def _tiles(funnel: Funnel, lang: str, threshold: str) -> list[Tile]:
    """The headline tiles, as the published report opens."""
    recruited, completed, received = funnel.youth_recruited, funnel.completed, funnel.youth_received
    tiles: list[Tile] = []
    if funnel.info_sessions is not None:
        tiles.append(tile(funnel.info_sessions, _("séances d'information collectives"), lang))
    if received is not None:
        tiles.append(tile(received, _("jeunes reçus"), lang))
    tiles += [
        tile(
            recruited,
            _("jeunes recrutés"),
            lang,
            share_format(recruited, received, lang=lang) + " " + _("des jeunes reçus")
            if received
            else "",
        ),
        tile(
            completed,
            _("sont allés au bout de la formation"),
            lang,
            share_format(completed, recruited, lang=lang) + " " + _("des recrutés"),
        ),
        tile(
            funnel.completed_with_attendance_80,
            _("avec une assiduité d'au moins %(threshold)s") % {"threshold": threshold},
            lang,
            share_format(funnel.completed_with_attendance_80, completed, lang=lang)
            + " "
            + _("de ceux qui ont terminé"),
        ),
        *(
            [
                tile(
                    funnel.early_positive_exits,
                    _("sorties anticipées positives"),
                    lang,
                    share_format(funnel.early_positive_exits, recruited, lang=lang)
                    + " "
                    + _("des recrutés"),
                )
            ]
            if funnel.early_positive_exits
            else []
        ),
        tile(
            funnel.dropouts,
            _("abandons"),
            lang,
            share_format(funnel.dropouts, recruited, lang=lang) + " " + _("des recrutés"),
        ),
    ]
    return tiles


def _breakdowns(
    funnel: Funnel,
    lang: str,
    *,
    rules: indicators.Rules | None,
    zone_labels: Mapping[str, str],
) -> list[Table]:
    """The recruited by residence (largest first, by the zones' labels), age band (in the
    project's set) and gender."""
    over = over_recruited(funnel, lang)

    def residence(code: str) -> str:
        return zone_labels.get(code) or labels.residence(code)

    def age_band(code: str) -> str:
        return labels.age_band(code, rules=rules)

    return [
        mapping_table(
            title,
            mapping,
            label=label,
            order=order,
            denominator=funnel.youth_recruited,
            denominator_label=over,
            lang=lang,
            by_count=not order,
        )
        for title, mapping, label, order in (
            (_("Lieu de résidence"), funnel.recruited_by_residence, residence, ()),
            (
                _("Âge à l'entrée"),
                funnel.recruited_by_age_band,
                age_band,
                (rules or indicators.DEFAULT_RULES).band_codes,
            ),
            (_("Genre"), funnel.recruited_by_gender, labels.gender, choices.Gender.values),
        )
    ]


def _outcomes(funnel: Funnel, lang: str, threshold: str) -> Table:
    recruited, completed = funnel.youth_recruited, funnel.completed
    rows = [
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
    ]
    if funnel.early_positive_exits:
        rows.append(
            figure_row(
                "early_positive_exits",
                _("Sorties anticipées positives (emploi, apprentissage, formation, études)"),
                funnel.early_positive_exits,
                recruited,
                lang,
            )
        )
    rows.append(figure_row("dropouts", _("Abandons"), funnel.dropouts, recruited, lang))
    if funnel.in_progress:
        rows.append(
            figure_row(
                "in_progress", _("En cours de formation"), funnel.in_progress, recruited, lang
            )
        )
    return Table(_("Parcours des jeunes recrutés"), rows, over_recruited(funnel, lang))
