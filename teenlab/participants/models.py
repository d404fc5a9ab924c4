from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import Decision, Gender, Redirection, Situation, check_in
from teenlab.core.codes import CODE_MAX_LENGTH, code_condition, validate_code
from teenlab.core.models import Organisation, Project


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


class Youth(models.Model):
    """A young person received by the programme."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="youth")
    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, validators=[validate_code])
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="youth")
    first_name = models.CharField(_("prénom"), max_length=120)
    last_name = models.CharField(_("nom"), max_length=120)
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
    # Consents (recorded by counsellors in the web application; not part of the data package).
    data_notice_given = models.BooleanField(_("information RGPD remise"), default=False)
    image_rights = models.BooleanField(_("droit à l'image"), default=False)
    guardian_contact = models.CharField(
        _("contact du représentant légal"), max_length=200, blank=True
    )

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
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


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
