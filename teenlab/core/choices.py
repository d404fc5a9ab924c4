"""Every enumeration of the data package, with its stored code and its translated label.

The codes are those of the data-package specification; screens and reports show the labels.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PartnerRole(models.TextChoices):
    LEAD_PARTNER = "lead_partner", _("Chef de file")
    PARTNER = "partner", _("Partenaire")
    ASSOCIATED = "associated", _("Partenaire associé")


class ExcusedRule(models.TextChoices):
    """How a report counts an excused absence (Project.excused_absences)."""

    ABSENT = "absent", _("Comptées comme absences")
    ATTENDED = "attended", _("Comptées comme présences")
    EXCLUDED = "excluded", _("Retirées du total des heures prévues")


class AgeBandSet(models.TextChoices):
    """The age bands a project's reports use (Project.age_bands; reporting.indicators)."""

    TEENLAB = "teenlab", _("TEEN LAB : mineurs, 18-23, 24-26, autres")
    ESF_PLUS = "esf_plus", _("FSE+ : moins de 18, 18-29, 30 et plus")
    MISSION_LOCALE = "mission_locale", _("Mission Locale : 16-17, 18-21, 22-25, autres")


class Gender(models.TextChoices):
    """The spec's ``f``, ``m``, ``x``; ``n`` is teenlab's (ESF+ counts non-binary people apart),
    and ``x`` then reads "not stated" (docs/data-package.md, "Gender")."""

    F = "f", pgettext_lazy("gender", "Femme")
    M = "m", pgettext_lazy("gender", "Homme")
    N = "n", pgettext_lazy("gender", "Non binaire")
    X = "x", pgettext_lazy("gender", "Non précisé")


class Situation(models.TextChoices):
    UNEMPLOYED = "unemployed", _("Demandeur d'emploi")
    INACTIVE = "inactive", _("Inactif")
    IN_EDUCATION = "in_education", _("En formation initiale")
    EMPLOYED = "employed", _("En emploi")
    UNKNOWN = "unknown", _("Inconnue")


class Decision(models.TextChoices):
    """What was decided for a young person received, other than recruiting them into a session
    (that decision is their enrolment)."""

    NOT_RETAINED = "not_retained", _("Non retenu")
    REDIRECTED = "redirected", _("Réorienté")
    WITHDRAWN = "withdrawn", _("Désistement")
    WAITING_LIST = "waiting_list", _("Liste d'attente")


class Redirection(models.TextChoices):
    """Where a young person not taken into the programme was sent."""

    MISSION_LOCALE = "mission_locale", _("Mission Locale")
    FRANCE_TRAVAIL = "france_travail", _("France Travail")
    CENTRO_IMPIEGO = "centro_impiego", _("Centre pour l'emploi (Italie)")
    SCHOOL = "school", _("Établissement scolaire")
    OTHER_PROGRAMME = "other_programme", _("Autre dispositif")
    OTHER = "other", _("Autre structure")


class LabourStatus(models.TextChoices):
    """A young person's labour-market status at entry (ESF+ common output indicators); empty:
    not recorded. ``long_term_unemployed`` is unemployed too (docs/indicators.md, "Situation at
    entry")."""

    EMPLOYED = "employed", _("En emploi, y compris indépendant")
    UNEMPLOYED = "unemployed", _("Chômeur")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Chômeur de longue durée")
    INACTIVE = "inactive", _("Inactif")


class EducationLevel(models.TextChoices):
    """The highest level of education completed at entry, by ISCED 2011 groups."""

    ISCED_0_2 = "isced_0_2", _("CITE 0 à 2 : jusqu'au collège")
    ISCED_3_4 = "isced_3_4", _("CITE 3 et 4 : lycée, CAP, baccalauréat")
    ISCED_5_8 = "isced_5_8", _("CITE 5 à 8 : enseignement supérieur")


class Declared(models.TextChoices):
    """An answer the young person may decline to give (disability, foreign background,
    housing): the law makes them optional. Empty: not asked."""

    YES = "yes", _("Oui")
    NO = "no", _("Non")
    DECLINED = "declined", _("Ne souhaite pas répondre")


# The situations at entry each labour-market status agrees with (a status contradicting the
# situation is refused): a pupil or student is inactive in the labour-market sense.
LABOUR_STATUS_SITUATIONS: dict[str, tuple[str, ...]] = {
    LabourStatus.EMPLOYED: ("employed",),
    LabourStatus.UNEMPLOYED: ("unemployed",),
    LabourStatus.LONG_TERM_UNEMPLOYED: ("unemployed",),
    LabourStatus.INACTIVE: ("inactive", "in_education"),
}


def labour_status_agrees(*, situation: str, status: str) -> bool:
    """Whether a labour-market status agrees with the situation at entry (either unknown
    agrees with anything)."""
    if not status or situation in ("", "unknown"):
        return True
    return situation in LABOUR_STATUS_SITUATIONS[status]


def neet_at_entry(*, situation: str, status: str) -> bool | None:
    """Neither in employment nor in education or training at entry (docs/indicators.md,
    "NEET at entry"): from the situation at entry, else from the labour-market status; None
    when neither says."""
    if situation in ("employed", "in_education") or status == LabourStatus.EMPLOYED:
        return False
    if situation in NEET_SITUATIONS or status:
        return True
    return None


class FollowUpKind(models.TextChoices):
    """When a young person's situation after leaving is recorded (ESF+ immediate and
    longer-term results)."""

    EXIT = "exit", _("À la sortie (dans les quatre semaines)")
    SIX_MONTHS = "six_months", _("Six mois après la sortie")


class FollowUpSituation(models.TextChoices):
    EMPLOYED = "employed", _("En emploi, y compris indépendant")
    EDUCATION_TRAINING = "education_training", _("En études ou en formation")
    JOB_SEARCHING = "job_searching", _("En recherche d'emploi")
    INACTIVE = "inactive", _("Inactif")
    UNKNOWN = "unknown", _("Inconnue")


class FollowUpSource(models.TextChoices):
    """Who told the programme the young person's situation."""

    YOUTH = "youth", _("Déclaré par le jeune")
    EMPLOYER = "employer", _("Employeur")
    TRAINING_BODY = "training_body", _("Organisme de formation ou établissement")
    EMPLOYMENT_SERVICE = "employment_service", _("France Travail ou centre pour l'emploi")
    SUPPORT_BODY = "support_body", _("Mission Locale ou autre structure d'accompagnement")
    OTHER = "other", _("Autre source")


# Situations at entry that make a young person NEET (neither in employment nor in education or
# training); unknown means eligibility cannot be checked.
NEET_SITUATIONS = ("unemployed", "inactive")


class Strand(models.TextChoices):
    DIGITAL_CULTURE = "digital_culture", _("Culture numérique")
    FABLAB = "fablab", _("FabLab")
    EXCHANGE = "exchange", _("Échanges")
    OTHER = "other", _("Autre")


class EnrolmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("En cours")
    COMPLETED = "completed", _("Terminé")
    DROPPED_OUT = "dropped_out", _("Abandon")
    # teenlab's addition: left before the end for work, an apprenticeship, training or study;
    # not a dropout (docs/indicators.md, "Early positive exits").
    EARLY_EXIT = "early_exit", _("Sortie anticipée positive")


class EarlyExitKind(models.TextChoices):
    """What a young person left the session early for (an early positive exit)."""

    WORK = "work", _("Emploi")
    APPRENTICESHIP = "apprenticeship", _("Apprentissage ou alternance")
    TRAINING = "training", _("Formation")
    STUDY = "study", _("Études")


class DropoutReason(models.TextChoices):
    """Why a young person dropped out. The form offers the reviewed, non-judgemental list
    (``DROPOUT_REASONS_OFFERED``); the spec's ``lack_of_engagement`` and ``lack_of_motivation``
    are kept so that a package that holds them imports and shows them, but are no longer offered
    (docs/data-package.md, "Dropout reasons")."""

    PERSONAL = "personal", _("Raisons personnelles ou familiales")
    HEALTH = "health", _("Santé")
    MOVING_AWAY = "moving_away", _("Déménagement")
    WRONG_ORIENTATION = "wrong_orientation", _("Orientation non adaptée")
    UNREACHABLE = "unreachable", _("Plus joignable")
    LACK_OF_ENGAGEMENT = "lack_of_engagement", _("Manque d'engagement")
    LACK_OF_MOTIVATION = "lack_of_motivation", _("Manque de motivation")
    OTHER = "other", _("Autre raison")


# The reasons the dropout form offers; ``other`` requires a detail.
DROPOUT_REASONS_OFFERED = (
    DropoutReason.PERSONAL,
    DropoutReason.HEALTH,
    DropoutReason.MOVING_AWAY,
    DropoutReason.WRONG_ORIENTATION,
    DropoutReason.UNREACHABLE,
    DropoutReason.OTHER,
)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Présent")
    PARTIAL = "partial", _("Partiel")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excusé")


class ProfessionalProject(models.TextChoices):
    YES = "yes", _("Avec projet professionnel")
    NO = "no", _("Sans projet professionnel")
    UNKNOWN = "unknown", _("Non recensé")


class Exit(models.TextChoices):
    """Where a young person is at the end, in the words practitioners use. The spec's five
    positive codes keep their codes; ``apprenticeship`` and ``support_pathway`` are teenlab's
    (docs/indicators.md, "Exit categories")."""

    WORK = "work", _("Emploi")
    APPRENTICESHIP = "apprenticeship", _("Apprentissage ou alternance")
    STUDY = "study", _("Études")
    TRAINING = "training", _("Formation, qualifiante ou non")
    EXPERIENCE = "experience", _("Expérience : stage, service civique, volontariat")
    SUPPORT_PATHWAY = "support_pathway", _("Accompagnement : Mission Locale, CEJ, PACEA")
    PROJECT = "project", _("Projet personnel")
    NONE = "none", _("Aucune")
    UNKNOWN = "unknown", _("Inconnue")


class PositiveExit(models.TextChoices):
    """TEEN LAB's typology of positive exits: the bilan's ``positive_exits.by_category``."""

    WORK = "work", _("Travail")
    STUDY = "study", _("Études")
    EXPERIENCE = "experience", _("Expérience")
    TRAINING = "training", _("Formation")
    PROJECT = "project", _("Projet")


# Each positive exit (refined code) and the category of TEEN LAB's typology it counts in: an
# apprenticeship is a job (an apprentice holds an employment contract), a support pathway is a
# project under way with Mission Locale, the CEJ or a PACEA.
EXIT_TYPOLOGY: dict[str, str] = {
    Exit.WORK: PositiveExit.WORK,
    Exit.APPRENTICESHIP: PositiveExit.WORK,
    Exit.STUDY: PositiveExit.STUDY,
    Exit.EXPERIENCE: PositiveExit.EXPERIENCE,
    Exit.TRAINING: PositiveExit.TRAINING,
    Exit.SUPPORT_PATHWAY: PositiveExit.PROJECT,
    Exit.PROJECT: PositiveExit.PROJECT,
}
POSITIVE_EXITS = tuple(EXIT_TYPOLOGY)


class ExchangeKind(models.TextChoices):
    YOUTH_STAY = "youth_stay", _("Séjour jeunes")
    INSTITUTIONAL = "institutional", _("Temps institutionnel")
    PROFESSIONAL = "professional", _("Échange entre professionnels")
    TRAINING = "training", _("Formation de formateurs")
    OTHER = "other", _("Autre échange")


class BudgetCategory(models.TextChoices):
    CROSS_BORDER = "cross_border", _("Transfrontalier")
    COORDINATION = "coordination", _("Coordination")
    PEDAGOGY = "pedagogy", _("Parcours pédagogiques")
    PREMISES_EQUIPMENT = "premises_equipment", _("Aménagement et équipement")
    OTHER = "other", _("Autre")


class CostCategory(models.TextChoices):
    """The cost categories of the programme rules (Interreg: Reg. (EU) 2021/1059, art. 39 to
    45), beside TEEN LAB's own (``BudgetCategory``). Office and administration is a flat rate
    of the staff costs: computed, never an expense of its own (``DECLARED_COST_CATEGORIES``)."""

    STAFF = "staff", _("Frais de personnel")
    OFFICE = "office_admin", _("Frais de bureau et administratifs")
    TRAVEL = "travel", _("Frais de déplacement et d'hébergement")
    EXTERNAL = "external_expertise", _("Compétences et services externes")
    EQUIPMENT = "equipment", _("Équipement")
    INFRASTRUCTURE = "infrastructure", _("Infrastructures et travaux")


class DeclaredCostCategory(models.TextChoices):
    """The programme categories an expense or a planned cost is recorded in (all but the flat
    rate of office and administration, which is computed)."""

    STAFF = CostCategory.STAFF.value, CostCategory.STAFF.label
    TRAVEL = CostCategory.TRAVEL.value, CostCategory.TRAVEL.label
    EXTERNAL = CostCategory.EXTERNAL.value, CostCategory.EXTERNAL.label
    EQUIPMENT = CostCategory.EQUIPMENT.value, CostCategory.EQUIPMENT.label
    INFRASTRUCTURE = CostCategory.INFRASTRUCTURE.value, CostCategory.INFRASTRUCTURE.label


DECLARED_COST_CATEGORIES = DeclaredCostCategory.choices


class FundingSource(models.TextChoices):
    """Where a partner's budget comes from (the funding split of an Interreg budget)."""

    EU = "eu", _("Union européenne")
    NATIONAL = "national", _("Contrepartie nationale")
    OWN = "own", _("Fonds propres")


class NarrativeSection(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction")
    SUMMARY = "summary", _("Le bilan en quelques mots")
    NEW_SKILLS = "new_skills", _("De nouveaux acquis")
    PEDAGOGY = "pedagogy", _("Une pédagogie adaptée et innovante")
    COOPERATION = "cooperation", _("Des coopérations réussies")
    OBJECTIVES = "objectives", _("Un objectif de fond")
    CONCLUSION = "conclusion", _("Conclusion")
    # The sections a final report to Interreg asks for (issue 11).
    DIFFICULTIES = "difficulties", _("Difficultés rencontrées et remèdes")
    DEVIATIONS = "deviations", _("Écarts par rapport au plan")
    SUSTAINABILITY = "sustainability", _("Pérennité : ce qui continue")
    COMMUNICATION = "communication", _("Communication")


class Language(models.TextChoices):
    FR = "fr", "Français"
    IT = "it", "Italiano"
    EN = "en", "English"


class ConsentKind(models.TextChoices):
    """What a consent record says was given at entry (docs/privacy.md, "Consent")."""

    NOTICE = "notice", _("Notice d’information remise")  # noqa: RUF001 (French apostrophe)
    IMAGE_RIGHTS = "image_rights", _("Droit à l’image")  # noqa: RUF001
    PARTICIPATION = "participation", _("Autorisation parentale de participation")
    TRAVEL = "travel", _("Autorisation de sortie du territoire (AST)")


class ConsentGiver(models.TextChoices):
    """To whom a notice was given, or who gave an authorisation."""

    YOUTH = "youth", _("Le jeune")
    GUARDIAN = "guardian", _("Le représentant légal")
    BOTH = "both", _("Le jeune et son représentant légal")


class CooperationKind(models.TextChoices):
    INSTITUTION = "institution", _("Institution")
    COMPANY = "company", _("Entreprise")
    ASSOCIATION = "association", _("Association")
    SCHOOL = "school", _("Établissement scolaire")
    OTHER = "other", _("Autre")


class CooperationRole(models.TextChoices):
    DESIGN = "design", _("Construction du projet")
    FITTING_OUT = "fitting_out", _("Aménagement")
    SOURCING = "sourcing", _("Sourcing")
    RECRUITMENT = "recruitment", _("Recrutement")
    TRAINING = "training", _("Action de formation")
    SUPPORT = "support", _("Accompagnement et suivi")
    SUPERVISION = "supervision", _("Encadrement")


# Reporting zone of a youth whose commune is missing or not listed in residence_zones.
OTHER_ZONE = "other"
# Destination of a distance exchange.
REMOTE = "remote"


def check_in(field: str, choices: type[models.TextChoices]) -> models.Q:
    """The Q of a CheckConstraint that keeps ``field`` within an enumeration."""
    return models.Q(**{f"{field}__in": choices.values})
