"""A counsellor records the exit of a young person at the end of their cohort."""

from teenlab.core.choices import Exit, ProfessionalProject
from teenlab.core.models import AuditEntry
from teenlab.outcomes.models import Outcome


def test_a_counsellor_records_an_outcome_and_finds_it_on_the_youth_record(page, programme, log_in):
    log_in(programme.counsellor)
    page.goto("/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Sorties"
    ).click()
    page.get_by_role("link", name=programme.finished.name).click()
    assert page.locator("#outcomes-missing").is_visible()  # two exits still to record

    leaver, other = programme.leavers
    name = f"{leaver.first_name} {leaver.last_name}"
    page.get_by_label(f"Projet professionnel — {name}").select_option(
        label=str(ProfessionalProject.YES.label)
    )
    page.get_by_label(f"Sortie — {name}").select_option(label=str(Exit.TRAINING.label))
    page.get_by_label(f"Détail — {name}").fill("CAP menuiserie au lycée du Bourget")
    page.locator("#outcomes-save").click()

    assert "1 sortie enregistrée" in page.get_by_role("status").first.inner_text()
    outcome = Outcome.objects.get(enrolment__youth=leaver)
    assert (outcome.professional_project, outcome.exit) == (ProfessionalProject.YES, Exit.TRAINING)
    assert outcome.detail == "CAP menuiserie au lycée du Bourget"
    assert not Outcome.objects.filter(enrolment__youth=other).exists()  # left blank: nothing
    assert AuditEntry.objects.filter(youth_id=leaver.pk, user=programme.counsellor).exists()

    # The youth's record shows the exit and who recorded it.
    page.goto(f"/youth/{leaver.pk}/")
    enrolments = page.locator("#enrolments-title").locator("xpath=ancestor::section[1]")
    assert str(Exit.TRAINING.label) in enrolments.inner_text()
    history = page.locator(".timeline, #history").first.inner_text()
    assert programme.counsellor.get_full_name() in history
