"""The information notice (issue 12, point 5): a public page per language with its version,
linked from the login page and the youth form; the consent form records that version."""

import hashlib
from pathlib import Path

import pytest
from django.urls import reverse

from teenlab.participants.notice import NOTICE_VERSION
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

NOTICES = Path(__file__).resolve().parents[2] / "teenlab" / "privacy" / "templates" / "privacy"
# The texts of the current version: change NOTICE_VERSION with the texts, then this.
FINGERPRINTS = {"2026-11": "483ff808acb40b25"}
HEADINGS = {
    "fr": "Qui s'occupe de vos données ?",
    "it": "Chi si occupa dei tuoi dati?",
    "en": "Who looks after your data?",
}


def test_a_changed_text_comes_with_a_new_version():
    texts = b"".join((NOTICES / "notice" / f"{lang}.html").read_bytes() for lang in HEADINGS)
    assert FINGERPRINTS.get(NOTICE_VERSION) == hashlib.sha256(texts).hexdigest()[:16], (
        "The notice's text changed: give it a new NOTICE_VERSION (teenlab/participants/notice.py)"
    )


@pytest.mark.parametrize("lang", HEADINGS)
def test_the_notice_is_public_in_each_language_with_its_version(client, lang):
    response = client.get(reverse("privacy:notice", args=[lang]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{lang}"' in page
    assert HEADINGS[lang] in page
    assert f'data-version="{NOTICE_VERSION}"' in page and NOTICE_VERSION in page
    others = [text for code, text in HEADINGS.items() if code != lang]
    assert not any(text in page for text in others)


def test_an_unknown_language_is_not_found_and_the_plain_address_follows_the_page(client):
    assert client.get(reverse("privacy:notice", args=["de"])).status_code == 404
    response = client.get(reverse("privacy:notice_current"), HTTP_ACCEPT_LANGUAGE="it")
    assert response.status_code == 302


def test_the_login_page_and_the_youth_form_link_to_it(client, cast):
    notice = reverse("privacy:notice_current")
    assert f'href="{notice}"' in client.get(reverse("login")).content.decode()
    login(client, cast.counsellor)
    form = client.get(reverse("participants:youth_edit", args=[cast.pupil.pk])).content.decode()
    assert f'href="{notice}"' in form


def test_the_consent_form_proposes_the_current_version(client, cast):
    login(client, cast.counsellor)
    page = client.get(reverse("participants:consent_create", args=[cast.pupil.pk])).content.decode()
    assert f'name="version" value="{NOTICE_VERSION}"' in page
    assert f'href="{reverse("privacy:notice_current")}"' in page  # to give and print it
