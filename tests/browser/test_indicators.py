"""The funders' indicators page (issue 13, point 3) through the real pages: a coordinator
reads the Interreg indicators of the project and opens the records behind a value; a partner
opens the ESF+ participants, by code, never by name."""

from teenlab.training.models import Enrolment
from tests.browser.steps_indicators import indicator_records_open, indicators_show


def test_a_coordinator_opens_the_records_behind_a_value(page, server, programme, log_in):
    log_in(programme.coordinator)
    home = programme.coordinator.organisation
    values = indicators_show(page, server, framework="interreg", scope=f"organisation:{home.code}")
    assert values["RCR84"] == "non enregistré"
    scope_enrolments = Enrolment.objects.filter(cohort__organisation=home, youth__organisation=home)
    assert values["RCO85"] == str(scope_enrolments.count())

    rows = indicator_records_open(page, code="RCO85")
    listed = sorted(tuple(row) for row in rows)
    expected = sorted(scope_enrolments.values_list("cohort__code", "youth__code"))
    assert listed == expected


def test_a_partner_sees_codes_never_names(page, server, programme, log_in):
    log_in(programme.partner)
    values = indicators_show(page, server, framework="esfplus", scope="project")
    participants = Enrolment.objects.filter(cohort__project=programme.project)
    assert values["EECO01"] == str(participants.values("youth").distinct().count())

    rows = indicator_records_open(page, code="EECO01")
    codes = {row[0] for row in rows}
    assert codes == set(participants.values_list("youth__code", flat=True))
    text = page.locator("main").inner_text()
    for youth in {e.youth for e in participants.select_related("youth")}:
        assert youth.last_name not in text
