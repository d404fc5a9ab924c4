import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import (
    AttendanceStatus,
    DropoutReason,
    EarlyExitKind,
    EnrolmentStatus,
    Strand,
    check_in,
)
from teenlab.core.codes import CODE_MAX_LENGTH, code_condition, validate_code
from teenlab.core.models import Organisation, Project
from teenlab.core.querysets import ProjectQuerySet
from teenlab.participants.models import Youth


class Cohort(models.Model):
    """One training session (a cohort of young people)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cohorts")
    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, validators=[validate_code])
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(_("nom"), max_length=200)
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="cohorts_taught"
    )

    class Meta:
        verbose_name = _("session de formation")
        verbose_name_plural = _("sessions de formation")
        ordering = ["start_date", "code"]
        constraints = [
            models.CheckConstraint(condition=code_condition(), name="cohort_code_pattern"),
            models.UniqueConstraint(fields=["project", "code"], name="cohort_code_unique"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="cohort_end_after_start"
            ),
        ]

    def __str__(self):
        return self.name


class Module(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="modules")
    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, validators=[validate_code])
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="modules")
    name = models.CharField(_("nom"), max_length=200)
    strand = models.CharField(_("volet"), max_length=20, choices=Strand.choices)
    planned_hours = models.DecimalField(_("heures prévues"), max_digits=7, decimal_places=2)
    # One of the session's trainers (training.planning.module_save); an account, so not in the
    # data package (docs/data-package.md, "Accounts").
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="modules_taught",
        verbose_name=_("formateur·rice"),
    )

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["cohort", "code"]
        constraints = [
            models.CheckConstraint(condition=code_condition(), name="module_code_pattern"),
            models.UniqueConstraint(fields=["project", "code"], name="module_code_unique"),
            models.CheckConstraint(condition=check_in("strand", Strand), name="module_strand"),
            models.CheckConstraint(
                condition=Q(planned_hours__gte=0), name="module_hours_not_negative"
            ),
        ]

    def __str__(self):
        return self.name


class SlotQuerySet(ProjectQuerySet):
    project_lookup = "project"

    def scheduled(self) -> "SlotQuerySet":
        """The slots that take place: not cancelled."""
        return self.filter(cancelled_reason="")


class Slot(models.Model):
    """A scheduled half-day or class of a cohort."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="slots")
    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, validators=[validate_code])
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="slots")
    module = models.ForeignKey(
        Module, on_delete=models.SET_NULL, null=True, blank=True, related_name="slots"
    )
    date = models.DateField(_("date"))
    start = models.TimeField(_("début"))
    end = models.TimeField(_("fin"))
    # Stored rather than derived in SQL: time arithmetic differs between SQLite and PostgreSQL,
    # and every attendance rate divides by it. save() keeps it equal to end - start.
    duration_minutes = models.PositiveIntegerField(_("durée (minutes)"), editable=False)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    # A cancelled slot keeps its attendance as proof but is no longer scheduled time: every
    # attendance rate, the sign-in of the day and the hours scheduled leave it out
    # (docs/indicators.md). Empty: the slot takes place.
    cancelled_reason = models.TextField(_("motif d'annulation"), blank=True)

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("créneau")
        verbose_name_plural = _("créneaux")
        ordering = ["date", "start", "code"]
        indexes = [models.Index(fields=["cohort", "date"])]
        constraints = [
            models.CheckConstraint(condition=code_condition(), name="slot_code_pattern"),
            models.UniqueConstraint(fields=["project", "code"], name="slot_code_unique"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="slot_end_after_start"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0, duration_minutes__lte=24 * 60),
                name="slot_duration_range",
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.start:%H:%M}-{self.end:%H:%M}"

    def save(self, *args, **kwargs):
        self.duration_minutes = self.minutes_between(self.start, self.end)
        super().save(*args, **kwargs)

    def signing_window(self) -> tuple[dt.datetime, dt.datetime]:
        """When the young people may sign the slot themselves: from its project's
        ``signing_opens_before`` minutes before its start to ``signing_closes_after`` minutes
        after its end, its hours read in its organisation's time zone."""
        zone = self.cohort.organisation.zone
        project = self.cohort.project
        opens = dt.datetime.combine(self.date, self.start, tzinfo=zone)
        closes = dt.datetime.combine(self.date, self.end, tzinfo=zone)
        return (
            opens - dt.timedelta(minutes=project.signing_opens_before),
            closes + dt.timedelta(minutes=project.signing_closes_after),
        )

    @staticmethod
    def minutes_between(start, end) -> int:
        return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)

    @property
    def is_cancelled(self) -> bool:
        return bool(self.cancelled_reason)


class Closure(models.Model):
    """A period a session does not meet (a school holiday, the centre closed), with its label:
    the timetable generator skips it and the session's calendar shows it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="closures")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au"))
    label = models.CharField(_("libellé"), max_length=200)

    class Meta:
        verbose_name = _("fermeture")
        verbose_name_plural = _("fermetures")
        ordering = ["cohort", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "start_date"], name="closure_start_unique"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="closure_end_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.start_date:%d/%m/%Y} → {self.end_date:%d/%m/%Y})"


class EnrolmentQuerySet(ProjectQuerySet):
    project_lookup = "cohort__project"

    def expected_at(self, slot: "Slot") -> "EnrolmentQuerySet":
        """The enrolments whose attendance window (``enrolled_on`` to ``left_on``, or the
        cohort's end, both included: docs/indicators.md) holds the slot's date: the young people
        expected that day (the sign-in), and the slots an attendance rate counts. Nobody is
        expected at a cancelled slot."""
        if slot.cancelled_reason:
            return self.none()
        return (
            self.of_project(slot.project_id)
            .filter(cohort_id=slot.cohort_id, enrolled_on__lte=slot.date)
            .alias(window_end=Coalesce("left_on", "cohort__end_date"))
            .filter(window_end__gte=slot.date)
        )


class Enrolment(models.Model):
    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="enrolments")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_on = models.DateField(_("inscrit le"))
    status = models.CharField(_("statut"), max_length=20, choices=EnrolmentStatus.choices)
    left_on = models.DateField(_("sorti le"), null=True, blank=True)
    dropout_reason = models.CharField(
        _("motif d'abandon"), max_length=30, choices=DropoutReason.choices, blank=True
    )
    early_exit_kind = models.CharField(
        _("sortie anticipée pour"), max_length=20, choices=EarlyExitKind.choices, blank=True
    )
    leaving_detail = models.CharField(
        _("précision sur la sortie"),
        max_length=200,
        blank=True,
        help_text=_("Le motif « autre » d'un abandon, ou ce que le jeune est parti faire."),
    )
    note = models.TextField(_("note"), blank=True)
    eligibility_justification = models.TextField(
        _("justification d'éligibilité"),
        blank=True,
        help_text=_("Pourquoi un jeune hors des critères d'entrée a tout de même été recruté."),
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["enrolled_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["youth", "cohort"], name="enrolment_unique"),
            models.CheckConstraint(
                condition=check_in("status", EnrolmentStatus), name="enrolment_status"
            ),
            models.CheckConstraint(
                condition=check_in("dropout_reason", DropoutReason) | Q(dropout_reason=""),
                name="enrolment_dropout_reason",
            ),
            models.CheckConstraint(
                condition=Q(early_exit_kind="")
                | Q(status=EnrolmentStatus.EARLY_EXIT, early_exit_kind__in=EarlyExitKind.values),
                name="enrolment_early_exit_kind",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("enrolled_on")),
                name="enrolment_left_after_enrolled",
            ),
        ]

    def __str__(self):
        return f"{self.youth} — {self.cohort}"


class EnrolmentAttendance(models.Model):
    """An enrolment's attendance totals, kept by ``training.rollups`` in the transaction of
    every attendance, slot, enrolment or session write (docs/indicators.md, "Attendance
    totals"): the raw minutes over the non-cancelled slots of its window, so that the reports
    read one row per enrolment instead of its attendance rows, and apply the project's rules
    (threshold, excused absences) when they read them. Derived: never edited, never exported,
    rebuilt by the import and checked by ``teenlab rollups check``."""

    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="attendance_totals",
        verbose_name=_("inscription"),
    )
    slots = models.PositiveIntegerField(_("créneaux prévus"), default=0)
    scheduled_minutes = models.PositiveIntegerField(_("minutes prévues"), default=0)
    excused_minutes = models.PositiveIntegerField(_("minutes d'absence excusée"), default=0)
    # Minutes attended (present: the slot; partial: its minutes capped at the slot's duration)
    # by what they rest on: the young people's signatures, the trainer, imports.
    signed_minutes = models.PositiveIntegerField(_("minutes présentes signées"), default=0)
    trainer_minutes = models.PositiveIntegerField(
        _("minutes présentes pointées par le formateur"), default=0
    )
    imported_minutes = models.PositiveIntegerField(_("minutes présentes importées"), default=0)

    class Meta:
        verbose_name = _("totaux de présence d'une inscription")
        verbose_name_plural = _("totaux de présence des inscriptions")

    def __str__(self):
        return str(self.enrolment)

    @property
    def attended_minutes(self) -> int:
        return self.signed_minutes + self.trainer_minutes + self.imported_minutes


class AttendanceSource(models.TextChoices):
    """How an attendance row was obtained: what the sheet, the youth record and the bilan say
    it rests on."""

    SIGNED = "signed", _("signée")
    MARKED = "marked", _("pointée par le formateur")
    LATE = "late", _("saisie tardive")
    CORRECTED = "corrected", _("corrigée")
    IMPORTED = "imported", _("importée, sans signature")


class AttendanceQuerySet(ProjectQuerySet):
    project_lookup = "slot__project"


class Attendance(models.Model):
    # No index of its own: the unique (slot, youth) index leads with the slot and serves every
    # query by slot (docs/data-package.md, "Speed").
    slot = models.ForeignKey(
        Slot, on_delete=models.CASCADE, related_name="attendance", db_index=False
    )
    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("statut"), max_length=10, choices=AttendanceStatus.choices)
    minutes = models.PositiveIntegerField(_("minutes"), null=True, blank=True)
    source = models.CharField(
        _("origine"),
        max_length=10,
        choices=AttendanceSource.choices,
        default=AttendanceSource.MARKED,
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(fields=["slot", "youth"], name="attendance_unique"),
            models.CheckConstraint(
                condition=check_in("status", AttendanceStatus), name="attendance_status"
            ),
            models.CheckConstraint(
                condition=~Q(status=AttendanceStatus.PARTIAL) | Q(minutes__isnull=False),
                name="attendance_partial_has_minutes",
            ),
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__lte=24 * 60),
                name="attendance_minutes_range",
            ),
            models.CheckConstraint(
                condition=check_in("source", AttendanceSource), name="attendance_source"
            ),
        ]

    def __str__(self):
        return f"{self.youth} — {self.slot}: {self.get_status_display()}"


# --- The sign-in (émargement): signatures, countersignature, corrections ------------------------


class AttendanceSignatureQuerySet(ProjectQuerySet):
    project_lookup = "attendance__slot__project"


class AttendanceSignature(models.Model):
    """A young person's own signature of one attendance row, as collected on the tablet."""

    attendance = models.OneToOneField(
        Attendance, on_delete=models.CASCADE, related_name="signature"
    )
    image = models.BinaryField(_("signature (PNG)"))
    typed_name = models.CharField(
        _("nom saisi"),
        max_length=200,
        blank=True,
        help_text=_("Rempli quand le jeune a signé en tapant son nom."),
    )
    signed_at = models.DateTimeField(_("signé le"))
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signatures_collected",
        verbose_name=_("recueillie par"),
    )

    objects = AttendanceSignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature d'émargement")
        verbose_name_plural = _("signatures d'émargement")

    def __str__(self):
        return f"{self.attendance} ({self.signed_at:%d/%m/%Y %H:%M})"


class SlotCountersignature(models.Model):
    """The trainer's countersignature of a slot's sign-in sheet: the slot is then locked."""

    slot = models.OneToOneField(Slot, on_delete=models.CASCADE, related_name="countersignature")
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="countersignatures",
        verbose_name=_("formateur·rice"),
    )
    image = models.BinaryField(_("contre-signature (PNG)"))
    signed_at = models.DateTimeField(_("contre-signé le"))

    class Meta:
        verbose_name = _("contre-signature")
        verbose_name_plural = _("contre-signatures")

    def __str__(self):
        return f"{self.slot} — {self.trainer}"


class AttendanceCorrectionQuerySet(ProjectQuerySet):
    project_lookup = "slot__project"


class AttendanceCorrection(models.Model):
    """A change to the attendance of a locked slot: a new entry, never a silent edit."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="corrections")
    youth = models.ForeignKey(
        Youth, on_delete=models.CASCADE, related_name="attendance_corrections"
    )
    status_before = models.CharField(
        _("statut avant"), max_length=10, choices=AttendanceStatus.choices, blank=True
    )
    minutes_before = models.PositiveIntegerField(_("minutes avant"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=AttendanceStatus.choices)
    minutes = models.PositiveIntegerField(_("minutes"), null=True, blank=True)
    reason = models.TextField(_("motif"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="attendance_corrections",
        verbose_name=_("corrigé par"),
    )
    corrected_at = models.DateTimeField(_("corrigé le"))

    objects = AttendanceCorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction d'émargement")
        verbose_name_plural = _("corrections d'émargement")
        ordering = ["corrected_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=check_in("status", AttendanceStatus), name="correction_status"
            ),
            models.CheckConstraint(
                condition=~Q(status=AttendanceStatus.PARTIAL) | Q(minutes__isnull=False),
                name="correction_partial_has_minutes",
            ),
        ]

    def __str__(self):
        return f"{self.youth} — {self.slot}: {self.get_status_display()}"


# --- The attendance ledger: every change to a slot's sign-in, chained by hash -------------------


class EntryKind(models.TextChoices):
    SIGNATURE = "signature", _("signature")
    MARK = "mark", _("pointage")
    LATE = "late", _("saisie tardive")
    COUNTERSIGNATURE = "countersignature", _("contre-signature")
    CORRECTION = "correction", _("correction")
    IMPORT = "import", _("import")


class AttendanceEntryQuerySet(ProjectQuerySet):
    project_lookup = "slot__project"


class AttendanceEntry(models.Model):
    """One entry of a slot's attendance ledger, written once and never changed.

    Each entry records what one act did to the slot's sheet: a young person's signature, the
    trainer's mark, a late entry (outside the signing window, with its reason), the
    countersignature, a correction, or an import. ``status`` and ``minutes`` are what the young
    person's attendance became. ``hash`` covers the entry's content and the previous entry's hash
    (:mod:`teenlab.training.ledger`), so ``teenlab attendance verify`` finds an entry edited or
    removed, or a sheet that no longer says what its ledger says.
    """

    Kind = EntryKind

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="ledger")
    seq = models.PositiveIntegerField(_("n°"))
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    youth = models.ForeignKey(
        Youth,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attendance_entries",
        verbose_name=_("jeune"),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=AttendanceStatus.choices, blank=True
    )
    minutes = models.PositiveIntegerField(_("minutes"), null=True, blank=True)
    typed = models.BooleanField(_("nom saisi"), default=False)
    reason = models.TextField(_("motif"), blank=True)
    image_sha256 = models.CharField(_("empreinte de l'image"), max_length=64, blank=True)
    rows = models.JSONField(_("lignes importées"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("enregistré le"))
    taken_at = models.DateTimeField(_("saisi sur l'appareil le"), null=True, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendance_entries",
        verbose_name=_("recueilli par"),
    )
    device = models.CharField(_("appareil"), max_length=64, blank=True)
    idempotency_key = models.CharField(
        _("clé d'idempotence"), max_length=64, null=True, blank=True, unique=True
    )
    prev_hash = models.CharField(_("empreinte précédente"), max_length=64)
    hash = models.CharField(_("empreinte"), max_length=64)

    objects = AttendanceEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du registre d'émargement")
        verbose_name_plural = _("entrées du registre d'émargement")
        ordering = ["slot", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "seq"], name="attendance_entry_seq_unique"),
            models.CheckConstraint(condition=check_in("kind", EntryKind), name="entry_kind"),
            models.CheckConstraint(
                condition=check_in("status", AttendanceStatus) | Q(status=""),
                name="entry_status",
            ),
        ]

    def __str__(self):
        return f"{self.slot} #{self.seq} {self.get_kind_display()}"
