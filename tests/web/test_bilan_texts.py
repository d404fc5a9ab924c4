"""The bilan's texts written in the app: three languages side by side, figures cited by name,
revisions kept and restored, a section left out; what the bilan then prints."""

import html

import pytest
from django.urls import reverse

from teenlab.core.models import AuditEntry, Narrative, NarrativeRevision
from tests.factories import EnrolmentFactory, NarrativeFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def edit_url(section="introduction"):
    return reverse("reporting:narrative_edit", args=[section])


def bilan_html(client, lang="fr") -> str:
    response = client.get(reverse("reporting:bilan_page"), {"scope": "project", "lang": lang})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def save(client, section="introduction", **texts):
    data = {"text_fr": "", "text_it": "", "text_en": "", "in_bilan": "on", **texts}
    return client.post(edit_url(section), data)


def test_a_coordinator_writes_the_introduction_in_french_and_italian(client, cast):
    login(client, cast.coordinator)

    response = save(
        client,
        text_fr="Le projet a recruté {funnel.youth_recruited} jeunes.",
        text_it="Il progetto ha selezionato {funnel.youth_recruited} giovani.",
    )

    assert response.status_code == 302
    texts = dict(
        Narrative.objects.filter(project=cast.project, section="introduction").values_list(
            "lang", "text"
        )
    )
    assert set(texts) == {"fr", "it"}
    revisions = NarrativeRevision.objects.filter(project=cast.project, section="introduction")
    assert {(r.lang, r.author) for r in revisions} == {
        ("fr", cast.coordinator),
        ("it", cast.coordinator),
    }
    assert AuditEntry.objects.filter(model="core.narrative", action="create").count() == 2
    assert "Le projet a recruté 3 jeunes." in bilan_html(client, "fr")
    assert "Il progetto ha selezionato 3 giovani." in bilan_html(client, "it")


def test_a_cited_figure_changes_when_the_records_change(client, cast):
    NarrativeFactory(
        project=cast.project, section="introduction", text="{funnel.youth_recruited} jeunes."
    )
    login(client, cast.coordinator)
    before = bilan_html(client)

    EnrolmentFactory(cohort=cast.taught)

    assert "3 jeunes." in before
    assert "4 jeunes." in bilan_html(client)


def test_an_unknown_figure_cannot_be_saved_and_is_shown_in_the_editor(client, cast):
    login(client, cast.coordinator)

    response = save(client, text_fr="Nous avons {youth.recruited} jeunes.")

    assert response.status_code == 422
    assert "Chiffre inconnu : {youth.recruited}." in html.unescape(response.content.decode())
    assert not Narrative.objects.filter(section="introduction").exists()
    assert not NarrativeRevision.objects.exists()


def test_doubled_braces_print_one_brace(client, cast):
    login(client, cast.coordinator)
    save(client, text_fr="Le code {{ouvert}} et {events} événement(s).")

    assert "Le code {ouvert} et 0 événement(s)." in bilan_html(client)


def test_a_missing_translation_is_shown_and_the_bilan_says_which_language_it_fell_back_to(
    client, cast
):
    login(client, cast.coordinator)
    save(client, text_fr="Un texte en français.")

    page = client.get(edit_url()).content.decode()
    assert 'id="texts-missing-it"' in page and 'id="texts-missing-en"' in page
    assert 'id="texts-missing-fr"' not in page
    italian = bilan_html(client, "it")
    assert "Un texte en français." in italian
    assert "testo in francese: traduzione italiana mancante" in italian
    assert "traduction" not in bilan_html(client, "fr")


def test_the_preview_shows_the_figures_without_saving(client, cast):
    login(client, cast.coordinator)

    response = client.post(
        edit_url(),
        {
            "text_fr": "{funnel.youth_recruited} jeunes",
            "text_it": "",
            "text_en": "",
            "action": "preview",
        },
    )

    assert response.status_code == 200
    assert 'id="texts-preview-fr"' in response.content.decode()
    assert response.context["preview"][0][2][0].items[0] == "3 jeunes"
    assert not Narrative.objects.exists()


def test_the_editor_lists_the_figures_with_their_values(client, cast):
    login(client, cast.coordinator)

    catalogue = {entry.name: entry.value for entry in client.get(edit_url()).context["catalogue"]}

    assert catalogue["funnel.youth_recruited"] == "3"
    assert catalogue["cohorts.count"] == "3"
    assert "scope.project" not in catalogue


def test_a_section_left_out_is_not_printed(client, cast):
    login(client, cast.coordinator)
    save(client, text_fr="Une introduction.")
    assert "Une introduction." in bilan_html(client)

    save(client, text_fr="Une introduction.", in_bilan="")

    assert set(Narrative.objects.values_list("in_bilan", flat=True)) == {False}
    assert "Une introduction." not in bilan_html(client)
    listing = client.get(reverse("reporting:narrative_list")).content.decode()
    assert 'id="texts-row-introduction"' in listing


def test_a_revision_is_restored_and_journaled(client, cast):
    login(client, cast.coordinator)
    save(client, text_fr="Première version.")
    save(client, text_fr="Seconde version.")
    first = NarrativeRevision.objects.get(text="Première version.")

    history = client.get(reverse("reporting:narrative_history", args=["introduction"]))
    response = client.post(reverse("reporting:narrative_restore", args=[first.pk]))

    assert "Seconde version." in history.content.decode()
    assert response.status_code == 302
    assert Narrative.objects.get(section="introduction", lang="fr").text == "Première version."
    assert NarrativeRevision.objects.filter(section="introduction").count() == 3
    assert AuditEntry.objects.filter(model="core.narrative", action="update").count() == 2


def test_clearing_a_translation_removes_it(client, cast):
    login(client, cast.coordinator)
    save(client, text_fr="Texte.", text_it="Testo.")

    save(client, text_fr="Texte.")

    assert list(Narrative.objects.values_list("lang", flat=True)) == ["fr"]
    assert NarrativeRevision.objects.filter(lang="it", text="").exists()


def test_another_projects_revision_is_404_and_an_unknown_section_too(client, cast):
    from tests.factories import NarrativeRevisionFactory

    other = NarrativeRevisionFactory()
    login(client, cast.coordinator)

    assert client.post(reverse("reporting:narrative_restore", args=[other.pk])).status_code == 404
    assert client.get(edit_url("preface")).status_code == 404


def test_the_bilan_page_links_to_the_texts_for_coordinators_only(client, cast):
    login(client, cast.coordinator)
    assert 'id="bilan-texts"' in client.get(reverse("reporting:bilan_page")).content.decode()
    login(client, cast.counsellor)
    assert 'id="bilan-texts"' not in client.get(reverse("reporting:bilan_page")).content.decode()


def test_the_editor_and_the_history_run_as_many_queries_with_more_data(client, cast):
    from tests.factories import NarrativeRevisionFactory
    from tests.web.helpers import query_count

    login(client, cast.coordinator)
    urls = [edit_url(), reverse("reporting:narrative_history", args=["introduction"])]
    small = [query_count(client, url) for url in urls]
    for _ in range(10):
        EnrolmentFactory(cohort=cast.taught)
        NarrativeRevisionFactory(project=cast.project, author=cast.coordinator)

    assert [query_count(client, url) for url in urls] == small
