"""The dashboard, the pages and the bilan read one set of indicators (reporting/indicators.py),
so they cannot disagree (issue 8): random small programmes under random project rules
(threshold, excused absences, age bands: issue 9), every figure the dashboard shows compared
with the bilan's for the same scope; and the two disagreements the issue found."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teenlab.core.choices import (
    AgeBandSet,
    BudgetCategory,
    EarlyExitKind,
    EnrolmentStatus,
    ExcusedRule,
    Exit,
    ProfessionalProject,
)
from teenlab.dashboard import selectors as dashboard
from teenlab.reporting import indicators
from teenlab.reporting.selectors import bilan_figures
from teenlab.training.models import Enrolment
from tests.factories import (
    AttendanceFactory,
    BudgetLineFactory,
    CohortFactory,
    EnrolmentFactory,
    ExpenseFactory,
    OrganisationFactory,
    OutcomeFactory,
    ProjectFactory,
    SlotFactory,
    UserFactory,
    YouthFactory,
)

START = dt.date(2022, 1, 3)
DAYS = 60  # cohorts run within these days
AFTER = START + dt.timedelta(days=DAYS + 30)  # "today" once every cohort has ended

days = st.integers(min_value=0, max_value=DAYS)
cohorts_st = st.lists(
    st.fixed_dictionaries(
        {
            "org": st.integers(0, 1),
            "start": st.integers(0, DAYS // 2),
            "length": st.integers(0, DAYS // 2),
            # Slots: day offset in the cohort, duration in minutes, cancelled (issue 9: a
            # cancelled slot keeps its attendance rows but is no longer scheduled time).
            "slots": st.lists(
                st.tuples(st.integers(0, DAYS // 2), st.integers(30, 240), st.booleans()),
                max_size=4,
            ),
        }
    ),
    min_size=1,
    max_size=3,
)
youth_st = st.lists(
    st.fixed_dictionaries(
        {
            "org": st.integers(0, 1),
            "received": st.booleans(),
            "age": st.one_of(st.none(), st.integers(15, 30)),
            "enrolments": st.lists(
                st.fixed_dictionaries(
                    {
                        "cohort": st.integers(0, 2),
                        "late": st.integers(0, 10),
                        # Early positive exits included (issue 9, point 4), with their kind.
                        "status": st.sampled_from(EnrolmentStatus.values),
                        "kind": st.sampled_from(EarlyExitKind.values),
                        "left_after": st.one_of(st.none(), st.integers(0, DAYS)),
                        # One attendance per slot: None (no row), a status, or partial minutes
                        # (up to 300: beyond a shortened slot's duration).
                        "attendance": st.lists(
                            st.one_of(
                                st.none(),
                                st.sampled_from(["present", "absent", "excused"]),
                                st.integers(1, 300),
                            ),
                            min_size=4,
                            max_size=4,
                        ),
                        "outcome": st.one_of(
                            st.none(),
                            st.tuples(
                                st.sampled_from(ProfessionalProject.values),
                                st.sampled_from(Exit.values),
                            ),
                        ),
                    }
                ),
                max_size=3,
            ),
        }
    ),
    max_size=8,
)
money = st.tuples(
    st.integers(0, 1),
    st.sampled_from(BudgetCategory.values),
    st.decimals(min_value=1, max_value=50_000, places=2),
)
rules_st = st.fixed_dictionaries(
    {
        "attendance_threshold": st.integers(1, 100),
        "excused_absences": st.sampled_from(ExcusedRule.values),
        "age_bands": st.sampled_from(AgeBandSet.values),
    }
)
programmes = st.fixed_dictionaries(
    {
        "rules": rules_st,
        "cohorts": cohorts_st,
        "youth": youth_st,
        # One budget line per organisation and category (the data package's rule).
        "lines": st.lists(money, max_size=6, unique_by=lambda line: line[:2]),
        "expenses": st.lists(money, max_size=6),
    }
)


def build(programme):
    project = ProjectFactory(start_date=START, end_date=AFTER, **programme["rules"])
    orgs = [OrganisationFactory(), OrganisationFactory(country="IT")]
    trainer = UserFactory(organisation=orgs[0], is_trainer=True)
    cohorts = []
    for spec in programme["cohorts"]:
        start = START + dt.timedelta(days=spec["start"])
        cohort = CohortFactory(
            project=project,
            organisation=orgs[spec["org"]],
            start_date=start,
            end_date=start + dt.timedelta(days=spec["length"]),
        )
        slots = []
        for offset, duration, cancelled in spec["slots"]:
            slot = SlotFactory(
                cancelled_reason="Formateur absent" if cancelled else "",
                cohort=cohort,
                date=start + dt.timedelta(days=min(offset, spec["length"])),
                start=dt.time(9, 0),
                end=(dt.datetime(2000, 1, 1, 9, 0) + dt.timedelta(minutes=duration)).time(),
            )
            slots.append(slot)
        cohorts.append((cohort, slots))
    cohorts[0][0].trainers.add(trainer)
    for spec in programme["youth"]:
        youth = YouthFactory(
            project=project,
            organisation=orgs[spec["org"]],
            received_on=START if spec["received"] else None,
            birth_date=None
            if spec["age"] is None
            else START.replace(year=START.year - spec["age"]),
        )
        taken = set()
        for enrolment_spec in spec["enrolments"]:
            index = enrolment_spec["cohort"] % len(cohorts)
            if index in taken:
                continue
            taken.add(index)
            cohort, slots = cohorts[index]
            enrolled_on = min(
                cohort.start_date + dt.timedelta(days=enrolment_spec["late"]), cohort.end_date
            )
            left = enrolment_spec["left_after"]
            enrolment = EnrolmentFactory(
                youth=youth,
                cohort=cohort,
                enrolled_on=enrolled_on,
                status=enrolment_spec["status"],
                early_exit_kind=enrolment_spec["kind"]
                if enrolment_spec["status"] == EnrolmentStatus.EARLY_EXIT
                else "",
                left_on=None if left is None else enrolled_on + dt.timedelta(days=left),
            )
            for slot, mark in zip(slots, enrolment_spec["attendance"], strict=False):
                if isinstance(mark, int):
                    AttendanceFactory(slot=slot, youth=youth, status="partial", minutes=mark)
                elif mark is not None:
                    AttendanceFactory(slot=slot, youth=youth, status=mark)
            if enrolment_spec["outcome"] is not None:
                professional_project, exit_ = enrolment_spec["outcome"]
                OutcomeFactory(
                    enrolment=enrolment, professional_project=professional_project, exit=exit_
                )
    for org, category, amount in programme["lines"]:
        BudgetLineFactory(
            project=project, organisation=orgs[org], category=category, planned_eur=amount
        )
    for org, category, amount in programme["expenses"]:
        ExpenseFactory(
            project=project, organisation=orgs[org], category=category, amount_eur=amount
        )
    return project, orgs, trainer, cohorts[0][0]


FUNNEL = ("recruited", "completed", "early_exits", "dropouts", "in_progress")


def board_funnel(board) -> dict:
    return {key: board.funnel[key] for key in FUNNEL}


def bilan_funnel(figures) -> dict:
    funnel = figures["funnel"]
    counts = {
        "recruited": funnel["youth_recruited"],
        "completed": funnel["completed"],
        "early_exits": funnel["early_positive_exits"],
        "dropouts": funnel["dropouts"],
        "in_progress": funnel["in_progress"],
    }
    # completed + early positive exits + dropouts + in progress = recruited, each youth once.
    assert sum(counts[key] for key in FUNNEL[1:]) == counts["recruited"]
    assert min(counts.values()) >= 0
    return counts


def board_budget(board) -> dict:
    return {
        "planned": {row.category: row.planned for row in board.budget if row.planned},
        "spent": {row.category: row.spent for row in board.budget if row.spent},
    }


def bilan_budget(figures) -> dict:
    budget = figures["budget"]
    return {
        "planned": {k: v for k, v in budget["planned_by_category"].items() if v},
        "spent": {k: v for k, v in budget["spent_by_category"].items() if v},
    }


def pages_reaching_threshold(enrolments, rules) -> int:
    """Completed youth whose completed enrolment reaches the project's threshold, as the cohort
    and youth pages compute each enrolment's attendance (every slot is past on AFTER)."""
    annotated = indicators.enrolment_attendance_annotate(
        enrolments.filter(status=EnrolmentStatus.COMPLETED), today=AFTER, rules=rules
    )
    return (
        annotated.filter(scheduled_past__gt=0, reaches_threshold=True)
        .values("youth")
        .distinct()
        .count()
    )


@pytest.mark.django_db
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(programme=programmes)
def test_every_figure_the_dashboard_shows_is_the_bilans(programme):
    with transaction.atomic():
        project, orgs, trainer, taught = build(programme)
        rules = indicators.rules_of(project)
        scopes = [
            (dashboard.FigureScope(kind="project", project_id=project.pk), {}),
            *(
                (
                    dashboard.FigureScope(
                        kind="organisation", project_id=project.pk, organisation_id=org.pk
                    ),
                    {"organisation": org},
                )
                for org in orgs
            ),
        ]
        for scope, narrowing in scopes:
            board = dashboard.dashboard_build(scope=scope, today=AFTER, with_names=False)
            figures = bilan_figures(project=project, **narrowing).as_dict()
            assert board_funnel(board) == bilan_funnel(figures), scope
            assert board.funnel["received"] == figures["funnel"]["youth_received"], scope
            assert board_budget(board) == bilan_budget(figures), scope
            enrolments = Enrolment.objects.filter(scope.cohort_q("cohort__"))
            if narrowing:
                enrolments = enrolments.filter(youth__organisation=narrowing["organisation"])
            assert (
                pages_reaching_threshold(enrolments, rules)
                == figures["funnel"]["completed_with_attendance_80"]
            ), scope
            assert board.threshold == rules.threshold_percent
            # The age bands are the project's set, and count every recruited youth once.
            bands = figures["funnel"]["recruited_by_age_band"]
            assert set(bands) <= set(rules.band_codes), scope
            assert sum(bands.values()) == figures["funnel"]["youth_recruited"], scope
            # Once every cohort has ended, an in-progress enrolment is "low" on the dashboard
            # exactly when the bilan's attendance (capped, same rules) is under the threshold.
            in_progress = indicators.enrolment_attendance(
                enrolments.filter(status=EnrolmentStatus.IN_PROGRESS), rules=rules
            )
            low = {
                row["pk"]
                for row in in_progress
                if row["scheduled_minutes"]
                and row["attended_minutes"] < rules.threshold * row["scheduled_minutes"]
            }
            shown = dashboard.low_attendance_enrolments(scope=scope, today=AFTER)
            assert {item.pk for item in shown} == low, scope
            for item in shown:
                (row,) = indicators.enrolment_attendance(
                    Enrolment.objects.filter(pk=item.pk), rules=rules
                )
                assert row["attended_minutes"] == item.attended_past
                assert row["scheduled_minutes"] == item.scheduled_past
        # A trainer's scope (the cohorts they teach: one here) is the bilan of that cohort.
        scope = dashboard.FigureScope(kind="cohorts", project_id=project.pk, user_id=trainer.pk)
        board = dashboard.dashboard_build(scope=scope, today=AFTER, with_names=False)
        figures = bilan_figures(project=project, cohort=taught).as_dict()
        assert board_funnel(board) == bilan_funnel(figures)
        assert board.funnel["received"] is None and figures["funnel"]["youth_received"] is None
        transaction.set_rollback(True)


# --- The two disagreements the issue found ------------------------------------------------------


@pytest.mark.django_db
def test_partial_minutes_beyond_a_shortened_slot_count_the_slot_everywhere():
    """A partial presence of 170 minutes on a slot shortened to 60 minutes: the dashboard said
    283 %, the bilan 100 %; both now cap the minutes at the slot's duration."""
    slot = SlotFactory(start=dt.time(9, 0), end=dt.time(12, 0))
    enrolment = EnrolmentFactory(cohort=slot.cohort, status=EnrolmentStatus.COMPLETED)
    AttendanceFactory(slot=slot, youth=enrolment.youth, status="partial", minutes=170)
    slot.end = dt.time(10, 0)  # shortened after the sign-in
    slot.save()
    after = slot.cohort.end_date + dt.timedelta(days=1)

    page = indicators.enrolment_attendance_annotate(
        Enrolment.objects.filter(pk=enrolment.pk), today=after
    ).get()
    (bilan,) = indicators.enrolment_attendance(Enrolment.objects.filter(pk=enrolment.pk))

    assert page.attended_past == bilan["attended_minutes"] == slot.duration_minutes
    assert page.attendance_rate == 1.0
    assert page.reaches_threshold
    figures = bilan_figures(project=slot.cohort.project).as_dict()
    assert figures["funnel"]["completed_with_attendance_80"] == 1


@pytest.mark.django_db
def test_the_dashboard_and_the_bilan_count_the_same_funnel_and_budget():
    """The funnel was built twice and the budget by category three times: now once."""
    project = ProjectFactory()
    org = OrganisationFactory()
    cohort = CohortFactory(project=project, organisation=org)
    first = EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.DROPPED_OUT)
    later = CohortFactory(
        project=project,
        organisation=org,
        start_date=dt.date(2022, 9, 5),
        end_date=dt.date(2022, 12, 16),
    )
    EnrolmentFactory(cohort=later, youth=first.youth, status=EnrolmentStatus.COMPLETED)
    BudgetLineFactory(project=project, organisation=org, planned_eur=Decimal("1000.10"))
    ExpenseFactory(project=project, organisation=org, amount_eur=Decimal("989.09"))
    scope = dashboard.FigureScope(kind="project", project_id=project.pk)

    board = dashboard.dashboard_build(scope=scope, today=dt.date(2023, 1, 1), with_names=True)
    figures = bilan_figures(project=project).as_dict()

    assert board_funnel(board) == bilan_funnel(figures)
    assert board_budget(board) == bilan_budget(figures)


@pytest.mark.django_db
def test_a_cancelled_slot_leaves_every_attendance_rate_and_keeps_its_rows():
    """A slot with attendance, then cancelled: the pages, the dashboard and the bilan all count
    the rate over the slots that took place, and the attendance row stays as proof."""
    slot = SlotFactory(start=dt.time(9, 0), end=dt.time(12, 0))
    cancelled = SlotFactory(
        cohort=slot.cohort, date=slot.date + dt.timedelta(days=1), cancelled_reason="Grève"
    )
    enrolment = EnrolmentFactory(cohort=slot.cohort, status=EnrolmentStatus.COMPLETED)
    AttendanceFactory(slot=slot, youth=enrolment.youth, status="present")
    AttendanceFactory(slot=cancelled, youth=enrolment.youth, status="absent")
    after = slot.cohort.end_date + dt.timedelta(days=1)

    page = indicators.enrolment_attendance_annotate(
        Enrolment.objects.filter(pk=enrolment.pk), today=after
    ).get()
    (bilan,) = indicators.enrolment_attendance(Enrolment.objects.filter(pk=enrolment.pk))

    assert page.scheduled_past == bilan["scheduled_minutes"] == slot.duration_minutes
    assert page.attendance_rate == 1.0
    assert not Enrolment.objects.expected_at(cancelled).exists()
    assert Enrolment.objects.expected_at(slot).get() == enrolment
    assert cancelled.attendance.count() == 1
    figures = bilan_figures(project=slot.cohort.project).as_dict()
    assert figures["funnel"]["completed_with_attendance_80"] == 1
    assert figures["trainee_hours"]["scheduled_minutes"] == slot.duration_minutes
