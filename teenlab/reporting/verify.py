"""Check a published report against the records: ``teenlab verify PUBLISHED.yaml``.

The published report is a YAML file in the shape of ``published-figures.yaml`` (docs/verify.md):
the keys of the bilan's JSON, each figure as printed. A plain number is a count (euros for
money); a mapping gives what was printed of one figure: ``count``, ``percent`` (its share over
the denominator of spec/indicators.md, with the publication's rounding) and ``amount_eur``.
``about`` is context and is not compared.

A percentage matches when the computed share, rounded to as many decimals as the publication
printed (``65`` → 0, ``9.4`` → 1), equals it, by either convention of
teenlab/reporting/formatting.py: plain rounding (half up) or, for a share among siblings that add
up to their denominator (the budget's categories, the professional projects…), the
largest-remainder method that makes a table's shares sum to 100 %. The verification says which
convention it recognised. Shares are exact fractions, so no binary rounding can tip them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenlab.core.choices import (
    POSITIVE_EXITS,
    BudgetCategory,
    DropoutReason,
    Gender,
    PositiveExit,
    ProfessionalProject,
    Strand,
)
from teenlab.reporting import explain
from teenlab.reporting.bilan import Bilan, denominator_of
from teenlab.reporting.explain import Explanation
from teenlab.reporting.formatting import largest_remainder, percent_round
from teenlab.reporting.indicators import ALL_AGE_BAND_CODES

# The two conventions a printed percentage may follow (teenlab/reporting/formatting.py).
PLAIN = "plain"
LARGEST_REMAINDER = "largest_remainder"

MAX_BYTES = 1024 * 1024
CONTEXT_KEYS = {"about"}
FIGURE_KEYS = ("count", "percent", "amount_eur")

# The figures a published report may print: a node is a dict of its known keys (``ANY`` for
# codes the user chooses, such as residence zones), and a leaf is ``LEAF``.
LEAF = "leaf"
ANY = "*"


TRAINEE_HOURS_KEYS = ("trainees", "scheduled_minutes", "attended_minutes", "attended_hours")


def _leaves(codes) -> dict[str, str]:
    return dict.fromkeys(codes, LEAF)


SCHEMA: dict[str, Any] = {
    "funnel": {
        "info_sessions": LEAF,
        "youth_received": LEAF,
        "youth_recruited": LEAF,
        "recruited_by_residence": {ANY: LEAF},
        "recruited_by_age_band": _leaves(ALL_AGE_BAND_CODES),
        "recruited_by_gender": _leaves(Gender.values),
        "completed": LEAF,
        "completed_with_attendance_80": LEAF,
        # teenlab's own key (docs/indicators.md, "Early positive exits").
        "early_positive_exits": LEAF,
        "dropouts": LEAF,
        "in_progress": LEAF,
        "dropouts_by_reason": _leaves([*DropoutReason.values, "unknown"]),
    },
    "professional_project": _leaves(ProfessionalProject.values),
    "positive_exits": {
        "total": LEAF,
        "by_category": _leaves(PositiveExit.values),
        # teenlab's own key: the refined exits (docs/indicators.md, "Exit categories").
        "by_exit": _leaves([str(code) for code in POSITIVE_EXITS]),
    },
    "exchanges": {
        "total": LEAF,
        "by_direction": {ANY: LEAF},
        "by_direction_and_kind": {ANY: {ANY: LEAF}},
    },
    "events": LEAF,
    "training_hours": _leaves(Strand.values),
    # teenlab's own key (docs/indicators.md, "Trainee-hours"): the BPF's heures-stagiaires.
    "trainee_hours": {
        **_leaves(TRAINEE_HOURS_KEYS),
        "by_cohort": {ANY: _leaves(TRAINEE_HOURS_KEYS)},
    },
    "budget": {
        "planned_total_eur": LEAF,
        "planned_by_category": _leaves(BudgetCategory.values),
        "spent_total_eur": LEAF,
        "spent_by_category": _leaves(BudgetCategory.values),
    },
}


class PublishedReportError(Exception):
    """The published report cannot be read: the message (translated) says why and where."""


@dataclass(frozen=True)
class Mismatch:
    """One printed value the records do not give."""

    path: tuple[str, ...]
    kind: str  # "count", "percent" or "amount_eur"
    published: int | Decimal
    computed: int | Decimal | None  # None: the scope has no such figure, or the share is 0/0
    count: int | Decimal | None = None  # the share's count and denominator (percent only)
    denominator: int | Decimal | None = None
    # For a percentage: False when no whole count out of the denominator rounds to it.
    reachable: bool | None = None
    # The usual causes that fit (teenlab/reporting/explain.py), the retained one first.
    explanations: tuple[Explanation, ...] = ()

    @property
    def key(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True)
class Recognition:
    """A printed percentage the records give, and by which rounding convention."""

    path: tuple[str, ...]
    published: int | Decimal
    convention: str  # PLAIN, or LARGEST_REMAINDER when plain rounding does not give it
    plain: Decimal  # what plain rounding gives

    @property
    def key(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True)
class Verification:
    checked: int
    mismatches: tuple[Mismatch, ...]
    recognised: tuple[Recognition, ...] = ()

    @property
    def by_largest_remainder(self) -> tuple[Recognition, ...]:
        """The percentages only the largest-remainder method gives."""
        return tuple(r for r in self.recognised if r.convention == LARGEST_REMAINDER)

    @property
    def ok(self) -> bool:
        return not self.mismatches


# --- reading -----------------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """Safe YAML whose decimals stay as printed (``9.4`` is Decimal('9.4'), one decimal)."""


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except ArithmeticError:
        return Decimal("NaN")


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)


def published_load(path: str | Path) -> dict[str, Any]:
    """The published report at ``path``, checked against the shape docs/verify.md describes."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise PublishedReportError(
                _("%(path)s est trop gros pour un rapport publié (plus de 1 Mo).") % {"path": path}
            )
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PublishedReportError(_("Fichier introuvable : %(path)s") % {"path": path}) from None
    except IsADirectoryError:
        raise PublishedReportError(
            _("%(path)s est un dossier, pas un fichier YAML.") % {"path": path}
        ) from None
    except UnicodeDecodeError:
        raise PublishedReportError(
            _("%(path)s n'est pas un texte UTF-8 : un fichier YAML est attendu.") % {"path": path}
        ) from None
    except OSError as error:
        raise PublishedReportError(
            _("Impossible de lire %(path)s : %(error)s")
            % {"path": path, "error": error.strerror or error}
        ) from None
    return published_parse(text)


def published_parse(text: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = (
            _(" (ligne %(line)s, colonne %(column)s)")
            % {"line": mark.line + 1, "column": mark.column + 1}
            if mark is not None
            else ""
        )
        raise PublishedReportError(
            _("Ce fichier n'est pas du YAML valide%(where)s : %(problem)s")
            % {"where": where, "problem": getattr(error, "problem", None) or error}
        ) from None
    if not isinstance(data, dict):
        raise PublishedReportError(
            _(
                "Un rapport publié est un dictionnaire YAML dont les clés sont celles du bilan "
                "(funnel, professional_project, positive_exits…)."
            )
        )
    errors: list[str] = []
    _check(data, SCHEMA, (), errors, top=True)
    if errors:
        raise PublishedReportError("\n".join(errors))
    return data


def _key(key: Any) -> str:
    # YAML 1.1 reads an unquoted yes/no as a boolean; here they are professional_project codes.
    if key is True:
        return "yes"
    if key is False:
        return "no"
    return str(key)


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, int | Decimal)
        and not isinstance(value, bool)
        and (not isinstance(value, Decimal) or value.is_finite())
    )


def _check(data: dict, schema: dict, path: tuple[str, ...], errors: list[str], top=False) -> None:
    for raw_key, value in data.items():
        key = _key(raw_key)
        here = (*path, key)
        dotted = ".".join(here)
        if top and key in CONTEXT_KEYS:
            continue
        node = schema.get(key, schema.get(ANY))
        if node is None:
            errors.append(
                _("Clé inconnue : %(key)s (clés possibles ici : %(known)s).")
                % {"key": dotted, "known": ", ".join(k for k in schema if k != ANY) or "…"}
            )
        elif node == LEAF:
            _check_leaf(value, dotted, errors)
        elif isinstance(value, dict):
            _check(value, node, here, errors)
        else:
            errors.append(
                _("%(key)s : un dictionnaire est attendu, pas « %(value)s ».")
                % {"key": dotted, "value": value}
            )


def _check_leaf(value: Any, dotted: str, errors: list[str]) -> None:
    if _is_number(value):
        if value < 0:
            errors.append(
                _("%(key)s : nombre négatif (%(value)s).") % {"key": dotted, "value": value}
            )
        return
    if isinstance(value, dict) and value:
        for name, item in value.items():
            if name not in FIGURE_KEYS:
                errors.append(
                    _("Clé inconnue : %(key)s (clés possibles ici : %(known)s).")
                    % {"key": f"{dotted}.{name}", "known": ", ".join(FIGURE_KEYS)}
                )
            elif not _is_number(item) or item < 0:
                errors.append(
                    _("%(key)s : un nombre positif est attendu, pas « %(value)s ».")
                    % {"key": f"{dotted}.{name}", "value": item}
                )
        return
    errors.append(
        _(
            "%(key)s : un nombre, ou un dictionnaire de count, percent et amount_eur, "
            "est attendu, pas « %(value)s »."
        )
        % {"key": dotted, "value": value}
    )


# --- comparing ---------------------------------------------------------------------------------


def published_verify(*, published: dict[str, Any], bilan: Bilan) -> Verification:
    """Every published figure (except ``about``) compared with the bilan's."""
    mismatches: list[Mismatch] = []
    recognised: list[Recognition] = []
    checked = 0
    for path, value in _walk(published, SCHEMA, ()):
        printed = value if isinstance(value, dict) else {"count": value}
        for kind, number in printed.items():
            checked += 1
            mismatch: Mismatch | None
            if kind == "percent":
                outcome = _percent_check(bilan, path, number)
                if isinstance(outcome, Recognition):
                    recognised.append(outcome)
                    continue
                mismatch = outcome
            else:
                mismatch = _value_mismatch(bilan, path, kind, number)
            if mismatch is not None:
                mismatches.append(mismatch)
    mismatches = [
        replace(mismatch, explanations=mismatch_explain(mismatch, published=published, bilan=bilan))
        for mismatch in mismatches
    ]
    return Verification(checked=checked, mismatches=tuple(mismatches), recognised=tuple(recognised))


def _walk(data: dict, schema: dict, path: tuple[str, ...]):
    for raw_key, value in data.items():
        key = _key(raw_key)
        if not path and key in CONTEXT_KEYS:
            continue
        node: Any = schema.get(key, schema.get(ANY))  # published_parse checked the shape
        if node == LEAF:
            yield (*path, key), value
        else:
            yield from _walk(value, node or {}, (*path, key))


def _value_mismatch(bilan: Bilan, path, kind: str, published) -> Mismatch | None:
    computed = bilan.figure(*path)
    if computed is not None and Decimal(computed) == Decimal(published):
        return None
    return Mismatch(path=path, kind=kind, published=published, computed=computed)


def _percent_check(bilan: Bilan, path, published: int | Decimal) -> Recognition | Mismatch:
    places = _places(published)
    try:
        share = bilan.share(*path)
    except KeyError:
        share = None
    computed = None
    if share is not None:
        computed = percent_round(share.count, share.denominator, decimals=places)
    if share is not None and computed is not None:
        if computed == Decimal(published):
            return Recognition(path=path, published=published, convention=PLAIN, plain=computed)
        if _largest_remainder_share(bilan, path, share.denominator, places) == Decimal(published):
            return Recognition(
                path=path, published=published, convention=LARGEST_REMAINDER, plain=computed
            )
    count = None if share is None else share.count
    denominator = None if share is None else share.denominator
    reachable = None
    if isinstance(denominator, int) and denominator > 0:
        reachable = _whole_count_gives(Decimal(published), places, denominator)
    return Mismatch(
        path=path,
        kind="percent",
        published=published,
        computed=computed,
        count=count,
        denominator=denominator,
        reachable=reachable,
    )


def _largest_remainder_share(
    bilan: Bilan, path, denominator: int | Decimal, places: int
) -> Decimal | None:
    """The share at ``path`` as the largest-remainder method rounds it among its siblings (the
    other keys of its mapping), when they add up to its denominator (a table summing to
    100 %); None otherwise."""
    siblings = bilan.breakdown(*path[:-1])
    if siblings is None:
        return None
    if sum(siblings.values()) != denominator:
        return None
    codes = list(siblings)
    if path[-1] not in siblings:
        return Decimal(0).scaleb(-places)  # a key the mapping does not list counts 0
    shares = largest_remainder([siblings[code] for code in codes], decimals=places)
    return shares[codes.index(path[-1])]


def _whole_count_gives(percent: Decimal, places: int, denominator: int) -> bool:
    """Whether some whole k in 0..denominator has k/denominator rounding to ``percent``: only
    the k within half a printed unit of it can, a handful whatever the denominator."""
    half_unit = Fraction(1, 2 * 10**places)
    low = (Fraction(percent) - half_unit) * denominator / 100
    high = (Fraction(percent) + half_unit) * denominator / 100
    first = max(0, math.floor(low))
    last = min(denominator, math.ceil(high))
    return any(
        percent_round(k, denominator, decimals=places) == percent for k in range(first, last + 1)
    )


_places = explain.places_of


# --- why: the usual causes (teenlab/reporting/explain.py) ---------------------------------------

# The populations a share may have been counted over by mistake, in the order they are tried:
# the bilan's counts of people or records (docs/verify.md, "Why a figure differs").
CANDIDATE_DENOMINATORS = (
    ("funnel", "youth_received"),
    ("funnel", "youth_recruited"),
    ("trainee_hours", "trainees"),
    ("funnel", "completed"),
    ("funnel", "completed_with_attendance_80"),
    ("positive_exits", "total"),
    ("funnel", "dropouts"),
    ("exchanges", "total"),
)

# A total and the breakdown that makes it up.
PARTS_OF: dict[tuple[str, ...], tuple[str, ...]] = {
    ("positive_exits", "total"): ("positive_exits", "by_category"),
    ("exchanges", "total"): ("exchanges", "by_direction"),
    ("budget", "planned_total_eur"): ("budget", "planned_by_category"),
    ("budget", "spent_total_eur"): ("budget", "spent_by_category"),
}
TOTAL_OF = {parts: total for total, parts in PARTS_OF.items()}


def published_at(published: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = published
    for key in path:
        if not isinstance(node, dict):
            return None
        node = {_key(raw): value for raw, value in node.items()}.get(key)
    return node


def published_printed(published: dict[str, Any], path: tuple[str, ...], kind: str) -> dict:
    """``{code: value}`` of what was printed as ``kind`` under the mapping at ``path``."""
    node = published_at(published, path)
    if not isinstance(node, dict):
        return {}
    printed = {}
    for raw, value in node.items():
        figure = value if isinstance(value, dict) else {"count": value}
        if kind in figure:
            printed[_key(raw)] = figure[kind]
    return printed


def mismatch_explain(
    mismatch: Mismatch, *, published: dict[str, Any], bilan: Bilan
) -> tuple[Explanation, ...]:
    """Every usual cause that fits ``mismatch``, the retained one first."""
    if mismatch.kind == "percent":
        return _percent_explain(mismatch, published=published, bilan=bilan)
    return _value_explain(mismatch, published=published, bilan=bilan)


def _percent_explain(
    mismatch: Mismatch, *, published: dict[str, Any], bilan: Bilan
) -> tuple[Explanation, ...]:
    if mismatch.denominator is None or mismatch.count is None:
        return ()
    parent, code = mismatch.path[:-1], mismatch.path[-1]
    places = _places(mismatch.published)
    group = published_printed(published, parent, "percent") or {code: mismatch.published}
    counts: dict[str, Any] = {}
    for sibling in group:
        try:
            counts[sibling] = bilan.share(*parent, sibling).count
        except KeyError:
            counts[sibling] = 0
    denominator = mismatch.denominator
    recorded_key = ".".join(_denominator_path(mismatch.path))

    def dropped() -> Explanation | None:
        expected = mismatch.computed
        if expected is None or not explain.digit_dropped(
            published=mismatch.published, expected=expected, places=places
        ):
            return None
        return Explanation(
            explain.DIGIT_DROPPED,
            {"expected": expected, "count": mismatch.count, "denominator": denominator},
        )

    def other_denominator() -> Explanation | None:
        candidates = {
            ".".join(path): size
            for path in CANDIDATE_DENOMINATORS
            if ".".join(path) != recorded_key and (size := bilan.figure(*path)) is not None
        }
        found = explain.other_denominator(
            published=group, counts=counts, denominator=denominator, candidates=candidates
        )
        if found is None:
            return None
        name, size, implied = found
        exact = all(Fraction(group[code]) * size / 100 == implied[code] for code in group)
        return Explanation(
            explain.OTHER_DENOMINATOR,
            {
                "exact": exact,
                "published": group,
                "counts": implied,
                "denominator_key": name,
                "denominator": size,
                "recorded_key": recorded_key,
                "recorded": denominator,
            },
        )

    def rounding() -> Explanation | None:
        mode = explain.other_rounding(published=group, counts=counts, denominator=denominator)
        if mode is None:
            return None
        return Explanation(explain.OTHER_ROUNDING, {"rounding": mode, "published": group})

    def before_summing() -> Explanation | None:
        parts = bilan.breakdown(*PARTS_OF.get(mismatch.path, ()))
        if not parts or not denominator:
            return None
        shares = [explain.percent(value, denominator) for value in parts.values()]
        if not explain.rounded_before_summing(
            published=mismatch.published, parts=shares, places=places
        ):
            return None
        return Explanation(explain.ROUNDED_BEFORE_SUMMING, {"parts": len(shares)})

    def does_not_add_up() -> Explanation | None:
        table = bilan.breakdown(*parent) or {}
        if len(group) < 2 or not set(table) <= set(group):
            return None
        unit = Decimal(1).scaleb(-max(_places(value) for value in group.values()))
        missed = explain.sum_mismatch(parts=group, total=100, tolerance=unit * len(group) / 2)
        if missed is None:
            return None
        return Explanation(
            explain.SUM_MISMATCH, {"sum": missed + 100, "total": 100, "percent": True}
        )

    return explain.explanations_collect(
        [dropped, other_denominator, rounding, before_summing, does_not_add_up]
    )


def _value_explain(
    mismatch: Mismatch, *, published: dict[str, Any], bilan: Bilan
) -> tuple[Explanation, ...]:
    if mismatch.computed is None:
        return ()
    places = _places(mismatch.published)

    def dropped() -> Explanation | None:
        if not explain.digit_dropped(
            published=mismatch.published, expected=mismatch.computed or 0, places=places
        ):
            return None
        return Explanation(explain.DIGIT_DROPPED, {"expected": mismatch.computed})

    def before_summing() -> Explanation | None:
        parts = bilan.breakdown(*PARTS_OF.get(mismatch.path, ()))
        if not parts or not explain.rounded_before_summing(
            published=mismatch.published, parts=list(parts.values()), places=places
        ):
            return None
        return Explanation(explain.ROUNDED_BEFORE_SUMMING, {"parts": len(parts)})

    def does_not_add_up() -> Explanation | None:
        # The printed parts against the printed total (or the records' when none was printed).
        if mismatch.path in PARTS_OF:
            total_path, parts_path = mismatch.path, PARTS_OF[mismatch.path]
        elif mismatch.path[:-1] in TOTAL_OF:
            total_path, parts_path = TOTAL_OF[mismatch.path[:-1]], mismatch.path[:-1]
        else:
            return None
        parts = published_printed(published, parts_path, mismatch.kind)
        printed_total = published_printed(published, total_path[:-1], mismatch.kind).get(
            total_path[-1]
        )
        total = printed_total if printed_total is not None else bilan.figure(*total_path)
        if len(parts) < 2 or total is None:
            return None
        missed = explain.sum_mismatch(parts=parts, total=total)
        if missed is None:
            return None
        return Explanation(explain.SUM_MISMATCH, {"sum": missed + Decimal(total), "total": total})

    return explain.explanations_collect([dropped, before_summing, does_not_add_up])


def _denominator_path(path: tuple[str, ...]) -> tuple[str, ...]:
    return denominator_of(path) or ()


# --- saying it ---------------------------------------------------------------------------------

SEPARATORS = {"fr": (",", " "), "it": (",", "."), "en": (".", ",")}


def number_text(value: int | Decimal, lang: str, places: int | None = None) -> str:
    """``130 000`` / ``130.000`` / ``130,000``; ``37,1`` / ``37.1`` (command-line output)."""
    decimal_mark, group = SEPARATORS.get(lang, SEPARATORS["fr"])
    value = Decimal(value)
    if places is None:
        places = 0 if value == value.to_integral_value() else 2
    text = f"{value:,.{places}f}"
    return text.replace(",", "\0").replace(".", decimal_mark).replace("\0", group)


def percent_text(value: int | Decimal, lang: str, places: int) -> str:
    number = number_text(value, lang, places)
    return f"{number} %" if lang == "fr" else f"{number}%"


def recognition_message(recognition: Recognition, lang: str) -> str:
    """One line for a percentage only the largest-remainder method gives."""
    places = _places(recognition.published)
    return _(
        "%(key)s : publié %(published)s, reconnu par la méthode du plus fort reste "
        "(arrondi simple : %(plain)s)"
    ) % {
        "key": recognition.key,
        "published": percent_text(recognition.published, lang, places),
        "plain": percent_text(recognition.plain, lang, places),
    }


def mismatch_message(mismatch: Mismatch, lang: str) -> str:
    """One line: the figure, what was published and what the records give, with the counts."""
    if mismatch.kind == "percent":
        places = _places(mismatch.published)
        published = percent_text(mismatch.published, lang, places)
        computed = (
            _("sans objet")
            if mismatch.computed is None
            else percent_text(mismatch.computed, lang, places)
        )
        if mismatch.count is not None and mismatch.denominator is not None:
            count = number_text(mismatch.count, lang)
            computed += f" ({count}/{number_text(mismatch.denominator, lang)})"
        text = _("%(key)s : publié %(published)s, calculé %(computed)s") % {
            "key": mismatch.key,
            "published": published,
            "computed": computed,
        }
        if mismatch.reachable is False and mismatch.denominator is not None:
            text += _(" ; aucun nombre entier sur %(denominator)s ne donne %(published)s") % {
                "denominator": number_text(mismatch.denominator, lang),
                "published": published,
            }
        return text
    unit = " €" if mismatch.kind == "amount_eur" or mismatch.path[0] == "budget" else ""
    computed = (
        _("sans objet (absent de ce périmètre)")
        if mismatch.computed is None
        else number_text(mismatch.computed, lang) + unit
    )
    return _("%(key)s : publié %(published)s, calculé %(computed)s") % {
        "key": mismatch.key,
        "published": number_text(mismatch.published, lang) + unit,
        "computed": computed,
    }


# What each population is, in the explanation of a wrong denominator.
POPULATION_LABELS = {
    "funnel.youth_received": gettext_lazy("jeunes accueillis"),
    "funnel.youth_recruited": gettext_lazy("jeunes recrutés"),
    "trainee_hours.trainees": gettext_lazy("inscriptions"),
    "funnel.completed": gettext_lazy("jeunes allés au bout"),
    "funnel.completed_with_attendance_80": gettext_lazy("jeunes présents à 80 %"),
    "positive_exits.total": gettext_lazy("sorties positives"),
    "funnel.dropouts": gettext_lazy("abandons"),
    "exchanges.total": gettext_lazy("échanges"),
}
ROUNDING_LABELS = {
    "floor": gettext_lazy("par défaut (troncature)"),
    "ceiling": gettext_lazy("par excès"),
    "half_even": gettext_lazy("au pair le plus proche"),
}
CAUSE_LABELS = {
    explain.DIGIT_DROPPED: gettext_lazy("un chiffre oublié"),
    explain.OTHER_DENOMINATOR: gettext_lazy("un autre dénominateur"),
    explain.OTHER_ROUNDING: gettext_lazy("un autre arrondi"),
    explain.ROUNDED_BEFORE_SUMMING: gettext_lazy("un arrondi avant la somme"),
    explain.SUM_MISMATCH: gettext_lazy("une somme qui ne tombe pas juste"),
}


def _percents_text(values, lang: str) -> str:
    """``65 / 25 / 10 %``: the shares of a table, one unit at the end."""
    numbers = [number_text(value, lang, _places(value)) for value in values]
    return " / ".join(numbers) + (" %" if lang == "fr" else "%")


def explanation_message(explanation: Explanation, mismatch: Mismatch, lang: str) -> str:
    """The cause and its evidence, in one sentence."""
    details = explanation.details
    places = _places(mismatch.published)
    cause = str(CAUSE_LABELS[explanation.cause])
    if explanation.cause == explain.DIGIT_DROPPED:
        if mismatch.kind == "percent":
            evidence = _("%(count)s/%(denominator)s = %(expected)s, imprimé %(published)s") % {
                "count": number_text(details["count"], lang),
                "denominator": number_text(details["denominator"], lang),
                "expected": percent_text(details["expected"], lang, places),
                "published": percent_text(mismatch.published, lang, places),
            }
        else:
            evidence = _("%(expected)s imprimé %(published)s") % {
                "expected": number_text(details["expected"], lang),
                "published": number_text(mismatch.published, lang),
            }
    elif explanation.cause == explain.OTHER_DENOMINATOR:
        sentence = (
            _(
                "%(percents)s sont exactement %(counts)s des %(size)s %(population)s "
                "(%(key)s), au lieu de parts des %(recorded)s %(recorded_population)s"
            )
            if details["exact"]
            else _(
                "%(percents)s sont les parts de %(counts)s sur les %(size)s %(population)s "
                "(%(key)s), au lieu des %(recorded)s %(recorded_population)s"
            )
        )
        evidence = sentence % {
            "percents": _percents_text(details["published"].values(), lang),
            "counts": " / ".join(number_text(value, lang) for value in details["counts"].values()),
            "size": number_text(details["denominator"], lang),
            "population": POPULATION_LABELS.get(details["denominator_key"], ""),
            "key": details["denominator_key"],
            "recorded": number_text(details["recorded"], lang),
            "recorded_population": POPULATION_LABELS.get(details["recorded_key"], ""),
        }
    elif explanation.cause == explain.OTHER_ROUNDING:
        evidence = _("l'arrondi %(rounding)s donne %(percents)s") % {
            "rounding": ROUNDING_LABELS[details["rounding"]],
            "percents": _percents_text(details["published"].values(), lang),
        }
    elif explanation.cause == explain.ROUNDED_BEFORE_SUMMING:
        evidence = _("la somme des %(parts)s parties arrondies une à une donne %(published)s") % {
            "parts": details["parts"],
            "published": number_text(mismatch.published, lang),
        }
    else:
        if details.get("percent"):
            total = percent_text(details["total"], lang, 0)
            parts = percent_text(details["sum"], lang, _places(details["sum"]))
        else:
            total = number_text(details["total"], lang)
            parts = number_text(details["sum"], lang)
        evidence = _("les parties publiées font %(sum)s, pas %(total)s") % {
            "sum": parts,
            "total": total,
        }
    return f"{cause} : {evidence}" if lang == "fr" else f"{cause}: {evidence}"


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    return value


def verification_json(result: Verification, lang: str) -> dict[str, Any]:
    """The verification as JSON data: every mismatch with its explanations (the retained cause
    first, ``cause`` a code of teenlab/reporting/explain.py, ``message`` in ``lang``)."""
    return {
        "checked": result.checked,
        "ok": result.ok,
        "mismatches": [
            {
                "key": mismatch.key,
                "kind": mismatch.kind,
                "published": _json_value(mismatch.published),
                "computed": _json_value(mismatch.computed),
                "count": _json_value(mismatch.count),
                "denominator": _json_value(mismatch.denominator),
                "reachable": mismatch.reachable,
                "message": mismatch_message(mismatch, lang),
                "explanations": [
                    {
                        "cause": explanation.cause,
                        "message": explanation_message(explanation, mismatch, lang),
                        "details": _json_value(dict(explanation.details)),
                    }
                    for explanation in mismatch.explanations
                ],
            }
            for mismatch in result.mismatches
        ],
        "by_largest_remainder": [
            {
                "key": recognition.key,
                "published": _json_value(recognition.published),
                "plain": _json_value(recognition.plain),
                "message": recognition_message(recognition, lang),
            }
            for recognition in result.by_largest_remainder
        ],
    }
