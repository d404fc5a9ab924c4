"""The bilan's texts in the browser (issue 11, points 1 and 2): a coordinator writes the
introduction in French and Italian citing a figure, sees its value in the preview, saves, and
finds the text with the figure in the bilan; an unknown figure is refused; a version is
restored."""

import datetime as dt

import pytest

from teenlab.core.models import Narrative
from tests.browser.conftest import axe_violations
from tests.browser.steps_texts import (
    bilan_read,
    figure_value,
    revision_restore,
    texts_fill,
    texts_open,
    texts_preview,
    texts_refused,
    texts_save,
)
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    UserFactory,
)


@pytest.fixture
def coordinator(transactional_db, server):
    today = dt.date.today()
    project = ProjectFactory(
        start_date=today - dt.timedelta(days=300), end_date=today + dt.timedelta(days=300)
    )
    home = OrganisationFactory(name="La Dynamo")
    ProjectPartnerFactory(project=project, organisation=home, role="lead_partner")
    ProjectPartnerFactory(project=project, organisation=OrganisationFactory(country="IT"))
    cohort = CohortFactory(
        project=project,
        organisation=home,
        start_date=today - dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=30),
    )
    for _ in range(2):
        EnrolmentFactory(cohort=cohort, enrolled_on=cohort.start_date)
    return UserFactory(username="coord", organisation=home, is_coordinator=True)


def test_a_coordinator_writes_the_introduction_with_a_figure_and_finds_it_in_the_bilan(
    page, server, coordinator, log_in
):
    log_in(coordinator)
    texts_open(page, server, section="Introduction")
    assert figure_value(page, "funnel.youth_recruited") == "2"
    assert page.locator("#texts-missing-it").is_visible()
    assert axe_violations(page) == []

    texts_fill(page, fr="Le projet a recruté {youth.recruited} jeunes.")
    assert texts_refused(page) == ["Chiffre inconnu : {youth.recruited}."]
    assert not Narrative.objects.exists()

    texts_fill(
        page,
        fr="Le projet a recruté {funnel.youth_recruited} jeunes dans {cohorts.count:words} groupe.",
        it="Il progetto ha selezionato {funnel.youth_recruited} giovani.",
    )
    preview = texts_preview(page)
    assert preview == {
        "fr": "Le projet a recruté 2 jeunes dans un groupe.",
        "it": "Il progetto ha selezionato 2 giovani.",
    }
    texts_save(page)

    assert "Le projet a recruté 2 jeunes dans un groupe." in bilan_read(page, server, lang="fr")
    assert "Il progetto ha selezionato 2 giovani." in bilan_read(page, server, lang="it")
    english = bilan_read(page, server, lang="en")
    assert "Le projet a recruté 2 jeunes dans un groupe." in english
    assert "text in French: English translation missing" in english

    texts_open(page, server, section="Introduction")
    texts_fill(page, fr="Une autre introduction.")
    texts_save(page)
    revision_restore(page, text="Le projet a recruté {funnel.youth_recruited}")
    assert "Le projet a recruté 2 jeunes" in bilan_read(page, server, lang="fr")
