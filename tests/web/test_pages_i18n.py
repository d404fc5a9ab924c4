"""Each page speaks the language chosen with the switch (French by default)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.web.conftest import login

pytestmark = pytest.mark.django_db

PAGES = {
    "outcomes:outcome_cohort_list": ("Sorties", "Esiti", "Outcomes"),
    "activities:exchange_list": (
        "Activités du projet",
        "Attività del progetto",
        "Project activities",
    ),
    "finance:budget_overview": ("Budget", "Budget", "Budget"),
    "reporting:bilan_page": ("Bilan", "Relazione finale", "Report"),
    "datapackage:package_import_start": (
        "Importer un paquet de données",
        "Importare un pacchetto di dati",
        "Import a data package",
    ),
    "datapackage:package_export": (
        "Exporter un paquet de données",
        "Esportare un pacchetto di dati",
        "Export a data package",
    ),
}
BODY = {
    "finance:budget_overview": (
        "Consommation par catégorie",
        "Consumo per categoria",
        "Consumption per category",
    ),
    "reporting:bilan_page": ("Afficher le bilan", "Mostra la relazione finale", "Show the report"),
}


def _h1(html: str) -> str:
    return re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).strip()


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("index,lang", [(0, "fr"), (1, "it"), (2, "en")])
def test_the_page_heading_is_in_the_chosen_language(client, cast, name, index, lang):
    login(client, cast.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = client.get(reverse(name)).content.decode()
    assert _h1(html) == PAGES[name][index]
    if name in BODY:
        assert BODY[name][index] in html
