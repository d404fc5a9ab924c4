"""The project's rules (issue 9, point 1): changing the attendance threshold or the excused
absences rule changes the dashboard, the cohort and youth pages and the bilan (HTML, PDF data,
XLSX, JSON) together; the age bands follow the project's set."""

import datetime as dt
import json

import pytest

from teenlab.core.choices import AgeBandSet, EnrolmentStatus, ExcusedRule
from teenlab.dashboard import selectors as dashboard
from teenlab.reporting import indicators
from teenlab.reporting.renderers.json import render_json
from teenlab.reporting.renderers.report import report_build
from teenlab.reporting.selectors import bilan_build
from teenlab.training.models import Enrolment
from tests.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ResidenceZoneFactory,
    SlotFactory,
    YouthFactory,
)

pytestmark = pytest.mark.django_db

START = dt.date(2022, 1, 3)
TODAY = dt.date(2022, 3, 1)  # the first cohort has ended, the second runs on


def four_slots(cohort, first: dt.date) -> list:
    return [
        SlotFactory(
            cohort=cohort,
            date=first + dt.timedelta(days=day),
            start=dt.time(9, 0),
            end=dt.time(10, 0),
        )
        for day in range(4)
    ]


@pytest.fixture
def programme():
    """Two young people with the same marks on four one-hour slots — present, present,
    excused, absent: 50 % with excused absences counted absent, 75 % counted attended,
    2 h out of 3 (67 %) left out. One completed an ended session (the bilan counts them), the
    other is in progress in a running one (the dashboard's alert counts them)."""
    project = ProjectFactory(start_date=START, end_date=dt.date(2022, 12, 31))
    org = OrganisationFactory()
    ProjectPartnerFactory(project=project, organisation=org, role="lead_partner")
    ended = CohortFactory(
        project=project, organisation=org, start_date=START, end_date=START + dt.timedelta(10)
    )
    running = CohortFactory(
        project=project,
        organisation=org,
        start_date=dt.date(2022, 2, 1),
        end_date=dt.date(2022, 6, 30),
    )
    enrolments = {}
    for cohort, status in ((ended, EnrolmentStatus.COMPLETED), (running, "in_progress")):
        youth = YouthFactory(project=project, organisation=org)
        enrolments[status] = EnrolmentFactory(
            youth=youth, cohort=cohort, enrolled_on=cohort.start_date, status=status
        )
        for slot, mark in zip(
            four_slots(cohort, cohort.start_date),
            ("present", "present", "excused", "absent"),
            strict=True,
        ):
            AttendanceFactory(slot=slot, youth=youth, status=mark)
    return project, enrolments


def set_rules(project, **rules):
    for name, value in rules.items():
        setattr(project, name, value)
    project.save()


def seen(project, enrolments) -> dict:
    """What each place says of the two young people under the project's current rules."""
    scope = dashboard.FigureScope(kind="project", project_id=project.pk)
    board = dashboard.dashboard_build(scope=scope, today=TODAY, with_names=True)
    bilan = bilan_build(project=project)
    page = indicators.enrolment_attendance_annotate(
        Enrolment.objects.filter(pk=enrolments["in_progress"].pk),
        today=TODAY,
        rules=indicators.rules_of(project),
    ).get()
    return {
        "bilan": bilan.figures.funnel.completed_with_attendance_80,
        "json": json.loads(render_json(bilan))["funnel"]["completed_with_attendance_80"],
        "dashboard_low": board.low_attendance.count,
        "page_reaches": page.reaches_threshold,
        "page_rate": round(page.attendance_rate, 4),
    }


@pytest.mark.parametrize(
    ("excused", "threshold", "reaches", "rate"),
    [
        (ExcusedRule.ABSENT, 80, False, 0.5),
        (ExcusedRule.ABSENT, 50, True, 0.5),
        (ExcusedRule.ATTENDED, 80, False, 0.75),
        (ExcusedRule.ATTENDED, 75, True, 0.75),
        (ExcusedRule.EXCLUDED, 70, False, 0.6667),
        (ExcusedRule.EXCLUDED, 66, True, 0.6667),
    ],
)
def test_the_threshold_and_the_excused_rule_change_the_dashboard_and_the_bilan_together(
    programme, excused, threshold, reaches, rate
):
    project, enrolments = programme
    set_rules(project, attendance_threshold=threshold, excused_absences=excused)

    got = seen(project, enrolments)

    assert got == {
        "bilan": int(reaches),
        "json": int(reaches),
        "dashboard_low": int(not reaches),
        "page_reaches": reaches,
        "page_rate": rate,
    }


def test_lowering_the_threshold_moves_both_at_once(programme):
    project, enrolments = programme
    before = seen(project, enrolments)
    set_rules(project, attendance_threshold=50)
    after = seen(project, enrolments)

    assert (before["bilan"], before["dashboard_low"]) == (0, 1)
    assert (after["bilan"], after["dashboard_low"]) == (1, 0)


def test_excused_hours_are_never_attended_hours_of_the_trainee_hours(programme):
    """The rule changes rates, not the hours actually attended (BPF, attestations)."""
    project, _ = programme
    hours = []
    for rule in ExcusedRule.values:
        set_rules(project, excused_absences=rule)
        hours.append(bilan_build(project=project).figures.trainee_hours.attended_minutes)
    assert len(set(hours)) == 1


def test_the_reports_print_the_projects_threshold(programme):
    project, _ = programme
    set_rules(project, attendance_threshold=65)

    report = report_build(bilan_build(project=project), "fr", with_charts=False)

    labels = [row.label for row in report.outcome_table.rows]
    assert any("65" in str(label) for label in labels)
    assert not any("80" in str(label) for label in labels)


@pytest.mark.parametrize("band_set", AgeBandSet.values)
def test_the_bilan_counts_the_recruited_in_the_projects_age_bands(band_set):
    project = ProjectFactory(start_date=START, end_date=dt.date(2022, 12, 31), age_bands=band_set)
    org = OrganisationFactory()
    cohort = CohortFactory(project=project, organisation=org, start_date=START)
    ages = [15, 16, 17, 18, 21, 22, 25, 26, 29, 30, None]
    for age in ages:
        birth = None if age is None else START.replace(year=START.year - age)
        youth = YouthFactory(project=project, organisation=org, birth_date=birth)
        EnrolmentFactory(youth=youth, cohort=cohort, enrolled_on=START)
    rules = indicators.rules_of(project)

    bands = bilan_build(project=project).figures.funnel.recruited_by_age_band

    expected: dict[str, int] = {}
    for age in ages:
        code = band_of(age, rules)
        expected[code] = expected.get(code, 0) + 1
    assert dict(bands) == expected
    assert list(bands) == [code for code in rules.band_codes if code in expected]


def band_of(age: int | None, rules) -> str:
    """The band of an age by the set's declared bounds (the test's own reading of them)."""
    if age is None:
        return rules.bands[-1].code
    for band in rules.bands[:-1]:
        if (band.low is None or age >= band.low) and (band.below is None or age < band.below):
            return band.code
    return rules.bands[-1].code


@pytest.mark.parametrize("band_set", AgeBandSet.values)
def test_the_youth_list_filter_and_the_bilan_put_each_age_in_the_same_band(band_set):
    project = ProjectFactory(age_bands=band_set)
    rules = indicators.rules_of(project)
    org = OrganisationFactory()
    cohort = CohortFactory(project=project, organisation=org, start_date=START)
    youth = {}
    for age in [14, 16, 17, 18, 22, 24, 26, 27, 29, 30, 40, None]:
        birth = None if age is None else START.replace(year=START.year - age)
        person = YouthFactory(project=project, organisation=org, birth_date=birth)
        EnrolmentFactory(youth=person, cohort=cohort, enrolled_on=START)
        youth[person.pk] = age
    annotated = dict(
        Enrolment.objects.filter(cohort=cohort)
        .annotate(
            band=indicators.age_band_expression(
                on="enrolled_on", birth_date="youth__birth_date", rules=rules
            )
        )
        .values_list("youth_id", "band")
    )
    for band in rules.bands:
        listed = set(
            project.youth.filter(
                indicators.age_band_q(band.code, today=START, rules=rules)
            ).values_list("pk", flat=True)
        )
        assert listed == {pk for pk, code in annotated.items() if code == band.code}, band.code
        assert listed == {pk for pk, age in youth.items() if band_of(age, rules) == band.code}


@pytest.mark.parametrize("band_set", AgeBandSet.values)
def test_the_bilans_age_in_years_puts_each_youth_in_the_band_of_the_band_expression(band_set):
    """The bilan groups its recruited by whole years (``age_years_expression``) and names the
    band in Python (``band_of_years``): the same band as the SQL expression, birthdays,
    29 February, a birth after the enrolment and no birth date included."""
    project = ProjectFactory(age_bands=band_set)
    rules = indicators.rules_of(project)
    org = OrganisationFactory()
    cohorts = [CohortFactory(project=project, organisation=org, start_date=START) for _ in range(3)]
    births = [None, START + dt.timedelta(days=3), dt.date(2004, 2, 29)]
    for age in [0, 15, 17, 18, 23, 24, 26, 27, 29, 30, 31, 45]:
        birthday = START.replace(year=START.year - age)
        births += [birthday, birthday + dt.timedelta(days=1), birthday - dt.timedelta(days=1)]
    for birth in births:
        person = YouthFactory(project=project, organisation=org, birth_date=birth)
        for cohort, enrolled in zip(
            cohorts, (START, dt.date(2022, 2, 28), dt.date(2022, 3, 1)), strict=True
        ):
            EnrolmentFactory(youth=person, cohort=cohort, enrolled_on=enrolled)
    rows = Enrolment.objects.filter(cohort__project=project).annotate(
        band=indicators.age_band_expression(
            on="enrolled_on", birth_date="youth__birth_date", rules=rules
        ),
        years=indicators.age_years_expression(on="enrolled_on", birth_date="youth__birth_date"),
    )
    pairs = list(rows.values_list("band", "years"))
    assert len(pairs) == 3 * len(births)
    assert [band for band, _ in pairs] == [
        indicators.band_of_years(years, rules=rules) for _, years in pairs
    ]
    assert {band for band, _ in pairs} == {band.code for band in rules.bands}


def test_the_bilans_tables_name_a_zone_by_its_label_and_the_json_by_its_code():
    project = ProjectFactory(start_date=START, end_date=dt.date(2022, 12, 31))
    org = OrganisationFactory()
    cohort = CohortFactory(project=project, organisation=org, start_date=START)
    ResidenceZoneFactory(project=project, commune="Barby", zone="agglo", label="Grand Chambéry")
    ResidenceZoneFactory(project=project, commune="Chambéry", zone="chambery", label="")
    for commune in ("Barby", "Chambéry", "Lyon"):
        youth = YouthFactory(project=project, organisation=org, commune=commune)
        EnrolmentFactory(youth=youth, cohort=cohort, enrolled_on=START)
    bilan = bilan_build(project=project)

    residence = report_build(bilan, "fr", with_charts=False).recruited_breakdowns[0]

    assert {row.label for row in residence.rows} == {
        "Grand Chambéry",
        "Chambéry",  # no label: the usual name of the code
        "Autre commune ou commune inconnue",
    }
    assert set(json.loads(render_json(bilan))["funnel"]["recruited_by_residence"]) == {
        "agglo",
        "chambery",
        "other",
    }
