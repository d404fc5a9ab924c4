"""Each partner served in its language, in the browser (issue 11, point 5): the login page and
the app follow the browser's language until the person picks one with the switch; a partner
organisation's staff read the project's activities, never a young person's name."""

from teenlab.participants.models import Youth
from tests.browser.conftest import session_cookie
from tests.browser.steps_lang import activities_read, lang_context, language_choose, login_page_read


def test_an_italian_browser_gets_italian_until_english_is_chosen(browser, server, programme):
    context = lang_context(browser, server, locale="it-IT")
    try:
        page = context.new_page()
        assert login_page_read(page) == ("it", "Accesso")
        context.add_cookies([session_cookie(programme.partner, server)])
        page.goto("/")
        assert page.locator("html").get_attribute("lang") == "it"
        language_choose(page, code="en")
        page.goto("/activities/")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1").inner_text() == "Project activities"
    finally:
        context.close()


def test_a_partner_reads_the_activities_and_no_youths_name(page, programme, log_in):
    log_in(programme.partner)
    rows = activities_read(page)
    assert any(programme.exchange.title in row for row in rows["exchanges"])
    assert any(programme.event.title in row for row in rows["events"])
    assert any(programme.phase.name in row for row in rows["phases"])
    assert any(programme.cooperation.name in row for row in rows["cooperations"])
    content = page.content()
    page.goto("/")
    content += page.content()
    for youth in Youth.objects.filter(project=programme.project):
        assert youth.last_name not in content, f"{youth} is named on a partner's page"
