from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import CooperationKind, CooperationRole, ExchangeKind, check_in
from teenlab.core.codes import CODE_MAX_LENGTH, code_condition, validate_code
from teenlab.core.models import Project
from teenlab.participants.models import Youth
from teenlab.training.models import Cohort


class Phase(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(_("numéro"))
    name = models.CharField(_("nom"), max_length=200)
    # The name in the Italian and English bilans (empty: the French one); docs/web.md,
    # "Names in each language".
    name_it = models.CharField(_("nom (italien)"), max_length=200, blank=True)
    name_en = models.CharField(_("nom (anglais)"), max_length=200, blank=True)
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="phase_number_unique"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="phase_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Exchange(models.Model):
    """A cross-border exchange: a youth stay, an institutional visit, a remote training…"""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="exchanges")
    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, validators=[validate_code])
    origin = models.CharField(_("origine"), max_length=2)
    destination = models.CharField(_("destination"), max_length=6)
    kind = models.CharField(_("type"), max_length=20, choices=ExchangeKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    title_it = models.CharField(_("titre (italien)"), max_length=200, blank=True)
    title_en = models.CharField(_("titre (anglais)"), max_length=200, blank=True)
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    youth_count = models.PositiveIntegerField(_("jeunes"), null=True, blank=True)
    staff_count = models.PositiveIntegerField(_("encadrants"), null=True, blank=True)

    class Meta:
        verbose_name = _("échange")
        verbose_name_plural = _("échanges")
        ordering = ["start_date", "code"]
        constraints = [
            models.CheckConstraint(condition=code_condition(), name="exchange_code_pattern"),
            models.UniqueConstraint(fields=["project", "code"], name="exchange_code_unique"),
            models.CheckConstraint(condition=check_in("kind", ExchangeKind), name="exchange_kind"),
            models.CheckConstraint(
                condition=Q(origin__regex=r"^[A-Z][A-Z]$"), name="exchange_origin_iso"
            ),
            models.CheckConstraint(
                condition=Q(destination__regex=r"^[A-Z][A-Z]$") | Q(destination="remote"),
                name="exchange_destination",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="exchange_end_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def cross_border(self) -> bool:
        """A stay in another country: a minor needs an *autorisation de sortie du territoire*
        (docs/privacy.md, "Consent")."""
        return self.destination not in ("remote", self.origin)

    @property
    def direction(self) -> str:
        return "remote" if self.destination == "remote" else f"{self.origin}-{self.destination}"


class Event(models.Model):
    """An event the youth of a cohort designed and ran for an association."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, validators=[validate_code])
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("titre"), max_length=200)
    title_it = models.CharField(_("titre (italien)"), max_length=200, blank=True)
    title_en = models.CharField(_("titre (anglais)"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    beneficiary = models.CharField(_("association bénéficiaire"), max_length=200, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["date", "code"]
        constraints = [
            models.CheckConstraint(condition=code_condition(), name="event_code_pattern"),
            models.UniqueConstraint(fields=["project", "code"], name="event_code_unique"),
        ]

    def __str__(self):
        return self.title


class EventParticipant(models.Model):
    """A young person of the event's cohort who took part in the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    youth = models.ForeignKey(
        Youth,
        on_delete=models.CASCADE,
        related_name="event_participations",
        verbose_name=_("jeune"),
    )

    class Meta:
        verbose_name = _("participation à un événement")
        verbose_name_plural = _("participations à des événements")
        ordering = ["event", "youth"]
        constraints = [
            models.UniqueConstraint(fields=["event", "youth"], name="event_participant_once"),
        ]

    def __str__(self):
        return f"{self.youth} — {self.event}"


class ExchangeParticipant(models.Model):
    """Someone who took part in an exchange: a young person of the project, or a member of
    staff — an account (``staff``), or a person named with their organisation. A staff row
    always carries ``name`` and ``organisation`` (copied from the account when there is one),
    so that the data package and the journal name them without an account."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="participants")
    youth = models.ForeignKey(
        Youth,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exchange_participations",
        verbose_name=_("jeune"),
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_participations",
        verbose_name=_("compte"),
    )
    name = models.CharField(_("nom"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("participation à un échange")
        verbose_name_plural = _("participations à des échanges")
        ordering = ["exchange", "youth", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(youth__isnull=False) & Q(name="") & Q(staff__isnull=True))
                | (Q(youth__isnull=True) & ~Q(name="")),
                name="exchange_participant_youth_or_named_staff",
            ),
            models.UniqueConstraint(
                fields=["exchange", "youth"],
                condition=Q(youth__isnull=False),
                name="exchange_participant_youth_once",
            ),
            models.UniqueConstraint(
                fields=["exchange", "name", "organisation"],
                condition=Q(youth__isnull=True),
                name="exchange_participant_staff_once",
            ),
        ]

    def __str__(self):
        if self.youth_id:
            return f"{self.youth} — {self.exchange}"
        return f"{self.name} — {self.exchange}"

    @property
    def is_staff(self) -> bool:
        return self.youth_id is None


class Cooperation(models.Model):
    """A local actor the project worked with, and what for."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cooperations")
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=CooperationKind.choices)
    # The data package's `;`-separated codes, kept in that form: a handful per row, read whole.
    roles = models.CharField(_("rôles"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    note_it = models.TextField(_("note (italien)"), blank=True)
    note_en = models.TextField(_("note (anglais)"), blank=True)

    class Meta:
        verbose_name = _("coopération")
        verbose_name_plural = _("coopérations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="cooperation_name_unique"),
            models.CheckConstraint(
                condition=check_in("kind", CooperationKind), name="cooperation_kind"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def role_list(self) -> list[str]:
        return [role for role in self.roles.split(";") if role]

    def get_roles_display(self) -> list[str]:
        labels = dict(CooperationRole.choices)
        return [str(labels.get(role, role)) for role in self.role_list]
