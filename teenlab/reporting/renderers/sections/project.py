"""« Le projet et ses partenaires », « Coopérations », « Les phases du projet », « Contact »."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from teenlab.core import choices
from teenlab.core.languages import in_language
from teenlab.reporting.bilan import Bilan, PartnerInfo
from teenlab.reporting.formatting import (
    money_format,
    percent_format,
    period_format,
    share_percent,
)
from teenlab.reporting.renderers import labels
from teenlab.reporting.renderers.sections.common import whole_shares


@dataclass(frozen=True)
class ProjectSection:
    """The partners (lead first), their cofinancing and contacts, cooperations, phases."""

    cofinancing_total: str
    partners: list[dict[str, Any]]
    partner_cofinancing: list[dict[str, Any]]
    contacts: list[dict[str, Any]]
    cooperations: list[dict[str, Any]]
    phases: list[dict[str, Any]]


def project_section(bilan: Bilan, lang: str) -> ProjectSection:
    partners = _partners_sorted(bilan.partners)
    partner_rows = [_partner(partner, lang) for partner in partners]
    return ProjectSection(
        cofinancing_total=money_format(bilan.cofinancing_total_eur, lang=lang)
        if bilan.cofinancing_total_eur is not None
        else "",
        partners=partner_rows,
        partner_cofinancing=_cofinancing_shares(bilan, partner_rows, lang),
        contacts=[
            _contact(partner)
            for partner in partners
            if partner.phone or partner.email or partner.website
        ],
        cooperations=[
            {
                "name": cooperation.name,
                "kind": labels.cooperation_kind(cooperation.kind),
                "roles": ", ".join(labels.cooperation_role(role) for role in cooperation.roles),
                "role_list": [labels.cooperation_role(role) for role in cooperation.roles],
                "note": in_language(cooperation, "note", lang),
            }
            for cooperation in bilan.cooperations
        ],
        phases=[
            {
                "number": phase.number,
                "name": in_language(phase, "name", lang),
                "period": period_format(phase.start_date, phase.end_date, lang=lang, months=True),
                "start_date": phase.start_date,
                "end_date": phase.end_date,
            }
            for phase in sorted(bilan.phases, key=lambda phase: phase.number)
        ],
    )


def _cofinancing_shares(
    bilan: Bilan, partner_rows: list[dict[str, Any]], lang: str
) -> list[dict[str, Any]]:
    """Each partner's cofinancing and its share of the project's total (the shares add up to
    100 % when the partners' amounts add up to the total: see ``whole_shares``)."""
    funded = [row for row in partner_rows if row["cofinancing_eur"] is not None]
    total = bilan.cofinancing_total_eur
    amounts = [row["cofinancing_eur"] for row in funded]
    shown = whole_shares(amounts, total) if total else [None] * len(funded)
    return [
        {
            "name": row["name"],
            "country": row["country"],
            "amount": row["cofinancing"],
            "share": percent_format(
                share_percent(row["cofinancing_eur"], total) if share is None else share,
                lang=lang,
            )
            if total
            else "",
        }
        for row, share in zip(funded, shown, strict=True)
    ]


def _partners_sorted(partners: tuple[PartnerInfo, ...]) -> list[PartnerInfo]:
    rank = {role: index for index, role in enumerate(choices.PartnerRole.values)}
    return sorted(partners, key=lambda partner: rank.get(partner.role, len(rank)))


def _partner(partner: PartnerInfo, lang: str) -> dict[str, Any]:
    return {
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


def _contact(partner: PartnerInfo) -> dict[str, Any]:
    return {
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
