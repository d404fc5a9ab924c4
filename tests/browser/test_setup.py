"""Setting up a project in the browser (issue 9, point 1): from a database with one superuser
and no project, the superuser creates the project, its partners and zones, sets its rules and
creates a coordinator; the coordinator sees the project and changes the threshold, which the
dashboard's alerts then name."""

import datetime as dt

import pytest

from teenlab.core.models import Logo, Organisation, Project, ResidenceZone, User
from tests.browser.conftest import axe_violations
from tests.browser.steps_setup import (
    account_create,
    logo_upload,
    project_create,
    rules_set,
    zones_set,
)
from tests.factories import UserFactory, png_image


@pytest.fixture
def root(transactional_db, server):
    return UserFactory(username="root", organisation=None, is_superuser=True, is_staff=True)


def test_a_superuser_sets_up_a_project_and_its_coordinator_sets_the_rules(
    page, server, root, log_in, context, tmp_path
):
    assert not Project.objects.exists()
    log_in(root)
    project_create(
        page,
        server,
        code="TL2",
        name="TEEN LAB 2",
        programme="Interreg VI-A France-Italia ALCOTRA 2021-2027",
        call="Axe 4",
        start=dt.date(2025, 9, 1),
        end=dt.date(2027, 8, 31),
        cofinancing_total="500000",
        organisations=[
            {
                "code": "la-dynamo",
                "name": "La Dynamo",
                "country": "FR",
                "city": "Chambéry",
                "role": "lead_partner",
                "cofinancing": "300000",
            },
            {
                "code": "pinerolo",
                "name": "Comune di Pinerolo",
                "country": "IT",
                "city": "Pinerolo",
                "time_zone": "Europe/Rome",
                "cofinancing": "200000",
            },
        ],
    )
    zones_set(
        page,
        server,
        [
            ("Chambéry", "chambery", "Chambéry"),
            ("Barberaz", "agglomeration", "Grand Chambéry"),
            ("Bassens", "agglomeration", ""),
        ],
    )
    rules_set(page, server, age_bands="mission_locale", eligible_min=16, eligible_max=25)
    account_create(
        page,
        server,
        username="camille",
        password="un mot de passe assez long",
        organisation="La Dynamo",
        roles=["coordinator"],
        first_name="Camille",
        last_name="Martin",
    )

    project = Project.objects.get(code="TL2")
    assert (project.call, project.age_bands, project.eligible_ages) == (
        "Axe 4",
        "mission_locale",
        (16, 25),
    )
    assert dict(project.partners.values_list("organisation__code", "role")) == {
        "la-dynamo": "lead_partner",
        "pinerolo": "partner",
    }
    assert Organisation.objects.get(code="pinerolo").time_zone == "Europe/Rome"
    assert set(ResidenceZone.objects.values_list("commune", "label")) == {
        ("Chambéry", "Chambéry"),
        ("Barberaz", "Grand Chambéry"),
        ("Bassens", "Grand Chambéry"),
    }
    coordinator = User.objects.get(username="camille")
    assert coordinator.organisation.code == "la-dynamo" and coordinator.is_coordinator

    # The coordinator, once their provisional password is changed, works on the project and
    # sets its rules; the dashboard's alerts name the new threshold.
    coordinator.must_change_password = False
    coordinator.save()
    context.clear_cookies()
    log_in(coordinator)
    page.goto(f"{server.url}/")
    assert page.locator(".pretitle").inner_text() == "TEEN LAB 2"  # the dashboard's project
    rules_set(page, server, threshold=70, excused="excluded")
    project.refresh_from_db()
    assert (project.attendance_threshold, project.excused_absences) == (70, "excluded")
    page.goto(f"{server.url}/")
    assert "Assiduité inférieure à 70" in page.locator("main").inner_text()
    assert "Assiduité inférieure à 80" not in page.locator("main").inner_text()

    # The coordinator uploads the programme's logo and their partner's; the page shows them.
    png = tmp_path / "logo.png"
    png.write_bytes(png_image(40, 20))
    logo_upload(page, server, owner="programme", path=png)
    logo_upload(page, server, owner="Comune di Pinerolo", path=png)
    assert Logo.objects.filter(project=project, owner="programme").exists()
    assert Logo.objects.filter(organisation__name="Comune di Pinerolo").exists()
    assert page.locator("img.logo-preview").count() == 2

    # Every set-up page reads well (axe-core, WCAG 2.1 AA).
    found = {}
    tabs = ("", "partners/", "zones/", "logos/")
    for path in ("", *(f"{project.pk}/{tab}" for tab in tabs)):
        page.goto(f"{server.url}/projects/{path}")
        found[path] = axe_violations(page)
    page.goto(f"{server.url}/projects/{project.pk}/rules/")
    found["rules"] = axe_violations(page)
    assert not any(found.values()), found
