"""A partner of another organisation sees the project's figures, never a name or a record."""

from teenlab.participants.models import Youth
from teenlab.training.models import Enrolment
from tests.browser.conftest import figure


def test_a_partner_sees_the_figures_and_gets_404_on_a_youth_record(page, programme, log_in):
    log_in(programme.partner)
    page.goto("/")
    assert page.locator("h1").inner_text() == "Tableau de bord"
    project = programme.project
    assert figure(page, "recruited") == Enrolment.objects.filter(cohort__project=project).count()
    assert (
        figure(page, "received")
        == Youth.objects.filter(project=project, received_on__isnull=False).count()
    )
    content = page.content()
    for youth in Youth.objects.filter(project=project):
        assert youth.last_name not in content, f"{youth} is named on a partner's dashboard"

    response = page.goto(f"/youth/{programme.trainees[0].pk}/")
    assert response.status == 404
    assert programme.trainees[0].last_name not in page.content()

    # The bilan of the whole project, with its figures and no name either.
    page.goto("/bilan/")
    page.locator("#bilan-show").click()
    page.locator("#bilan-report").wait_for()
    report = page.locator("#bilan-report").inner_text()
    assert project.name in report
    for youth in Youth.objects.filter(project=project):
        assert youth.last_name not in page.content()
