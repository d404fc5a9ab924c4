"""The timetable generator (teenlab.training.planning): a weekly pattern between two dates,
public holidays of the organisation's country and closures skipped, hours against planned."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teenlab.core.models import AuditEntry
from teenlab.training import planning
from teenlab.training.models import Closure, Slot
from tests.factories import (
    CohortFactory,
    ModuleFactory,
    OrganisationFactory,
    SlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NINE, NOON, ONE, FIVE = dt.time(9), dt.time(12), dt.time(13), dt.time(17)


@pytest.fixture
def cohort():
    # Christmas 2026 is a Friday; 1 January 2027 too: France's public holidays.
    return CohortFactory(
        organisation=OrganisationFactory(country="FR"),
        start_date=dt.date(2026, 12, 1),
        end_date=dt.date(2027, 1, 31),
    )


def rows(cohort, module=None):
    return [
        planning.PatternRow(weekday=4, start=NINE, end=NOON, module=module, place="FabLab"),
        planning.PatternRow(weekday=4, start=ONE, end=FIVE, module=module),
    ]


def test_the_plan_skips_public_holidays_by_name_and_closures_by_label(cohort):
    module = ModuleFactory(cohort=cohort, planned_hours=Decimal("20"))
    plan = planning.timetable_plan(
        cohort=cohort,
        first_day=dt.date(2026, 12, 1),
        last_day=dt.date(2027, 1, 15),
        rows=rows(cohort, module),
        closures=[planning.ClosureSpan(dt.date(2026, 12, 14), dt.date(2026, 12, 20), "Pont")],
        language="fr",
    )
    fridays = {
        dt.date(2026, 12, 4),
        dt.date(2026, 12, 11),
        dt.date(2027, 1, 8),
        dt.date(2027, 1, 15),
    }
    assert {slot.date for slot in plan.slots} == fridays
    assert len(plan.slots) == 2 * len(fridays)
    skipped = {day.date: (day.reason, day.holiday) for day in plan.skipped}
    assert skipped == {
        dt.date(2026, 12, 18): ("Pont", False),
        dt.date(2026, 12, 25): ("Noël", True),
        dt.date(2027, 1, 1): ("Jour de l'an", True),
    }
    (total,) = plan.totals
    assert total.new_minutes == 7 * 60 * len(fridays)
    assert total.difference_minutes == 7 * 60 * len(fridays) - 20 * 60
    assert not Slot.objects.filter(cohort=cohort).exists()  # a plan writes nothing


def test_holiday_names_follow_the_page_language(cohort):
    cohort.organisation.country = "IT"
    cohort.organisation.save()
    plan = planning.timetable_plan(
        cohort=cohort,
        first_day=dt.date(2026, 12, 14),
        last_day=dt.date(2027, 1, 1),
        rows=[planning.PatternRow(weekday=4, start=NINE, end=NOON)],
        language="it",
    )
    assert [day.reason for day in plan.skipped] == ["Natale", "Capodanno"]


def test_generating_saves_the_slots_and_the_closures_in_one_go_and_journals_them(cohort):
    by = UserFactory(organisation=cohort.organisation, is_coordinator=True)
    slots = planning.timetable_generate(
        cohort=cohort,
        first_day=dt.date(2026, 12, 1),
        last_day=dt.date(2026, 12, 31),
        rows=rows(cohort),
        closures=[planning.ClosureSpan(dt.date(2026, 12, 14), dt.date(2026, 12, 20), "Pont")],
        by=by,
    )
    assert len(slots) == Slot.objects.filter(cohort=cohort).count() == 4
    assert len({slot.code for slot in slots}) == 4
    closure = Closure.objects.get(cohort=cohort)
    assert (closure.label, closure.project_id) == ("Pont", cohort.project_id)
    entry = AuditEntry.objects.filter(model="training.cohort", object_id=cohort.pk).last()
    assert entry.action == "create" and len(entry.after["skipped"]) == 2
    # The recorded closure is skipped next time without being given again.
    plan = planning.timetable_plan(
        cohort=cohort,
        first_day=dt.date(2027, 1, 2),
        last_day=dt.date(2027, 1, 31),
        rows=[planning.PatternRow(weekday=0, start=NINE, end=NOON)],
    )
    assert all(day.date.weekday() == 0 for day in plan.skipped)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"first_day": dt.date(2027, 1, 20), "last_day": dt.date(2027, 1, 10)}, "last_day"),
        ({"first_day": dt.date(2026, 11, 1)}, "first_day"),
        ({"rows": [planning.PatternRow(weekday=1, start=NOON, end=NINE)]}, "pattern"),
        ({"rows": []}, "pattern"),
        (
            {
                "rows": [
                    planning.PatternRow(weekday=1, start=NINE, end=NOON),
                    planning.PatternRow(weekday=1, start=dt.time(11), end=FIVE),
                ]
            },
            "pattern",
        ),
        # Only Christmas Day in range: nothing left to generate.
        (
            {
                "first_day": dt.date(2026, 12, 25),
                "last_day": dt.date(2026, 12, 25),
            },
            "pattern",
        ),
        (
            {"closures": [planning.ClosureSpan(dt.date(2026, 12, 20), dt.date(2026, 12, 10), "X")]},
            "closures",
        ),
    ],
)
def test_a_bad_pattern_is_refused_whole(cohort, changes, field):
    arguments = {
        "cohort": cohort,
        "first_day": dt.date(2026, 12, 1),
        "last_day": dt.date(2026, 12, 31),
        "rows": rows(cohort),
        "by": None,
        **changes,
    }
    with pytest.raises(ValidationError) as refused:
        planning.timetable_generate(**arguments)
    assert field in refused.value.message_dict
    assert not Slot.objects.filter(cohort=cohort).exists()
    assert not Closure.objects.exists()


def test_a_module_of_another_session_is_refused(cohort):
    with pytest.raises(ValidationError) as refused:
        planning.timetable_generate(
            cohort=cohort,
            first_day=dt.date(2026, 12, 1),
            last_day=dt.date(2026, 12, 31),
            rows=rows(cohort, ModuleFactory()),
            by=None,
        )
    assert "pattern" in refused.value.message_dict
    assert not Slot.objects.filter(cohort=cohort).exists()


def test_a_second_generation_on_other_hours_of_the_same_days_gets_its_own_codes(cohort):
    """What the older "Programmer des créneaux" page did, the generator does: the same days
    again at other hours, each slot with its code, length, module and place."""
    module = ModuleFactory(cohort=cohort)
    dates = {"first_day": dt.date(2026, 12, 1), "last_day": dt.date(2026, 12, 13), "by": None}
    morning = [planning.PatternRow(weekday=0, start=NINE, end=dt.time(12, 30), place="FabLab")]
    afternoon = [planning.PatternRow(weekday=0, start=ONE, end=FIVE, module=module)]
    planning.timetable_generate(cohort=cohort, rows=morning, **dates)
    planning.timetable_generate(cohort=cohort, rows=afternoon, **dates)
    stored = list(Slot.objects.filter(cohort=cohort).order_by("date", "start"))
    assert [(s.date.day, s.duration_minutes, s.module_id, s.place) for s in stored] == [
        (7, 210, None, "FabLab"),
        (7, 240, module.pk, ""),
    ]
    assert len({s.code for s in stored}) == 2


def test_a_slot_overlapping_the_timetable_is_refused_but_a_cancelled_one_is_not(cohort):
    existing = SlotFactory(cohort=cohort, date=dt.date(2026, 12, 4), start=NINE, end=NOON)
    arguments = {
        "cohort": cohort,
        "first_day": dt.date(2026, 12, 1),
        "last_day": dt.date(2026, 12, 7),
        "rows": rows(cohort),
    }
    with pytest.raises(ValidationError):
        planning.timetable_plan(**arguments)
    existing.cancelled_reason = "Formateur malade"
    existing.save()
    assert len(planning.timetable_plan(**arguments).slots) == 2


def test_a_country_the_library_does_not_know_skips_only_closures():
    cohort = CohortFactory(
        organisation=OrganisationFactory(country="ZZ"),
        start_date=dt.date(2026, 12, 21),
        end_date=dt.date(2026, 12, 27),
    )
    plan = planning.timetable_plan(
        cohort=cohort,
        first_day=cohort.start_date,
        last_day=cohort.end_date,
        rows=rows(cohort),
    )
    assert not plan.holidays_known
    assert [slot.date for slot in plan.slots] == [dt.date(2026, 12, 25)] * 2
