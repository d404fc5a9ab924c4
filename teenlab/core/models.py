import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import (
    AgeBandSet,
    ExcusedRule,
    Language,
    NarrativeSection,
    PartnerRole,
    check_in,
)
from teenlab.core.codes import CODE_MAX_LENGTH, code_condition, validate_code

MONEY = {"max_digits": 12, "decimal_places": 2}

# An organisation's time zone when it names none: its country's (docs/web.md, "Émargement").
COUNTRY_TIME_ZONES = {"FR": "Europe/Paris", "IT": "Europe/Rome"}
# The language of the documents of an organisation of each country (Organisation.language).
COUNTRY_LANGUAGES = {"FR": Language.FR, "IT": Language.IT}
# The signing window's defaults, in minutes before a slot's start and after its end.
SIGNING_OPENS_BEFORE = 30
SIGNING_CLOSES_AFTER = 60


def validate_time_zone(value: str) -> None:
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("Fuseau horaire inconnu : %(zone)s (exemple : Europe/Paris)."),
            params={"zone": value},
        )


class Organisation(models.Model):
    """A partner organisation; the same code across every project it takes part in."""

    code = models.CharField(
        _("code"), max_length=CODE_MAX_LENGTH, unique=True, validators=[validate_code]
    )
    name = models.CharField(_("nom"), max_length=200)
    country = models.CharField(_("pays"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    city = models.CharField(_("ville"), max_length=120, blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    website = models.CharField(_("site web"), max_length=200, blank=True)
    time_zone = models.CharField(
        _("fuseau horaire"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_(
            "Vide : celui du pays (Europe/Paris pour la France, Europe/Rome pour l'Italie). "
            "Les heures d'émargement s'impriment dans ce fuseau."
        ),
    )
    # Who signs the attestations of attendance the organisation gives its trainees (Code du
    # travail L.6353-1); recorded by its coordinators (core.services.organisation_signatory_update).
    signatory_name = models.CharField(
        _("signataire des attestations"),
        max_length=200,
        blank=True,
        help_text=_("Prénom et nom de la personne qui signe les attestations d'assiduité."),
    )
    signatory_title = models.CharField(
        _("qualité du signataire"),
        max_length=200,
        blank=True,
        help_text=_("Sa fonction, par exemple « Directrice de La Dynamo »."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=code_condition(), name="organisation_code_pattern"),
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z][A-Z]$"), name="organisation_country_iso"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The time zone the organisation's sign-in times are read and printed in."""
        name = self.time_zone or COUNTRY_TIME_ZONES.get(self.country) or settings.TIME_ZONE
        return zoneinfo.ZoneInfo(name)

    @property
    def language(self) -> str:
        """The language of its country (fr, it; any other country: en): that of the documents
        it gives when none is asked for, such as its attestations of attendance."""
        return COUNTRY_LANGUAGES.get(self.country, Language.EN)


ELIGIBLE_AGES = (16, 26)
# The share of its scheduled hours an enrolment must attend, in percent (exactly it counts).
ATTENDANCE_THRESHOLD_PERCENT = 80
# Years a young person's personal data is kept after their last contact when the project does
# not say (the CNIL's référentiel for social and medico-social processing; docs/privacy.md).
RETENTION_YEARS = 2


def _funding_statement(verbose_name) -> models.CharField:
    """A project's funding statement in one language (core.publicity)."""
    return models.CharField(
        verbose_name,
        max_length=300,
        blank=True,
        help_text=_("Vide : la mention usuelle du FEDER."),
    )


class Project(models.Model):
    code = models.CharField(
        _("code"), max_length=CODE_MAX_LENGTH, unique=True, validators=[validate_code]
    )
    name = models.CharField(_("nom"), max_length=200)
    programme = models.CharField(_("programme"), max_length=200)
    # The programme's name in the bilans in Italian and English (empty: the French one).
    programme_it = models.CharField(_("programme (italien)"), max_length=200, blank=True)
    programme_en = models.CharField(_("programme (anglais)"), max_length=200, blank=True)
    call = models.CharField(
        _("appel à projets"),
        max_length=200,
        blank=True,
        help_text=_("L'appel ou l'axe du programme qui finance le projet."),
    )
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    cofinancing_total_eur = models.DecimalField(
        _("cofinancement total (€)"), null=True, blank=True, **MONEY
    )
    # Eligibility at entry: age on the day a young person is received; empty, the usual range
    # of such programmes (ELIGIBLE_AGES, TEEN LAB's 16 to 26).
    eligible_age_min = models.PositiveSmallIntegerField(
        _("âge minimum à l'entrée"), null=True, blank=True
    )
    eligible_age_max = models.PositiveSmallIntegerField(
        _("âge maximum à l'entrée"), null=True, blank=True
    )
    # The reports' rules (reporting.indicators.rules_of; docs/indicators.md, "The project's
    # rules"); empty, as in a package that does not say, TEEN LAB's: 80 %, excused absences
    # counted absent, TEEN LAB's age bands.
    attendance_threshold = models.PositiveSmallIntegerField(
        _("seuil d'assiduité (%)"),
        null=True,
        blank=True,
        help_text=_("Part des heures prévues qu'un·e jeune doit suivre ; le seuil exact compte."),
    )
    excused_absences = models.CharField(
        _("absences excusées"), max_length=20, choices=ExcusedRule.choices, blank=True
    )
    age_bands = models.CharField(
        _("tranches d'âge des rapports"), max_length=20, choices=AgeBandSet.choices, blank=True
    )
    # EU publicity (issue 11, point 4): the emblem and the funding statement on the bilan's
    # cover and the sign-in sheets; an empty statement is the ERDF's usual wording
    # (core.publicity.funding_statement), in the document's language.
    eu_emblem = models.BooleanField(
        _("emblème de l'Union européenne"),
        default=True,
        help_text=_("Imprimé avec la mention du financement sur le bilan et les feuilles."),
    )
    funding_statement_fr = _funding_statement(_("mention du financement (français)"))
    funding_statement_it = _funding_statement(_("mention du financement (italien)"))
    funding_statement_en = _funding_statement(_("mention du financement (anglais)"))
    organisations = models.ManyToManyField(
        Organisation, through="ProjectPartner", related_name="projects"
    )
    signing_opens_before = models.PositiveIntegerField(
        _("émargement ouvert avant le début (minutes)"),
        default=SIGNING_OPENS_BEFORE,
        help_text=_("Un jeune peut signer à partir de ce nombre de minutes avant le créneau."),
    )
    signing_closes_after = models.PositiveIntegerField(
        _("émargement fermé après la fin (minutes)"),
        default=SIGNING_CLOSES_AFTER,
        help_text=_(
            "Après ce délai, seul·e le·la formateur·rice enregistre une saisie tardive motivée."
        ),
    )

    # The retention policy (docs/privacy.md, "Retention"): a young person's personal data is
    # anonymised this many years after their last contact (empty: 2, the CNIL's référentiel
    # for social processing); their attendance proof (signatures) is kept, pseudonymised, until
    # the end of the funder's audit period.
    retention_years = models.PositiveSmallIntegerField(
        _("durée de conservation (années après le dernier contact)"),
        null=True,
        blank=True,
        help_text=_("Vide : 2 ans (référentiel de la CNIL pour l'action sociale)."),
    )
    audit_retention_until = models.DateField(
        _("fin de la période d'audit du financeur"),
        null=True,
        blank=True,
        help_text=_(
            "Jusqu'à cette date, les preuves de présence (signatures) sont gardées, pseudonymisées."
        ),
    )

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["-start_date", "code"]
        constraints = [
            models.CheckConstraint(condition=code_condition(), name="project_code_pattern"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="project_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(signing_opens_before__lte=24 * 60, signing_closes_after__lte=24 * 60),
                name="project_signing_window_range",
            ),
            models.CheckConstraint(
                condition=Q(eligible_age_max__gte=F("eligible_age_min")),
                name="project_eligible_ages_ordered",
            ),
            models.CheckConstraint(
                condition=Q(attendance_threshold__gte=1, attendance_threshold__lte=100),
                name="project_attendance_threshold_range",
            ),
            models.CheckConstraint(
                condition=Q(excused_absences="") | check_in("excused_absences", ExcusedRule),
                name="project_excused_absences",
            ),
            models.CheckConstraint(
                condition=Q(age_bands="") | check_in("age_bands", AgeBandSet),
                name="project_age_bands",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def rule_values(self) -> dict[str, int | str]:
        """The rules as the reports apply them: an empty one is TEEN LAB's."""
        return {
            "attendance_threshold": self.attendance_threshold or ATTENDANCE_THRESHOLD_PERCENT,
            "excused_absences": self.excused_absences or ExcusedRule.ABSENT,
            "age_bands": self.age_bands or AgeBandSet.TEENLAB,
        }

    @property
    def retention_period_years(self) -> int:
        """The years personal data is kept after the last contact (empty: the default)."""
        return RETENTION_YEARS if self.retention_years is None else self.retention_years

    @property
    def eligible_ages(self) -> tuple[int, int]:
        """The youngest and oldest age at entry, both included."""
        low, high = ELIGIBLE_AGES
        return (
            low if self.eligible_age_min is None else self.eligible_age_min,
            high if self.eligible_age_max is None else self.eligible_age_max,
        )


class ProjectPartner(models.Model):
    """An organisation's part in one project: its role and its cofinancing."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=PartnerRole.choices)
    cofinancing_eur = models.DecimalField(_("cofinancement (€)"), null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = _("partenaire du projet")
        verbose_name_plural = _("partenaires du projet")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="project_partner_unique"
            ),
            models.CheckConstraint(condition=check_in("role", PartnerRole), name="partner_role"),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class ResidenceZone(models.Model):
    """Maps a commune to the zone a report counts it in (``chambery``, ``agglomeration``…)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="residence_zones")
    commune = models.CharField(_("commune"), max_length=120)
    # A zone is the user's own key (``chambery``, ``agglomeration``): a code.
    zone = models.CharField(_("zone"), max_length=CODE_MAX_LENGTH, validators=[validate_code])
    # What pages and reports print for the zone (``Grand Chambéry``); empty: the code.
    label = models.CharField(_("libellé de la zone"), max_length=120, blank=True)
    # Whether the commune is a rural area (ESF+ "participants from rural areas"); None: not said.
    rural = models.BooleanField(_("zone rurale"), null=True, blank=True)

    class Meta:
        verbose_name = _("zone de résidence")
        verbose_name_plural = _("zones de résidence")
        ordering = ["zone", "commune"]
        constraints = [
            models.UniqueConstraint(fields=["project", "commune"], name="residence_zone_unique"),
            models.CheckConstraint(
                condition=code_condition("zone"), name="residence_zone_zone_pattern"
            ),
        ]

    def __str__(self):
        return f"{self.commune} → {self.zone_label}"

    @property
    def zone_label(self) -> str:
        """What pages and reports print for the zone: its label, else its code."""
        return self.label or self.zone


class Logo(models.Model):
    """A logo printed on the bilan and the sign-in sheets: the programme's or the funder's (of
    a project), or an organisation's own. ``image`` is a PNG re-encoded by the upload
    (teenlab.core.logos); the journal keeps its ``sha256``, never the bytes."""

    class Owner(models.TextChoices):
        PROGRAMME = "programme", _("programme")
        FUNDER = "funder", _("financeur")
        ORGANISATION = "organisation", _("organisation")

    owner = models.CharField(_("propriétaire"), max_length=12, choices=Owner.choices)
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="logos", null=True, blank=True
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="logos", null=True, blank=True
    )
    image = models.BinaryField(_("image PNG"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("logo")
        verbose_name_plural = _("logos")
        ordering = ["owner", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner="organisation", organisation__isnull=False, project__isnull=True)
                    | Q(
                        owner__in=["programme", "funder"],
                        project__isnull=False,
                        organisation__isnull=True,
                    )
                ),
                name="logo_owner",
            ),
            models.UniqueConstraint(
                fields=["project", "owner"],
                condition=Q(project__isnull=False),
                name="logo_project_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(organisation__isnull=False),
                name="logo_organisation_unique",
            ),
        ]

    def __str__(self):
        if self.organisation_id:
            return f"{self.get_owner_display()} {self.organisation}"
        return f"{self.get_owner_display()} {self.project}"


class Narrative(models.Model):
    """A written part of the bilan, per project and language."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="narratives")
    section = models.CharField(_("section"), max_length=20, choices=NarrativeSection.choices)
    lang = models.CharField(_("langue"), max_length=2, choices=Language.choices)
    text = models.TextField(_("texte"))
    # False: the section is left out of the bilan (kept alike on the section's three languages).
    in_bilan = models.BooleanField(_("dans le bilan"), default=True)

    class Meta:
        verbose_name = _("texte du bilan")
        verbose_name_plural = _("textes du bilan")
        ordering = ["section", "lang"]
        constraints = [
            models.UniqueConstraint(fields=["project", "section", "lang"], name="narrative_unique"),
            models.CheckConstraint(
                condition=check_in("section", NarrativeSection), name="narrative_section"
            ),
            models.CheckConstraint(condition=check_in("lang", Language), name="narrative_lang"),
        ]

    def __str__(self):
        return f"{self.get_section_display()} ({self.lang})"


class NarrativeRevision(models.Model):
    """One saved version of a text of the bilan: who wrote it, when, and the text (empty: the
    translation was removed). The editor's history page lists them and restores one."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="narrative_revisions"
    )
    section = models.CharField(_("section"), max_length=20, choices=NarrativeSection.choices)
    lang = models.CharField(_("langue"), max_length=2, choices=Language.choices)
    text = models.TextField(_("texte"), blank=True)
    author = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur·rice"),
    )
    created_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)

    class Meta:
        verbose_name = _("version d'un texte du bilan")
        verbose_name_plural = _("versions des textes du bilan")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project", "section"])]
        constraints = [
            models.CheckConstraint(
                condition=check_in("section", NarrativeSection), name="narrative_revision_section"
            ),
            models.CheckConstraint(
                condition=check_in("lang", Language), name="narrative_revision_lang"
            ),
        ]

    def __str__(self):
        return f"{self.get_section_display()} ({self.lang}, {self.created_at:%Y-%m-%d %H:%M})"


class User(AbstractUser):
    """An account belongs to one partner organisation and holds one or more roles."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    is_coordinator = models.BooleanField(_("coordinateur·rice"), default=False)
    is_trainer = models.BooleanField(_("formateur·rice"), default=False)
    is_counsellor = models.BooleanField(_("conseiller·ère"), default=False)
    is_partner = models.BooleanField(_("partenaire"), default=False)
    is_auditor = models.BooleanField(_("auditeur·rice"), default=False)
    must_change_password = models.BooleanField(
        _("doit changer son mot de passe"),
        default=False,
        help_text=_(
            "Le mot de passe est provisoire : la personne doit le changer avant toute autre page."
        ),
    )
    is_demo = models.BooleanField(
        _("compte de démonstration"),
        default=False,
        help_text=_("Créé par « teenlab demo » ; dispensé de second facteur."),
    )

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")


class AuditEntry(models.Model):
    """Who changed, opened or exported what, when: what it was and what it became.

    Entries form a hash chain (:mod:`teenlab.core.chain`): each one's ``hash`` covers its own
    content and the previous entry's hash, so ``teenlab audit verify`` finds an entry edited or
    removed afterwards. An entry is written once, by :meth:`save`, and never changed.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("création")
        UPDATE = "update", _("modification")
        DELETE = "delete", _("suppression")
        IMPORT = "import", _("import")
        VIEW = "view", _("consultation")
        EXPORT = "export", _("export")

    # Changes to records; views and exports are the access log.
    CHANGES = (Action.CREATE, Action.UPDATE, Action.DELETE, Action.IMPORT)

    seq = models.BigIntegerField(_("n°"), unique=True, editable=False)
    at = models.DateTimeField(_("date"), default=timezone.now, editable=False, db_index=True)
    # PROTECT: an account that has entries is deactivated, never deleted (see
    # teenlab.core.services.user_delete), so that every entry keeps naming who acted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("compte"),
    )
    # No database constraint: the journal outlives a deleted project or organisation and keeps
    # the id it had (a changed id would break the entry's hash).
    project = models.ForeignKey(
        Project,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    model = models.CharField(_("objet"), max_length=60)
    object_id = models.BigIntegerField(_("identifiant"), null=True)
    youth_id = models.BigIntegerField(null=True, db_index=True)
    before = models.JSONField(_("avant"), null=True, blank=True)
    after = models.JSONField(_("après"), null=True, blank=True)
    hash = models.CharField(_("empreinte"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des modifications")
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["model", "object_id"]),
            models.Index(fields=["organisation", "seq"]),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.model}#{self.object_id}"

    def save(self, *args, **kwargs):
        """Append the entry to the chain; an entry already written is never saved again."""
        if not self._state.adding:
            raise ValueError("A journal entry is never changed.")
        from teenlab.core import chain

        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            # The head row is locked until the transaction ends: a concurrent writer waits
            # here, then reads the head this one leaves (the chain cannot fork).
            head = chain.head_lock(using=using)
            self.before = chain.json_ready(self.before)
            self.after = chain.json_ready(self.after)
            self.seq = head.seq + 1
            self.hash = chain.entry_hash(chain.entry_values(self), previous=head.hash)
            super().save(*args, **kwargs)
            head.seq, head.hash = self.seq, self.hash
            fields = ["seq", "hash"]
            if self.action in self.CHANGES:
                head.changed_seq, head.changed_hash = self.seq, self.hash
                fields += ["changed_seq", "changed_hash"]
            head.save(using=using, update_fields=fields)


class AuditChainHead(models.Model):
    """One row: the number and hash of the journal's last entry, locked by each writer; and
    those of its last change of the records (``AuditEntry.CHANGES``: not a page read or an
    export), which the cached reports are keyed on (``core.audit.records_version``)."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    changed_seq = models.BigIntegerField(default=0)
    changed_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("tête du journal")
        verbose_name_plural = _("tête du journal")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="audit_chain_head_single")]

    def __str__(self):
        return f"{self.seq} {self.hash}"
