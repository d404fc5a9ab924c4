import pytest
from django.urls import reverse

from teenlab.core.models import AuditEntry, User
from tests.web.conftest import ROLES, login

pytestmark = pytest.mark.django_db


def test_a_coordinator_lists_the_accounts_of_their_organisation_only(client, cast):
    login(client, cast.coordinator)
    response = client.get(reverse("core:account_list"))
    shown = {account.username for account in response.context["accounts"]}
    assert shown == set(ROLES)
    assert "away" not in shown


@pytest.mark.parametrize("role", ["trainer", "counsellor", "partner", "auditor"])
def test_other_roles_may_not_manage_accounts(client, cast, role):
    login(client, getattr(cast, role))
    assert client.get(reverse("core:account_list")).status_code == 403
    assert client.get(reverse("core:account_edit", args=[cast.trainer.pk])).status_code == 403


def test_an_account_of_another_organisation_answers_404(client, cast):
    login(client, cast.coordinator)
    url = reverse("core:account_edit", args=[cast.away_coordinator.pk])
    assert client.get(url).status_code == 404


def test_creating_an_account_in_my_organisation(client, cast):
    login(client, cast.coordinator)
    response = client.post(
        reverse("core:account_create"),
        {
            "username": "giulia",
            "password": "un-mot-de-passe-solide-2023",
            "first_name": "Giulia",
            "last_name": "Bianchi",
            "is_trainer": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    account = User.objects.get(username="giulia")
    assert account.organisation == cast.home
    assert account.is_trainer and not account.is_coordinator and not account.is_superuser
    assert account.check_password("un-mot-de-passe-solide-2023")
    entry = AuditEntry.objects.get(model="core.user", object_id=account.pk)
    assert "password" not in entry.after


def test_an_account_needs_a_role_and_a_strong_password(client, cast):
    login(client, cast.coordinator)
    data = {"username": "x", "password": "123", "first_name": "X", "is_active": "on"}
    response = client.post(reverse("core:account_create"), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    data["is_trainer"] = "on"
    response = client.post(reverse("core:account_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not User.objects.filter(username="x").exists()


def test_changing_roles_is_journaled(client, cast):
    login(client, cast.coordinator)
    url = reverse("core:account_edit", args=[cast.trainer.pk])
    response = client.post(url, {"is_trainer": "on", "is_counsellor": "on", "is_active": "on"})
    assert response.status_code == 302
    cast.trainer.refresh_from_db()
    assert cast.trainer.is_counsellor
    entry = AuditEntry.objects.get(model="core.user", action="update")
    assert entry.before["is_counsellor"] is False and entry.after["is_counsellor"] is True


def test_a_coordinator_cannot_lock_themselves_out(client, cast):
    login(client, cast.coordinator)
    url = reverse("core:account_edit", args=[cast.coordinator.pk])
    response = client.post(url, {"is_trainer": "on", "is_active": "on"})
    assert response.status_code == 200
    cast.coordinator.refresh_from_db()
    assert cast.coordinator.is_coordinator
