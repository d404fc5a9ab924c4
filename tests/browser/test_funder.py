"""What the funders count (issue 13, points 1 and 2), through the real pages: a counsellor
fills a young person's characteristics at entry, then records an exit follow-up from the
dashboard's list of follow-ups due."""

from teenlab.outcomes.models import FollowUp
from tests.browser.steps_funder import follow_up_record_from_dashboard, youth_characteristics_fill


def test_a_counsellor_fills_the_characteristics_then_records_a_follow_up_from_the_dashboard(
    page, server, programme, log_in
):
    log_in(programme.counsellor)
    youth = programme.leavers[0]
    youth_characteristics_fill(
        page,
        server,
        youth_id=youth.pk,
        situation_at_entry="unemployed",
        labour_status="long_term_unemployed",
        education_level="isced_0_2",
        left_school_without_diploma=True,
        disability="declined",
        homeless="no",
    )
    facts = page.locator("#entry-situation")
    assert "Chômeur de longue durée" in facts.inner_text()
    assert page.locator('[data-fact="neet"]').inner_text() == "Oui"
    assert page.locator('[data-fact="disability"]').inner_text() == "Ne souhaite pas répondre"
    youth.refresh_from_db()
    assert (youth.labour_status, youth.education_level) == ("long_term_unemployed", "isced_0_2")
    assert youth.left_school_without_diploma is True and youth.disability == "declined"

    # The two young people who left ten days ago are due their exit follow-up.
    page.goto(f"{server.url}/")
    listed = page.locator("#follow-ups [data-follow-up]")
    due = {f"{e.pk}-exit" for e in programme.finished_enrolments}
    assert {row.get_attribute("data-follow-up") for row in listed.all()} == due
    enrolment = programme.finished_enrolments[0]
    follow_up_record_from_dashboard(
        page,
        server,
        enrolment_id=enrolment.pk,
        kind="exit",
        situation="education_training",
        source="training_body",
        qualification_gained=True,
        detail="CAP cuisine",
    )
    assert "Suivi enregistré" in page.get_by_role("status").first.inner_text()
    follow_up = FollowUp.objects.get(enrolment=enrolment, kind="exit")
    assert (follow_up.situation, follow_up.source) == ("education_training", "training_body")
    assert follow_up.qualification_gained and follow_up.recorded_by == programme.counsellor
    remaining = page.locator("#follow-ups [data-follow-up]")
    assert [row.get_attribute("data-follow-up") for row in remaining.all()] == [
        f"{programme.finished_enrolments[1].pk}-exit"
    ]
