from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teenlab.core.choices import (
    ConsentGiver,
    ConsentKind,
    Decision,
    Declared,
    EducationLevel,
    Gender,
    LabourStatus,
    Language,
    Redirection,
    Situation,
    check_in,
    neet_at_entry,
)
from teenlab.core.codes import CODE_MAX_LENGTH, code_condition, validate_code
from teenlab.core.models import Organisation, Project
from teenlab.core.querysets import ProjectQuerySet


class InfoSession(models.Model):
    """A collective information session (info collective)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="info_sessions")
    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, validators=[validate_code])
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="info_sessions"
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("information collective")
        verbose_name_plural = _("informations collectives")
        ordering = ["date", "code"]
        constraints = [
            models.CheckConstraint(condition=code_condition(), name="info_session_code_pattern"),
            models.UniqueConstraint(fields=["project", "code"], name="info_session_code_unique"),
        ]

    def __str__(self):
        return f"{self.code} ({self.date:%d/%m/%Y})"


# The characteristics a young person may decline to give (choices ``Declared``).
DECLARED_FIELDS = ("disability", "foreign_background", "third_country_national", "homeless")


class YouthQuerySet(ProjectQuerySet):
    project_lookup = "project"


class Youth(models.Model):
    """A young person received by the programme."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="youth")
    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, validators=[validate_code])
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="youth")
    first_name = models.CharField(_("prénom"), max_length=120)
    # A person's family name (Italian "cognome"), not the "nom" of a session or a phase.
    last_name = models.CharField(pgettext_lazy("personne", "nom"), max_length=120)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    gender = models.CharField(_("genre"), max_length=1, choices=Gender.choices)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    received_on = models.DateField(_("reçu le"), null=True, blank=True)
    info_session = models.ForeignKey(
        InfoSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="youth",
        verbose_name=_("information collective"),
    )
    referred_by = models.CharField(_("orienté par"), max_length=200, blank=True)
    situation_at_entry = models.CharField(
        _("situation à l'entrée"), max_length=20, choices=Situation.choices, blank=True
    )
    # A minor's legal guardian (docs/privacy.md, "Consent"); the notice, image rights and
    # authorisations are Consent records.
    guardian_name = models.CharField(_("représentant légal"), max_length=200, blank=True)
    # Characteristics at entry (issue 13; ESF+ common indicators): each optional, empty when
    # not recorded; "declined" where the law lets the young person not answer.
    labour_status = models.CharField(
        _("situation sur le marché du travail"),
        max_length=20,
        choices=LabourStatus.choices,
        blank=True,
    )
    education_level = models.CharField(
        _("niveau d'études le plus élevé"),
        max_length=10,
        choices=EducationLevel.choices,
        blank=True,
    )
    left_school_without_diploma = models.BooleanField(
        _("sorti du système scolaire sans diplôme"), null=True, blank=True
    )
    disability = models.CharField(
        _("situation de handicap"), max_length=10, choices=Declared.choices, blank=True
    )
    foreign_background = models.CharField(
        _("origine étrangère"), max_length=10, choices=Declared.choices, blank=True
    )
    third_country_national = models.CharField(
        _("ressortissant d'un pays tiers"), max_length=10, choices=Declared.choices, blank=True
    )
    homeless = models.CharField(
        _("sans abri ou exclu du logement"), max_length=10, choices=Declared.choices, blank=True
    )
    guardian_contact = models.CharField(
        _("contact du représentant légal"), max_length=200, blank=True
    )

    objects = YouthQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeune")
        verbose_name_plural = _("jeunes")
        ordering = ["last_name", "first_name", "code"]
        constraints = [
            models.CheckConstraint(condition=code_condition(), name="youth_code_pattern"),
            models.UniqueConstraint(fields=["project", "code"], name="youth_code_unique"),
            models.CheckConstraint(condition=check_in("gender", Gender), name="youth_gender"),
            models.CheckConstraint(
                condition=check_in("situation_at_entry", Situation)
                | models.Q(situation_at_entry=""),
                name="youth_situation",
            ),
            models.CheckConstraint(
                condition=check_in("labour_status", LabourStatus) | Q(labour_status=""),
                name="youth_labour_status",
            ),
            models.CheckConstraint(
                condition=check_in("education_level", EducationLevel) | Q(education_level=""),
                name="youth_education_level",
            ),
            *(
                models.CheckConstraint(
                    condition=check_in(name, Declared) | Q(**{name: ""}), name=f"youth_{name}"
                )
                for name in DECLARED_FIELDS
            ),
        ]
        # The youth list reads an organisation's young people of a project in this order, a
        # page at a time: the index gives a page without sorting the project, and counts them
        # without reading the table (issue 14, target 3).
        indexes = [
            models.Index(
                fields=["project", "organisation", "last_name", "first_name", "code"],
                name="youth_list_of_organisation",
            )
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def neet_at_entry(self) -> bool | None:
        """Neither in employment nor in education or training at entry; None: not known."""
        return neet_at_entry(situation=self.situation_at_entry, status=self.labour_status)


class RecruitmentDecisionQuerySet(ProjectQuerySet):
    project_lookup = "youth__project"


class RecruitmentDecision(models.Model):
    """A decision about a young person received, other than recruiting them (an enrolment):
    not retained, redirected elsewhere, withdrawn, or put on the waiting list until a date.

    Decisions are kept as a history; the latest one is the young person's state. Recruiting
    them later (from the waiting list, say) leaves the decision on record."""

    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="decisions")
    decided_on = models.DateField(_("décidé le"))
    decision = models.CharField(_("décision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("motif"), blank=True)
    redirected_to = models.CharField(
        _("réorienté vers"), max_length=20, choices=Redirection.choices, blank=True
    )
    redirected_detail = models.CharField(_("structure"), max_length=200, blank=True)
    waiting_until = models.DateField(_("en attente jusqu'au"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recruitment_decisions",
        verbose_name=_("décidé par"),
    )

    objects = RecruitmentDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("décision de recrutement")
        verbose_name_plural = _("décisions de recrutement")
        ordering = ["youth", "decided_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["youth", "decided_on"], name="decision_one_a_day"),
            models.CheckConstraint(condition=check_in("decision", Decision), name="decision_kind"),
            models.CheckConstraint(
                condition=check_in("redirected_to", Redirection) | Q(redirected_to=""),
                name="decision_redirection",
            ),
            models.CheckConstraint(
                condition=~Q(decision=Decision.REDIRECTED) | ~Q(redirected_to=""),
                name="decision_redirected_says_where",
            ),
            models.CheckConstraint(
                condition=~Q(decision=Decision.WAITING_LIST) | Q(waiting_until__isnull=False),
                name="decision_waiting_list_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.youth} — {self.get_decision_display()} ({self.decided_on:%d/%m/%Y})"


class ConsentQuerySet(ProjectQuerySet):
    project_lookup = "youth__project"


class Consent(models.Model):
    """One consent, notice or authorisation recorded at entry (docs/privacy.md, "Consent"): the
    information notice given (version, language, to whom), image rights granted or refused, a
    parent's authorisation to take part, an *autorisation de sortie du territoire* (AST) with
    its validity. A history: a renewed AST is a new record; the latest of a kind counts."""

    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("objet"), max_length=20, choices=ConsentKind.choices)
    # Empty only for the yes/no answers recorded before the date was kept (migration 0004).
    given_on = models.DateField(_("date"), null=True, blank=True)
    given_by = models.CharField(
        _("remis à ou donné par"), max_length=10, choices=ConsentGiver.choices
    )
    granted = models.BooleanField(_("accordé"), default=True)
    version = models.CharField(_("version de la notice"), max_length=64, blank=True)
    language = models.CharField(
        _("langue de la notice"), max_length=2, choices=Language.choices, blank=True
    )
    valid_until = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_recorded",
        verbose_name=_("enregistré par"),
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consentement ou autorisation")
        verbose_name_plural = _("consentements et autorisations")
        ordering = ["youth", "kind", "given_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=check_in("kind", ConsentKind), name="consent_kind"),
            models.CheckConstraint(
                condition=check_in("given_by", ConsentGiver), name="consent_given_by"
            ),
            models.CheckConstraint(
                condition=check_in("language", Language) | Q(language=""),
                name="consent_language",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(given_on__isnull=True)
                | Q(valid_until__gte=models.F("given_on")),
                name="consent_valid_after_given",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.youth.code}"


class SensitiveNote(models.Model):
    """Health or other special-category details about a young person (GDPR Art. 9), kept apart
    from every other field: read and written only by the counsellors of the young person's
    organisation, every read journaled, never exported (docs/privacy.md, "Special-category
    data"). The journal keeps that it changed, never what it says."""

    youth = models.OneToOneField(Youth, on_delete=models.CASCADE, related_name="sensitive_note")
    text = models.TextField(_("informations sensibles"), blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sensitive_notes_written",
        verbose_name=_("modifié par"),
    )

    class Meta:
        verbose_name = _("informations sensibles")
        verbose_name_plural = _("informations sensibles")

    def __str__(self):
        return f"{self._meta.verbose_name} — {self.youth.code}"
