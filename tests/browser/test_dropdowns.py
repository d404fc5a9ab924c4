"""Issue 14, target 3: with more sessions than a drop-down lists, a coordinator finds one by
typing (suggestions from the server), on the youth list and the bilan, under the site's own
Content-Security-Policy (the suggestions are fetched by teenlab.js)."""

import pytest

from teenlab.core.forms import SEARCHABLE_OVER
from tests.browser.conftest import csp_violations, session_cookie
from tests.browser.steps_dropdowns import (
    bilan_of_session,
    suggestions,
    youth_list_filter_by_session,
)
from tests.factories import CohortFactory


@pytest.fixture
def strict_page(strict_context):
    page = strict_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"errors in the page: {errors}"
    assert not csp_violations(page)


@pytest.fixture
def many(programme):
    return CohortFactory.create_batch(
        SEARCHABLE_OVER,
        project=programme.project,
        organisation=programme.home,
        name="Atelier",
        start_date=programme.cohort.start_date,
        end_date=programme.cohort.end_date,
    )


def test_a_coordinator_finds_a_session_by_typing(
    strict_page, strict_context, server, programme, many
):
    page = strict_page
    strict_context.add_cookies([session_cookie(programme.coordinator, server)])
    cohort = programme.cohort
    page.goto(f"{server.url}/youth/")
    assert page.locator("select#id_cohort").count() == 0
    assert cohort.code in suggestions(page, "#id_cohort", cohort.name[:5])
    youth_list_filter_by_session(page, server, typed=cohort.name[:5], code=cohort.code)
    names = page.locator("#youth-results tbody th").all_inner_texts()
    assert sorted(names) == sorted(
        f"{e.youth.last_name.upper()} {e.youth.first_name}" for e in cohort.enrolments.all()
    )
    assert f"cohort={cohort.code}" in page.url

    bilan_of_session(page, server, code=cohort.code)
    assert cohort.name in page.locator("#bilan-report").get_attribute("aria-label")
    assert (
        page.locator("#bilan-download-pdf")
        .get_attribute("href")
        .endswith(f"scope=cohort:{cohort.code}&lang=fr")
    )
