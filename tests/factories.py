"""Shared factory_boy factories, one per model, building records that hold together.

Conventions (rely on them):
- Codes come from sequences (``ORG-1``, ``J0001``, ``S1``…): unique across a test run.
- A record that belongs to a project and an organisation makes that organisation a partner of
  the project (``ProjectPartner`` with role ``partner``) unless it already is one, as the data
  package requires of every organisation a project's records name.
- Children follow their parent: a module's, slot's or event's project is its cohort's project;
  an enrolment's youth belongs to the cohort's project and organisation; an attendance's default
  youth is enrolled in the slot's cohort; an outcome's default enrolment is a fresh one.
- ``SlotFactory`` sets ``start``/``end``; ``Slot.save()`` computes ``duration_minutes``.
- ``UserFactory`` accounts have the password ``USER_PASSWORD``.
"""

import datetime as dt
import hashlib
import struct
import zlib
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from teenlab.activities.models import (
    Cooperation,
    Event,
    EventParticipant,
    Exchange,
    ExchangeParticipant,
    Phase,
)
from teenlab.core.choices import (
    AttendanceStatus,
    BudgetCategory,
    ConsentGiver,
    ConsentKind,
    CooperationKind,
    CostCategory,
    Decision,
    EnrolmentStatus,
    ExchangeKind,
    Exit,
    FollowUpKind,
    FollowUpSituation,
    FollowUpSource,
    Gender,
    Language,
    NarrativeSection,
    PartnerRole,
    ProfessionalProject,
    Situation,
    Strand,
)
from teenlab.core.models import (
    Logo,
    Narrative,
    NarrativeRevision,
    Organisation,
    Project,
    ProjectPartner,
    ResidenceZone,
    User,
)
from teenlab.finance.models import (
    BudgetLine,
    Expense,
    PartnerFunding,
    PlannedCost,
    ReportingPeriod,
)
from teenlab.outcomes.models import FollowUp, Outcome
from teenlab.participants.models import (
    Consent,
    InfoSession,
    RecruitmentDecision,
    SensitiveNote,
    Youth,
)
from teenlab.privacy.models import Anonymisation, ErasureRequest
from teenlab.training.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceEntry,
    AttendanceSignature,
    Closure,
    Cohort,
    Enrolment,
    Module,
    Slot,
    SlotCountersignature,
)


def _make_partner(obj, create, extracted, **kwargs):
    """post_generation hook: the record's organisation takes part in the record's project."""
    if create and obj.organisation_id and obj.project_id:
        ProjectPartner.objects.get_or_create(
            project_id=obj.project_id,
            organisation_id=obj.organisation_id,
            defaults={"role": PartnerRole.PARTNER},
        )


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ORG-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    country = "FR"
    city = "Chambéry"


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"PROJ-{n}")
    name = factory.Sequence(lambda n: f"Projet {n}")
    programme = "Interreg V-A France-Italie ALCOTRA"
    start_date = dt.date(2021, 1, 1)
    end_date = dt.date(2023, 12, 31)
    cofinancing_total_eur = None


class ProjectPartnerFactory(DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = PartnerRole.PARTNER
    cofinancing_eur = None


class LogoFactory(DjangoModelFactory):
    """The programme's logo of a project (a tiny PNG)."""

    class Meta:
        model = Logo

    project = factory.SubFactory(ProjectFactory)
    owner = "programme"
    image = factory.LazyFunction(lambda: png_image(4, 2))
    sha256 = factory.LazyAttribute(lambda logo: hashlib.sha256(logo.image).hexdigest())


class ResidenceZoneFactory(DjangoModelFactory):
    class Meta:
        model = ResidenceZone

    project = factory.SubFactory(ProjectFactory)
    commune = factory.Sequence(lambda n: f"Commune {n}")
    zone = "chambery"


class NarrativeFactory(DjangoModelFactory):
    class Meta:
        model = Narrative

    project = factory.SubFactory(ProjectFactory)
    section = NarrativeSection.SUMMARY
    lang = Language.FR
    text = "Le projet a accueilli des jeunes.\n\n- un premier point\n- un second point"


class NarrativeRevisionFactory(DjangoModelFactory):
    class Meta:
        model = NarrativeRevision

    project = factory.SubFactory(ProjectFactory)
    section = NarrativeSection.INTRODUCTION
    lang = Language.FR
    text = "Une première version."


USER_PASSWORD = "teenlab-mot-de-passe-2023"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"compte{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(USER_PASSWORD)


class InfoSessionFactory(DjangoModelFactory):
    class Meta:
        model = InfoSession
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: f"IC{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    date = dt.date(2021, 9, 15)
    place = "Chambéry"
    partner = factory.PostGeneration(_make_partner)


class YouthFactory(DjangoModelFactory):
    class Meta:
        model = Youth
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: f"J{n:04d}")
    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    birth_date = dt.date(2003, 5, 17)
    gender = Gender.F
    commune = "Chambéry"
    received_on = dt.date(2021, 9, 20)
    info_session = None
    referred_by = "Mission locale"
    situation_at_entry = Situation.UNEMPLOYED
    partner = factory.PostGeneration(_make_partner)


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: f"S{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Session {n}")
    start_date = dt.date(2022, 1, 10)
    end_date = dt.date(2022, 4, 29)
    partner = factory.PostGeneration(_make_partner)


class ModuleFactory(DjangoModelFactory):
    class Meta:
        model = Module

    cohort = factory.SubFactory(CohortFactory)
    project = factory.SelfAttribute("cohort.project")
    code = factory.Sequence(lambda n: f"M{n}")
    name = factory.Sequence(lambda n: f"Module {n}")
    strand = Strand.DIGITAL_CULTURE
    planned_hours = Decimal("35.00")


class ClosureFactory(DjangoModelFactory):
    class Meta:
        model = Closure

    cohort = factory.SubFactory(CohortFactory)
    project = factory.SelfAttribute("cohort.project")
    start_date = factory.LazyAttribute(lambda o: o.cohort.start_date + dt.timedelta(days=14))
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=6))
    label = "Vacances"


class SlotFactory(DjangoModelFactory):
    """A morning slot (09:00-12:00, 180 minutes) on the cohort's first day by default."""

    class Meta:
        model = Slot

    cohort = factory.SubFactory(CohortFactory)
    project = factory.SelfAttribute("cohort.project")
    module = None
    code = factory.Sequence(lambda n: f"C{n}")
    date = factory.SelfAttribute("cohort.start_date")
    start = dt.time(9, 0)
    end = dt.time(12, 0)
    place = "FabLab"


# A slot's hours that keep its signing window open whatever the hour the tests run at, on a slot
# dated today: 00:00 to 23:59 (the window itself is tested in tests/training/test_ledger.py).
OPEN_ALL_DAY = {"start": dt.time(0, 0), "end": dt.time(23, 59)}


def hours_around_now() -> dict[str, dt.time]:
    """Three hours of today around the present local hour (for pages and screenshots that show
    a slot's hours): its signing window holds the present moment for at least an hour."""
    hour = timezone.localtime().hour
    start = max(hour - 1, 0)
    end = dt.time(start + 3, 0) if start + 3 < 24 else dt.time(23, 59)
    return {"start": dt.time(start, 0), "end": end}


class RecruitmentDecisionFactory(DjangoModelFactory):
    class Meta:
        model = RecruitmentDecision

    youth = factory.SubFactory(YouthFactory)
    decided_on = factory.SelfAttribute("youth.received_on")
    decision = Decision.NOT_RETAINED
    reason = "Projet à mûrir"


class ConsentFactory(DjangoModelFactory):
    class Meta:
        model = Consent

    youth = factory.SubFactory(YouthFactory)
    kind = ConsentKind.NOTICE
    given_on = factory.SelfAttribute("youth.received_on")
    given_by = ConsentGiver.YOUTH
    version = "2021-09"
    language = "fr"


class SensitiveNoteFactory(DjangoModelFactory):
    class Meta:
        model = SensitiveNote

    youth = factory.SubFactory(YouthFactory)
    text = "Asthme : inhalateur dans le sac"


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    youth = factory.SubFactory(
        YouthFactory,
        project=factory.SelfAttribute("..cohort.project"),
        organisation=factory.SelfAttribute("..cohort.organisation"),
    )
    enrolled_on = factory.SelfAttribute("cohort.start_date")
    status = EnrolmentStatus.IN_PROGRESS
    left_on = None
    dropout_reason = ""
    note = ""


def _enrolled_youth(attendance):
    """A fresh youth enrolled in the slot's cohort (only made when no youth is given)."""
    if attendance.slot.pk is None:  # build strategy: nothing is saved
        return YouthFactory.build(project=attendance.slot.project)
    return EnrolmentFactory(cohort=attendance.slot.cohort).youth


class AttendanceFactory(DjangoModelFactory):
    """Attendance of a youth enrolled in the slot's cohort (pass ``youth`` to choose one)."""

    class Meta:
        model = Attendance

    slot = factory.SubFactory(SlotFactory)
    youth = factory.LazyAttribute(_enrolled_youth)
    status = AttendanceStatus.PRESENT
    minutes = None


def EnrolmentAttendanceFactory(**kwargs):
    """An enrolment's attendance totals: kept by training.rollups, so the enrolment's own."""
    return EnrolmentFactory(**kwargs).attendance_totals


class OutcomeFactory(DjangoModelFactory):
    class Meta:
        model = Outcome

    enrolment = factory.SubFactory(
        EnrolmentFactory, status=EnrolmentStatus.COMPLETED, left_on=dt.date(2022, 4, 29)
    )
    professional_project = ProfessionalProject.YES
    exit = Exit.TRAINING
    detail = ""
    recorded_on = dt.date(2022, 10, 29)


class FollowUpFactory(DjangoModelFactory):
    class Meta:
        model = FollowUp

    enrolment = factory.SubFactory(
        EnrolmentFactory, status=EnrolmentStatus.COMPLETED, left_on=dt.date(2022, 4, 29)
    )
    kind = FollowUpKind.EXIT
    situation = FollowUpSituation.EDUCATION_TRAINING
    qualification_gained = False
    date = dt.date(2022, 5, 20)
    source = FollowUpSource.YOUTH


class PhaseFactory(DjangoModelFactory):
    class Meta:
        model = Phase

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Phase {n + 1}")
    start_date = dt.date(2021, 1, 1)
    end_date = dt.date(2021, 12, 31)


class ExchangeFactory(DjangoModelFactory):
    class Meta:
        model = Exchange

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: f"E{n}")
    origin = "FR"
    destination = "IT"
    kind = ExchangeKind.YOUTH_STAY
    title = factory.Sequence(lambda n: f"Séjour à Turin {n}")
    start_date = dt.date(2022, 5, 16)
    end_date = dt.date(2022, 5, 20)
    place = "Torino"
    youth_count = 8
    staff_count = 2


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    cohort = factory.SubFactory(CohortFactory)
    project = factory.SelfAttribute("cohort.project")
    code = factory.Sequence(lambda n: f"EV{n}")
    title = factory.Sequence(lambda n: f"Soirée jeux {n}")
    date = dt.date(2022, 4, 15)
    beneficiary = "Secours populaire"
    place = "Chambéry"


class EventParticipantFactory(DjangoModelFactory):
    """A young person enrolled in the event's cohort, who took part."""

    class Meta:
        model = EventParticipant

    event = factory.SubFactory(EventFactory)
    youth = factory.LazyAttribute(
        lambda o: EnrolmentFactory(cohort=o.event.cohort).youth  # enrolled, as the form requires
    )


class ExchangeParticipantFactory(DjangoModelFactory):
    """A member of staff named with their organisation (``youth=…`` for a young person, with
    ``name=""``)."""

    class Meta:
        model = ExchangeParticipant

    exchange = factory.SubFactory(ExchangeFactory)
    youth = None
    name = factory.Sequence(lambda n: f"Animatrice {n}")
    organisation = "Cooperativa"


class CooperationFactory(DjangoModelFactory):
    class Meta:
        model = Cooperation

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Association {n}")
    kind = CooperationKind.ASSOCIATION
    roles = "sourcing;support"
    note = ""


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    category = BudgetCategory.PEDAGOGY
    planned_eur = Decimal("10000.00")
    partner = factory.PostGeneration(_make_partner)


class ExpenseFactory(DjangoModelFactory):
    class Meta:
        model = Expense
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    category = BudgetCategory.PEDAGOGY
    date = dt.date(2022, 3, 14)
    amount_eur = Decimal("250.00")
    label = factory.Sequence(lambda n: f"Achat de matériel {n}")
    supplier = "Fournisseur"
    reference = factory.Sequence(lambda n: f"F-{n}")


class ReportingPeriodFactory(DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: f"P{n}")
    start_date = dt.date(2021, 3, 1)
    end_date = dt.date(2021, 12, 31)


class PlannedCostFactory(DjangoModelFactory):
    class Meta:
        model = PlannedCost
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    period = factory.SubFactory(ReportingPeriodFactory, project=factory.SelfAttribute("..project"))
    cost_category = CostCategory.STAFF
    planned_eur = Decimal("1000.00")
    partner = factory.PostGeneration(_make_partner)


class PartnerFundingFactory(DjangoModelFactory):
    class Meta:
        model = PartnerFunding
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    eu_eur = Decimal("850.00")
    national_eur = Decimal("100.00")
    own_eur = Decimal("50.00")
    office_flat_rate = Decimal("15.00")
    partner = factory.PostGeneration(_make_partner)


def png_image(width: int = 2, height: int = 1) -> bytes:
    """A small valid PNG (black and white pixels), as a signature pad would send."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes(255 * (x % 2) for x in range(width)) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class AttendanceSignatureFactory(DjangoModelFactory):
    class Meta:
        model = AttendanceSignature

    attendance = factory.SubFactory(AttendanceFactory)
    image = factory.LazyFunction(png_image)
    typed_name = ""
    signed_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.attendance.slot.date, o.attendance.slot.start, dt.UTC)
    )
    collected_by = factory.SubFactory(UserFactory, is_trainer=True)


class SlotCountersignatureFactory(DjangoModelFactory):
    class Meta:
        model = SlotCountersignature

    slot = factory.SubFactory(SlotFactory)
    trainer = factory.SubFactory(UserFactory, is_trainer=True)
    image = factory.LazyFunction(png_image)
    signed_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.slot.date, o.slot.end, dt.UTC)
    )


class AttendanceCorrectionFactory(DjangoModelFactory):
    """A correction of an absence into a presence, by a trainer, the day after the slot."""

    class Meta:
        model = AttendanceCorrection

    slot = factory.SubFactory(SlotFactory)
    youth = factory.LazyAttribute(lambda o: EnrolmentFactory(cohort=o.slot.cohort).youth)
    status_before = AttendanceStatus.ABSENT
    minutes_before = None
    status = AttendanceStatus.PRESENT
    minutes = None
    reason = "Feuille remplie trop vite : le jeune était présent."
    corrected_by = factory.SubFactory(UserFactory, is_trainer=True)
    corrected_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.slot.date + dt.timedelta(days=1), dt.time(9), dt.UTC)
    )


class AttendanceEntryFactory(DjangoModelFactory):
    """A trainer's mark at the end of the slot's ledger, numbered and hashed as the services do."""

    class Meta:
        model = AttendanceEntry

    slot = factory.SubFactory(SlotFactory)
    kind = "mark"
    youth = factory.LazyAttribute(
        lambda o: EnrolmentFactory(cohort=o.slot.cohort, enrolled_on=o.slot.date).youth
    )
    status = AttendanceStatus.ABSENT
    recorded_at = factory.LazyFunction(timezone.now)
    collected_by = factory.SubFactory(UserFactory, is_trainer=True)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from teenlab.training import ledger

        (entry,) = ledger.chained(kwargs["slot"].pk, [model_class(*args, **kwargs)])
        entry.save(force_insert=True)
        return entry


class AnonymisationFactory(DjangoModelFactory):
    class Meta:
        model = Anonymisation

    youth = factory.SubFactory(YouthFactory)
    project = factory.LazyAttribute(lambda o: o.youth.project)
    reason = "retention"
    last_contact = dt.date(2022, 2, 1)
    anonymised_at = factory.LazyFunction(timezone.now)
    signatures_erased_at = factory.LazyFunction(timezone.now)


class ErasureRequestFactory(DjangoModelFactory):
    class Meta:
        model = ErasureRequest

    youth = factory.SubFactory(YouthFactory)
    requested_on = dt.date(2024, 3, 1)
    requested_by = "youth"
    decided_on = dt.date(2024, 3, 4)
    decision = "erased"
    exception = ""
