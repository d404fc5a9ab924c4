"""Trainee-hours (the BPF's heures-stagiaires): the hours each trainee attended, by the one
attendance rule, in the JSON, the XLSX and the HTML bilan, on records the tests build; the
totals are the sums over the trainees; no young person's name in the bilan."""

import datetime as dt
import io
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from teenlab.core.choices import AttendanceStatus, EnrolmentStatus
from teenlab.reporting.formatting import hours_format
from teenlab.reporting.renderers.html import render_html
from teenlab.reporting.renderers.json import render_json
from teenlab.reporting.renderers.xlsx import render_xlsx
from teenlab.reporting.selectors import bilan_build
from tests.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    ProjectFactory,
    SlotFactory,
    YouthFactory,
)
from tests.reporting.test_verify import verify

pytestmark = pytest.mark.django_db

START = dt.date(2022, 1, 10)


def day(cohort, n, start=dt.time(9), end=dt.time(12)):
    return SlotFactory(
        cohort=cohort, date=cohort.start_date + dt.timedelta(days=n), start=start, end=end
    )


@pytest.fixture
def programme():
    """Two sessions of two organisations. Each trainee's expected minutes are written beside
    the records, from the rule: present = the slot, partial = its minutes capped at the slot,
    absent / excused / nothing = 0, only the slots of the enrolment's window."""
    project = ProjectFactory(code="TL")
    france, italy = OrganisationFactory(country="FR"), OrganisationFactory(country="IT")
    c1 = CohortFactory(
        project=project,
        organisation=france,
        code="C1",
        name="Chambéry 2022",
        start_date=START,
        end_date=dt.date(2022, 3, 31),
    )
    c2 = CohortFactory(
        project=project,
        organisation=italy,
        code="C2",
        name="Pinerolo 2022",
        start_date=START,
        end_date=dt.date(2022, 3, 31),
    )
    s1 = [day(c1, 0), day(c1, 1), day(c1, 2, end=dt.time(10)), day(c1, 3)]  # 180, 180, 60, 180
    s2 = [day(c2, 0, start=dt.time(14), end=dt.time(17, 30)), day(c2, 1)]  # 210, 180
    expected = {}

    def trainee(cohort, slots, rows, **enrolment):
        youth = YouthFactory(project=project, organisation=cohort.organisation)
        e = EnrolmentFactory(cohort=cohort, youth=youth, **enrolment)
        for slot, (status, minutes) in zip(slots, rows, strict=False):
            if status:
                AttendanceFactory(slot=slot, youth=youth, status=status, minutes=minutes)
        return youth, e

    P, Q, A, X = (
        AttendanceStatus.PRESENT,
        AttendanceStatus.PARTIAL,
        AttendanceStatus.ABSENT,
        AttendanceStatus.EXCUSED,
    )
    y, _ = trainee(
        c1, s1, [(P, None), (Q, 90), (Q, 170), (None, None)], status=EnrolmentStatus.COMPLETED
    )
    expected[y.code, "C1"] = (180 + 180 + 60 + 180, 180 + 90 + 60 + 0)
    y, _ = trainee(c1, s1, [(A, None), (X, None), (P, None), (P, None)])
    expected[y.code, "C1"] = (600, 0 + 0 + 60 + 180)
    # Left after the second day: only the first two slots count, attended or not.
    y, _ = trainee(
        c1,
        s1,
        [(P, None), (P, None), (P, None), (P, None)],
        status=EnrolmentStatus.DROPPED_OUT,
        left_on=START + dt.timedelta(days=1),
    )
    expected[y.code, "C1"] = (360, 360)
    # Also in the Italian session (a youth in two sessions is two trainees).
    AttendanceFactory(slot=s2[0], youth=y, status=Q, minutes=30)
    EnrolmentFactory(cohort=c2, youth=y)
    expected[y.code, "C2"] = (390, 30)
    y, _ = trainee(c2, s2, [(P, None), (P, None)])
    expected[y.code, "C2"] = (390, 390)
    return {"project": project, "c1": c1, "c2": c2, "france": france, "expected": expected}


def per_cohort(expected, code):
    rows = [v for (_, cohort), v in expected.items() if cohort == code]
    return len(rows), sum(p for p, _ in rows), sum(a for _, a in rows)


def test_each_trainees_hours_follow_the_rule_and_the_totals_are_their_sums(programme):
    expected = programme["expected"]
    data = json.loads(render_json(bilan_build(project=programme["project"], trainees=True)))[
        "trainee_hours"
    ]

    got = {
        (row["youth"], row["cohort"]): (row["scheduled_minutes"], row["attended_minutes"])
        for row in data["by_trainee"]
    }
    assert got == expected
    assert data["trainees"] == len(data["by_trainee"]) == len(expected)
    assert data["attended_minutes"] == sum(a for _, a in expected.values())
    assert data["scheduled_minutes"] == sum(p for p, _ in expected.values())
    assert Decimal(str(data["attended_hours"])) == (
        Decimal(data["attended_minutes"]) / 60
    ).quantize(Decimal("0.01"))
    for code in ("C1", "C2"):
        trainees, scheduled, attended = per_cohort(expected, code)
        row = data["by_cohort"][code]
        assert (row["trainees"], row["scheduled_minutes"], row["attended_minutes"]) == (
            trainees,
            scheduled,
            attended,
        )


def test_an_organisation_and_a_cohort_keep_their_own_trainees(programme):
    expected = programme["expected"]
    project = programme["project"]

    by_org = bilan_build(
        project=project, organisation=programme["france"], trainees=True
    ).figures.trainee_hours
    by_cohort = bilan_build(project=project, cohort=programme["c2"]).figures.trainee_hours

    assert {(r.youth, r.cohort) for r in by_org.by_trainee} == {k for k in expected if k[1] == "C1"}
    assert list(by_cohort.by_cohort) == ["C2"]
    assert by_cohort.attended_minutes == per_cohort(expected, "C2")[2]


def test_without_the_list_the_json_has_the_same_figures_and_no_trainee(programme):
    """The list of trainees is a row per enrolment, not a figure: the JSON carries it only
    when asked (``teenlab bilan --trainees``); every figure is the same either way."""
    project = programme["project"]
    listed = json.loads(render_json(bilan_build(project=project, trainees=True)))
    figures = json.loads(render_json(bilan_build(project=project)))

    assert "by_trainee" not in figures["trainee_hours"]
    assert len(listed["trainee_hours"].pop("by_trainee")) == figures["trainee_hours"]["trainees"]
    assert listed == figures


def test_the_bilan_command_lists_the_trainees_only_when_asked(programme):
    plain = StringIO()
    call_command("bilan", "--format", "json", stdout=plain)
    listed = StringIO()
    call_command("bilan", "--format", "json", "--trainees", stdout=listed)

    assert "by_trainee" not in json.loads(plain.getvalue())["trainee_hours"]
    rows = json.loads(listed.getvalue())["trainee_hours"]["by_trainee"]
    assert {(row["youth"], row["cohort"]) for row in rows} == set(programme["expected"])


def test_the_xlsx_lists_each_trainee_by_code_and_the_sessions_totals(programme):
    bilan = bilan_build(project=programme["project"], trainees=True)
    trainees = bilan.figures.trainee_hours
    workbook = load_workbook(io.BytesIO(render_xlsx(bilan, "fr")))

    rows = list(workbook["Heures par stagiaire"].iter_rows(min_row=2, values_only=True))
    assert {(r[0], r[1]): (r[2], r[3]) for r in rows} == {
        key: (pytest.approx(p / 60), pytest.approx(a / 60))
        for key, (p, a) in programme["expected"].items()
    }
    sessions = list(workbook["Heures-stagiaires"].iter_rows(min_row=2, values_only=True))
    assert sessions[-1][0] == "Total"
    assert sessions[-1][3] == pytest.approx(sum(r[3] for r in rows))
    assert sessions[-1][3] == pytest.approx(trainees.attended_minutes / 60)
    assert [s[0] for s in sessions[:-1]] == ["Chambéry 2022", "Pinerolo 2022"]


def test_the_html_bilan_shows_a_line_per_session_and_the_total_but_no_name(programme):
    bilan = bilan_build(project=programme["project"])
    html = render_html(bilan, "fr")

    section = html[html.index('id="trainee-hours"') :]
    section = section[: section.index("</table>")]
    for code in ("C1", "C2"):
        assert f'data-cohort="{code}"' in section
    expected = programme["expected"]
    total = sum(a for _, a in expected.values())
    assert f"<td>{hours_format(total, lang='fr')} h</td>" in section
    for code in ("C1", "C2"):
        line = section[section.index(f'data-cohort="{code}"') :].split("</tr>")[0]
        assert f"<td>{hours_format(per_cohort(expected, code)[2], lang='fr')} h</td>" in line
    for youth in programme["project"].youth.all():
        assert youth.last_name not in html
        assert youth.code not in html


def test_a_published_trainee_hours_figure_is_verified(tmp_path, programme):
    attended = bilan_build(project=programme["project"]).figures.trainee_hours.attended_hours
    report = (
        f"trainee_hours:\n  attended_hours: {attended}\n  by_cohort:\n    C1:\n      trainees: 3\n"
    )

    status, output = verify(tmp_path, report)
    assert status == 0, output

    status, output = verify(tmp_path, report.replace("trainees: 3", "trainees: 4"))
    assert status == 1
    assert "trainee_hours.by_cohort.C1.trainees" in output
