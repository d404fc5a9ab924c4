"""Setting up a project in the app (issue 9, point 1): a superuser creates it from an almost
empty database with its partners, zones and rules, then a coordinator of one of its
organisations; a coordinator of the lead partner sets it up; bad input changes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from teenlab.core.models import AuditEntry, Organisation, Project, ResidenceZone, User
from teenlab.core.project_setup import project_rules_update
from teenlab.participants.selectors import zones_of
from tests.factories import UserFactory, YouthFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return UserFactory(username="root", organisation=None, is_superuser=True, is_staff=True)


def create_project(client) -> Project:
    response = client.post(
        reverse("core:project_create"),
        {
            "code": "NEXT",
            "name": "TEEN LAB 2",
            "programme": "Interreg VI-A France-Italia ALCOTRA 2021-2027",
            "call": "Axe 4, inclusion",
            "start_date": "2025-09-01",
            "end_date": "2027-08-31",
            "cofinancing_total_eur": "500000",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    return Project.objects.get(code="NEXT")


def add_partner(client, project, **fields):
    return client.post(reverse("core:project_partners", args=[project.pk]), fields)


def test_a_superuser_sets_up_a_project_and_its_coordinator_from_an_empty_database(client, root):
    login(client, root)
    project = create_project(client)
    assert (project.call, project.cofinancing_total_eur) == ("Axe 4, inclusion", Decimal(500000))

    lead = add_partner(
        client,
        project,
        code="la-dynamo",
        name="La Dynamo",
        country="fr",
        city="Chambéry",
        time_zone="",
        role="lead_partner",
        cofinancing_eur="300000",
    )
    assert lead.status_code == 302
    add_partner(
        client,
        project,
        code="pinerolo",
        name="Comune di Pinerolo",
        country="IT",
        city="Pinerolo",
        time_zone="Europe/Rome",
        role="partner",
        cofinancing_eur="200000",
    )
    dynamo = Organisation.objects.get(code="la-dynamo")
    assert dynamo.country == "FR"
    partners = dict(project.partners.values_list("organisation__code", "role"))
    assert partners == {"la-dynamo": "lead_partner", "pinerolo": "partner"}

    for commune, zone, label in (
        ("Chambéry", "chambery", "Chambéry"),
        ("Barberaz", "agglomeration", "Grand Chambéry"),
        ("Bassens", "agglomeration", ""),
    ):
        response = client.post(
            reverse("core:project_zones", args=[project.pk]),
            {"commune": commune, "zone": zone, "label": label},
        )
        assert response.status_code == 302
    # A commune added to a zone without a label takes the zone's.
    assert zones_of(project) == [
        ("agglomeration", "Grand Chambéry"),
        ("chambery", "Chambéry"),
        ("other", "Autre commune ou commune inconnue"),
    ]

    response = client.post(
        reverse("core:project_rules", args=[project.pk]),
        {
            "attendance_threshold": "70",
            "excused_absences": "excluded",
            "age_bands": "mission_locale",
            "eligible_age_min": "16",
            "eligible_age_max": "25",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.attendance_threshold, project.excused_absences, project.age_bands) == (
        70,
        "excluded",
        "mission_locale",
    )
    assert project.eligible_ages == (16, 25)

    form = client.get(reverse("core:account_create")).context["form"]
    assert set(form.fields["organisation"].queryset) == {
        dynamo,
        Organisation.objects.get(code="pinerolo"),
    }
    response = client.post(
        reverse("core:account_create"),
        {
            "organisation": dynamo.pk,
            "username": "coord",
            "password": "un mot de passe assez long",
            "first_name": "Camille",
            "last_name": "Martin",
            "email": "camille@example.org",
            "is_coordinator": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    coordinator = User.objects.get(username="coord")
    assert (coordinator.organisation, coordinator.is_coordinator) == (dynamo, True)

    # Once their provisional password is changed, the coordinator's project switcher offers
    # the new project, and they may set it up.
    assert coordinator.must_change_password
    coordinator.must_change_password = False
    coordinator.save()
    client.logout()
    login(client, coordinator)
    page = client.get("/")
    assert "TEEN LAB 2" in page.content.decode()
    assert client.get(reverse("core:project_rules", args=[project.pk])).status_code == 200
    journaled = set(
        AuditEntry.objects.filter(user=root, action="create").values_list("model", flat=True)
    )
    assert {
        "core.project",
        "core.organisation",
        "core.projectpartner",
        "core.residencezone",
        "core.user",
    } <= journaled


def test_only_a_superuser_creates_a_project(client, cast):
    login(client, cast.coordinator)
    assert client.get(reverse("core:project_create")).status_code == 403
    assert client.post(reverse("core:project_create"), {"code": "X"}).status_code == 403
    assert not Project.objects.filter(code="X").exists()


def test_a_coordinator_of_the_lead_partner_sets_the_rules_not_another_partners(client, cast):
    url = reverse("core:project_rules", args=[cast.project.pk])
    data = {"attendance_threshold": "60", "excused_absences": "attended", "age_bands": "esf_plus"}
    login(client, cast.away_coordinator)
    assert client.post(url, data).status_code == 404
    client.logout()
    login(client, cast.coordinator)
    assert client.post(url, data).status_code == 302
    cast.project.refresh_from_db()
    assert cast.project.attendance_threshold == 60
    entry = AuditEntry.objects.get(model="core.project", object_id=cast.project.pk)
    assert entry.after["attendance_threshold"] == 60 and entry.user == cast.coordinator


@pytest.mark.parametrize(
    "data",
    [
        {"attendance_threshold": "0", "excused_absences": "absent", "age_bands": "teenlab"},
        {"attendance_threshold": "101", "excused_absences": "absent", "age_bands": "teenlab"},
        {"attendance_threshold": "80", "excused_absences": "forged", "age_bands": "teenlab"},
        {"attendance_threshold": "80", "excused_absences": "absent", "age_bands": "nowhere"},
        {
            "attendance_threshold": "80",
            "excused_absences": "absent",
            "age_bands": "teenlab",
            "eligible_age_min": "26",
            "eligible_age_max": "18",
        },
    ],
)
def test_wrong_rules_are_refused_with_nothing_written(client, cast, data):
    login(client, cast.coordinator)
    before = AuditEntry.objects.count()
    response = client.post(reverse("core:project_rules", args=[cast.project.pk]), data)
    assert response.status_code == 422
    assert response.context["form"].errors
    cast.project.refresh_from_db()
    assert (cast.project.attendance_threshold, cast.project.excused_absences) == (None, "")
    assert AuditEntry.objects.count() == before


def test_the_rules_page_shows_teen_labs_rules_for_a_project_that_names_none(client, cast):
    login(client, cast.coordinator)
    form = client.get(reverse("core:project_rules", args=[cast.project.pk])).context["form"]
    assert {name: form[name].value() for name in cast.project.rule_values} == {
        "attendance_threshold": 80,
        "excused_absences": "absent",
        "age_bands": "teenlab",
    }
    assert "" not in dict(form.fields["excused_absences"].choices)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"start_date": "2025-13-45"}, "start_date"),
        ({"end_date": "2024-01-01"}, "end_date"),
        ({"code": "NOT A CODE"}, "code"),
        ({"cofinancing_total_eur": "-5"}, "cofinancing_total_eur"),
    ],
)
def test_a_malformed_project_is_refused(client, root, fields, field):
    login(client, root)
    data = {
        "code": "NEXT",
        "name": "N",
        "programme": "P",
        "start_date": "2025-09-01",
        "end_date": "2026-08-31",
        **fields,
    }
    response = client.post(reverse("core:project_create"), data)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not Project.objects.exists()


def test_a_new_partner_needs_a_code_a_name_and_a_country(client, cast):
    login(client, cast.coordinator)
    count = Organisation.objects.count()
    response = add_partner(client, cast.project, name="Sans code", role="partner")
    assert response.status_code == 422
    response = add_partner(
        client,
        cast.project,
        code="x",
        name="X",
        country="FR",
        time_zone="Mars/Olympus",
        role="partner",
    )
    assert response.status_code == 422
    assert "time_zone" in response.context["form"].errors
    assert Organisation.objects.count() == count


def test_the_lead_partner_cannot_be_left_without_a_lead(client, cast):
    login(client, cast.coordinator)
    response = add_partner(client, cast.project, organisation=cast.home.pk, role="partner")
    assert response.status_code == 422
    assert cast.project.partners.get(organisation=cast.home).role == "lead_partner"


def test_pages_show_a_zone_by_its_label_never_its_code(client, cast):
    ResidenceZone.objects.create(
        project=cast.project, commune="Barby", zone="agglomeration", label="Grand Chambéry"
    )
    YouthFactory(project=cast.project, organisation=cast.home, commune="Barby")
    login(client, cast.coordinator)
    listing = client.get(reverse("participants:youth_list")).content.decode()
    assert "(Grand Chambéry)" in listing
    assert "(agglomeration)" not in listing
    assert '<option value="agglomeration">Grand Chambéry</option>' in listing


def test_removing_a_commune_is_journaled(client, cast):
    zone = ResidenceZone.objects.create(project=cast.project, commune="Barby", zone="agglo")
    login(client, cast.coordinator)
    response = client.post(reverse("core:project_zone_remove", args=[cast.project.pk, zone.pk]))
    assert response.status_code == 302
    assert not ResidenceZone.objects.filter(pk=zone.pk).exists()
    assert AuditEntry.objects.filter(model="core.residencezone", action="delete").exists()


def test_the_rules_service_refuses_an_account_outside_the_lead_partner(cast):
    with pytest.raises(PermissionDenied):
        project_rules_update(
            project=cast.project,
            by=cast.away_coordinator,
            attendance_threshold=50,
            excused_absences="absent",
            age_bands="teenlab",
        )


def test_the_new_project_becomes_current_and_the_switcher_offers_both(client, cast, root):
    login(client, root)
    project = create_project(client)
    page = client.get("/")
    assert page.context["project"] == project
    assert set(page.context["project_choices"]) == {cast.project, project}
