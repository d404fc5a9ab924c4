from django.db import models
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import Exit, ProfessionalProject, check_in
from teenlab.training.models import Enrolment


class Outcome(models.Model):
    """What a young person leaves an enrolment with: a professional project and an exit."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="outcome")
    professional_project = models.CharField(
        _("projet professionnel"), max_length=10, choices=ProfessionalProject.choices
    )
    exit = models.CharField(_("sortie"), max_length=20, choices=Exit.choices)
    detail = models.TextField(_("détail"), blank=True)
    recorded_on = models.DateField(_("recueilli le"), null=True, blank=True)

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
