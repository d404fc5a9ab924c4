"""Bilans built by hand for the renderers' tests: the published TEEN LAB figures, in the JSON
shape of spec/indicators.md, with the report's context around them. No database."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from teenlab.reporting.bilan import (
    Bilan,
    CooperationInfo,
    ExchangeInfo,
    Figures,
    PartnerInfo,
    PhaseInfo,
    Scope,
)

FIGURES = {
    "scope": {"project": "TEENLAB", "organisation": None, "cohort": None},
    "funnel": {
        "info_sessions": 11,
        "youth_received": 80,
        "youth_recruited": 39,
        "recruited_by_residence": {"chambery": 27, "agglomeration": 12},
        "recruited_by_age_band": {"minor": 10, "18-23": 29},
        "recruited_by_gender": {"f": 11, "m": 28},
        "completed": 28,
        "completed_with_attendance_80": 23,
        "early_positive_exits": 0,
        "dropouts": 11,
        "in_progress": 0,
        "dropouts_by_reason": {
            "personal": 4,
            "wrong_orientation": 3,
            "lack_of_engagement": 2,
            "lack_of_motivation": 2,
        },
    },
    "professional_project": {"yes": 25, "no": 10, "unknown": 4},
    "positive_exits": {
        "total": 25,
        "by_category": {"work": 2, "study": 4, "experience": 5, "training": 10, "project": 4},
        "by_exit": {"work": 2, "study": 4, "training": 10, "experience": 5, "project": 4},
    },
    "exchanges": {
        "total": 9,
        "by_direction": {"FR-IT": 5, "IT-FR": 3, "remote": 1},
        "by_direction_and_kind": {
            "FR-IT": {"youth_stay": 2, "institutional": 2, "professional": 1},
            "IT-FR": {"institutional": 2, "youth_stay": 1},
            "remote": {"training": 1},
        },
    },
    "events": 2,
    "training_hours": {"digital_culture": 210, "fablab": 30},
    "trainee_hours": {
        "trainees": 3,
        "scheduled_minutes": 37800,
        "attended_minutes": 30270,
        "attended_hours": Decimal("504.50"),
        "by_cohort": {
            "C21": {
                "trainees": 2,
                "scheduled_minutes": 25200,
                "attended_minutes": 17670,
                "attended_hours": Decimal("294.50"),
            },
            "C22": {
                "trainees": 1,
                "scheduled_minutes": 12600,
                "attended_minutes": 12600,
                "attended_hours": Decimal("210"),
            },
        },
        "by_trainee": [
            {"youth": code, "cohort": cohort, "scheduled_minutes": 12600, "attended_minutes": n}
            for code, cohort, n in (
                ("J001", "C21", 11340),
                ("J002", "C21", 6330),
                ("J003", "C22", 12600),
            )
        ],
    },
    "budget": {
        "planned_total_eur": Decimal("350000"),
        "planned_by_category": {
            "cross_border": Decimal("33000"),
            "coordination": Decimal("54000"),
            "pedagogy": Decimal("130000"),
            "premises_equipment": Decimal("133000"),
        },
        "spent_total_eur": Decimal("120500.50"),
        "spent_by_category": {"coordination": Decimal("40000"), "pedagogy": Decimal("80500.50")},
    },
}

NARRATIVES = {
    "summary": {
        "fr": "Les deux sessions de formation ont démontré la pertinence d'une politique de "
        "remobilisation des jeunes **NEETs**.\n\nCette offre répond à un besoin du territoire.",
        "it": "Le due sessioni di formazione hanno dimostrato la pertinenza di una politica di "
        "rimobilitazione dei giovani **NEET**.\n\n"
        "Questa offerta risponde a un bisogno del territorio.",
        "en": "The two training sessions showed the value of a policy that brings **NEET** young "
        "people back.\n\nThis offer meets a need of the area.",
    },
    "new_skills": {
        "fr": "- **Retrouver un lieu de sociabilisation** : rompre l'isolement social.\n"
        "- **Redonner l'envie du collectif** : de nombreux moments de groupe.\n"
        "- **Apports individuels** : ordinateur, français parlé…",
        "it": "- **Ritrovare un luogo di socialità**: rompere l'isolamento.\n"
        "- **Ridare il gusto del collettivo**: molti momenti di gruppo.\n"
        "- **Apporti individuali**: computer, italiano parlato…",
        "en": "- **A place to meet people again**: breaking social isolation.\n"
        "- **A taste for working together**: many group moments.\n"
        "- **Personal gains**: computers, spoken French…",
    },
    "pedagogy": {
        "fr": "Au travers du « faire » et du « être ».\n\nLa majeure partie de la formation se "
        "déroule en mode projet.",
        "it": "Attraverso il « fare » e l'« essere ».\n\nLa maggior parte della formazione si "
        "svolge in modalità progetto.",
    },
    "cooperation": {
        "fr": "Une **coopération partenariale** tout au long du projet.",
        "it": "Una **cooperazione tra partner** lungo tutto il progetto.",
        "en": "A **partnership** all along the project.",
    },
    "objectives": {
        "fr": "La formation doit permettre aux jeunes de se remettre dans une dynamique positive.",
        "en": "The course helps young people back into a positive momentum.",
    },
}


def teenlab_bilan(**changes) -> Bilan:
    """The TEEN LAB bilan for the whole project (fields overridable)."""
    bilan = Bilan(
        scope=Scope(project="TEENLAB"),
        figures=Figures.from_json(FIGURES),
        project_name="TEEN LAB",
        programme="INTERREG V-A ALCOTRA France-Italie 2014-2020",
        start_date=dt.date(2021, 3, 1),
        end_date=dt.date(2023, 3, 31),
        cofinancing_total_eur=Decimal("794000"),
        partners=(
            PartnerInfo(
                code="CHAMBERY",
                name="Ville de Chambéry, La Dynamo",
                country="FR",
                role="partner",
                city="Chambéry",
                cofinancing_eur=Decimal("350000"),
                phone="04 79 72 13 10",
                email="ladynamo@mairie-chambery.fr",
                website="ladynamo.chambery.fr",
            ),
            PartnerInfo(
                code="PINEROLO",
                name="Città di Pinerolo",
                country="IT",
                role="lead_partner",
                city="Pinerolo",
                cofinancing_eur=Decimal("444000"),
            ),
        ),
        phases=(
            PhaseInfo(1, "Élaboration du projet avec les partenaires", dt.date(2021, 3, 1)),
            PhaseInfo(2, "Aménagement et équipement des locaux à la Dynamo"),
            PhaseInfo(
                3, "Mise en œuvre des deux sessions", dt.date(2021, 9, 1), dt.date(2022, 12, 16)
            ),
            PhaseInfo(4, "Bilan et compilation de l'expérimentation"),
        ),
        exchanges=(
            ExchangeInfo(
                "E1",
                "FR-IT",
                "youth_stay",
                "Séjour à Pinerolo",
                dt.date(2022, 3, 10),
                dt.date(2022, 3, 11),
                "Pinerolo",
                youth_count=12,
                staff_count=3,
            ),
            ExchangeInfo(
                "E2", "IT-FR", "institutional", "Inauguration de la Dynamo", dt.date(2021, 10, 1)
            ),
            ExchangeInfo(
                "E3", "remote", "training", "Formation de formateurs en visio", dt.date(2022, 5, 4)
            ),
        ),
        cooperations=(
            CooperationInfo("Mission locale jeunes", "institution", ("sourcing", "recruitment")),
            CooperationInfo(
                "Atelier bois & co", "company", ("training",), "Ateliers de menuiserie"
            ),
        ),
        narratives=NARRATIVES,
        generated_at=dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC),
    )
    return replace(bilan, **changes)


def cohort_bilan() -> Bilan:
    """One cohort's bilan: what happens before a cohort, and the project's own, are null."""
    figures = {
        **FIGURES,
        "scope": {"project": "TEENLAB", "organisation": None, "cohort": "S1"},
        "funnel": {**FIGURES["funnel"], "info_sessions": None, "youth_received": None},
        "exchanges": None,
        "budget": None,
    }
    return teenlab_bilan(
        scope=Scope(project="TEENLAB", cohort="S1"),
        cohort_name="Session 1",
        figures=Figures.from_json(figures),
        exchanges=(),
    )
