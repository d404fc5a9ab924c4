"""axe-core (WCAG 2.1 A and AA rules) finds no violation on the pages used every day."""

from types import SimpleNamespace

import pytest

from tests.browser.conftest import DESKTOP, TABLET, axe_violations


def _pages(programme):
    return {
        "dashboard": "/",
        "youth record": f"/youth/{programme.trainees[0].pk}/",
        "sign-in": f"/slots/{programme.slot.pk}/",
        "bilan": "/bilan/",
    }


@pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["desktop", "tablet"])
def test_axe_finds_no_wcag_violation_on_the_everyday_pages(page, programme, log_in, viewport):
    page.set_viewport_size(viewport)
    log_in(programme.coordinator)
    found = {}
    for name, url in _pages(programme).items():
        response = page.goto(url)
        assert response.status == 200, (name, response.status)
        if name == "bilan":
            page.locator("#bilan-show").click()
            page.locator("#bilan-report").wait_for()
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert not found, "\n".join(
        f"{name}: {violation}" for name, violations in found.items() for violation in violations
    )


def test_axe_finds_no_wcag_violation_on_the_sign_in_dialog_and_locked_sheet(
    page, programme, log_in
):
    """The signature dialog open, then the sheet as it reads once countersigned."""
    from tests.browser.conftest import draw_signature

    page.set_viewport_size(TABLET)
    log_in(programme.trainer)
    page.goto(f"/slots/{programme.slot.pk}/")
    youth = programme.trainees[0]
    page.locator(f"#sign-{youth.pk}").click()
    found = {"dialog": axe_violations(page)}
    draw_signature(page, "#sign-canvas")
    page.locator("#sign-submit").click()
    page.locator(f'#row-{youth.pk}[data-status="present"]').wait_for()
    for other in programme.trainees[1:]:  # every row needs a status before the countersignature
        page.locator(f"#sign-{other.pk}").click()
        page.locator("#mark-details summary").click()
        if other == programme.trainees[1]:
            found["marks"] = axe_violations(page)
        page.locator("#mark-excused").click()
        page.locator(f'#row-{other.pk}[data-status="excused"]').wait_for()
    draw_signature(page, "#countersign-canvas")
    page.locator("#countersign-submit").click()
    page.locator("#locked-notice").wait_for()
    found["locked sheet"] = axe_violations(page)
    assert not any(found.values()), "\n".join(
        f"{name}: {violation}" for name, violations in found.items() for violation in violations
    )


def _own_records(programme):
    """The records of the URL walk's kinds, taken from the programme (for its coordinator); the
    programme's budget by the programme's rules (issue 13, point 4) made here, as the URL walk
    makes them."""
    from tests.factories import (
        PartnerFundingFactory,
        PlannedCostFactory,
        ReportingPeriodFactory,
    )

    period = ReportingPeriodFactory(project=programme.project)
    budget = {"project": programme.project, "organisation": programme.home}
    return SimpleNamespace(
        period=period,
        planned=PlannedCostFactory(**budget, period=period),
        funding=PartnerFundingFactory(**budget),
        youth=programme.trainees[0],
        info_session=programme.info_session,
        cohort=programme.cohort,
        enrolment=programme.enrolments[0],
        slot=programme.slot,
        module=programme.module,
        event=programme.event,
        exchange=programme.exchange,
        phase=programme.phase,
        cooperation=programme.cooperation,
        budget_line=programme.budget_lines[0],
        expense=programme.expenses[0],
        account=programme.trainer,
        organisation=programme.home,
        project=programme.project,
        zone=None,
    )


@pytest.mark.parametrize("role", ["coordinator", "trainer", "counsellor", "partner", "auditor"])
def test_axe_finds_no_wcag_violation_on_any_page_a_role_opens(page, programme, log_in, role):
    """Every HTML page of the URL walk's table that the role opens (200 on its own records)."""
    from django.urls import reverse

    from tests.web.test_url_walk import EXPECTED, KIND_OF, KINDS, ROUTES

    # The project's set-up pages belong to its lead partner (the Italian one here): the
    # coordinator's own organisation is a partner; tests/browser/test_setup.py checks them.
    names = sorted(
        name
        for name in set(ROUTES) & set(KIND_OF)
        if EXPECTED[name, role, "own"] == 200
        # not the downloads, nor the fragments of a field's suggestions (``_options``)
        and not name.endswith(("_pdf", "download", "export", "_options"))
        and name != "privacy:subject_access"  # a PDF or JSON file (tests/browser/test_access.py)
        and KIND_OF[name] not in ("project", "zone")
    )
    own = _own_records(programme)
    log_in(getattr(programme, role))
    found = {}
    for name in names:
        url = reverse(name, kwargs=KINDS[KIND_OF[name]](own))
        response = page.goto(url)
        assert response.status == 200, (name, url, response.status)
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert not found, "\n".join(
        f"{name}: {violation}" for name, violations in found.items() for violation in violations
    )
