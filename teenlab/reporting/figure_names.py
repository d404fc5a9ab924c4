"""Figures cited by name inside the bilan's texts: ``{funnel.youth_recruited}``.

A name is the dotted path of a number in the bilan's JSON (docs/indicators.md, "JSON shape"):
``funnel.youth_recruited``, ``training_hours.digital_culture``, ``positive_exits.by_category.work``,
``budget.planned_total_eur``, ``events``… plus the few names of :data:`EXTRA_NAMES`
(``cohorts.count``). A code that a breakdown does not list reads 0, as in the JSON. The text is
filled when the report is rendered, in the report's language and number format
(:mod:`teenlab.reporting.formatting`): ``{name:words}`` writes a whole number in words
(``deux``, ``due``, ``two``, by the num2words library). ``{{`` and ``}}`` write a literal brace.

A name that does not exist, or a lone brace, is an error (:func:`text_errors`): the editor and the
data package's import refuse the text, so an unknown name is never printed; should one reach a
report all the same, it prints as a dash.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from num2words import num2words

from teenlab.reporting.bilan import Bilan, Figures
from teenlab.reporting.formatting import lang_resolve, money_format, number_format

# ``{{``, ``}}``, a ``{name}`` or ``{name:format}``, or a lone brace (an error).
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")
_NAME = re.compile(r"^\s*([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*)\s*(?::\s*(\w+)\s*)?$")
FORMATS = ("words",)
MISSING = "\u2014"  # what a figure the scope lacks (the budget of a cohort) prints

# Names beyond the JSON's paths: (bilan) -> number.
EXTRA_NAMES: dict[str, Callable[[Bilan], int]] = {
    # The sessions in scope (« deux sessions de formation »).
    "cohorts.count": lambda bilan: bilan.cohorts_in_scope,
}
# Paths that are not citable: lists and per-session tables (their codes change).
_SKIPPED = ("scope", "trainee_hours.by_cohort", "trainee_hours.by_trainee")


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    value: str  # formatted in the report's language


def _numbers(value: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    """Every (dotted path, number) under ``value``, in the JSON's order."""
    if prefix in _SKIPPED:
        return
    if is_dataclass(value) and not isinstance(value, type):
        items: Any = ((item.name, getattr(value, item.name)) for item in fields(value))
    elif isinstance(value, Mapping):
        items = value.items()
    else:
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            yield prefix, value
        return
    for key, item in items:
        yield from _numbers(item, f"{prefix}.{key}" if prefix else str(key))


def _template_figures() -> Figures:
    """Figures with every group present (no scope lacks any): what names are checked against."""
    empty_hours = {
        "trainees": 0,
        "scheduled_minutes": 0,
        "attended_minutes": 0,
        "attended_hours": 0,
        "by_cohort": {},
        "by_trainee": [],
    }
    return Figures.from_json(
        {
            "scope": {"project": ""},
            "funnel": {
                "info_sessions": 0,
                "youth_received": 0,
                "youth_recruited": 0,
                "recruited_by_residence": {},
                "recruited_by_age_band": {},
                "recruited_by_gender": {},
                "completed": 0,
                "completed_with_attendance_80": 0,
                "early_positive_exits": 0,
                "dropouts": 0,
                "in_progress": 0,
                "dropouts_by_reason": {},
            },
            "professional_project": {"yes": 0, "no": 0, "unknown": 0},
            "positive_exits": {"total": 0, "by_category": {}, "by_exit": {}},
            "exchanges": {"total": 0, "by_direction": {}, "by_direction_and_kind": {}},
            "events": 0,
            "training_hours": {},
            "trainee_hours": empty_hours,
            "budget": {
                "planned_total_eur": 0,
                "planned_by_category": {},
                "spent_total_eur": 0,
                "spent_by_category": {},
            },
        }
    )


_TEMPLATE = _template_figures()


def name_exists(name: str) -> bool:
    """Whether ``name`` is a figure of every bilan (a code of a breakdown included)."""
    if name in EXTRA_NAMES:
        return True
    path = tuple(name.split("."))
    if any(name == skipped or name.startswith(skipped + ".") for skipped in _SKIPPED):
        return False
    try:
        _TEMPLATE.figure(*path)
    except KeyError:
        return False
    return True


def text_errors(text: str) -> list[str]:
    """What is wrong with the figures cited in ``text`` (translated), empty when nothing."""
    errors: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            errors.append(
                _("Accolade seule « %(brace)s » : écrivez-la deux fois (%(double)s).")
                % {"brace": token, "double": token * 2}
            )
            continue
        parsed = _NAME.match(match.group(1))
        if parsed is None or not name_exists(parsed.group(1)):
            errors.append(_("Chiffre inconnu : %(token)s.") % {"token": token})
        elif parsed.group(2) and parsed.group(2) not in FORMATS:
            errors.append(
                _("Format inconnu dans %(token)s (seul « :words » existe).") % {"token": token}
            )
    return list(dict.fromkeys(errors))


def figure_value(bilan: Bilan, name: str) -> int | Decimal | None:
    """The number ``name`` cites in ``bilan`` (None: the scope has no such figure)."""
    if name in EXTRA_NAMES:
        return EXTRA_NAMES[name](bilan)
    return bilan.figure(*name.split("."))


def _decimals(value: int | Decimal) -> int:
    if isinstance(value, int):
        return 0
    exponent = value.normalize().as_tuple().exponent
    return min(2, max(0, -exponent)) if isinstance(exponent, int) else 0


def figure_format(name: str, value: int | Decimal | None, *, lang: str, style: str = "") -> str:
    """``value`` as the report in ``lang`` prints it."""
    if value is None:
        return MISSING
    if style == "words" and value == int(value):
        return num2words(int(value), lang=lang_resolve(lang))
    if name.endswith("_eur"):
        return money_format(value, lang=lang)
    return number_format(value, lang=lang, decimals=_decimals(value))


def fill(text: str, bilan: Bilan, lang: str) -> str:
    """``text`` with each ``{name}`` replaced by its figure in ``bilan``, in ``lang``."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        parsed = _NAME.match(match.group(1) or "")
        if parsed is None or not name_exists(parsed.group(1)):
            return MISSING
        name = parsed.group(1)
        try:
            value = figure_value(bilan, name)
        except KeyError:
            return MISSING
        return figure_format(name, value, lang=lang, style=parsed.group(2) or "")

    return _TOKEN.sub(replace, text)


def catalogue(bilan: Bilan, lang: str) -> list[CatalogueEntry]:
    """Every name a text can cite, with its value in ``bilan`` (formatted in ``lang``)."""
    entries = [
        (name, value)
        for name, value in _numbers(bilan.figures, "")
        if name_exists(name) and name.count(".") < 3
    ]
    entries += [(name, compute(bilan)) for name, compute in EXTRA_NAMES.items()]
    return [
        CatalogueEntry(name, figure_format(name, value, lang=lang))
        for name, value in sorted(entries, key=lambda entry: entry[0])
    ]
