from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Upload(models.Model):
    """A package sent through the web import, from its upload to the end of its import.

    The file lives in ``TEENLAB_HOME/uploads/<token>/`` (teenlab/datapackage/uploads.py); the
    background worker checks it (``review``: what importing it would do, kept so that a reload
    of the page does not read it again) and, once confirmed, loads it. The row and its file are
    deleted when the import ends, is cancelled or fails, and an hour after the upload at most.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente de vérification")
        VALIDATING = "validating", _("vérification en cours")
        VALIDATED = "validated", _("vérifié")
        IMPORT_QUEUED = "import_queued", _("import en attente")
        IMPORTING = "importing", _("import en cours")
        IMPORTED = "imported", _("importé")
        FAILED = "failed", _("échec de l'import")

    token = models.CharField(_("jeton"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("envoyé par"),
    )
    name = models.CharField(_("nom du fichier envoyé"), max_length=255)
    file_name = models.CharField(_("nom du fichier gardé"), max_length=100)
    language = models.CharField(_("langue"), max_length=8)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)
    # What the check found (errors, warnings, counts, refusal), then the import's outcome.
    review = models.JSONField(_("vérification"), null=True, blank=True)
    result = models.JSONField(_("résultat"), null=True, blank=True)

    class Meta:
        verbose_name = _("paquet envoyé")
        verbose_name_plural = _("paquets envoyés")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "queued",
                        "validating",
                        "validated",
                        "import_queued",
                        "importing",
                        "imported",
                        "failed",
                    ]
                ),
                name="upload_status",
            )
        ]

    def __str__(self) -> str:
        return self.name
