"""The funders' indicators (Interreg, ESF+, BPF) checked against their definitions on a
hand-built programme (issue 13, point 5). Each expected value is worked out in the test's
docstring from the definition, with the edge cases the definitions name.

The programme (project P, 2023):

- partners: FRA (lead, France; runs sessions C1 and C2), ITA (partner, Italy; runs C3),
  ASSO (associated, no session);
- sessions: C1 (FRA, from 10 January), C2 (FRA, from 1 September), C3 (ITA, from 1 February),
  each with one slot of 180 minutes on its first day;
- young people:
  - A (FRA, woman, born 2006-06-01, "Demandeur d'emploi" and long-term unemployed,
    ISCED 0-2, disability: yes):
    C1 completed (present), then C2 dropped out (present);
  - B (FRA, man, born 2000-01-01, "Demandeur d'emploi" at entry, no labour status,
    disability: declined): C1 completed (partial, 60 minutes);
  - C (ITA, non-binary, born 2007-03-01, in education at entry, lives in a rural commune):
    C3 in progress (present);
  - D (FRA, gender not stated, no birth date, employed at entry): C1 early exit (absent), then
    C2 in progress (no attendance row);
- exchange X1 (France → Italy): participants A, B and one member of staff; exchange X2
  (France → Italy): no list, a head count of 5 young people and 2 staff;
- event E1 (of C1): participant A;
- follow-ups: A at exit of C1 "employed" and of C2 "job searching"; B at exit of C1
  "employed" with a qualification gained, and six months after "employed"; D at exit of C1
  "in education or training".
"""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from teenlab.core.choices import (
    Declared,
    EducationLevel,
    EnrolmentStatus,
    FollowUpKind,
    FollowUpSituation,
    Gender,
    LabourStatus,
    PartnerRole,
    Situation,
)
from teenlab.core.models import ProjectPartner
from teenlab.reporting.frameworks import FRAMEWORKS, framework_compute, indicator_get
from teenlab.reporting.frameworks.base import indicator_compute, records_behind
from teenlab.reporting.scoping import scope_resolve
from teenlab.training.models import AttendanceStatus
from tests.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrolmentFactory,
    EventFactory,
    EventParticipantFactory,
    ExchangeFactory,
    ExchangeParticipantFactory,
    FollowUpFactory,
    OrganisationFactory,
    ProjectFactory,
    ResidenceZoneFactory,
    SlotFactory,
    YouthFactory,
)

pytestmark = pytest.mark.django_db


def _partner(project, organisation, role):
    ProjectPartner.objects.update_or_create(
        project=project, organisation=organisation, defaults={"role": role}
    )


@pytest.fixture
def programme():
    project = ProjectFactory(code="P")
    fra = OrganisationFactory(code="FRA", country="FR")
    ita = OrganisationFactory(code="ITA", country="IT")
    asso = OrganisationFactory(code="ASSO", country="IT")
    c1 = CohortFactory(
        project=project,
        organisation=fra,
        code="C1",
        start_date=dt.date(2023, 1, 10),
        end_date=dt.date(2023, 6, 30),
    )
    c2 = CohortFactory(
        project=project,
        organisation=fra,
        code="C2",
        start_date=dt.date(2023, 9, 1),
        end_date=dt.date(2023, 12, 15),
    )
    c3 = CohortFactory(
        project=project,
        organisation=ita,
        code="C3",
        start_date=dt.date(2023, 2, 1),
        end_date=dt.date(2023, 6, 30),
    )
    _partner(project, fra, PartnerRole.LEAD_PARTNER)
    _partner(project, ita, PartnerRole.PARTNER)
    _partner(project, asso, PartnerRole.ASSOCIATED)
    ResidenceZoneFactory(project=project, commune="Chambéry", zone="chambery", rural=False)
    ResidenceZoneFactory(project=project, commune="Ormea", zone="valle", rural=True)

    def youth(code, organisation, **fields):
        return YouthFactory(project=project, organisation=organisation, code=code, **fields)

    a = youth(
        "A",
        fra,
        gender=Gender.F,
        birth_date=dt.date(2006, 6, 1),
        labour_status=LabourStatus.LONG_TERM_UNEMPLOYED,
        education_level=EducationLevel.ISCED_0_2,
        disability=Declared.YES,
    )
    b = youth(
        "B",
        fra,
        gender=Gender.M,
        birth_date=dt.date(2000, 1, 1),
        situation_at_entry=Situation.UNEMPLOYED,
        disability=Declared.DECLINED,
    )
    c = youth(
        "C",
        ita,
        gender=Gender.N,
        birth_date=dt.date(2007, 3, 1),
        situation_at_entry=Situation.IN_EDUCATION,
        commune="Ormea",
    )
    d = youth("D", fra, gender=Gender.X, birth_date=None, situation_at_entry=Situation.EMPLOYED)
    slots = {cohort: SlotFactory(cohort=cohort) for cohort in (c1, c2, c3)}

    def enrol(person, cohort, status, left_on=None):
        return EnrolmentFactory(youth=person, cohort=cohort, status=status, left_on=left_on)

    a1 = enrol(a, c1, EnrolmentStatus.COMPLETED, dt.date(2023, 6, 30))
    a2 = enrol(a, c2, EnrolmentStatus.DROPPED_OUT, dt.date(2023, 9, 20))
    b1 = enrol(b, c1, EnrolmentStatus.COMPLETED, dt.date(2023, 6, 30))
    enrol(c, c3, EnrolmentStatus.IN_PROGRESS)
    d1 = enrol(d, c1, EnrolmentStatus.EARLY_EXIT, dt.date(2023, 2, 15))
    enrol(d, c2, EnrolmentStatus.IN_PROGRESS)
    AttendanceFactory(slot=slots[c1], youth=a)
    AttendanceFactory(slot=slots[c2], youth=a)
    AttendanceFactory(slot=slots[c1], youth=b, status=AttendanceStatus.PARTIAL, minutes=60)
    AttendanceFactory(slot=slots[c3], youth=c)
    AttendanceFactory(slot=slots[c1], youth=d, status=AttendanceStatus.ABSENT)

    x1 = ExchangeFactory(project=project, code="X1", origin="FR", destination="IT")
    ExchangeParticipantFactory(exchange=x1, youth=a, name="", organisation="")
    ExchangeParticipantFactory(exchange=x1, youth=b, name="", organisation="")
    ExchangeParticipantFactory(exchange=x1)
    ExchangeFactory(
        project=project, code="X2", origin="FR", destination="IT", youth_count=5, staff_count=2
    )
    EventParticipantFactory(event=EventFactory(cohort=c1, code="E1"), youth=a)

    def follow(enrolment, kind, situation, **fields):
        FollowUpFactory(enrolment=enrolment, kind=kind, situation=situation, **fields)

    follow(a1, FollowUpKind.EXIT, FollowUpSituation.EMPLOYED)
    follow(a2, FollowUpKind.EXIT, FollowUpSituation.JOB_SEARCHING)
    follow(b1, FollowUpKind.EXIT, FollowUpSituation.EMPLOYED, qualification_gained=True)
    follow(b1, FollowUpKind.SIX_MONTHS, FollowUpSituation.EMPLOYED, date=dt.date(2023, 12, 30))
    follow(d1, FollowUpKind.EXIT, FollowUpSituation.EDUCATION_TRAINING)
    return project


def value(framework, code, **scope):
    found = indicator_compute(indicator_get(framework, code), scope_resolve(project="P", **scope))
    return found.value, found.breakdown


def behind(framework, code, column=None, **scope):
    found = records_behind(
        indicator_get(framework, code), scope_resolve(project="P", **scope), column=column
    )
    return sorted(row for _part, rows, _more in found.tables for row in rows)


# --- Interreg -----------------------------------------------------------------------------


def test_rco81_counts_one_person_in_one_action(programme):
    """RCO81 "Participations in joint actions across borders": one participation per person
    per action. Exchanges: X1 lists A, B and a member of staff (3), X2 lists nobody and counts
    5 + 2 heads (7): 10. Event E1: A (1). Sessions: A twice (C1, C2), B, C, D twice (C1, C2):
    6. A, in two exchanges' worth of actions (X1, E1, C1, C2), counts four times.
    10 + 1 + 6 = 17."""
    total, breakdown = value("interreg", "RCO81")

    assert breakdown == {"exchanges": 10, "events": 1, "sessions": 6}
    assert total == 17
    assert behind("interreg", "RCO81", "events") == [("E1", "A")]


def test_rco81_is_not_recorded_when_an_event_lists_no_participant(programme):
    """A second event of C1 without its list: its participations are unknown, so the events'
    count and the total are "not recorded" (None), never a sum missing a term."""
    EventFactory(cohort=programme.cohorts.get(code="C1"), code="E2")

    total, breakdown = value("interreg", "RCO81")

    assert total is None
    assert breakdown == {"exchanges": 10, "events": None, "sessions": 6}


def test_rco85_counts_every_enrolment(programme):
    """RCO85 "Participations in joint training schemes": every enrolment, whatever its
    status: A (C1, C2), B (C1), C (C3), D (C1, C2) = 6 (A and D count twice)."""
    assert value("interreg", "RCO85")[0] == 6
    assert behind("interreg", "RCO85") == [
        ("C1", "A"),
        ("C1", "B"),
        ("C1", "D"),
        ("C2", "A"),
        ("C2", "D"),
        ("C3", "C"),
    ]


def test_rcr81_counts_completions_only(programme):
    """RCR81 "Completion of joint training schemes": the completed enrolments, A's C1 and
    B's C1 = 2; A's dropout, D's early exit and the sessions in progress are not completions."""
    assert value("interreg", "RCR81")[0] == 2


def test_rco87_counts_each_organisation_once(programme):
    """RCO87 "Organisations cooperating across borders": the project's partners, each once:
    FRA (lead; two sessions, both exchanges' country), ITA, ASSO (associated) = 3."""
    total, breakdown = value("interreg", "RCO87")

    assert total == 3
    assert breakdown == {"lead_partner": 1, "partner": 1, "associated": 1}
    # A second session of FRA's, a third: still one organisation.
    CohortFactory(project=programme, organisation=programme.cohorts.get(code="C1").organisation)
    assert value("interreg", "RCO87")[0] == 3


def test_rcr84_is_not_recorded(programme):
    """RCR84 "Organisations cooperating across borders after project completion": teenlab
    records no cooperation after the project's end: None, never 0."""
    assert value("interreg", "RCR84") == (None, {})


def test_rco115_counts_events(programme):
    """RCO115 "Public events across borders jointly organised": E1, once whatever its
    participants = 1."""
    assert value("interreg", "RCO115")[0] == 1


def test_a_cohort_has_no_exchanges_nor_partners(programme):
    """In a session's scope, exchanges and partners do not exist (as in the bilan): RCO81 and
    RCO87 are None; C1's enrolments are A, B, D (RCO85 = 3)."""
    assert value("interreg", "RCO81", cohort="C1")[0] is None
    assert value("interreg", "RCO87", cohort="C1")[0] is None
    assert value("interreg", "RCO85", cohort="C1")[0] == 3


def test_an_organisation_scope_keeps_its_own_records(programme):
    """ITA's scope: its young people in its sessions, C in C3 (RCO85 = 1); itself as partner
    (RCO87 = 1)."""
    assert value("interreg", "RCO85", organisation="ITA")[0] == 1
    assert value("interreg", "RCO87", organisation="ITA") == (
        1,
        {"lead_partner": 0, "partner": 1, "associated": 0},
    )


# --- ESF+ ---------------------------------------------------------------------------------


def test_a_participant_counts_once_by_gender(programme):
    """EECO01 total number of participants: A, B, C, D, once each (A and D have two
    enrolments) = 4: one woman, one man, one non-binary, one not stated."""
    assert value("esfplus", "EECO01") == (
        4,
        {"gender_f": 1, "gender_m": 1, "gender_n": 1, "gender_x": 1},
    )
    assert behind("esfplus", "EECO01") == [("A",), ("B",), ("C",), ("D",)]


def test_labour_market_status_at_entry(programme):
    """EECO02 unemployed incl. long-term: A (long-term) and B ("Demandeur d'emploi") = 2;
    EECO03 long-term unemployed: A = 1; EECO04 inactive: C (in education) = 1;
    EECO05 employed: D = 1."""
    assert value("esfplus", "EECO02")[0] == 2
    assert value("esfplus", "EECO03")[0] == 1
    assert value("esfplus", "EECO04")[0] == 1
    assert value("esfplus", "EECO05")[0] == 1
    assert behind("esfplus", "EECO02", "gender_m") == [("B",)]


def test_long_term_unemployment_needs_a_labour_status(programme):
    """Without A's labour status, no participant has one: "Demandeur d'emploi" does not say
    since when, so EECO03 is None, not 0."""
    programme.youth.filter(code="A").update(labour_status="")

    assert value("esfplus", "EECO03")[0] is None
    # A and B are still unemployed: their situation at entry is "Demandeur d'emploi".
    assert value("esfplus", "EECO02")[0] == 2


def test_age_at_first_enrolment(programme):
    """Age on the first enrolment in scope: A 16 (C1, 10 January 2023), B 23, C 15 (C3,
    1 February 2023), D unknown. EECO06 below 18: A, C = 2; EECO07 18-29: B = 1;
    EECO08 55 and above: 0 (every known age is under 55: a true 0)."""
    assert value("esfplus", "EECO06")[0] == 2
    assert value("esfplus", "EECO07")[0] == 1
    assert value("esfplus", "EECO08")[0] == 0


def test_education_and_disadvantage(programme):
    """EECO09 ISCED 0-2: A = 1, EECO10 and EECO11: 0 (a level was asked); EECO12
    disabilities: A = 1 (B declined: not counted); EECO13, EECO14, EECO16: never asked, None;
    EECO15 minorities: not recorded by teenlab, None; EECO17 rural: C (Ormea) = 1."""
    assert value("esfplus", "EECO09")[0] == 1
    assert value("esfplus", "EECO10")[0] == 0
    assert value("esfplus", "EECO12")[0] == 1
    for code in ("EECO13", "EECO14", "EECO15", "EECO16"):
        assert value("esfplus", code)[0] is None, code
    assert value("esfplus", "EECO17")[0] == 1


def test_results_count_only_participants_who_left(programme):
    """Leavers: A (C2 dropped out, latest) and B (C1 completed); C and D are in progress (D
    left C1 early, but is in C2 now: not a leaver). From the follow-up of their latest
    enrolment: EECR01 job searching upon leaving: A = 1; EECR02 in education or training:
    0 (D's is not counted); EECR03 qualification: B = 1; EECR04 employed upon leaving: B = 1
    (A's "employed" after C1 is not her last); EECR05 employed six months after: B = 1;
    EECR06: not recorded."""
    assert value("esfplus", "EECR01")[0] == 1
    assert value("esfplus", "EECR02")[0] == 0
    assert value("esfplus", "EECR03")[0] == 1
    assert value("esfplus", "EECR04")[0] == 1
    assert behind("esfplus", "EECR04") == [("B", dt.date(2022, 5, 20))]
    assert value("esfplus", "EECR05") == (
        1,
        {"gender_f": 0, "gender_m": 1, "gender_n": 0, "gender_x": 0},
    )
    assert value("esfplus", "EECR06")[0] is None


def test_results_without_follow_ups_are_not_recorded(programme):
    """No follow-up at six months in ITA's scope: EECR05 is None, not 0."""
    assert value("esfplus", "EECR05", organisation="ITA")[0] is None


# --- BPF ----------------------------------------------------------------------------------


def test_bpf_trainees_and_hours_by_public(programme):
    """F-1: trainees are the enrolments with slots in their window: A-C1, A-C2, B-C1, D-C1,
    D-C2, C-C3 = 6. Job seekers at entry (c): A (long-term unemployed) twice and B = 3, with
    180 + 180 + 60 minutes = 7 h; others (e): D twice and C = 3, with 0 + 0 + 180 = 3 h.
    Employees, apprentices and self-funded (a, b, d) are not recorded."""
    assert value("bpf", "F-1") == (
        6,
        {"f1_a": None, "f1_b": None, "f1_c": 3, "f1_d": None, "f1_e": 3},
    )
    total, breakdown = value("bpf", "F-1 H")
    assert total == Decimal("10.00")
    assert (breakdown["f1_c"], breakdown["f1_e"]) == (Decimal("7.00"), Decimal("3.00"))
    assert behind("bpf", "F-1 H", "f1_e") == [("C1", "D", 0), ("C2", "D", 0), ("C3", "C", 180)]


def test_bpf_by_objective(programme):
    """F-3: every session is "other vocational training" (d): 6 trainees, 10 h; the other
    objectives are not recorded."""
    total, breakdown = value("bpf", "F-3")
    assert total == 6 and breakdown["f3_d"] == 6 and breakdown["f3_a"] is None
    assert value("bpf", "F-3 H")[1]["f3_d"] == Decimal("10.00")


# --- size, command, demo --------------------------------------------------------------------


def _queries(framework):
    scope = scope_resolve(project="P")
    with CaptureQueriesContext(connection) as queries:
        framework_compute(FRAMEWORKS[framework], scope)
    return len(queries)


@pytest.mark.parametrize("framework", ["interreg", "esfplus", "bpf"])
def test_the_number_of_queries_does_not_grow_with_the_data(
    programme, framework, django_assert_max_num_queries
):
    before = _queries(framework)
    c1 = programme.cohorts.get(code="C1")
    x1 = programme.exchanges.get(code="X1")
    for _ in range(12):
        enrolment = EnrolmentFactory(
            cohort=c1, status=EnrolmentStatus.COMPLETED, left_on=dt.date(2023, 6, 30)
        )
        FollowUpFactory(enrolment=enrolment)
        ExchangeParticipantFactory(exchange=x1, youth=enrolment.youth, name="", organisation="")

    scope = scope_resolve(project="P")
    with django_assert_max_num_queries(before):
        framework_compute(FRAMEWORKS[framework], scope)


def run(*args):
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_json_with_null_for_not_recorded(programme):
    data = json.loads(run("--framework", "interreg"))

    assert data["scope"] == {"project": "P", "organisation": None, "cohort": None}
    by_code = {row["code"]: row for row in data["indicators"]}
    assert by_code["RCO81"]["value"] == 17
    assert by_code["RCR84"]["value"] is None
    assert by_code["RCO81"]["definition"] == "Participations in joint actions across borders"
    assert "2021/1058" in by_code["RCO81"]["reference"]


def test_the_xlsx_has_one_row_per_indicator(programme, tmp_path):
    path = tmp_path / "esf.xlsx"
    run("--framework", "esfplus", "--format", "xlsx", "-o", str(path), "--lang", "en")

    sheet = load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert header[:4] == ["Code", "Indicator", "Unit", "Value"]
    assert len(rows) == len(FRAMEWORKS["esfplus"].catalogue)
    assert rows["EECO01"][3] == 4
    assert rows["EECO15"][3] == "not recorded"


def test_html_and_errors(programme):
    html = run("--framework", "bpf", "--format", "html", "--lang", "it")
    assert "F-1" in html and "<table" in html

    with pytest.raises(CommandError, match="nowhere"):
        run("--framework", "nowhere")
    with pytest.raises(CommandError, match="ZZ"):
        run("--framework", "bpf", "--cohort", "ZZ")


def test_the_three_frameworks_compute_on_the_demo(db):
    """On the demo: sessions and partners are recorded (RCO85, RCO87, EECO01, F-1 have
    values), what TEEN LAB's records do not hold is None (RCR84, EECO15, the follow-ups)."""
    from teenlab.datapackage.services import package_import
    from teenlab.demo.generate import PACKAGE_DIR

    assert package_import(source=PACKAGE_DIR).ok
    scope = scope_resolve()
    values = {
        v.indicator.code: v.value
        for framework in FRAMEWORKS.values()
        for v in framework_compute(framework, scope)
    }
    assert values["RCO85"] > 0 and values["RCO87"] > 0 and values["EECO01"] > 0
    assert values["F-1"] > 0 and values["F-1 H"] > 0
    assert values["RCR84"] is None and values["EECO15"] is None and values["EECR04"] is None


def test_the_documentation_lists_every_indicator():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "indicators.md").read_text()
    for framework in FRAMEWORKS.values():
        for indicator in framework.catalogue:
            assert f"| {indicator.code} | “{indicator.definition}”" in text, indicator.code


def test_the_bilan_ends_with_the_interreg_annex(programme):
    """The bilan's annex: the Interreg indicators of its scope, as computed (RCO81 17, RCR84
    not recorded), in the report's language; a session's bilan has its own (RCO85 of C1: 3)."""
    from teenlab.reporting.renderers.html import render_html
    from teenlab.reporting.selectors import bilan_build

    html = render_html(bilan_build(project=programme), "en")
    annex = html[html.index('id="annex-indicators"') :]
    assert "Annex: Interreg indicators" in annex
    assert 'data-value="RCO81">17<' in annex
    assert 'data-value="RCR84">not recorded<' in annex

    c1 = programme.cohorts.get(code="C1")
    html = render_html(bilan_build(project=programme, cohort=c1), "fr")
    assert 'data-value="RCO85">3<' in html[html.index('id="annex-indicators"') :]
