"""Each rule of the specification's Validation list, with the table, row and column it names."""

import pytest

from tests.datapackage.helpers import base, found

pytestmark = pytest.mark.django_db


def test_it_accepts_the_valid_package_without_issue(packages):
    result = packages.validate()
    assert result.ok, [str(i) for i in result.errors]
    assert result.warnings == []
    assert result.counts["youth"] == 3
    assert result.counts["attendance"] == 6


def test_it_reports_a_missing_required_table(packages):
    tables = base()
    del tables["cohorts"]
    result = packages.validate(tables)
    assert ("cohorts", None, None, None) in found(result, "missing_table")


def test_it_allows_optional_tables_to_be_absent(packages):
    tables = {
        name: rows
        for name, rows in base().items()
        if name in ("project", "organisations", "youth", "cohorts", "enrolments")
    }
    del tables["youth"][0]["info_session"]
    result = packages.validate(tables)
    assert result.ok, [str(i) for i in result.errors]


def test_it_reports_a_missing_required_column_on_the_header_row(packages):
    tables = base()
    for row in tables["youth"]:
        del row["gender"]
    result = packages.validate(tables)
    assert found(result, "missing_column") == [("youth", 1, "gender", None)]


def test_it_reports_an_unknown_column(packages):
    tables = base()
    tables["cohorts"][0]["colour"] = "blue"
    result = packages.validate(tables)
    assert found(result, "unknown_column") == [("cohorts", 1, "colour", "colour")]


def test_it_reports_an_empty_required_cell(packages):
    tables = base()
    tables["youth"][1]["first_name"] = ""
    result = packages.validate(tables)
    assert found(result, "required") == [("youth", 3, "first_name", "")]


def test_it_accepts_an_empty_birth_date_but_requires_the_column(packages):
    tables = base()
    tables["youth"][0]["birth_date"] = ""
    assert packages.validate(tables).ok
    for row in tables["youth"]:
        del row["birth_date"]
    assert found(packages.validate(tables), "missing_column") == [("youth", 1, "birth_date", None)]


@pytest.mark.parametrize("bad", ["2021-13-01", "01/10/2021", "2021-02-30", "20211001", "soon"])
def test_it_reports_a_bad_date(packages, bad):
    tables = base()
    tables["cohorts"][1]["start_date"] = bad
    result = packages.validate(tables)
    assert found(result, "bad_date") == [("cohorts", 3, "start_date", bad)]


@pytest.mark.parametrize("bad", ["25:00", "9h00", "12:60", "noon"])
def test_it_reports_a_bad_time(packages, bad):
    tables = base()
    tables["slots"][2]["start"] = bad
    result = packages.validate(tables)
    assert found(result, "bad_time") == [("slots", 4, "start", bad)]


@pytest.mark.parametrize("bad", ["1,5", "12.345", "-3", "1e3", "abc", "12345678901.5"])
def test_it_reports_a_bad_decimal(packages, bad):
    tables = base()
    tables["budget"][0]["planned_eur"] = bad
    result = packages.validate(tables)
    assert found(result, "bad_decimal") == [("budget", 2, "planned_eur", bad)]


def test_it_accepts_a_negative_expense_and_trailing_zeros(packages):
    tables = base()
    tables["expenses"][0]["amount_eur"] = "-12.50"
    tables["budget"][0]["planned_eur"] = "100.000"
    assert packages.validate(tables).ok


@pytest.mark.parametrize("bad", ["1.5", "-2", "many", "99999999999999"])
def test_it_reports_a_bad_whole_number(packages, bad):
    tables = base()
    tables["exchanges"][0]["youth_count"] = bad
    result = packages.validate(tables)
    assert found(result, "bad_int") == [("exchanges", 2, "youth_count", bad)]


def test_it_reports_an_unknown_enumerated_value(packages):
    tables = base()
    tables["enrolments"][3]["status"] = "finished"
    tables["youth"][2]["gender"] = "z"
    result = packages.validate(tables)
    assert found(result, "bad_enum") == [
        ("youth", 4, "gender", "z"),
        ("enrolments", 5, "status", "finished"),
    ]
    expected = next(str(i.expected) for i in result.errors if i.column == "status")
    assert "in_progress, completed, dropped_out" in expected


def test_it_reports_an_unknown_cooperation_role(packages):
    tables = base()
    tables["cooperations"][0]["roles"] = "recruitment;cooking"
    result = packages.validate(tables)
    assert found(result, "bad_enum_list") == [("cooperations", 2, "roles", "recruitment;cooking")]


def test_it_reports_a_bad_country_and_destination(packages):
    tables = base()
    tables["organisations"][1]["country"] = "Italy"
    tables["exchanges"][1]["destination"] = "moon"
    result = packages.validate(tables)
    assert found(result, "bad_country") == [("organisations", 3, "country", "Italy")]
    assert found(result, "bad_destination") == [("exchanges", 3, "destination", "moon")]


def test_it_reports_a_too_long_text_and_a_bad_email(packages):
    tables = base()
    tables["youth"][0]["first_name"] = "x" * 121
    tables["organisations"][0]["email"] = "not-an-address"
    result = packages.validate(tables)
    assert found(result, "bad_text") == [("youth", 2, "first_name", "x" * 121)]
    assert found(result, "bad_email") == [("organisations", 2, "email", "not-an-address")]


def test_it_reports_a_duplicate_code_with_the_first_row(packages):
    tables = base()
    tables["youth"].append(dict(tables["youth"][0]))
    result = packages.validate(tables)
    assert found(result, "duplicate") == [("youth", 5, "code", "Y1")]
    assert "2" in str(result.errors[0].expected)


def test_it_reports_a_youth_enrolled_twice_in_one_cohort(packages):
    tables = base()
    tables["enrolments"].append(
        {"youth": "Y1", "cohort": "C1", "enrolled_on": "2021-10-02", "status": "in_progress"}
    )
    result = packages.validate(tables)
    assert found(result, "duplicate") == [("enrolments", 6, "cohort", "C1")]


def test_it_reports_references_to_missing_codes(packages):
    tables = base()
    tables["youth"][1]["organisation"] = "NOPE"
    tables["slots"][0]["module"] = "M9"
    tables["enrolments"][0]["cohort"] = "C9"
    tables["attendance"][3]["slot"] = "S9"
    result = packages.validate(tables)
    assert found(result, "unknown_ref") == [
        ("youth", 3, "organisation", "NOPE"),
        ("slots", 2, "module", "M9"),
        ("enrolments", 2, "cohort", "C9"),
        ("attendance", 5, "slot", "S9"),
    ]


def test_it_reports_a_reference_to_an_absent_optional_table(packages):
    tables = base()
    del tables["info_sessions"]
    result = packages.validate(tables)
    assert found(result, "unknown_ref") == [("youth", 2, "info_session", "IC1")]


def test_it_reports_a_slot_ending_before_or_when_it_starts(packages):
    tables = base()
    tables["slots"][0]["end"] = "09:00"
    tables["slots"][1]["end"] = "12:00"
    result = packages.validate(tables)
    assert found(result, "end_not_after_start") == [
        ("slots", 2, "end", "09:00"),
        ("slots", 3, "end", "12:00"),
    ]


def test_it_reports_an_end_date_before_the_start(packages):
    tables = base()
    tables["cohorts"][0]["end_date"] = "2021-09-30"
    tables["project"][0]["end_date"] = "2020-01-01"
    result = packages.validate(tables)
    assert found(result, "end_before_start") == [
        ("project", 2, "end_date", "2020-01-01"),
        ("cohorts", 2, "end_date", "2021-09-30"),
    ]


def test_it_reports_left_on_before_enrolled_on(packages):
    tables = base()
    tables["enrolments"][1]["left_on"] = "2021-09-30"
    result = packages.validate(tables)
    assert found(result, "left_before_enrolled") == [("enrolments", 3, "left_on", "2021-09-30")]


def test_it_reports_attendance_of_a_youth_not_enrolled_in_the_slots_cohort(packages):
    tables = base()
    tables["attendance"].append({"slot": "S1", "youth": "Y3", "status": "present"})
    result = packages.validate(tables)
    assert found(result, "not_enrolled") == [("attendance", 8, "youth", "Y3")]


def test_it_reports_minutes_above_the_slots_length(packages):
    tables = base()
    tables["attendance"][1]["minutes"] = "211"  # S1 lasts 3 h 30
    result = packages.validate(tables)
    assert found(result, "minutes_above_slot") == [("attendance", 3, "minutes", "211")]
    tables["attendance"][1]["minutes"] = "210"
    assert packages.validate(tables).ok


def test_it_reports_a_partial_attendance_without_minutes(packages):
    tables = base()
    tables["attendance"][1]["minutes"] = ""
    result = packages.validate(tables)
    assert found(result, "partial_without_minutes") == [("attendance", 3, "minutes", "")]


def test_it_reports_a_repeated_attendance_row(packages):
    tables = base()
    tables["attendance"].append({"slot": "S3", "youth": "Y2", "status": "absent"})
    result = packages.validate(tables)
    assert found(result, "duplicate") == [("attendance", 8, "youth", "Y2")]


def test_it_reports_a_project_table_without_exactly_one_row(packages):
    tables = base()
    tables["project"].append(dict(tables["project"][0], code="OTHER"))
    result = packages.validate(tables)
    assert found(result, "project_rows") == [("project", 3, None, "OTHER")]
    tables["project"] = []
    result = packages.validate(tables)
    assert found(result, "project_rows") == [("project", 2, None, "")]


def test_it_reports_an_outcome_without_enrolment(packages):
    tables = base()
    tables["outcomes"].append(
        {"youth": "Y3", "cohort": "C1", "professional_project": "no", "exit": "none"}
    )
    result = packages.validate(tables)
    assert found(result, "outcome_without_enrolment") == [("outcomes", 3, "cohort", "C1")]


def test_it_reports_a_slot_whose_module_belongs_to_another_cohort(packages):
    tables = base()
    tables["slots"][2]["module"] = "M1"
    result = packages.validate(tables)
    assert found(result, "module_of_other_cohort") == [("slots", 4, "module", "M1")]


def test_it_reports_values_beyond_the_header(packages, tmp_path):
    folder = packages.folder()
    path = folder / "phases.csv"
    path.write_text(path.read_text() + "2,Suite,,,surplus\n")
    from teenlab.datapackage.services import package_read_and_validate

    result = package_read_and_validate(source=folder)
    assert found(result, "too_many_values") == [("phases", 3, None, "surplus")]


def test_it_reports_every_error_in_one_pass(packages):
    tables = base()
    tables["project"][0]["start_date"] = "yesterday"
    tables["youth"][0]["gender"] = "?"
    tables["youth"][2]["organisation"] = "NOPE"
    tables["slots"][1]["end"] = "12:00"
    tables["enrolments"][2]["left_on"] = "2000-01-01"
    tables["attendance"][0]["status"] = "here"
    tables["attendance"][5]["minutes"] = "999"
    tables["budget"][1]["planned_eur"] = "lots"
    del tables["events"][0]["title"]
    result = packages.validate(tables)
    assert {i.code for i in result.errors} == {
        "bad_date",
        "bad_enum",
        "unknown_ref",
        "end_not_after_start",
        "left_before_enrolled",
        "minutes_above_slot",
        "bad_decimal",
        "missing_column",
    }
    assert result.errors_total == 9
    assert {i.table for i in result.errors} == {
        "project",
        "youth",
        "slots",
        "enrolments",
        "attendance",
        "budget",
        "events",
    }


def test_it_warns_of_attendance_outside_the_enrolment_window(packages):
    tables = base()
    tables["enrolments"][0]["enrolled_on"] = "2021-10-05"  # S1 is on the 4th: a trial day
    tables["enrolments"][1]["left_on"] = "2021-10-04"  # S2 is on the 5th
    result = packages.validate(tables)
    assert result.ok
    assert found(result, "outside_enrolment", warnings=True) == [
        ("attendance", 2, "slot", "S1"),
        ("attendance", 5, "slot", "S2"),
    ]


def test_it_warns_of_a_cohort_with_enrolments_but_no_slots(packages):
    tables = base()
    tables["slots"] = [s for s in tables["slots"] if s["cohort"] != "C2"]
    tables["attendance"] = [a for a in tables["attendance"] if a["slot"] != "S3"]
    result = packages.validate(tables)
    assert result.ok
    assert found(result, "cohort_without_slots", warnings=True) == [("cohorts", 3, "code", "C2")]


def test_it_warns_of_a_slot_without_attendance(packages):
    tables = base()
    tables["attendance"] = [a for a in tables["attendance"] if a["slot"] != "S2"]
    result = packages.validate(tables)
    assert result.ok
    assert found(result, "slot_without_attendance", warnings=True) == [("slots", 3, "code", "S2")]


def test_it_keeps_counting_issues_beyond_the_kept_ones(packages, monkeypatch):
    from teenlab.datapackage import messages

    monkeypatch.setattr(messages, "MAX_ISSUES", 2)
    tables = base()
    for row in tables["attendance"]:
        row["status"] = "here"
    result = packages.validate(tables)
    assert len(result.errors) == 2
    assert result.errors_total == 6
