"""Names in each language (issue 11, point 5): a coordinator writes a phase's name, a
cooperation's note and the programme's name in Italian and English in the app; each bilan
prints its language's, and the French one where a translation is missing."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from teenlab.activities.models import Cooperation, Phase
from teenlab.reporting.renderers.report import report_build
from teenlab.reporting.selectors import bilan_build
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def test_a_coordinator_names_a_phase_and_a_cooperation_in_three_languages(client, cast):
    login(client, cast.coordinator)
    response = client.post(
        reverse("activities:phase_create"),
        {
            "number": "1",
            "name": "Repérage des jeunes",
            "name_it": "Individuazione dei giovani",
            "name_en": "",
        },
    )
    assert response.status_code == 302
    phase = Phase.objects.get(project=cast.project)
    assert (phase.name_it, phase.name_en) == ("Individuazione dei giovani", "")
    response = client.post(
        reverse("activities:cooperation_create"),
        {
            "name": "Mission locale",
            "kind": "institution",
            "note": "Orientation des jeunes",
            "note_it": "Orientamento dei giovani",
            "note_en": "Referral of young people",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("activities:phase_edit", args=[phase.pk])).content.decode()
    assert 'name="name_it"' in page and "Individuazione dei giovani" in page

    bilan = bilan_build(project=cast.project)
    printed = {
        lang: (report.phases[0]["name"], report.cooperations[0]["note"])
        for lang in ("fr", "it", "en")
        for report in [report_build(bilan, lang, with_charts=False)]
    }
    assert printed == {
        "fr": ("Repérage des jeunes", "Orientation des jeunes"),
        "it": ("Individuazione dei giovani", "Orientamento dei giovani"),
        # No English name: the French one.
        "en": ("Repérage des jeunes", "Referral of young people"),
    }
    assert Cooperation.objects.get().note_en == "Referral of young people"


def test_the_programme_is_named_in_each_language(client, cast):
    project = cast.project
    project.programme = "Interreg France-Italie"
    project.programme_it = "Interreg Francia-Italia"
    project.save()
    bilan = bilan_build(project=project)
    assert report_build(bilan, "it", with_charts=False).programme == "Interreg Francia-Italia"
    assert report_build(bilan, "en", with_charts=False).programme == "Interreg France-Italie"
    assert report_build(bilan, "fr", with_charts=False).programme == "Interreg France-Italie"


def test_documents_print_the_programme_in_their_language(cast):
    """The attestations and the sign-in sheets use the same filter, in the document's language."""
    project = cast.project
    project.programme, project.programme_it = "Interreg France-Italie", "Interreg Francia-Italia"
    template = Template('{% load teenlab %}{{ project|in_language:"programme" }}')
    printed = {}
    for lang in ("fr", "it", "en"):
        with translation.override(lang):
            printed[lang] = template.render(Context({"project": project}))
    assert printed == {
        "fr": "Interreg France-Italie",
        "it": "Interreg Francia-Italia",
        "en": "Interreg France-Italie",
    }
