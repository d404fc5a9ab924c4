"""Each rule of spec/indicators.md, on records the tests build."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teenlab.core.choices import (
    AttendanceStatus,
    BudgetCategory,
    DropoutReason,
    EnrolmentStatus,
    ExchangeKind,
    Exit,
    Gender,
    ProfessionalProject,
    Strand,
)
from teenlab.reporting import indicators
from teenlab.reporting.selectors import bilan_build
from tests.factories import (
    AttendanceFactory,
    BudgetLineFactory,
    CohortFactory,
    EnrolmentFactory,
    EventFactory,
    ExchangeFactory,
    ExpenseFactory,
    InfoSessionFactory,
    ModuleFactory,
    OrganisationFactory,
    OutcomeFactory,
    ProjectFactory,
    ResidenceZoneFactory,
    SlotFactory,
    YouthFactory,
)

pytestmark = pytest.mark.django_db

START = dt.date(2022, 1, 10)  # a Monday


def days(cohort, count):
    """``count`` morning slots (180 minutes) of ``cohort`` on consecutive days from its start."""
    return [
        SlotFactory(cohort=cohort, date=cohort.start_date + dt.timedelta(days=i))
        for i in range(count)
    ]


def attend(youth, slots, status=AttendanceStatus.PRESENT, minutes=None):
    for slot in slots:
        AttendanceFactory(slot=slot, youth=youth, status=status, minutes=minutes)


@pytest.fixture
def project():
    return ProjectFactory()


@pytest.fixture
def organisation():
    return OrganisationFactory(country="FR")


@pytest.fixture
def cohort(project, organisation):
    return CohortFactory(
        project=project, organisation=organisation, start_date=START, end_date=dt.date(2022, 4, 29)
    )


def enrol(cohort, youth=None, **kwargs):
    if youth is not None:
        kwargs["youth"] = youth
    return EnrolmentFactory(cohort=cohort, **kwargs)


def figures(**scope):
    return bilan_build(**scope).figures.as_dict()


# --- per youth, not per enrolment ---


def test_it_counts_a_dropout_who_comes_back_and_completes_once_as_completed(
    project, organisation, cohort
):
    later = CohortFactory(
        project=project,
        organisation=organisation,
        start_date=dt.date(2022, 9, 5),
        end_date=dt.date(2022, 12, 16),
    )
    returning = enrol(cohort, status=EnrolmentStatus.DROPPED_OUT, left_on=dt.date(2022, 2, 1)).youth
    enrol(later, youth=returning, status=EnrolmentStatus.COMPLETED, enrolled_on=later.start_date)
    enrol(cohort, status=EnrolmentStatus.DROPPED_OUT, dropout_reason=DropoutReason.PERSONAL)
    enrol(cohort, status=EnrolmentStatus.IN_PROGRESS)

    funnel = figures(project=project)["funnel"]

    assert funnel["youth_recruited"] == 3
    assert funnel["completed"] == 1
    assert funnel["dropouts"] == 1
    assert funnel["in_progress"] == 1
    assert funnel["dropouts_by_reason"] == {"personal": 1}


def test_it_counts_received_youth_and_info_sessions(project, organisation, cohort):
    YouthFactory(project=project, organisation=organisation, received_on=dt.date(2021, 9, 1))
    YouthFactory(project=project, organisation=organisation, received_on=None)
    enrol(cohort)  # its youth was received (the factory's default date)
    InfoSessionFactory.create_batch(2, project=project, organisation=organisation)

    funnel = figures(project=project)["funnel"]

    assert funnel["info_sessions"] == 2
    assert funnel["youth_received"] == 2
    assert funnel["youth_recruited"] == 1


def test_it_reads_the_dropout_reason_of_the_latest_dropped_out_enrolment(
    project, organisation, cohort
):
    later = CohortFactory(
        project=project,
        organisation=organisation,
        start_date=dt.date(2022, 9, 5),
        end_date=dt.date(2022, 12, 16),
    )
    twice = enrol(
        cohort, status=EnrolmentStatus.DROPPED_OUT, dropout_reason=DropoutReason.PERSONAL
    ).youth
    enrol(
        later,
        youth=twice,
        enrolled_on=later.start_date,
        status=EnrolmentStatus.DROPPED_OUT,
        dropout_reason=DropoutReason.WRONG_ORIENTATION,
    )
    enrol(cohort, status=EnrolmentStatus.DROPPED_OUT, dropout_reason="")
    enrol(cohort, status=EnrolmentStatus.DROPPED_OUT, dropout_reason="")

    funnel = figures(project=project)["funnel"]

    assert funnel["dropouts"] == 3
    assert funnel["dropouts_by_reason"] == {"wrong_orientation": 1, "unknown": 2}


# --- breakdowns of the recruited ---


def test_it_bands_ages_on_the_first_enrolment_day_birthdays_included(project, organisation, cohort):
    def born(birth_date):
        youth = YouthFactory(project=project, organisation=organisation, birth_date=birth_date)
        return enrol(cohort, youth=youth, enrolled_on=START)

    born(dt.date(2004, 1, 10))  # turns 18 on the enrolment day: 18-23
    born(dt.date(2004, 1, 11))  # turns 18 the next day: minor
    born(dt.date(1998, 1, 10))  # turns 24 that day: 24-26
    born(dt.date(1995, 1, 11))  # 26 until the next day: 24-26
    born(dt.date(1995, 1, 10))  # 27: other
    born(None)  # no birth date: other

    assert figures(project=project)["funnel"]["recruited_by_age_band"] == {
        "minor": 1,
        "18-23": 1,
        "24-26": 2,
        "other": 2,
    }


def test_a_leap_day_birthday_comes_on_the_first_of_march(project, organisation):
    def enrolled_on(day):
        cohort = CohortFactory(
            project=project, organisation=organisation, start_date=day, end_date=day
        )
        youth = YouthFactory(
            project=project, organisation=organisation, birth_date=dt.date(2004, 2, 29)
        )
        enrol(cohort, youth=youth, enrolled_on=day)

    enrolled_on(dt.date(2022, 2, 28))  # 17
    enrolled_on(dt.date(2022, 3, 1))  # 18
    enrolled_on(dt.date(2024, 2, 29))  # 20

    assert figures(project=project)["funnel"]["recruited_by_age_band"] == {"minor": 1, "18-23": 2}


def test_it_takes_the_age_at_the_first_enrolment_in_scope(project, organisation, cohort):
    later = CohortFactory(
        project=project,
        organisation=organisation,
        start_date=dt.date(2022, 9, 5),
        end_date=dt.date(2022, 12, 16),
    )
    youth = YouthFactory(project=project, organisation=organisation, birth_date=dt.date(2004, 6, 1))
    enrol(cohort, youth=youth, status=EnrolmentStatus.DROPPED_OUT)  # 17 then
    enrol(later, youth=youth, enrolled_on=later.start_date)  # 18 then

    assert figures(project=project)["funnel"]["recruited_by_age_band"] == {"minor": 1}
    assert figures(project=project, cohort=later)["funnel"]["recruited_by_age_band"] == {"18-23": 1}


def test_it_maps_communes_to_zones_and_the_rest_to_other(project, organisation, cohort):
    ResidenceZoneFactory(project=project, commune="Chambéry", zone="chambery")
    ResidenceZoneFactory(project=project, commune="La Motte-Servolex", zone="agglomeration")
    ResidenceZoneFactory(project=ProjectFactory(), commune="Lyon", zone="elsewhere")
    for commune in ["Chambéry", "Chambéry", "La Motte-Servolex", "Lyon", ""]:
        enrol(
            cohort, youth=YouthFactory(project=project, organisation=organisation, commune=commune)
        )

    assert figures(project=project)["funnel"]["recruited_by_residence"] == {
        "chambery": 2,
        "agglomeration": 1,
        "other": 2,
    }


def test_it_counts_genders_as_recorded_and_lists_only_those_that_occur(
    project, organisation, cohort
):
    for gender in [Gender.M, Gender.F, Gender.M]:
        enrol(cohort, youth=YouthFactory(project=project, organisation=organisation, gender=gender))

    assert figures(project=project)["funnel"]["recruited_by_gender"] == {"f": 1, "m": 2}


# --- attendance ---


def completed_with(cohort, attended_slots, **kwargs):
    enrolment = enrol(cohort, status=EnrolmentStatus.COMPLETED, **kwargs)
    attend(enrolment.youth, attended_slots)
    return enrolment


def test_exactly_80_percent_attendance_counts_and_just_under_does_not(project, cohort):
    slots = days(cohort, 5)
    completed_with(cohort, slots[:4])  # 720 / 900 = 80 %
    short = completed_with(cohort, slots[:3])  # 60 %
    AttendanceFactory(
        slot=slots[3], youth=short.youth, status=AttendanceStatus.PARTIAL, minutes=179
    )  # 719 / 900: just under

    funnel = figures(project=project)["funnel"]

    assert funnel["completed"] == 2
    assert funnel["completed_with_attendance_80"] == 1


def test_slots_before_a_late_enrolment_and_after_leaving_are_not_scheduled(project, cohort):
    slots = days(cohort, 10)
    completed_with(cohort, slots[5:], enrolled_on=slots[5].date)  # 5 / 5 of its window
    completed_with(cohort, slots[:4], left_on=slots[4].date)  # 4 / 5 of its window
    completed_with(cohort, slots[:7])  # 7 / 10

    assert figures(project=project)["funnel"]["completed_with_attendance_80"] == 2


def test_partial_minutes_count_and_absences_do_not(project, cohort):
    slots = days(cohort, 5)  # 900 minutes
    youth = completed_with(cohort, slots[:3]).youth  # 540
    AttendanceFactory(slot=slots[3], youth=youth, status=AttendanceStatus.PARTIAL, minutes=180)
    AttendanceFactory(slot=slots[4], youth=youth, status=AttendanceStatus.EXCUSED)  # 720: 80 %
    other = completed_with(cohort, slots[:3]).youth
    AttendanceFactory(slot=slots[3], youth=other, status=AttendanceStatus.PARTIAL, minutes=90)
    AttendanceFactory(slot=slots[4], youth=other, status=AttendanceStatus.ABSENT)  # 630: 70 %

    assert figures(project=project)["funnel"]["completed_with_attendance_80"] == 1


def test_partial_minutes_never_count_more_than_the_slot(project, cohort):
    slots = days(cohort, 5)
    youth = completed_with(cohort, slots[:3]).youth  # 540 / 900
    AttendanceFactory(slot=slots[3], youth=youth, status=AttendanceStatus.PARTIAL, minutes=170)
    youth.attendance.filter(slot=slots[0]).update(status=AttendanceStatus.PARTIAL, minutes=360)
    # 180 (not 360) + 360 + 170 = 710 < 720; uncapped it would be 890, over 80 %.

    assert figures(project=project)["funnel"]["completed_with_attendance_80"] == 0


def test_any_completed_enrolment_at_80_percent_counts_and_a_cohort_without_slots_does_not(
    project, organisation, cohort
):
    slots = days(cohort, 5)
    later = CohortFactory(
        project=project,
        organisation=organisation,
        start_date=dt.date(2022, 9, 5),
        end_date=dt.date(2022, 12, 16),
    )
    later_slots = days(later, 5)
    no_slots = CohortFactory(project=project, organisation=organisation)
    twice = completed_with(cohort, slots[:1]).youth  # 20 %
    enrol(later, youth=twice, status=EnrolmentStatus.COMPLETED, enrolled_on=later.start_date)
    attend(twice, later_slots)  # 100 %
    enrol(no_slots, status=EnrolmentStatus.COMPLETED)
    dropout = enrol(cohort, status=EnrolmentStatus.DROPPED_OUT)
    attend(dropout.youth, slots)

    funnel = figures(project=project)["funnel"]

    assert funnel["completed"] == 2
    assert funnel["completed_with_attendance_80"] == 1


# --- at the end ---


def test_outcomes_come_from_the_latest_enrolment_and_unknown_when_not_recorded(
    project, organisation, cohort
):
    later = CohortFactory(
        project=project,
        organisation=organisation,
        start_date=dt.date(2022, 9, 5),
        end_date=dt.date(2022, 12, 16),
    )
    OutcomeFactory(
        enrolment=enrol(cohort, status=EnrolmentStatus.COMPLETED),
        professional_project=ProfessionalProject.YES,
        exit=Exit.WORK,
    )
    OutcomeFactory(
        enrolment=enrol(cohort, status=EnrolmentStatus.COMPLETED),
        professional_project=ProfessionalProject.NO,
        exit=Exit.NONE,
    )
    returning = enrol(cohort, status=EnrolmentStatus.DROPPED_OUT)
    OutcomeFactory(
        enrolment=returning, professional_project=ProfessionalProject.YES, exit=Exit.STUDY
    )
    enrol(later, youth=returning.youth, enrolled_on=later.start_date)  # nothing recorded yet
    enrol(cohort)  # nothing recorded

    result = figures(project=project)

    assert result["professional_project"] == {"yes": 1, "no": 1, "unknown": 2}
    assert result["positive_exits"] == {
        "total": 1,
        "by_category": {"work": 1},
        "by_exit": {"work": 1},
    }


def test_professional_project_always_lists_its_three_keys(project, cohort):
    OutcomeFactory(
        enrolment=enrol(cohort, status=EnrolmentStatus.COMPLETED),
        professional_project=ProfessionalProject.YES,
        exit=Exit.TRAINING,
    )

    assert figures(project=project)["professional_project"] == {"yes": 1, "no": 0, "unknown": 0}


def test_positive_exits_are_the_five_categories_in_their_order(project, cohort):
    for exit_ in [Exit.PROJECT, Exit.TRAINING, Exit.TRAINING, Exit.NONE, Exit.UNKNOWN, Exit.WORK]:
        OutcomeFactory(enrolment=enrol(cohort, status=EnrolmentStatus.COMPLETED), exit=exit_)

    exits = figures(project=project)["positive_exits"]

    assert exits["total"] == 4
    assert list(exits["by_category"].items()) == [("work", 1), ("training", 2), ("project", 1)]


# --- activity, money ---


def test_exchanges_by_direction_and_kind(project):
    ExchangeFactory(project=project, origin="FR", destination="IT", kind=ExchangeKind.YOUTH_STAY)
    ExchangeFactory(project=project, origin="FR", destination="IT", kind=ExchangeKind.YOUTH_STAY)
    ExchangeFactory(project=project, origin="FR", destination="IT", kind=ExchangeKind.PROFESSIONAL)
    ExchangeFactory(project=project, origin="IT", destination="FR", kind=ExchangeKind.INSTITUTIONAL)
    ExchangeFactory(project=project, origin="IT", destination="remote", kind=ExchangeKind.TRAINING)
    ExchangeFactory(project=ProjectFactory(), origin="FR", destination="IT")

    assert figures(project=project)["exchanges"] == {
        "total": 5,
        "by_direction": {"FR-IT": 3, "IT-FR": 1, "remote": 1},
        "by_direction_and_kind": {
            "FR-IT": {"youth_stay": 2, "professional": 1},
            "IT-FR": {"institutional": 1},
            "remote": {"training": 1},
        },
    }


def test_events_and_training_hours_per_cohort_with_modules(project, organisation, cohort):
    second = CohortFactory(project=project, organisation=organisation)
    CohortFactory(project=project, organisation=organisation)  # no modules: not a divisor
    for each in (cohort, second):
        ModuleFactory(cohort=each, strand=Strand.DIGITAL_CULTURE, planned_hours=Decimal("140"))
        ModuleFactory(cohort=each, strand=Strand.DIGITAL_CULTURE, planned_hours=Decimal("70"))
        ModuleFactory(cohort=each, strand=Strand.FABLAB, planned_hours=Decimal("30"))
    ModuleFactory(cohort=second, strand=Strand.OTHER, planned_hours=Decimal("3"))
    EventFactory(cohort=cohort)
    EventFactory(cohort=second)

    result = figures(project=project)

    assert result["events"] == 2
    assert result["training_hours"] == {
        "digital_culture": Decimal("210"),
        "fablab": Decimal("30"),
        "other": Decimal("1.50"),
    }
    assert figures(project=project, cohort=second)["training_hours"]["other"] == Decimal("3")


def test_budget_planned_and_spent_by_category(project, organisation):
    BudgetLineFactory(
        project=project,
        organisation=organisation,
        category=BudgetCategory.PEDAGOGY,
        planned_eur=Decimal("130000"),
    )
    BudgetLineFactory(
        project=project,
        organisation=organisation,
        category=BudgetCategory.CROSS_BORDER,
        planned_eur=Decimal("33000.50"),
    )
    ExpenseFactory(
        project=project,
        organisation=organisation,
        category=BudgetCategory.PEDAGOGY,
        amount_eur=Decimal("99.99"),
    )
    ExpenseFactory(
        project=project,
        organisation=organisation,
        category=BudgetCategory.PEDAGOGY,
        amount_eur=Decimal("0.01"),
    )

    budget = figures(project=project)["budget"]

    assert budget == {
        "planned_total_eur": Decimal("163000.50"),
        "planned_by_category": {
            "cross_border": Decimal("33000.50"),
            "pedagogy": Decimal("130000"),
        },
        "spent_total_eur": Decimal("100"),
        "spent_by_category": {"pedagogy": Decimal("100")},
    }
    assert list(budget["planned_by_category"]) == ["cross_border", "pedagogy"]


def test_money_sums_are_exact_to_the_cent(project, organisation):
    ExpenseFactory.create_batch(
        30, project=project, organisation=organisation, amount_eur=Decimal("123.45")
    )
    ExpenseFactory.create_batch(
        10, project=project, organisation=organisation, amount_eur=Decimal("0.10")
    )

    assert figures(project=project)["budget"]["spent_total_eur"] == Decimal("3704.50")


# --- scopes ---


def test_the_organisation_scope_keeps_that_partners_records(project, organisation, cohort):
    italian = OrganisationFactory(country="IT")
    spanish = OrganisationFactory(country="ES")
    italian_cohort = CohortFactory(project=project, organisation=italian)
    InfoSessionFactory(project=project, organisation=organisation)
    InfoSessionFactory.create_batch(2, project=project, organisation=italian)
    enrol(cohort, status=EnrolmentStatus.COMPLETED)
    enrol(italian_cohort, status=EnrolmentStatus.COMPLETED)
    enrol(italian_cohort, status=EnrolmentStatus.DROPPED_OUT)
    EventFactory(cohort=italian_cohort)
    ExchangeFactory(project=project, origin="FR", destination="IT")
    ExchangeFactory(project=project, origin="IT", destination="remote")
    ExchangeFactory(project=project, origin="ES", destination="IT")
    BudgetLineFactory(project=project, organisation=organisation, planned_eur=Decimal("100"))
    BudgetLineFactory(project=project, organisation=italian, planned_eur=Decimal("900"))

    french = figures(project=project, organisation=organisation)
    it = figures(project=project, organisation=italian)
    es = figures(project=project, organisation=spanish)

    assert french["scope"] == {
        "project": project.code,
        "organisation": organisation.code,
        "cohort": None,
    }
    assert (french["funnel"]["info_sessions"], it["funnel"]["info_sessions"]) == (1, 2)
    assert (french["funnel"]["youth_received"], it["funnel"]["youth_received"]) == (1, 2)
    assert (french["funnel"]["youth_recruited"], it["funnel"]["youth_recruited"]) == (1, 2)
    assert it["funnel"]["dropouts"] == 1
    assert (french["events"], it["events"]) == (0, 1)
    assert french["exchanges"]["by_direction"] == {"FR-IT": 1}
    assert it["exchanges"]["total"] == 3
    assert es["exchanges"]["by_direction"] == {"ES-IT": 1}
    assert french["budget"]["planned_total_eur"] == Decimal("100")
    assert es["funnel"]["youth_recruited"] == 0


def test_the_cohort_scope_keeps_its_enrolments_and_nulls_project_figures(
    project, organisation, cohort
):
    other = CohortFactory(project=project, organisation=organisation)
    enrol(cohort, status=EnrolmentStatus.COMPLETED)
    enrol(other, status=EnrolmentStatus.COMPLETED)
    enrol(other, status=EnrolmentStatus.IN_PROGRESS)
    EventFactory(cohort=other)
    ExchangeFactory(project=project)
    BudgetLineFactory(project=project, organisation=organisation)

    result = figures(project=project, cohort=other)

    assert result["scope"]["cohort"] == other.code
    assert result["funnel"]["info_sessions"] is None
    assert result["funnel"]["youth_received"] is None
    assert result["funnel"]["youth_recruited"] == 2
    assert result["funnel"]["in_progress"] == 1
    assert result["events"] == 1
    assert result["exchanges"] is None
    assert result["budget"] is None


def test_a_project_without_records_gives_zeros(project):
    result = figures(project=project)

    assert result["funnel"] == {
        "info_sessions": 0,
        "youth_received": 0,
        "youth_recruited": 0,
        "recruited_by_residence": {},
        "recruited_by_age_band": {},
        "recruited_by_gender": {},
        "completed": 0,
        "completed_with_attendance_80": 0,
        "early_positive_exits": 0,
        "dropouts": 0,
        "in_progress": 0,
        "dropouts_by_reason": {},
    }
    assert result["professional_project"] == {"yes": 0, "no": 0, "unknown": 0}
    assert result["positive_exits"] == {"total": 0, "by_category": {}, "by_exit": {}}
    assert result["training_hours"] == {}
    assert result["budget"]["planned_total_eur"] == 0
    bilan = bilan_build(project=project)
    assert bilan.share("funnel", "recruited_by_gender", "f").percent is None


def test_the_records_of_another_project_do_not_count(project, cohort):
    enrol(cohort, status=EnrolmentStatus.COMPLETED)
    enrol(CohortFactory(), status=EnrolmentStatus.COMPLETED)

    assert figures(project=project)["funnel"]["youth_recruited"] == 1


# --- shares ---


def test_shares_use_the_denominators_of_the_spec(project, cohort):
    slots = days(cohort, 5)
    completed_with(cohort, slots)
    enrol(cohort, status=EnrolmentStatus.COMPLETED)
    enrol(cohort, status=EnrolmentStatus.DROPPED_OUT)
    OutcomeFactory(enrolment=enrol(cohort, status=EnrolmentStatus.COMPLETED), exit=Exit.STUDY)
    BudgetLineFactory(project=project, organisation=cohort.organisation, planned_eur=Decimal("300"))
    BudgetLineFactory(
        project=project,
        organisation=cohort.organisation,
        category=BudgetCategory.OTHER,
        planned_eur=Decimal("100"),
    )

    bilan = bilan_build(project=project)

    gender = bilan.share("funnel", "recruited_by_gender", "f")
    assert (gender.count, gender.denominator) == (4, 4)
    assert bilan.share("funnel", "recruited_by_gender", "m").count == 0
    attendance = bilan.share("funnel", "completed_with_attendance_80")
    assert (attendance.count, attendance.denominator) == (1, 3)
    assert bilan.share("funnel", "dropouts").denominator == 4
    assert bilan.share("professional_project", "unknown").count == 3
    study = bilan.share("positive_exits", "by_category", "study")
    assert (study.count, study.denominator, study.percent) == (1, 1, 100.0)
    pedagogy = bilan.share("budget", "planned_by_category", "pedagogy")
    assert (pedagogy.count, pedagogy.denominator) == (Decimal("300"), Decimal("400"))
    assert pedagogy.percent == 75.0
    with pytest.raises(KeyError):
        bilan.share("events")


def test_exchange_kinds_are_shares_of_their_direction_and_a_denominator_can_be_chosen(project):
    ExchangeFactory(project=project, origin="FR", destination="IT", kind=ExchangeKind.YOUTH_STAY)
    ExchangeFactory(project=project, origin="FR", destination="IT", kind=ExchangeKind.TRAINING)
    ExchangeFactory(project=project, origin="IT", destination="FR", kind=ExchangeKind.TRAINING)

    bilan = bilan_build(project=project)

    stays = bilan.share("exchanges", "by_direction_and_kind", "FR-IT", "youth_stay")
    assert (stays.count, stays.denominator) == (1, 2)
    assert bilan.share("exchanges", "by_direction", "IT-FR").denominator == 3
    assert bilan.denominator("exchanges", "by_direction", "FR-IT") == 3
    assert bilan.denominator("events") is None
    chosen = bilan.share("exchanges", "by_direction", "FR-IT", denominator="funnel.youth_recruited")
    assert (chosen.count, chosen.denominator, chosen.percent) == (2, 0, None)


# --- queries ---


def build_programme(project, organisation, youth_count):
    cohort = CohortFactory(project=project, organisation=organisation)
    slots = days(cohort, 3)
    ModuleFactory(cohort=cohort)
    ResidenceZoneFactory(project=project, commune="Chambéry")
    for i in range(youth_count):
        status = [EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED_OUT][i % 2]
        enrolment = enrol(cohort, status=status, dropout_reason=DropoutReason.PERSONAL)
        attend(enrolment.youth, slots)
        OutcomeFactory(enrolment=enrolment, exit=[Exit.WORK, Exit.NONE][i % 2])
    ExchangeFactory(project=project)
    EventFactory(cohort=cohort)
    BudgetLineFactory(project=project, organisation=organisation)
    ExpenseFactory(project=project, organisation=organisation)


def queries_for(project, **scope):
    with CaptureQueriesContext(connection) as captured:
        bilan_build(project=project, **scope)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_data():
    small, large = ProjectFactory(), ProjectFactory()
    small_org, large_org = OrganisationFactory(), OrganisationFactory()
    build_programme(small, small_org, 5)
    build_programme(large, large_org, 50)

    assert bilan_build(project=large).figures.funnel.youth_recruited == 50
    assert queries_for(small) == queries_for(large)
    assert queries_for(small, organisation=small_org) == queries_for(large, organisation=large_org)
    small_cohort = small.cohorts.get()
    large_cohort = large.cohorts.get()
    assert queries_for(small, cohort=small_cohort) == queries_for(large, cohort=large_cohort)


@pytest.mark.parametrize(
    ("planned", "spent", "nearly", "over"),
    [
        ("1000", "900", False, False),
        ("1000", "900.01", True, False),
        ("1000", "1000", True, False),
        ("1000", "1000.01", False, True),
        ("0", "0", False, False),
        ("0", "10", False, True),
    ],
)
def test_a_budget_category_warns_past_ninety_percent_and_turns_red_past_its_budget(
    planned, spent, nearly, over
):
    row = indicators.BudgetRow(category="pedagogy", planned=Decimal(planned), spent=Decimal(spent))
    assert (row.nearly_spent, row.over) == (nearly, over)
