import pytest
from django.urls import reverse

from teenlab.core.middleware import SESSION_KEY
from tests.factories import ProjectFactory, ProjectPartnerFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def test_every_page_has_a_skip_link_landmarks_and_one_heading(client, cast):
    login(client, cast.coordinator)
    for url in ("/", reverse("participants:youth_list"), reverse("participants:recruitment")):
        content = client.get(url).content.decode()
        assert '<a class="skip-link" href="#main">' in content
        assert '<main id="main"' in content and "<header" in content and "<footer" in content
        assert '<nav class="sidebar" id="site-nav" aria-label=' in content
        assert content.count("<h1") == 1


def test_the_menu_shows_each_role_its_pages_and_marks_the_current_one(client, cast):
    youth_list = reverse("participants:youth_list")
    login(client, cast.counsellor)
    content = client.get(youth_list).content.decode()
    assert f'<a href="{youth_list}" aria-current="page">' in content
    login(client, cast.partner)
    content = client.get("/").content.decode()
    assert f'href="{youth_list}"' not in content
    assert 'href="/" aria-current="page"' in content


def test_the_project_switch_changes_the_figures_and_refuses_an_outside_project(client, cast):
    second = ProjectFactory(start_date=cast.project.start_date, end_date=cast.project.end_date)
    ProjectPartnerFactory(project=second, organisation=cast.home)
    outside = ProjectFactory()
    login(client, cast.coordinator)
    assert 'name="project"' in client.get("/").content.decode()

    client.post(reverse("core:project_switch"), {"project": second.pk, "next": "/"})
    assert client.session[SESSION_KEY] == second.pk
    board = client.get("/").context["board"]
    assert board.scope.project_id == second.pk and board.funnel["recruited"] == 0

    response = client.post(reverse("core:project_switch"), {"project": outside.pk, "next": "/"})
    assert client.session[SESSION_KEY] == second.pk
    assert response.status_code == 302


def test_the_project_switch_never_redirects_elsewhere(client, cast):
    login(client, cast.coordinator)
    response = client.post(
        reverse("core:project_switch"), {"project": cast.project.pk, "next": "https://evil.example"}
    )
    assert response["Location"] == "/"


def test_an_account_with_one_project_sees_no_project_switch(client, cast):
    login(client, cast.coordinator)
    assert 'id="project-switch"' not in client.get("/").content.decode()
