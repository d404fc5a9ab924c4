"""The French *bilan pédagogique et financier* (cerfa n° 10443, cadre F): the trainees a
training provider trained and their hours of training, by type of trainee (F-1) and by the
general objective of the training (F-3).

A trainee is an enrolment with slots in its window, and their hours the hours they attended
(the bilan's trainee-hours: ``training.EnrolmentAttendance`` totals, never the attendance
rows). A BPF is filed by one training provider for one year: ``--organisation`` gives a
partner's.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import LabourStatus
from teenlab.reporting.frameworks import records
from teenlab.reporting.frameworks.base import Column, Indicator, Part, framework_of

FORM = "Cerfa n° 10443, bilan pédagogique et financier (article L. 6352-11 du code du travail)"
F1 = f"{FORM}, cadre F-1 « Type de stagiaires de l'organisme »"
F3 = f"{FORM}, cadre F-3 « Objectif général des prestations dispensées »"

JOB_SEEKER = Q(labour__in=[LabourStatus.UNEMPLOYED, LabourStatus.LONG_TERM_UNEMPLOYED])

# F-1: the types of trainee. teenlab knows who was a job seeker at entry; it does not record
# who pays for a trainee's training, nor an employer: those lines are not recorded.
PUBLIC = (
    Column("f1_a", "a. Salariés d'employeurs privés hors apprentis"),
    Column("f1_b", "b. Apprentis"),
    Column(
        "f1_c",
        "c. Personnes en recherche d'emploi formées par votre organisme de formation",
        when=JOB_SEEKER,
    ),
    Column("f1_d", "d. Particuliers à leurs propres frais formés par votre organisme de formation"),
    Column("f1_e", "e. Autres stagiaires", when=~JOB_SEEKER),
)
# F-3: the objective. A session records no certification it leads to: every one is "other
# vocational training"; the other lines are not recorded.
OBJECTIVE = (
    Column(
        "f3_a",
        "a. Formations visant un diplôme ou un titre à finalité professionnelle enregistré au RNCP",
    ),
    Column("f3_b", "b. Formations visant un certificat de qualification professionnelle (CQP)"),
    Column(
        "f3_c",
        "c. Formations visant une certification ou une habilitation enregistrée au "
        "répertoire spécifique",
    ),
    Column("f3_d", "d. Autres formations professionnelles", when=Q(pk__isnull=False)),
    Column("f3_e", "e. Bilans de compétences"),
    Column("f3_f", "f. Actions d'accompagnement à la validation des acquis de l'expérience"),
)

HOURS_DEFINITION = "Nombre total d'heures de formation suivies par les stagiaires et les apprentis"
TRAINEES = Part(
    "trainees",
    _("Stagiaires"),
    records.trainees,
    shown=(("cohort__code", _("Session")), ("youth__code", _("Jeune"))),
)
HOURS = Part(
    "trainee_hours",
    _("Heures-stagiaires"),
    records.trainees,
    minutes="attended_minutes",
    shown=(("cohort__code", _("Session")), ("youth__code", _("Jeune"))),
)

TRAINEE_COUNTING = _(
    "Chaque inscription ayant des créneaux dans sa fenêtre (un stagiaire par session), comme "
    "les heures-stagiaires du bilan. Type : en recherche d'emploi quand le jeune était chômeur "
    "à l'entrée (situation sur le marché du travail, ou situation à l'entrée « Demandeur "
    "d'emploi ») ; autres stagiaires sinon."
)
HOURS_COUNTING = _(
    "Les heures réellement suivies par ces stagiaires (minutes présentes des créneaux non "
    "annulés de leur fenêtre, une absence excusée n'étant pas une heure suivie) ÷ 60."
)
OBJECTIVE_COUNTING = _(
    "Les sessions de teenlab n'enregistrent pas de certification visée : toutes sont "
    "« autres formations professionnelles » ; les autres lignes ne sont pas enregistrées."
)

BPF = framework_of(
    "bpf",
    _("BPF (cerfa 10443)"),
    FORM,
    (
        Indicator(
            code="F-1",
            framework="bpf",
            name=_("Stagiaires par type de public"),
            definition="Nombre de stagiaires ou apprentis",
            reference=F1,
            unit=_("stagiaires"),
            counting=TRAINEE_COUNTING,
            reads=("enrolments", "youth", "attendance"),
            parts=(TRAINEES,),
            columns=PUBLIC,
        ),
        Indicator(
            code="F-1 H",
            framework="bpf",
            name=_("Heures-stagiaires par type de public"),
            definition=HOURS_DEFINITION,
            reference=F1,
            unit=_("heures"),
            counting=HOURS_COUNTING,
            reads=("enrolments", "youth", "attendance"),
            parts=(HOURS,),
            columns=PUBLIC,
        ),
        Indicator(
            code="F-3",
            framework="bpf",
            name=_("Stagiaires par objectif de la formation"),
            definition="Nombre de stagiaires ou apprentis",
            reference=F3,
            unit=_("stagiaires"),
            counting=OBJECTIVE_COUNTING,
            reads=("enrolments", "attendance"),
            parts=(TRAINEES,),
            columns=OBJECTIVE,
        ),
        Indicator(
            code="F-3 H",
            framework="bpf",
            name=_("Heures-stagiaires par objectif de la formation"),
            definition=HOURS_DEFINITION,
            reference=F3,
            unit=_("heures"),
            counting=OBJECTIVE_COUNTING,
            reads=("enrolments", "attendance"),
            parts=(HOURS,),
            columns=OBJECTIVE,
        ),
    ),
)
