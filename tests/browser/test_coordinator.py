"""A coordinator's day: log in, recruit a young person, see the dashboard change; the bilan."""

import io
import re

from django.utils import translation
from pypdf import PdfReader

from teenlab.training.models import Enrolment
from tests.browser.conftest import figure
from tests.browser.programme import PASSWORD


def test_a_coordinator_logs_in_recruits_a_young_person_and_sees_the_dashboard_change(
    page, programme
):
    page.goto("/")
    assert "/login/" in page.url  # not logged in: the login page first
    page.get_by_label("Identifiant").fill(programme.coordinator.username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator("h1").inner_text() == "Tableau de bord"
    recruited, in_progress = figure(page, "recruited"), figure(page, "in_progress")

    page.get_by_role("link", name="Recruter un jeune").click()
    newcomer = programme.newcomer
    page.get_by_role("link", name=f"{newcomer.last_name.upper()} {newcomer.first_name}").click()
    page.get_by_role("link", name="Recruter dans une session").click()
    page.get_by_label("Session").select_option(label=programme.cohort.name)
    page.get_by_role("button", name="Recruter", exact=True).click()

    page.wait_for_url(f"**/youth/{newcomer.pk}/")
    assert "recruté" in page.get_by_role("status").first.inner_text()
    assert Enrolment.objects.filter(youth=newcomer, cohort=programme.cohort).exists()
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Tableau de bord"
    ).click()
    assert figure(page, "recruited") == recruited + 1
    assert figure(page, "in_progress") == in_progress + 1


def test_a_coordinator_downloads_the_bilan_pdf_in_italian(page, programme, log_in):
    log_in(programme.coordinator)
    page.goto("/")
    page.get_by_role("button", name="IT \N{EN DASH} Italiano").click()  # the language switch
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "it"
    with translation.override("it"):
        bilan = translation.gettext("Bilan")
        show = translation.gettext("Afficher le bilan")
    page.get_by_role("navigation").get_by_role("link", name=bilan).click()
    assert page.locator("#id_lang").input_value() == "it"  # the interface's language
    page.get_by_role("button", name=show).click()
    page.locator('#bilan-report article.bilan[lang="it"]').wait_for()
    with page.expect_download() as info:
        page.locator("#bilan-download-pdf").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(download.path().read_bytes()))
    text = "\n".join(page_.extract_text() for page_ in reader.pages).casefold()
    # Headings of the report in Italian, none of their French originals.
    with translation.override("it"):
        italian = [
            (
                french,
                translation.pgettext(context, french) if context else translation.gettext(french),
            )
            for context, french in HEADINGS
        ]
    for french, heading in italian:
        assert heading != french, f"{french!r} has no Italian translation"
        assert heading.casefold() in text, f"{heading!r} is not in the PDF"
        assert french.casefold() not in text, f"{french!r} (French) is in the Italian PDF"


# Headings of the bilan (context, French source).
HEADINGS = [
    (None, "Partenaires"),
    (None, "Sommaire"),
    ("bilan section", "Le bilan en chiffres"),
    (None, "Qui sont les jeunes recrutés ?"),
]
