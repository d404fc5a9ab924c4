"""The database itself keeps the records whole, whatever path the writes take.

Every write here bypasses Python validation (``QuerySet.update``, ``bulk_create``, a plain
``save``) so that only the database's constraints stand in the way.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from teenlab.activities.models import Cooperation, Event, Exchange, Phase
from teenlab.core.models import Narrative, Organisation, Project, ProjectPartner
from teenlab.finance.models import BudgetLine, Expense
from teenlab.outcomes.models import Outcome
from teenlab.participants.models import InfoSession, Youth
from teenlab.training.models import Attendance, Cohort, Enrolment, Module, Slot
from tests import factories as f

pytestmark = pytest.mark.django_db


def refused(write):
    """True when the database refuses ``write`` (and the data stays as it was)."""
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


def update(obj, **values):
    """Writes ``values`` to ``obj``'s row without running any Python validation."""
    return lambda: type(obj).objects.filter(pk=obj.pk).update(**values)


CODED = {
    InfoSession: f.InfoSessionFactory,
    Youth: f.YouthFactory,
    Cohort: f.CohortFactory,
    Module: f.ModuleFactory,
    Slot: f.SlotFactory,
    Exchange: f.ExchangeFactory,
    Event: f.EventFactory,
}


@pytest.mark.parametrize("model", CODED, ids=lambda model: model.__name__)
def test_a_code_is_unique_within_its_project_only(model):
    first = CODED[model](code="X-1")
    same_project = {"cohort": first.cohort} if hasattr(first, "cohort") else {}
    second = CODED[model](code="X-2", project=first.project, **same_project)
    assert refused(update(second, code="X-1"))
    assert model.objects.get(pk=second.pk).code == "X-2"
    elsewhere = CODED[model]()
    assert elsewhere.project != first.project
    assert not refused(update(elsewhere, code="X-1"))


def test_an_organisation_code_is_unique_across_projects():
    f.OrganisationFactory(code="ORG-SAME")
    assert refused(lambda: Organisation.objects.create(code="ORG-SAME", name="Autre", country="IT"))


def test_a_partner_appears_once_in_a_project():
    partner = f.ProjectPartnerFactory()
    assert refused(
        lambda: ProjectPartner.objects.create(
            project=partner.project, organisation=partner.organisation, role="associated"
        )
    )


def test_a_phase_number_a_narrative_a_cooperation_and_a_budget_line_are_unique():
    phase = f.PhaseFactory()
    assert refused(lambda: f.PhaseFactory(project=phase.project, number=phase.number))
    narrative = f.NarrativeFactory()
    assert refused(lambda: f.NarrativeFactory(project=narrative.project))
    cooperation = f.CooperationFactory()
    assert refused(lambda: f.CooperationFactory(project=cooperation.project, name=cooperation.name))
    line = f.BudgetLineFactory()
    assert refused(
        lambda: f.BudgetLineFactory(project=line.project, organisation=line.organisation)
    )


def test_a_slot_ends_after_it_starts():
    slot = f.SlotFactory(start=dt.time(9, 0), end=dt.time(12, 0))
    assert refused(update(slot, end=dt.time(9, 0)))
    assert refused(update(slot, end=dt.time(8, 0)))
    assert not refused(update(slot, end=dt.time(9, 1)))


def test_a_slot_lasts_between_one_minute_and_a_day():
    slot = f.SlotFactory()
    assert refused(update(slot, duration_minutes=0))
    assert refused(update(slot, duration_minutes=24 * 60 + 1))


def test_a_youth_is_enrolled_once_in_a_cohort():
    enrolment = f.EnrolmentFactory()
    assert refused(
        lambda: Enrolment.objects.create(
            youth=enrolment.youth,
            cohort=enrolment.cohort,
            enrolled_on=enrolment.enrolled_on,
            status="in_progress",
        )
    )
    assert not refused(lambda: f.EnrolmentFactory(youth=enrolment.youth))


def test_a_youth_leaves_on_or_after_the_day_of_enrolment():
    enrolment = f.EnrolmentFactory(enrolled_on=dt.date(2022, 1, 10))
    assert refused(update(enrolment, left_on=dt.date(2022, 1, 9)))
    assert not refused(update(enrolment, left_on=dt.date(2022, 1, 10)))


def test_an_attendance_is_recorded_once_per_slot_and_youth():
    attendance = f.AttendanceFactory()
    assert refused(
        lambda: Attendance.objects.create(
            slot=attendance.slot, youth=attendance.youth, status="absent"
        )
    )


def test_a_partial_attendance_has_its_minutes():
    attendance = f.AttendanceFactory()
    assert refused(update(attendance, status="partial", minutes=None))
    assert not refused(update(attendance, status="partial", minutes=90))
    assert refused(update(attendance, minutes=24 * 60 + 1))


def test_money_and_hours_are_not_negative():
    line = f.BudgetLineFactory()
    assert refused(update(line, planned_eur=Decimal("-0.01")))
    module = f.ModuleFactory()
    assert refused(update(module, planned_hours=Decimal("-1")))


@pytest.mark.parametrize(
    ("factory", "start", "end"),
    [
        (f.ProjectFactory, "start_date", "end_date"),
        (f.CohortFactory, "start_date", "end_date"),
        (f.PhaseFactory, "start_date", "end_date"),
        (f.ExchangeFactory, "start_date", "end_date"),
    ],
    ids=["project", "cohort", "phase", "exchange"],
)
def test_an_end_date_is_not_before_the_start(factory, start, end):
    obj = factory()
    day = getattr(obj, start)
    assert refused(update(obj, **{end: day - dt.timedelta(days=1)}))
    assert not refused(update(obj, **{end: day}))


@pytest.mark.parametrize("bad", ["fr", "F1", "1F", "É"])
def test_a_country_is_an_iso_code(bad):
    organisation = f.OrganisationFactory()
    assert refused(update(organisation, country=bad))
    exchange = f.ExchangeFactory()
    assert refused(update(exchange, origin=bad))
    assert refused(update(exchange, destination=bad))
    assert not refused(update(exchange, destination="remote"))


ENUMERATIONS = [
    (f.ProjectPartnerFactory, "role", "leader"),
    (f.NarrativeFactory, "section", "preface"),
    (f.NarrativeFactory, "lang", "de"),
    (f.YouthFactory, "gender", "z"),
    (f.YouthFactory, "situation_at_entry", "retired"),
    (f.ModuleFactory, "strand", "cooking"),
    (f.EnrolmentFactory, "status", "finished"),
    (f.EnrolmentFactory, "dropout_reason", "bored"),
    (f.AttendanceFactory, "status", "late"),
    (f.OutcomeFactory, "professional_project", "maybe"),
    (f.OutcomeFactory, "exit", "army"),
    (f.ExchangeFactory, "kind", "holiday"),
    (f.CooperationFactory, "kind", "club"),
    (f.BudgetLineFactory, "category", "travel"),
    (f.ExpenseFactory, "category", "travel"),
]


@pytest.mark.parametrize(
    ("factory", "field", "bad"),
    ENUMERATIONS,
    ids=[f"{factory._meta.model.__name__}.{field}" for factory, field, _ in ENUMERATIONS],
)
def test_an_enumerated_value_outside_its_list_is_refused(factory, field, bad):
    obj = factory()
    good = getattr(obj, field)
    assert refused(update(obj, **{field: bad}))
    assert getattr(type(obj).objects.get(pk=obj.pk), field) == good


def test_bulk_create_cannot_slip_a_bad_value_past_the_database():
    project = f.ProjectFactory()
    organisation = f.OrganisationFactory()
    rows = [
        f.YouthFactory.build(project=project, organisation=organisation, gender=gender)
        for gender in ("f", "m", "?")
    ]
    assert refused(lambda: Youth.objects.bulk_create(rows))
    assert not Youth.objects.filter(project=project).exists()

    cohort = f.CohortFactory()
    youth = f.YouthFactory(project=cohort.project)
    assert refused(
        lambda: Enrolment.objects.bulk_create(
            [
                Enrolment(
                    youth=youth,
                    cohort=cohort,
                    enrolled_on=dt.date(2022, 3, 1),
                    left_on=dt.date(2022, 2, 1),
                    status="dropped_out",
                )
            ]
        )
    )
    assert not Enrolment.objects.exists()


def test_a_saved_project_with_its_end_before_its_start_is_refused():
    project = f.ProjectFactory.build(start_date=dt.date(2023, 1, 1), end_date=dt.date(2022, 1, 1))
    assert refused(project.save)
    assert not Project.objects.exists()


def test_records_that_hold_together_are_accepted():
    """The factories' records satisfy every constraint (the refusals above are not vacuous)."""
    for factory in (
        f.AttendanceFactory,
        f.OutcomeFactory,
        f.EventFactory,
        f.ExchangeFactory,
        f.ExpenseFactory,
        f.BudgetLineFactory,
        f.CooperationFactory,
        f.NarrativeFactory,
        f.ResidenceZoneFactory,
        f.PhaseFactory,
    ):
        assert not refused(factory)
    assert Outcome.objects.count() == Expense.objects.count() == Event.objects.count() == 1
    assert Cooperation.objects.count() == Phase.objects.count() == Narrative.objects.count() == 1
    assert BudgetLine.objects.count() == 1
