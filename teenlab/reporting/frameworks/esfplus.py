"""ESF+ common indicators for participants (Regulation (EU) 2021/1057, Annex I).

A **participant** is a person, counted once whatever their number of enrolments in scope;
their situation at entry is their record's, their age is taken on their first enrolment in
scope. Every value is broken down by gender, as Annex I asks ("Personal data are to be broken
down by gender (women, men, non-binary persons)"), with teenlab's "not stated" kept apart.

The results are counted **only for participants who left** (none of their enrolments in scope
in progress), from the follow-up of their latest enrolment: at exit (within four weeks) for
the immediate results, six months after for the longer-term ones.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import (
    Declared,
    EducationLevel,
    FollowUpKind,
    FollowUpSituation,
    Gender,
    LabourStatus,
)
from teenlab.reporting.frameworks import records
from teenlab.reporting.frameworks.base import Column, Indicator, Part, framework_of

REGULATION = "Regulation (EU) 2021/1057, Annex I"
OUTPUTS = f"{REGULATION}, point 1.1 (common output indicators for participants)"
OTHER_OUTPUTS = f"{REGULATION}, point 1.2 (other common output indicators for participants)"
IMMEDIATE = f"{REGULATION}, point 2 (common immediate result indicators for participants)"
LONGER = f"{REGULATION}, point 3 (common longer-term result indicators for participants)"
CODES = "code of the ESF+ common indicators in SFC2021"


def _genders(prefix: str) -> tuple[Column, ...]:
    return tuple(
        Column(f"gender_{gender.value}", gender.label, when=Q(**{f"{prefix}gender": gender.value}))
        for gender in Gender
    )


PARTICIPANTS = Part(
    "participants",
    _("Participants"),
    records.participants,
    counted="youth",
    shown=(("youth__code", _("Jeune")),),
)
LEFT = "enrolment__youth__"


def _participants(code, name, definition, reference, counting, **fields) -> Indicator:
    """An ESF+ indicator on participants: their unit, their breakdown by gender."""
    part = fields.pop("part", PARTICIPANTS)
    return Indicator(
        code=code,
        framework="esfplus",
        name=name,
        definition=definition,
        reference=f"{reference}; {CODES}",
        unit=_("participants"),
        counting=counting,
        parts=(part,) if part is not None else (),
        columns=_genders(fields.pop("prefix", "youth__")),
        **fields,
    )


def _output(code, name, definition, reference, when, recorded, counting, reads=("youth",)):
    return _participants(
        code,
        name,
        definition,
        reference,
        counting,
        reads=("enrolments", *reads),
        when=when,
        recorded=recorded,
    )


LABOUR_RECORDED = ~Q(labour="")
LABOUR_COUNTING = _(
    "Chaque participant une fois, selon sa situation sur le marché du travail à l'entrée "
    "(ou, à défaut, celle que dit sa situation à l'entrée : demandeur d'emploi = chômeur, "
    "en formation initiale = inactif). Non enregistré quand aucun participant n'a l'une ou "
    "l'autre."
)
AGE_COUNTING = _(
    "Chaque participant une fois, selon son âge à sa première inscription du périmètre. "
    "Non enregistré quand aucun participant n'a de date de naissance."
)
EDUCATION_COUNTING = _(
    "Chaque participant une fois, selon son niveau d'études le plus élevé à l'entrée (CITE). "
    "Non enregistré quand aucun participant n'a de niveau renseigné."
)
DECLARED_COUNTING = _(
    "Chaque participant une fois, quand la réponse enregistrée est « Oui » ; « Ne souhaite "
    "pas répondre » n'est pas compté. Non enregistré quand la question n'a été posée à "
    "aucun participant."
)


def _age(low: int | None, below: int | None) -> Q:
    q = Q(youth__birth_date__isnull=False)
    if low is not None:
        q &= Q(age_span__gte=low * 10_000)
    if below is not None:
        q &= Q(age_span__lt=below * 10_000)
    return q


def _declared(code, name, definition, reference, field):
    return _output(
        code,
        name,
        definition,
        reference,
        Q(**{f"youth__{field}": Declared.YES}),
        ~Q(**{f"youth__{field}": ""}),
        DECLARED_COUNTING,
    )


BIRTH_RECORDED = Q(youth__birth_date__isnull=False)
EDUCATION_RECORDED = ~Q(youth__education_level="")

OUTPUT_INDICATORS = (
    Indicator(
        code="EECO01",
        framework="esfplus",
        name=_("Nombre total de participants"),
        definition="total number of participants",
        reference=f"{OUTPUTS}; {CODES}",
        unit=_("participants"),
        counting=_("Chaque jeune inscrit à au moins une session du périmètre, une fois."),
        reads=("enrolments", "youth"),
        parts=(PARTICIPANTS,),
        columns=_genders("youth__"),
    ),
    _output(
        "EECO02",
        _("Chômeurs, y compris de longue durée"),
        "unemployed, including long-term unemployed",
        OUTPUTS,
        Q(labour__in=[LabourStatus.UNEMPLOYED, LabourStatus.LONG_TERM_UNEMPLOYED]),
        LABOUR_RECORDED,
        LABOUR_COUNTING,
    ),
    _output(
        "EECO03",
        _("Chômeurs de longue durée"),
        "long-term unemployed",
        OUTPUTS,
        Q(labour=LabourStatus.LONG_TERM_UNEMPLOYED),
        ~Q(youth__labour_status=""),
        _(
            "Chaque participant une fois, quand sa situation sur le marché du travail à "
            "l'entrée est « Chômeur de longue durée ». Non enregistré quand aucun participant "
            "n'a de situation sur le marché du travail (« Demandeur d'emploi » ne dit pas "
            "depuis quand)."
        ),
    ),
    _output(
        "EECO04",
        _("Inactifs"),
        "inactive",
        OUTPUTS,
        Q(labour=LabourStatus.INACTIVE),
        LABOUR_RECORDED,
        LABOUR_COUNTING,
    ),
    _output(
        "EECO05",
        _("Personnes ayant un emploi, y compris les indépendants"),
        "employed, including self-employed",
        OUTPUTS,
        Q(labour=LabourStatus.EMPLOYED),
        LABOUR_RECORDED,
        LABOUR_COUNTING,
    ),
    _output(
        "EECO06",
        _("Enfants de moins de 18 ans"),
        "number of children below 18 years of age",
        OUTPUTS,
        _age(None, 18),
        BIRTH_RECORDED,
        AGE_COUNTING,
    ),
    _output(
        "EECO07",
        _("Jeunes de 18 à 29 ans"),
        "young people between 18 and 29 years of age",
        OUTPUTS,
        _age(18, 30),
        BIRTH_RECORDED,
        AGE_COUNTING,
    ),
    _output(
        "EECO08",
        _("Participants de 55 ans et plus"),
        "number of participants of 55 years of age and above",
        OUTPUTS,
        _age(55, None),
        BIRTH_RECORDED,
        AGE_COUNTING,
    ),
    _output(
        "EECO09",
        _("Niveau CITE 0 à 2"),
        "with lower secondary education or less (ISCED 0-2)",
        OUTPUTS,
        Q(youth__education_level=EducationLevel.ISCED_0_2),
        EDUCATION_RECORDED,
        EDUCATION_COUNTING,
    ),
    _output(
        "EECO10",
        _("Niveau CITE 3 ou 4"),
        "with upper secondary (ISCED 3) or post-secondary education (ISCED 4)",
        OUTPUTS,
        Q(youth__education_level=EducationLevel.ISCED_3_4),
        EDUCATION_RECORDED,
        EDUCATION_COUNTING,
    ),
    _output(
        "EECO11",
        _("Niveau CITE 5 à 8"),
        "with tertiary education (ISCED 5 to 8)",
        OUTPUTS,
        Q(youth__education_level=EducationLevel.ISCED_5_8),
        EDUCATION_RECORDED,
        EDUCATION_COUNTING,
    ),
    _declared(
        "EECO12",
        _("Participants handicapés"),
        "participants with disabilities",
        OTHER_OUTPUTS,
        "disability",
    ),
    _declared(
        "EECO13",
        _("Ressortissants de pays tiers"),
        "third-country nationals",
        OTHER_OUTPUTS,
        "third_country_national",
    ),
    _declared(
        "EECO14",
        _("Participants d'origine étrangère"),
        "participants with a foreign background",
        OTHER_OUTPUTS,
        "foreign_background",
    ),
    Indicator(
        code="EECO15",
        framework="esfplus",
        name=_("Minorités (y compris les communautés marginalisées telles que les Roms)"),
        definition="minorities (including marginalised communities, such as Roma people)",
        reference=f"{OTHER_OUTPUTS}; {CODES}",
        unit=_("participants"),
        counting=_("Non enregistré : teenlab ne recueille pas l'appartenance à une minorité."),
        reads=(),
        columns=_genders("youth__"),
    ),
    _declared(
        "EECO16",
        _("Personnes sans abri ou exclues du logement"),
        "homeless or affected by housing exclusion",
        OTHER_OUTPUTS,
        "homeless",
    ),
    _output(
        "EECO17",
        _("Participants issus de zones rurales"),
        "participants from rural areas",
        OTHER_OUTPUTS,
        Q(rural="yes"),
        ~Q(rural=""),
        _(
            "Chaque participant une fois, quand sa commune est une zone rurale (onglet Zones "
            "du projet). Non enregistré quand aucune commune des participants n'est qualifiée."
        ),
        reads=("youth", "residence_zones"),
    ),
)


# The participants who left, with their follow-ups (both moments): one part, one query, for
# every result indicator (each picks its moment in its condition).
LEAVERS = Part(
    "left",
    _("Participants sortis"),
    records.follow_ups,
    counted="enrolment__youth",
    shown=(("enrolment__youth__code", _("Jeune")), ("date", _("Date"))),
)


def _result(code, name, definition, reference, kind, when, counting):
    return _participants(
        code,
        name,
        definition,
        reference,
        counting,
        reads=("enrolments", "follow_ups"),
        part=LEAVERS,
        when=Q(kind=kind) & when,
        recorded=Q(kind=kind),
        prefix=LEFT,
    )


EXIT_COUNTING = _(
    "Chaque participant sorti une fois (aucune de ses inscriptions du périmètre en cours), "
    "selon le suivi à la sortie (dans les quatre semaines) de sa dernière inscription. Non "
    "enregistré quand aucun suivi à la sortie n'est enregistré."
)
SIX_MONTHS_COUNTING = _(
    "Chaque participant sorti une fois (aucune de ses inscriptions du périmètre en cours), "
    "selon le suivi à six mois de sa dernière inscription. Non enregistré quand aucun suivi "
    "à six mois n'est enregistré."
)


RESULT_INDICATORS = (
    _result(
        "EECR01",
        _("Participants à la recherche d'un emploi à la fin de leur participation"),
        "participants engaged in job searching upon leaving",
        IMMEDIATE,
        FollowUpKind.EXIT,
        Q(situation=FollowUpSituation.JOB_SEARCHING),
        EXIT_COUNTING,
    ),
    _result(
        "EECR02",
        _("Participants suivant des études ou une formation à la fin de leur participation"),
        "participants in education or training upon leaving",
        IMMEDIATE,
        FollowUpKind.EXIT,
        Q(situation=FollowUpSituation.EDUCATION_TRAINING),
        EXIT_COUNTING,
    ),
    _result(
        "EECR03",
        _("Participants obtenant une qualification à la fin de leur participation"),
        "participants gaining a qualification upon leaving",
        IMMEDIATE,
        FollowUpKind.EXIT,
        Q(qualification_gained=True),
        EXIT_COUNTING,
    ),
    _result(
        "EECR04",
        _("Participants exerçant un emploi, y compris indépendant, à la fin de leur participation"),
        "participants in employment, including self-employment, upon leaving",
        IMMEDIATE,
        FollowUpKind.EXIT,
        Q(situation=FollowUpSituation.EMPLOYED),
        EXIT_COUNTING,
    ),
    _result(
        "EECR05",
        _(
            "Participants exerçant un emploi, y compris indépendant, six mois après la fin "
            "de leur participation"
        ),
        "participants in employment, including self-employment, six months after leaving",
        LONGER,
        FollowUpKind.SIX_MONTHS,
        Q(situation=FollowUpSituation.EMPLOYED),
        SIX_MONTHS_COUNTING,
    ),
    Indicator(
        code="EECR06",
        framework="esfplus",
        name=_(
            "Participants dont la situation sur le marché du travail s'est améliorée six "
            "mois après la fin de leur participation"
        ),
        definition=(
            "participants with an improved labour market situation six months after leaving"
        ),
        reference=f"{LONGER}; {CODES}",
        unit=_("participants"),
        counting=_(
            "Non enregistré : teenlab ne recueille ni la nature du contrat ni le poste, qui "
            "disent si la situation d'une personne en emploi s'est améliorée."
        ),
        reads=(),
        columns=_genders(LEFT),
    ),
)

ESFPLUS = framework_of("esfplus", _("FSE+"), REGULATION, (*OUTPUT_INDICATORS, *RESULT_INDICATORS))
