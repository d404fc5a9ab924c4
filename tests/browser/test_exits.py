"""Leaving a session and the outcome in practitioners' words (issue 9, points 4 and 5), through
the real pages: an early positive exit, a dropout with a reviewed reason and a completion, then
the outcomes with their details; the dashboard and the bilan count them apart and print the
details as examples."""

import datetime as dt

from teenlab.core.choices import EnrolmentStatus
from teenlab.reporting.selectors import bilan_build, bilan_figures
from tests.browser.conftest import figure
from tests.browser.steps_exits import enrolment_leave, outcome_record
from tests.factories import EnrolmentFactory


def test_a_coordinator_records_how_each_young_person_left_and_the_bilan_counts_them_apart(
    page, server, programme, log_in
):
    log_in(programme.coordinator)
    early, dropout, completed = programme.enrolments[:3]
    other = EnrolmentFactory(cohort=programme.cohort, enrolled_on=programme.cohort.start_date)
    before = bilan_figures(project=programme.project).funnel
    left_on = dt.date.today() - dt.timedelta(days=1)

    enrolment_leave(
        page,
        server,
        enrolment_id=early.pk,
        kind="early_exit",
        on=left_on,
        reason="apprenticeship",
        detail="CAP cuisine",
    )
    row = page.locator(f'[data-enrolment="{early.pk}"]')
    assert "Sortie anticipée positive" in row.inner_text()
    enrolment_leave(
        page,
        server,
        enrolment_id=dropout.pk,
        kind="dropout",
        on=left_on,
        reason="other",
        detail="Garde d'enfant impossible",
    )
    enrolment_leave(page, server, enrolment_id=completed.pk, kind="completed", on=None)

    for enrolment, status in (
        (early, EnrolmentStatus.EARLY_EXIT),
        (dropout, EnrolmentStatus.DROPPED_OUT),
        (completed, EnrolmentStatus.COMPLETED),
    ):
        enrolment.refresh_from_db()
        assert enrolment.status == status
    assert (early.early_exit_kind, early.left_on) == ("apprenticeship", left_on)
    assert (dropout.dropout_reason, dropout.leaving_detail) == (
        "other",
        "Garde d'enfant impossible",
    )

    # A dropout "other" without its detail is refused, and nothing is written.
    page.goto(f"{server.url}/enrolments/{other.pk}/drop-out/")
    page.locator("#id_left_on").fill(left_on.isoformat())
    page.locator("#id_reason").select_option("other")
    page.locator("#dropout-submit").click()
    assert "Précisez le motif" in page.locator("#dropout-form").inner_text()
    other.refresh_from_db()
    assert other.status == EnrolmentStatus.IN_PROGRESS

    outcome_record(
        page,
        server,
        cohort_id=programme.cohort.pk,
        enrolment_id=early.pk,
        professional_project="yes",
        exit="apprenticeship",
        detail="CAP cuisine",
    )

    figures = bilan_figures(project=programme.project)
    funnel = figures.funnel
    assert funnel.early_positive_exits == before.early_positive_exits + 1
    assert funnel.completed == before.completed + 1
    assert funnel.dropouts == before.dropouts + 1
    assert funnel.in_progress == before.in_progress - 3
    assert (
        funnel.completed + funnel.early_positive_exits + funnel.dropouts + funnel.in_progress
        == funnel.youth_recruited
    )
    # An apprenticeship counts as work in TEEN LAB's five, and as itself in the refined split.
    assert figures.positive_exits.by_exit["apprenticeship"] == 1
    assert figures.positive_exits.by_category["work"] >= 1

    page.goto(f"{server.url}/")
    assert figure(page, "early_exits") == funnel.early_positive_exits
    assert figure(page, "dropouts") == funnel.dropouts
    assert figure(page, "completed") == funnel.completed

    # The bilan prints the detail under its category, never the young person's name.
    bilan = bilan_build(project=programme.project)
    assert "CAP cuisine" in bilan.exit_examples["work"]
    page.goto(f"{server.url}/bilan/")
    examples = page.locator("#exit-examples").inner_text()
    assert "Exemple : CAP cuisine" in examples
    assert early.youth.last_name not in examples
