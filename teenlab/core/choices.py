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


class Gender(models.TextChoices):
    F = "f", pgettext_lazy("gender", "Femme")
    M = "m", pgettext_lazy("gender", "Homme")
    X = "x", pgettext_lazy("gender", "Autre ou non précisé")


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


class DropoutReason(models.TextChoices):
    PERSONAL = "personal", _("Raisons personnelles")
    WRONG_ORIENTATION = "wrong_orientation", _("Mauvaise orientation")
    LACK_OF_ENGAGEMENT = "lack_of_engagement", _("Manque d'engagement")
    LACK_OF_MOTIVATION = "lack_of_motivation", _("Manque de motivation")
    OTHER = "other", _("Autre raison")


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
    WORK = "work", _("Travail")
    STUDY = "study", _("Études")
    EXPERIENCE = "experience", _("Expérience")
    TRAINING = "training", _("Formation")
    PROJECT = "project", _("Projet")
    NONE = "none", _("Aucune")
    UNKNOWN = "unknown", _("Inconnue")


POSITIVE_EXITS = (Exit.WORK, Exit.STUDY, Exit.EXPERIENCE, Exit.TRAINING, Exit.PROJECT)


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


class NarrativeSection(models.TextChoices):
    SUMMARY = "summary", _("Le bilan en quelques mots")
    NEW_SKILLS = "new_skills", _("De nouveaux acquis")
    PEDAGOGY = "pedagogy", _("Une pédagogie adaptée et innovante")
    COOPERATION = "cooperation", _("Des coopérations réussies")
    OBJECTIVES = "objectives", _("Un objectif de fond")
    CONCLUSION = "conclusion", _("Conclusion")


class Language(models.TextChoices):
    FR = "fr", "Français"
    IT = "it", "Italiano"
    EN = "en", "English"


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
