"""« Données financières »: the cofinancing, each partner's share and what it goes to, then
the budget by category of each partner whose budget is recorded (none for a cohort)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from teenlab.core import choices
from teenlab.core.languages import in_language
from teenlab.reporting.bilan import (
    Bilan,
    Budget,
    Number,
    PartnerBudget,
    PartnerInfo,
)
from teenlab.reporting.formatting import (
    EN_DASH,
    money_format,
    month_year_format,
    percent_format,
    share_percent,
)
from teenlab.reporting.renderers import labels
from teenlab.reporting.renderers.sections.common import whole_shares


@dataclass(frozen=True)
class BudgetRow:
    """A budget category: planned, spent, its share of the budget and how much was used."""

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


@dataclass(frozen=True)
class BudgetTable:
    """One partner's budget (or the partners' together): its heading, rows and total."""

    heading: str
    rows: list[BudgetRow]
    total: dict[str, Any]


@dataclass(frozen=True)
class FinanceSection:
    """The budget by category and its total (the scope's, all its partners together), the
    sentence that tells the cofinancing, one table per partner whose budget is recorded and
    the partners whose budget is not."""

    budget_rows: list[BudgetRow] | None  # None: a cohort's bilan has no budget
    budget_total: dict[str, Any] | None
    budget_sentence: str
    budget_tables: list[BudgetTable]
    budget_missing: str
    # The programme's cost categories, every period together (none recorded: empty).
    programme_rows: list[dict[str, Any]]


def finance_section(bilan: Bilan, lang: str) -> FinanceSection:
    budget = bilan.figures.budget
    if budget is None:
        return FinanceSection(
            budget_rows=None,
            budget_total=None,
            budget_sentence="",
            budget_tables=[],
            budget_missing="",
            programme_rows=[],
        )
    rows, total = _budget_rows(budget, lang)
    tables = [
        BudgetTable(_heading(bilan, partner), *_budget_rows(partner.budget, lang))
        for partner in bilan.partner_budgets
    ]
    if not tables and not bilan.budget_missing and rows:
        # Figures without their partners (a bilan read back from its JSON): one table.
        tables.append(BudgetTable(_("Budget %s") % bilan.project_name, rows, total))
    if len(tables) > 1:
        together = ", ".join(partner.name for partner in bilan.partner_budgets)
        tables.append(BudgetTable(_("Budget des partenaires : %s") % together, rows, total))
    missing = ""
    if bilan.budget_missing:
        missing = _("Budget non enregistré : %s.") % ", ".join(bilan.budget_missing)
    return FinanceSection(
        budget_rows=rows,
        budget_total=total,
        budget_sentence=budget_sentence(bilan, lang),
        budget_tables=tables,
        budget_missing=missing,
        programme_rows=[
            {
                "code": code,
                "label": labels.cost_category(code),
                "planned": money_format(planned, lang=lang),
                "declared": money_format(declared, lang=lang),
                "certified": money_format(certified, lang=lang),
            }
            for code, planned, declared, certified in bilan.programme_costs
        ],
    )


def _budget_rows(budget: Budget, lang: str) -> tuple[list[BudgetRow], dict[str, Any]]:
    planned_by, spent_by = budget.planned_by_category, budget.spent_by_category
    codes = labels.ordered(
        list(planned_by) + [code for code in spent_by if code not in planned_by],
        choices.BudgetCategory.values,
    )
    planned = [planned_by.get(code, Decimal(0)) for code in codes]
    rows = [
        _row(
            code,
            planned=amount,
            spent=spent_by.get(code, 0),
            planned_total=budget.planned_total_eur,
            shown=shown,
            lang=lang,
        )
        for code, amount, shown in zip(
            codes, planned, whole_shares(planned, budget.planned_total_eur), strict=True
        )
    ]
    return rows, _total(budget, lang)


def _fraction(percent: Fraction | None) -> float | None:
    return None if percent is None else float(percent) / 100


def _row(
    code: str,
    *,
    planned: Number,
    spent: Number,
    planned_total: Number,
    shown: Decimal | None,
    lang: str,
) -> BudgetRow:
    planned_share = share_percent(planned, planned_total)
    spent_ratio = share_percent(spent, planned)
    return BudgetRow(
        code=code,
        label=labels.budget_category(code),
        planned=planned,
        spent=spent,
        planned_text=money_format(planned, lang=lang),
        spent_text=money_format(spent, lang=lang),
        planned_share=_fraction(planned_share),
        # Of the budget: the categories' shares add up to the 100 % of the total row.
        planned_share_text=percent_format(planned_share if shown is None else shown, lang=lang),
        spent_ratio=_fraction(spent_ratio),
        spent_ratio_text=percent_format(spent_ratio, lang=lang),
    )


def _total(budget: Budget, lang: str) -> dict[str, Any]:
    planned, spent = budget.planned_total_eur, budget.spent_total_eur
    spent_ratio = share_percent(spent, planned)
    return {
        "planned": planned,
        "spent": spent,
        "planned_text": money_format(planned, lang=lang),
        "spent_text": money_format(spent, lang=lang),
        "planned_share_text": percent_format(share_percent(planned, planned), lang=lang),
        "spent_ratio": _fraction(spent_ratio),
        "spent_ratio_text": percent_format(spent_ratio, lang=lang),
    }


# --- the cofinancing, told as the published report tells it -------------------------------------


def months_between(start: dt.date, end: dt.date) -> int:
    """The project's length in months as a report counts it: from its first month to its last
    (« 24 mois (mars 2021 à mars 2023) »)."""
    return (end.year - start.year) * 12 + end.month - start.month


def _category_in_sentence(code: str) -> str:
    """A budget category as a sentence names it (« répartis prioritairement sur … »)."""
    names = {
        "cross_border": pgettext("budget category, in a sentence", "les actions transfrontalières"),
        "coordination": pgettext("budget category, in a sentence", "la coordination"),
        "pedagogy": pgettext("budget category, in a sentence", "le parcours pédagogique"),
        "premises_equipment": pgettext(
            "budget category, in a sentence", "les aménagements et matériels"
        ),
        "other": pgettext("budget category, in a sentence", "d'autres dépenses"),
    }
    return names.get(code, code)


def _listed(items: list[str], *, last: str) -> str:
    """``a, b`` + ``last`` + ``c``: « France et Italie », « A ainsi que B »."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])}{last}{items[-1]}"


def _alone_in_country(bilan: Bilan, country: str) -> bool:
    return sum(1 for partner in bilan.partners if partner.country == country) == 1


def _who(bilan: Bilan, partner: PartnerInfo | PartnerBudget, *, sentence: bool) -> str:
    """The partner as a heading or a sentence names it: its country when it is the project's
    only partner there (« TEEN LAB France »), else its name."""
    if _alone_in_country(bilan, partner.country):
        return labels.country(partner.country, after_for=sentence)
    return partner.name


def _heading(bilan: Bilan, partner: PartnerBudget) -> str:
    return _("Budget %(project)s %(partner)s") % {
        "project": bilan.project_name,
        "partner": _who(bilan, partner, sentence=False),
    }


def priority_categories(amounts: Mapping[str, Decimal]) -> list[str]:
    """The fewest largest categories that together make more than half of the budget: those
    it is « répartis prioritairement sur » (ties: the categories' order)."""
    total = sum(amounts.values(), Decimal(0))
    chosen: list[str] = []
    running = Decimal(0)
    order = {code: index for index, code in enumerate(choices.BudgetCategory.values)}
    for code in sorted(amounts, key=lambda code: (-amounts[code], order.get(code, len(order)))):
        if total <= 0 or running * 2 > total:
            break
        chosen.append(code)
        running += amounts[code]
    return chosen


def budget_sentence(bilan: Bilan, lang: str) -> str:
    """« Ce projet européen est soutenu par le programme …, qui a attribué un cofinancement de
    794 000 € (France et Italie) pour 24 mois (mars 2021 à mars 2023) - dont 350 000 € pour la
    France, répartis prioritairement sur … »: every figure from the records; empty without a
    total cofinancing."""
    if bilan.cofinancing_total_eur is None:
        return ""
    funded = [partner for partner in bilan.partners if partner.cofinancing_eur is not None]
    budgets = {budget.code: budget.budget for budget in bilan.partner_budgets}
    # The countries of the partners whose budget the report shows first (« France et Italie »
    # in the French partner's report), then the others, in the partners' order.
    shown_first = sorted(funded, key=lambda partner: partner.code not in budgets)
    countries = list(dict.fromkeys(labels.country(partner.country) for partner in shown_first))
    text = _(
        "Ce projet européen est soutenu par le programme %(programme)s, qui a attribué un "
        "cofinancement de %(amount)s"
    ) % {
        "programme": in_language(bilan, "programme", lang),
        "amount": money_format(bilan.cofinancing_total_eur, lang=lang),
    }
    if countries:
        text += f" ({_listed(countries, last=pgettext('list, last item', ' et '))})"
    text += _(" pour %(months)s mois (%(start)s à %(end)s)") % {
        "months": months_between(bilan.start_date, bilan.end_date),
        "start": month_year_format(bilan.start_date, lang=lang),
        "end": month_year_format(bilan.end_date, lang=lang),
    }
    shares = [
        _partner_share(bilan, partner, budgets[partner.code], lang)
        for partner in funded
        if partner.code in budgets
    ]
    if shares:
        text += f" {EN_DASH} " + _("dont %s") % _listed(
            shares, last=pgettext("list, last item", " et ")
        )
    return text + "."


def _partner_share(bilan: Bilan, partner: PartnerInfo, budget: Budget, lang: str) -> str:
    share = _("%(amount)s pour %(who)s") % {
        "amount": money_format(partner.cofinancing_eur or 0, lang=lang),
        "who": _who(bilan, partner, sentence=True),
    }
    categories = [
        _category_in_sentence(code) for code in priority_categories(budget.planned_by_category)
    ]
    if not categories:
        return share
    return share + _(", répartis prioritairement sur %s") % _listed(
        categories, last=pgettext("list, last item", " ainsi que ")
    )
