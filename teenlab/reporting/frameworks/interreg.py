"""Interreg common indicators (Regulation (EU) 2021/1058, Annex I; the Commission's
indicator fiches, SWD(2021) 198 final) that a youth training programme reports.

A **participation** is one person in one action: a young person in two exchanges makes two
participations (RCO81), as a young person enrolled in two sessions makes two (RCO85).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import EnrolmentStatus, PartnerRole
from teenlab.reporting.frameworks import records
from teenlab.reporting.frameworks.base import Column, Indicator, Part, framework_of

REGULATION = "Regulation (EU) 2021/1058, Annex I (Interreg common indicators)"
FICHES = "indicator fiche, Commission Staff Working Document SWD(2021) 198 final"

SESSIONS = Part(
    "sessions",
    _("Sessions de formation"),
    records.enrolments,
    shown=(("cohort__code", _("Session")), ("youth__code", _("Jeune"))),
)
EXCHANGES = Part(
    "exchanges",
    _("Échanges"),
    records.exchange_participants,
    shown=(
        ("exchange__code", _("Échange")),
        ("youth__code", _("Jeune")),
        ("organisation", _("Encadrant de")),
    ),
)
EXCHANGE_HEADS = Part(
    "exchange_heads",
    _("Échanges sans liste de participants (effectifs)"),
    records.exchanges_counted,
    summed="heads",
    shown=(("code", _("Échange")), ("youth_count", _("Jeunes")), ("staff_count", _("Encadrants"))),
)
EVENTS = Part(
    "events",
    _("Événements"),
    records.event_participants,
    missing=records.events_without_participants,
    shown=(("event__code", _("Événement")), ("youth__code", _("Jeune"))),
)

RCO81 = Indicator(
    code="RCO81",
    framework="interreg",
    name=_("Participations à des actions conjointes transfrontalières"),
    definition="Participations in joint actions across borders",
    reference=f"{REGULATION}, RCO 81; {FICHES}",
    unit=_("participations"),
    counting=_(
        "Une participation par personne et par action : chaque participant d'un échange "
        "(jeune ou encadrant), ou son effectif quand l'échange n'a pas de liste de "
        "participants ; chaque jeune ayant pris part à un événement ; chaque inscription à une "
        "session de formation. Une personne présente à deux actions compte deux fois. Non "
        "enregistré quand un événement n'a pas sa liste de participants."
    ),
    reads=("exchange_participants", "exchanges", "event_participants", "enrolments"),
    parts=(EXCHANGES, EXCHANGE_HEADS, EVENTS, SESSIONS),
    columns=(
        Column("exchanges", _("Échanges"), parts=("exchanges", "exchange_heads")),
        Column("events", _("Événements"), parts=("events",)),
        Column("sessions", _("Sessions de formation"), parts=("sessions",)),
    ),
)

RCO85 = Indicator(
    code="RCO85",
    framework="interreg",
    name=_("Participations à des programmes de formation conjoints"),
    definition="Participations in joint training schemes",
    reference=f"{REGULATION}, RCO 85; {FICHES}",
    unit=_("participations"),
    counting=_(
        "Chaque inscription à une session de formation du projet (une personne inscrite à "
        "deux sessions compte deux fois), quel que soit son statut."
    ),
    reads=("enrolments",),
    parts=(SESSIONS,),
)

RCR81 = Indicator(
    code="RCR81",
    framework="interreg",
    name=_("Achèvement de programmes de formation conjoints"),
    definition="Completion of joint training schemes",
    reference=f"{REGULATION}, RCR 81; {FICHES}",
    unit=_("participants"),
    counting=_(
        "Chaque inscription terminée (statut « Terminé ») : un abandon ou une sortie "
        "anticipée n'est pas un achèvement ; une session en cours ne compte pas encore."
    ),
    reads=("enrolments",),
    parts=(SESSIONS,),
    when=Q(status=EnrolmentStatus.COMPLETED),
)

PARTNERS = Part(
    "partners",
    _("Partenaires"),
    records.partners,
    counted="organisation",
    shown=(("organisation__code", _("Organisation")), ("organisation__name", _("Nom"))),
)

RCO87 = Indicator(
    code="RCO87",
    framework="interreg",
    name=_("Organisations coopérant par-delà les frontières"),
    definition="Organisations cooperating across borders",
    reference=f"{REGULATION}, RCO 87; {FICHES}",
    unit=_("organisations"),
    counting=_(
        "Chaque organisation partenaire du projet (chef de file, partenaire, partenaire "
        "associé) une fois, quel que soit le nombre de ses sessions, échanges ou coopérations. "
        "Les acteurs locaux de l'onglet Coopérations ne sont pas des partenaires du projet."
    ),
    reads=("partners",),
    parts=(PARTNERS,),
    columns=tuple(Column(role.value, role.label, when=Q(role=role.value)) for role in PartnerRole),
)

RCR84 = Indicator(
    code="RCR84",
    framework="interreg",
    name=_("Organisations coopérant par-delà les frontières après la fin du projet"),
    definition="Organisations cooperating across borders after project completion",
    reference=f"{REGULATION}, RCR 84; {FICHES}",
    unit=_("organisations"),
    counting=_(
        "Non enregistré : teenlab ne recueille pas la coopération poursuivie après la fin "
        "du projet."
    ),
    reads=(),
)

RCO115 = Indicator(
    code="RCO115",
    framework="interreg",
    name=_("Événements publics transfrontaliers organisés conjointement"),
    definition="Public events across borders jointly organised",
    reference=f"{REGULATION}, RCO 115; {FICHES}",
    unit=_("événements"),
    counting=_(
        "Chaque événement enregistré (conçu et mené par les jeunes d'une session du projet "
        "transfrontalier) une fois, quel que soit son nombre de participants."
    ),
    reads=("events",),
    parts=(
        Part(
            "events",
            _("Événements"),
            records.events,
            shown=(("code", _("Événement")), ("title", _("Titre")), ("date", _("Date"))),
        ),
    ),
)

INTERREG = framework_of(
    "interreg",
    _("Interreg"),
    REGULATION,
    (RCO81, RCO85, RCR81, RCO87, RCR84, RCO115),
)
