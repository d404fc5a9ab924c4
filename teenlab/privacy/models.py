"""What the privacy app records: each young person whose personal data was anonymised (by the
retention policy or on request), and each request for erasure with its decision and the legal
exception applied (docs/privacy.md, "Retention")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import check_in
from teenlab.core.models import Project
from teenlab.participants.models import Youth


class AnonymisationReason(models.TextChoices):
    RETENTION = "retention", _("durée de conservation écoulée")
    ERASURE = "erasure", _("effacement demandé")


class Anonymisation(models.Model):
    """A young person whose personal data was anonymised: names, contact, guardian, exact birth
    date, commune, free texts, the same values in the journal; their signatures too, unless kept
    (pseudonymised) until the end of the funder's audit period (``signatures_kept_until``)."""

    youth = models.OneToOneField(Youth, on_delete=models.CASCADE, related_name="anonymisation")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("motif"), max_length=20, choices=AnonymisationReason.choices)
    last_contact = models.DateField(_("dernier contact"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisé le"))
    anonymised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    # The funder's audit period: the signature images are kept (the young person named by their
    # code only) until this day, then erased by the next run; empty: erased at once.
    signatures_kept_until = models.DateField(
        _("signatures gardées jusqu'au"), null=True, blank=True
    )
    signatures_erased_at = models.DateTimeField(_("signatures effacées le"), null=True, blank=True)

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        ordering = ["-anonymised_at"]
        constraints = [
            models.CheckConstraint(
                condition=check_in("reason", AnonymisationReason), name="anonymisation_reason"
            ),
        ]

    def __str__(self):
        return f"{self.youth.code} ({self.get_reason_display()})"


class RequestedBy(models.TextChoices):
    YOUTH = "youth", _("le jeune")
    GUARDIAN = "guardian", _("son représentant légal")


class ErasureDecision(models.TextChoices):
    ERASED = "erased", _("effacé (anonymisé)")
    REFUSED = "refused", _("refusé")


class ErasureException(models.TextChoices):
    """The GDPR Art. 17(3) exceptions teenlab applies."""

    NONE = "", _("aucune")
    AUDIT = "audit", _("preuves de présence gardées pour l'audit du financeur (art. 17.3.b)")
    LEGAL_CLAIMS = "legal_claims", _("constatation ou défense de droits en justice (art. 17.3.e)")


class ErasureRequest(models.Model):
    """A young person's (or their guardian's) request to erase their data (GDPR Art. 17): when
    it came, who made it, the decision, and the legal exception that keeps part of it."""

    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="erasure_requests")
    requested_on = models.DateField(_("demandé le"))
    requested_by = models.CharField(_("demandé par"), max_length=10, choices=RequestedBy.choices)
    decided_on = models.DateField(_("décidé le"))
    decision = models.CharField(_("décision"), max_length=10, choices=ErasureDecision.choices)
    exception = models.CharField(
        _("exception"), max_length=20, choices=ErasureException.choices, blank=True
    )
    kept_until = models.DateField(_("gardé jusqu'au"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enregistré par"),
    )

    class Meta:
        verbose_name = _("demande d'effacement")
        verbose_name_plural = _("demandes d'effacement")
        ordering = ["youth", "requested_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=check_in("requested_by", RequestedBy), name="erasure_requested_by"
            ),
            models.CheckConstraint(
                condition=check_in("decision", ErasureDecision), name="erasure_decision"
            ),
            models.CheckConstraint(
                condition=check_in("exception", ErasureException), name="erasure_exception"
            ),
            models.CheckConstraint(
                condition=~Q(decision=ErasureDecision.REFUSED) | ~Q(exception=""),
                name="erasure_refusal_says_why",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__gte=models.F("requested_on")),
                name="erasure_decided_after_request",
            ),
        ]

    def __str__(self):
        return f"{self.youth.code} — {self.get_decision_display()} ({self.decided_on:%d/%m/%Y})"
