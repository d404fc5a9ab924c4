"""A young person's characteristics at entry (issue 13, point 1): recorded by a counsellor in
the youth form, each optional, shown on the record; the zones' rural flag."""

import pytest
from django.urls import reverse

from teenlab.core.choices import neet_at_entry
from teenlab.core.models import AuditEntry, ResidenceZone
from tests.web.conftest import login
from tests.web.test_audit import youth_form_data

pytestmark = pytest.mark.django_db

CHARACTERISTICS = {
    "situation_at_entry": "unemployed",
    "labour_status": "long_term_unemployed",
    "education_level": "isced_0_2",
    "left_school_without_diploma": "true",
    "disability": "declined",
    "foreign_background": "yes",
    "third_country_national": "no",
    "homeless": "",
}


def test_a_counsellor_records_the_characteristics_and_the_record_shows_them(client, cast):
    youth = cast.newcomer
    login(client, cast.counsellor)
    form = client.get(reverse("participants:youth_edit", args=[youth.pk])).content.decode()
    assert 'id="entry-situation"' in form and "Ne souhaite pas répondre" in form
    response = client.post(
        reverse("participants:youth_edit", args=[youth.pk]),
        youth_form_data(youth, **CHARACTERISTICS),
    )
    assert response.status_code == 302
    youth.refresh_from_db()
    assert (youth.labour_status, youth.education_level) == ("long_term_unemployed", "isced_0_2")
    assert youth.left_school_without_diploma is True
    assert (youth.disability, youth.foreign_background) == ("declined", "yes")
    assert (youth.third_country_national, youth.homeless) == ("no", "")
    assert youth.neet_at_entry is True
    entry = AuditEntry.objects.get(model="participants.youth", object_id=youth.pk, action="update")
    assert entry.after["disability"] == "declined"
    page = client.get(reverse("participants:youth_detail", args=[youth.pk])).content.decode()
    facts = page[page.index('id="entry-situation"') :]
    assert "Chômeur de longue durée" in facts and "Ne souhaite pas répondre" in facts
    assert 'data-fact="neet">Oui' in facts


def test_a_labour_status_contradicting_the_situation_is_refused(client, cast):
    youth = cast.newcomer
    login(client, cast.counsellor)
    response = client.post(
        reverse("participants:youth_edit", args=[youth.pk]),
        youth_form_data(youth, situation_at_entry="in_education", labour_status="employed"),
    )
    assert response.status_code == 200  # the youth form's refusals, as before (issue 13 notes)
    assert "contredit" in str(response.context["form"].errors["labour_status"])
    youth.refresh_from_db()
    assert youth.labour_status == ""


@pytest.mark.parametrize(
    ("situation", "status", "neet"),
    [
        ("unemployed", "", True),
        ("inactive", "", True),
        ("in_education", "inactive", False),
        ("employed", "", False),
        ("", "employed", False),
        ("unknown", "long_term_unemployed", True),
        ("unknown", "", None),
        ("", "", None),
    ],
)
def test_neet_at_entry_follows_the_situation_then_the_labour_status(situation, status, neet):
    assert neet_at_entry(situation=situation, status=status) is neet


def test_a_coordinator_marks_a_commune_rural_and_the_youth_record_says_so(client, cast):
    login(client, cast.coordinator)
    url = reverse("core:project_zones", args=[cast.project.pk])
    response = client.post(url, {"commune": "Les Déserts", "zone": "massif", "rural": "true"})
    assert response.status_code == 302
    zone = ResidenceZone.objects.get(project=cast.project, commune="Les Déserts")
    assert zone.rural is True
    assert 'data-rural="yes"' in client.get(url).content.decode()
    youth = cast.newcomer
    youth.commune = "Les Déserts"
    youth.save()
    page = client.get(reverse("participants:youth_detail", args=[youth.pk])).content.decode()
    assert 'data-fact="rural">Oui' in page
    # Saved again without saying: not said.
    client.post(url, {"commune": "Les Déserts", "zone": "massif", "rural": "unknown"})
    zone.refresh_from_db()
    assert zone.rural is None
