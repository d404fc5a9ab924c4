"""The translated label of every code a bilan holds (the reports never show a code).

Enumerations take the labels of :mod:`teenlab.core.choices`; the few codes that are not
enumerations (age bands, residence zones, countries, exchange directions) are named here.
Call inside ``translation.override(lang)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from django.db import models
from django.utils.translation import gettext, pgettext

from teenlab.core import choices
from teenlab.core.choices import AgeBandSet
from teenlab.reporting import indicators

UNKNOWN = "unknown"


def _choice(enum: type[models.TextChoices], code: str) -> str:
    try:
        return str(enum(code).label)
    except ValueError:
        return humanise(code)


def _labels_of(enum: type[models.TextChoices]) -> Callable[[str], str]:
    """The label of a code of ``enum`` (a readable form of the code if ``enum`` lacks it)."""
    return partial(_choice, enum)


def humanise(code: str) -> str:
    """A readable form of a free code (``la_motte-servolex`` → ``La motte servolex``)."""
    text = code.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:] if text else code


gender = _labels_of(choices.Gender)
professional_project = _labels_of(choices.ProfessionalProject)
# TEEN LAB's five categories (the bilan's by_category), and the refined exits (by_exit).
exit_category = _labels_of(choices.PositiveExit)
exit_refined = _labels_of(choices.Exit)
budget_category = _labels_of(choices.BudgetCategory)
strand = _labels_of(choices.Strand)
exchange_kind = _labels_of(choices.ExchangeKind)
partner_role = _labels_of(choices.PartnerRole)
cooperation_kind = _labels_of(choices.CooperationKind)
cooperation_role = _labels_of(choices.CooperationRole)
narrative_section = _labels_of(choices.NarrativeSection)


def age_band(code: str, *, rules: indicators.Rules | None = None) -> str:
    """The label of an age band in the project's set (TEEN LAB's, as its report words them)."""
    rules = rules or indicators.DEFAULT_RULES
    if rules.age_bands != AgeBandSet.TEENLAB:
        return indicators.age_band_label(code, rules=rules)
    names = {
        "minor": pgettext("age band", "Mineurs (moins de 18 ans)"),
        "18-23": pgettext("age band", "18 à 23 ans"),
        "24-26": pgettext("age band", "24 à 26 ans"),
        "other": pgettext("age band", "Plus de 26 ans ou âge inconnu"),
    }
    return names.get(code, code)


def residence(code: str) -> str:
    # Zones are the user's own codes (data-package residence_zones); the usual ones are named,
    # the others shown as written.
    names = {
        "other": pgettext("residence zone", "Autre commune ou commune inconnue"),
        "agglomeration": pgettext("residence zone", "Agglomération"),
        "city": pgettext("residence zone", "Ville"),
        "rural": pgettext("residence zone", "Zone rurale"),
        "chambery": "Chambéry",
    }
    return names.get(code, humanise(code))


def dropout_reason(code: str) -> str:
    if code == UNKNOWN:
        return pgettext("dropout reason", "Raison inconnue")
    return _choice(choices.DropoutReason, code)


def cost_category(code: str) -> str:
    """A programme cost category (« Frais de personnel »); ``unclassified``: « Non classées »."""
    if code == "unclassified":
        return pgettext("programme costs", "Non classées")
    return _choice(choices.CostCategory, code)


def country(code: str, *, after_for: bool = False) -> str:
    """The country's name; ``after_for``: as a sentence names it after « pour » (« pour la
    France », « per la Francia », « for France »)."""
    names = {
        "FR": (pgettext("country", "France"), pgettext("country, after pour", "la France")),
        "IT": (pgettext("country", "Italie"), pgettext("country, after pour", "l'Italie")),
        "CH": (pgettext("country", "Suisse"), pgettext("country, after pour", "la Suisse")),
        "MC": (pgettext("country", "Monaco"), pgettext("country, after pour", "Monaco")),
        "ES": (pgettext("country", "Espagne"), pgettext("country, after pour", "l'Espagne")),
        "DE": (pgettext("country", "Allemagne"), pgettext("country, after pour", "l'Allemagne")),
        "AT": (pgettext("country", "Autriche"), pgettext("country, after pour", "l'Autriche")),
        "BE": (pgettext("country", "Belgique"), pgettext("country, after pour", "la Belgique")),
        "LU": (pgettext("country", "Luxembourg"), pgettext("country, after pour", "le Luxembourg")),
        "SI": (pgettext("country", "Slovénie"), pgettext("country, after pour", "la Slovénie")),
        "PT": (pgettext("country", "Portugal"), pgettext("country, after pour", "le Portugal")),
        "GR": (pgettext("country", "Grèce"), pgettext("country, after pour", "la Grèce")),
        "HR": (pgettext("country", "Croatie"), pgettext("country, after pour", "la Croatie")),
    }
    if code.upper() not in names:
        return code.upper()
    return names[code.upper()][1 if after_for else 0]


def direction(code: str) -> str:
    """``FR-IT`` → ``France → Italie``; ``remote`` → ``À distance``."""
    if code == choices.REMOTE:
        return pgettext("exchange direction", "À distance")
    origin, _, destination = code.partition("-")
    if not destination:
        return country(origin)
    return gettext("%(origin)s → %(destination)s") % {
        "origin": country(origin),
        "destination": country(destination),
    }


def ordered(codes: Iterable[str], order: Iterable[str]) -> list[str]:
    """``codes`` in the canonical ``order``, unknown codes after, in their own order."""
    rank = {code: index for index, code in enumerate(order)}
    present = list(codes)
    return sorted(present, key=lambda code: (rank.get(code, len(rank)), present.index(code)))
