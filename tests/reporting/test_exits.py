"""Early positive exits and the refined exits with their examples (issue 9, points 4 and 5):
how the bilan counts them (docs/indicators.md, "Early positive exits", "Exit categories and
their examples") and how its documents print them."""

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from teenlab.core.choices import (
    EXIT_TYPOLOGY,
    POSITIVE_EXITS,
    DropoutReason,
    EnrolmentStatus,
    Exit,
    PositiveExit,
)
from teenlab.reporting.formatting import share_format
from teenlab.reporting.renderers import renderer_get
from teenlab.reporting.selectors import (
    EXAMPLE_MAX_CHARS,
    EXAMPLES_PER_CATEGORY,
    bilan_build,
    example_text,
)
from tests.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    OutcomeFactory,
    ProjectFactory,
    SlotFactory,
)

pytestmark = pytest.mark.django_db

START = dt.date(2022, 1, 10)


@pytest.fixture
def cohort():
    return CohortFactory(
        project=ProjectFactory(),
        organisation=OrganisationFactory(country="FR"),
        start_date=START,
        end_date=dt.date(2022, 4, 29),
    )


def early_exit(cohort, *, kind="work", youth=None, left_on=dt.date(2022, 2, 1)):
    extra = {"youth": youth} if youth is not None else {}
    return EnrolmentFactory(
        cohort=cohort,
        status=EnrolmentStatus.EARLY_EXIT,
        early_exit_kind=kind,
        left_on=left_on,
        **extra,
    )


def test_an_early_positive_exit_is_neither_completed_nor_a_dropout(cohort):
    EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.COMPLETED)
    early_exit(cohort, kind="apprenticeship")
    EnrolmentFactory(
        cohort=cohort,
        status=EnrolmentStatus.DROPPED_OUT,
        left_on=dt.date(2022, 2, 1),
        dropout_reason=DropoutReason.HEALTH,
    )
    EnrolmentFactory(cohort=cohort)

    funnel = bilan_build(project=cohort.project).figures.funnel

    assert (funnel.completed, funnel.early_positive_exits, funnel.dropouts) == (1, 1, 1)
    assert funnel.in_progress == 1
    assert (
        funnel.completed + funnel.early_positive_exits + funnel.dropouts + funnel.in_progress
        == funnel.youth_recruited
        == 4
    )
    assert funnel.dropouts_by_reason == {"health": 1}


def test_a_youth_is_in_the_first_state_that_applies(cohort):
    """Completed before early exit, early exit before in progress and dropout."""
    later = CohortFactory(
        project=cohort.project,
        organisation=cohort.organisation,
        start_date=dt.date(2022, 9, 5),
        end_date=dt.date(2022, 12, 16),
    )
    left_early_then_completed = early_exit(cohort)
    EnrolmentFactory(
        cohort=later, youth=left_early_then_completed.youth, status=EnrolmentStatus.COMPLETED
    )
    left_early_then_back = early_exit(cohort)
    EnrolmentFactory(cohort=later, youth=left_early_then_back.youth)  # in progress
    dropped_then_left_early = EnrolmentFactory(
        cohort=cohort, status=EnrolmentStatus.DROPPED_OUT, dropout_reason="personal"
    )
    early_exit(later, youth=dropped_then_left_early.youth, left_on=dt.date(2022, 10, 3))

    funnel = bilan_build(project=cohort.project).figures.funnel

    assert funnel.youth_recruited == 3
    assert (funnel.completed, funnel.early_positive_exits) == (1, 2)
    assert (funnel.in_progress, funnel.dropouts) == (0, 0)
    assert funnel.dropouts_by_reason == {}


def test_the_attendance_window_of_an_early_exit_ends_the_day_they_left(cohort):
    slots = [
        SlotFactory(cohort=cohort, date=START + dt.timedelta(days=offset)) for offset in (0, 1, 30)
    ]
    enrolment = early_exit(cohort, left_on=START + dt.timedelta(days=1))
    for slot in slots[:2]:
        AttendanceFactory(slot=slot, youth=enrolment.youth, status="present")

    (trainee,) = bilan_build(project=cohort.project, trainees=True).figures.trainee_hours.by_trainee

    assert trainee.scheduled_minutes == trainee.attended_minutes == 2 * slots[0].duration_minutes


def test_every_refined_positive_exit_counts_in_one_of_teen_labs_five():
    assert set(EXIT_TYPOLOGY.values()) == set(PositiveExit.values)
    assert set(POSITIVE_EXITS) == set(Exit.values) - {"none", "unknown"}
    assert EXIT_TYPOLOGY["apprenticeship"] == "work"
    assert EXIT_TYPOLOGY["support_pathway"] == "project"


def test_positive_exits_by_category_and_by_refined_exit(cohort):
    for exit_ in ("apprenticeship", "work", "support_pathway", "training", "none"):
        OutcomeFactory(enrolment=EnrolmentFactory(cohort=cohort), exit=exit_)

    exits = bilan_build(project=cohort.project).figures.positive_exits

    assert exits.total == 4
    assert dict(exits.by_category) == {"work": 2, "training": 1, "project": 1}
    assert list(exits.by_category) == ["work", "training", "project"]  # TEEN LAB's order
    assert list(exits.by_exit.items()) == [
        ("work", 1),
        ("apprenticeship", 1),
        ("training", 1),
        ("support_pathway", 1),
    ]


def test_details_are_examples_deduplicated_most_frequent_first(cohort):
    details = ["couture", "Développeur web", "développeur web.", "menuiserie", "couture"]
    details += ["Développeur web", "cuisine", "", "x" * (EXAMPLE_MAX_CHARS + 1)]
    for detail in details:
        OutcomeFactory(enrolment=EnrolmentFactory(cohort=cohort), exit="training", detail=detail)
    OutcomeFactory(enrolment=EnrolmentFactory(cohort=cohort), exit="study", detail="BTS")
    OutcomeFactory(enrolment=EnrolmentFactory(cohort=cohort), exit="none", detail="Sans solution")

    bilan = bilan_build(project=cohort.project)

    assert bilan.exit_examples["training"] == ("Développeur web", "couture", "cuisine")
    assert len(bilan.exit_examples["training"]) == EXAMPLES_PER_CATEGORY
    assert bilan.exit_examples["study"] == ("BTS",)
    assert "training" in bilan.exit_examples_partial  # menuiserie, the blank and the long one
    assert "study" not in bilan.exit_examples_partial
    assert "none" not in bilan.exit_examples  # only positive exits have examples


def test_an_example_is_the_first_line_in_a_few_words():
    assert example_text("  CAP   cuisine.\nchez M. Dupont") == "CAP cuisine"
    assert example_text("Stages…") == "Stages"
    assert example_text("") == ""
    assert example_text("y" * (EXAMPLE_MAX_CHARS + 1)) == ""


def test_the_documents_print_the_examples_and_the_early_exits(cohort):
    youth = early_exit(cohort, kind="apprenticeship").youth
    OutcomeFactory(enrolment=youth.enrolments.get(), exit="apprenticeship", detail="CAP cuisine")
    OutcomeFactory(enrolment=EnrolmentFactory(cohort=cohort), exit="study", detail="BTS")
    OutcomeFactory(enrolment=EnrolmentFactory(cohort=cohort), exit="study", detail="Bac")
    bilan = bilan_build(project=cohort.project, trainees=True)

    html = renderer_get("html").render(bilan, "fr").decode()
    assert "Exemple : CAP cuisine" in html
    assert "Exemples : Bac, BTS" in html
    assert "sorties anticipées positives" in html  # the headline tile
    assert youth.last_name not in html.split('id="exit-examples"')[1].split("</ul>")[0]
    assert "Apprentissage ou alternance" in html  # the refined table
    english = renderer_get("html").render(bilan, "en").decode()
    # Recorded in French (the organisation's language): quoted, the language said.
    assert "Examples: “Bac”, “BTS” (in French in the original)" in english

    data = json.loads(renderer_get("json").render(bilan, "fr"))
    assert data["funnel"]["early_positive_exits"] == 1
    assert data["positive_exits"]["by_exit"] == {"apprenticeship": 1, "study": 2}
    assert "CAP cuisine" not in json.dumps(data)  # figures only

    workbook = load_workbook(io.BytesIO(renderer_get("xlsx").render(bilan, "fr")))
    rows = list(workbook["Exemples de sorties"].iter_rows(values_only=True))
    assert ("Travail", "Exemple : CAP cuisine") in rows


def test_verify_accepts_published_early_exits_and_refined_exits(cohort, tmp_path):
    from teenlab.reporting.verify import published_load, published_verify

    early_exit(cohort, kind="study")
    OutcomeFactory(enrolment=EnrolmentFactory(cohort=cohort), exit="apprenticeship")
    published = tmp_path / "published.yaml"
    published.write_text(
        "funnel:\n  early_positive_exits: 1\n"
        "positive_exits:\n  by_category:\n    work: 1\n  by_exit:\n    apprenticeship: 1\n",
        encoding="utf-8",
    )
    report = published_verify(
        published=published_load(published), bilan=bilan_build(project=cohort.project)
    )
    assert report.checked and not report.mismatches


def test_the_early_exits_are_a_headline_tile_as_a_share_of_the_recruited(cohort):
    """Said once, by their tile (the bilan has no funnel chart repeating the tiles)."""
    EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.COMPLETED)
    EnrolmentFactory(cohort=cohort)
    early_exit(cohort)
    bilan = bilan_build(project=cohort.project)
    html = renderer_get("html").render(bilan, "fr").decode()
    figures = html.split('id="figures"')[1].split("</section>")[0]
    assert "sorties anticipées positives" in figures
    assert f"{share_format(1, 3, lang='fr')} des recrutés" in figures
    english = renderer_get("html").render(bilan, "en").decode()
    figures = english.split('id="figures"')[1].split("</section>")[0]
    assert "early positive exits" in figures.lower() and "of those recruited" in figures


def test_without_early_exits_there_is_no_such_tile(cohort):
    EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.COMPLETED)
    html = renderer_get("html").render(bilan_build(project=cohort.project), "fr").decode()
    assert "anticipées" not in html.split('id="figures"')[1].split("</section>")[0]
