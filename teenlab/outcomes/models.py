from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import (
    Exit,
    FollowUpKind,
    FollowUpSituation,
    FollowUpSource,
    ProfessionalProject,
    check_in,
)
from teenlab.core.querysets import ProjectQuerySet
from teenlab.training.models import Enrolment


class OutcomeQuerySet(ProjectQuerySet):
    project_lookup = "enrolment__cohort__project"


class Outcome(models.Model):
    """What a young person leaves an enrolment with: a professional project and an exit."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="outcome")
    professional_project = models.CharField(
        _("projet professionnel"), max_length=10, choices=ProfessionalProject.choices
    )
    exit = models.CharField(_("sortie"), max_length=20, choices=Exit.choices)
    detail = models.TextField(_("détail"), blank=True)
    recorded_on = models.DateField(_("recueilli le"), null=True, blank=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("sortie")
        verbose_name_plural = _("sorties")
        constraints = [
            models.CheckConstraint(
                condition=check_in("professional_project", ProfessionalProject),
                name="outcome_professional_project",
            ),
            models.CheckConstraint(condition=check_in("exit", Exit), name="outcome_exit"),
        ]

    def __str__(self):
        return f"{self.enrolment}: {self.get_exit_display()}"


class FollowUpQuerySet(ProjectQuerySet):
    project_lookup = "enrolment__cohort__project"


class FollowUp(models.Model):
    """A young person's situation after leaving an enrolment (completed, early exit or
    dropout): at exit, within four weeks, and six months later (ESF+ immediate and longer-term
    results). Unlike :class:`Outcome` (TEEN LAB's "exit" in practitioners' words, one per
    enrolment), it is dated and sourced (docs/indicators.md, "Situation after leaving")."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("moment"), max_length=12, choices=FollowUpKind.choices)
    situation = models.CharField(_("situation"), max_length=20, choices=FollowUpSituation.choices)
    qualification_gained = models.BooleanField(_("qualification obtenue"), default=False)
    date = models.DateField(_("date de la situation"))
    source = models.CharField(_("source"), max_length=20, choices=FollowUpSource.choices)
    detail = models.CharField(_("détail"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("enregistré par"),
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("suivi après la sortie")
        verbose_name_plural = _("suivis après la sortie")
        ordering = ["enrolment", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "kind"], name="follow_up_one_per_kind"),
            models.CheckConstraint(condition=check_in("kind", FollowUpKind), name="follow_up_kind"),
            models.CheckConstraint(
                condition=check_in("situation", FollowUpSituation), name="follow_up_situation"
            ),
            models.CheckConstraint(
                condition=check_in("source", FollowUpSource), name="follow_up_source"
            ),
        ]

    def __str__(self):
        return f"{self.enrolment}: {self.get_kind_display()}, {self.get_situation_display()}"
