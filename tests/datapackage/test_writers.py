"""package_export: the spec's columns and formats, a fixed order, and import(export(x)) == x."""

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teenlab.core.models import Project
from teenlab.datapackage.services import package_export, package_import
from teenlab.datapackage.writers import cell_text
from tests.datapackage.helpers import base, normalised, read_csv_folder, write_csv_folder

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "teenlab" / "demo" / "package"


def round_trip(folder: Path, work: Path, container: str = "") -> dict:
    """Import the folder, export it (through ``container``), import that again in place of the
    first, export it as a folder: the rows of that last folder."""
    first = package_import(source=folder, replace=True)
    assert first.ok, [str(i) for i in first.errors]
    exported = work / f"export{container}"
    package_export(project=first.project, destination=exported)
    second = package_import(source=exported, replace=True)
    assert second.ok, [str(i) for i in second.errors]
    assert second.project.pk == first.project.pk
    final = work / "final"
    package_export(project=second.project, destination=final)
    return read_csv_folder(final)


def test_it_writes_the_specs_formats():
    assert cell_text(None, Decimal("210.00")) == "210"
    assert cell_text(None, Decimal("12.50")) == "12.5"
    assert cell_text(None, Decimal("0.05")) == "0.05"
    assert cell_text(None, Decimal("1E+3")) == "1000"
    assert cell_text(None, dt.date(2021, 3, 4)) == "2021-03-04"
    assert cell_text(None, dt.time(9, 5)) == "09:05"
    assert cell_text(None, True) == "yes"
    assert cell_text(None, None) == ""


@pytest.mark.parametrize("container", ["", ".zip", ".xlsx"])
def test_import_of_export_gives_back_the_package_in_every_container(tmp_path, container):
    folder = write_csv_folder(tmp_path / "source", base())
    assert normalised(round_trip(folder, tmp_path, container)) == normalised(base())


def test_it_writes_only_the_specs_columns_in_its_order(tmp_path):
    project = package_import(source=write_csv_folder(tmp_path / "src", base())).project
    package_export(project=project, destination=tmp_path / "out")
    header = (tmp_path / "out" / "youth.csv").read_text().splitlines()[0]
    # The spec's columns in its order, then teenlab's additions (issue 13's characteristics).
    assert header == (
        "code,organisation,first_name,last_name,birth_date,gender,commune,received_on,"
        "info_session,referred_by,situation_at_entry,guardian_name,guardian_contact,"
        "labour_status,education_level,left_school_without_diploma,disability,"
        "foreign_background,third_country_national,homeless"
    )
    assert (tmp_path / "out" / "budget.csv").read_text().splitlines()[1:] == [
        "CHY,pedagogy,130000",
        "PIN,cross_border,20000.25",
    ]


def test_two_exports_are_the_same_bytes(tmp_path):
    project = package_import(source=write_csv_folder(tmp_path / "src", base())).project
    package_export(project=project, destination=tmp_path / "a.zip")
    package_export(project=project, destination=tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def test_it_leaves_out_empty_optional_tables(tmp_path):
    tables = {k: v for k, v in base().items() if k not in ("narratives", "expenses")}
    project = package_import(source=write_csv_folder(tmp_path / "src", tables)).project
    package_export(project=project, destination=tmp_path / "out")
    names = {path.stem for path in (tmp_path / "out").iterdir()}
    assert names == set(tables)


def test_it_refuses_to_write_into_a_folder_that_is_not_empty(tmp_path):
    from teenlab.datapackage.messages import PackageError

    project = package_import(source=write_csv_folder(tmp_path / "src", base())).project
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "mine.txt").write_text("keep me")
    with pytest.raises(PackageError):
        package_export(project=project, destination=tmp_path / "busy")
    assert (tmp_path / "busy" / "mine.txt").read_text() == "keep me"


def test_the_demo_package_survives_import_and_export(tmp_path):
    assert DEMO.is_dir(), "the demo package is part of the repository"
    source = read_csv_folder(DEMO)
    for container in ("", ".zip", ".xlsx"):
        work = tmp_path / (container.strip(".") or "folder")
        work.mkdir()
        assert normalised(round_trip(DEMO, work, container)) == normalised(source), container
    assert Project.objects.count() == 1


# --- generated packages -----------------------------------------------------------------------

TEXT = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=15,
    )
    .map(str.strip)
    .filter(bool)
)
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))
MONEY = st.decimals(min_value=0, max_value=10**9, places=2).map(lambda d: cell_text(None, d))


@st.composite
def packages(draw):
    """A small valid package as rows of text, in the writer's own formats."""
    d = draw
    start = d(DATES)
    organisations = d(st.lists(st.sampled_from(["A", "B", "C"]), min_size=1, unique=True))
    tables = {
        "project": [
            {
                "code": "P",
                "name": d(TEXT),
                "programme": d(TEXT),
                "start_date": start.isoformat(),
                "end_date": (start + dt.timedelta(days=d(st.integers(0, 900)))).isoformat(),
                "cofinancing_total_eur": d(st.one_of(st.just(""), MONEY)),
            }
        ],
        "organisations": [
            {
                "code": code,
                "name": d(TEXT),
                "country": d(st.sampled_from(["FR", "IT", "CH"])),
                "role": d(st.sampled_from(["lead_partner", "partner", "associated"])),
                "city": d(st.one_of(st.just(""), TEXT)),
                "cofinancing_eur": d(st.one_of(st.just(""), MONEY)),
            }
            for code in organisations
        ],
    }
    youth = [f"Y{n}" for n in range(d(st.integers(0, 5)))]
    tables["youth"] = [
        {
            "code": code,
            "organisation": d(st.sampled_from(organisations)),
            "first_name": d(TEXT),
            "last_name": d(TEXT),
            "birth_date": d(st.one_of(st.just(""), DATES.map(dt.date.isoformat))),
            "gender": d(st.sampled_from("fmx")),
            "situation_at_entry": d(st.sampled_from(["", "unemployed", "unknown"])),
        }
        for code in youth
    ]
    cohorts = [f"C{n}" for n in range(d(st.integers(1, 2)))]
    cohort_rows, slot_rows, slots = [], [], {}
    for cohort in cohorts:
        begin = d(DATES)
        cohort_rows.append(
            {
                "code": cohort,
                "organisation": d(st.sampled_from(organisations)),
                "name": d(TEXT),
                "start_date": begin.isoformat(),
                "end_date": (begin + dt.timedelta(days=60)).isoformat(),
            }
        )
        for n in range(d(st.integers(1, 3))):
            first = d(st.integers(6 * 60, 14 * 60))
            length = d(st.integers(1, 240))
            code = f"{cohort}-S{n}"
            slots[code] = (cohort, length)
            slot_rows.append(
                {
                    "code": code,
                    "cohort": cohort,
                    "date": (begin + dt.timedelta(days=n)).isoformat(),
                    "start": f"{first // 60:02d}:{first % 60:02d}",
                    "end": f"{(first + length) // 60:02d}:{(first + length) % 60:02d}",
                    "place": d(st.one_of(st.just(""), TEXT)),
                }
            )
    tables["cohorts"], tables["slots"] = cohort_rows, slot_rows
    pairs = (
        d(st.lists(st.tuples(st.sampled_from(youth), st.sampled_from(cohorts)), unique=True))
        if youth
        else []
    )
    tables["enrolments"] = [
        {
            "youth": y,
            "cohort": c,
            "enrolled_on": d(DATES).isoformat(),
            "status": d(st.sampled_from(["in_progress", "completed", "dropped_out"])),
            "note": d(st.one_of(st.just(""), TEXT)),
        }
        for y, c in pairs
    ]
    tables["attendance"] = []
    for slot, (cohort, length) in slots.items():
        for y, c in pairs:
            if c == cohort and d(st.booleans()):
                status = d(st.sampled_from(["present", "partial", "absent", "excused"]))
                minutes = d(st.integers(0, length))
                tables["attendance"].append(
                    {
                        "slot": slot,
                        "youth": y,
                        "status": status,
                        "minutes": str(minutes) if status == "partial" else "",
                    }
                )
    tables["outcomes"] = [
        {
            "youth": y,
            "cohort": c,
            "professional_project": d(st.sampled_from(["yes", "no", "unknown"])),
            "exit": d(st.sampled_from(["work", "none", "unknown"])),
            "detail": d(st.one_of(st.just(""), TEXT)),
        }
        for y, c in pairs
        if d(st.booleans())
    ]
    tables["budget"] = [
        {"organisation": o, "category": "pedagogy", "planned_eur": d(MONEY)} for o in organisations
    ]
    return tables


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(tables=packages())
def test_import_of_export_gives_back_generated_packages(tables):
    with tempfile.TemporaryDirectory() as work:
        folder = write_csv_folder(Path(work) / "source", tables)
        assert normalised(round_trip(folder, Path(work))) == normalised(tables)
