import pytest
from django.urls import reverse

from teenlab.core.models import AuditEntry, User
from tests.factories import UserFactory
from tests.web.conftest import ROLES, login

pytestmark = pytest.mark.django_db


def test_a_coordinator_lists_the_accounts_of_their_organisation_only(client, cast):
    login(client, cast.coordinator)
    response = client.get(reverse("core:account_list"))
    shown = {account.username for account in response.context["accounts"]}
    # A partner account sees every partner's figures, beyond a coordinator's rights.
    assert shown == set(ROLES) - {"partner"}
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


# --- Accounts with more rights than the editor are out of reach (issue 7, point 11) ------------


@pytest.fixture
def above(cast):
    """Accounts of the coordinator's own organisation with rights beyond a coordinator's."""
    return {
        "superuser": UserFactory(username="root", organisation=cast.home, is_superuser=True),
        "staff": UserFactory(username="staff", organisation=cast.home, is_staff=True),
        "partner": cast.partner,
        "coordinator_partner": UserFactory(
            username="both", organisation=cast.home, is_coordinator=True, is_partner=True
        ),
    }


def test_a_coordinator_never_lists_an_account_with_more_rights(client, cast, above):
    login(client, cast.coordinator)
    shown = {a.username for a in client.get(reverse("core:account_list")).context["accounts"]}
    assert not shown & {account.username for account in above.values()}


@pytest.mark.parametrize("name", ["superuser", "staff", "partner", "coordinator_partner"])
def test_a_forged_edit_of_an_account_with_more_rights_answers_404_and_changes_nothing(
    client, cast, above, name
):
    target = above[name]
    email = target.email
    login(client, cast.coordinator)
    url = reverse("core:account_edit", args=[target.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        url,
        {"email": "attacker@example.org", "is_trainer": "on"},  # is_active left out
    )
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.is_active and target.email == email
    assert not AuditEntry.objects.filter(model="core.user", object_id=target.pk).exists()


def test_a_coordinator_cannot_grant_a_role_beyond_their_rights(client, cast):
    login(client, cast.coordinator)
    url = reverse("core:account_edit", args=[cast.trainer.pk])
    form = client.get(url).context["form"]
    assert "is_partner" not in form.fields and "is_coordinator" in form.fields
    response = client.post(url, {"is_trainer": "on", "is_partner": "on", "is_active": "on"})
    assert response.status_code == 302
    cast.trainer.refresh_from_db()
    assert cast.trainer.is_trainer and not cast.trainer.is_partner
    data = {
        "username": "forged",
        "password": "un-mot-de-passe-solide-2023",
        "is_partner": "on",
        "is_active": "on",
    }
    response = client.post(reverse("core:account_create"), data)
    assert response.status_code == 200  # no role left: "give at least one role"
    assert not User.objects.filter(username="forged").exists()


def test_the_service_refuses_an_account_beyond_the_editors_reach(cast, above):
    from django.core.exceptions import PermissionDenied, ValidationError

    from teenlab.core.services import user_create, user_update

    with pytest.raises(PermissionDenied):
        user_update(account=above["superuser"], data={"is_active": False}, by=cast.coordinator)
    with pytest.raises(ValidationError):
        user_update(account=cast.trainer, data={"is_partner": True}, by=cast.coordinator)
    with pytest.raises(ValidationError):
        user_create(
            organisation=cast.home,
            username="forged",
            password="un-mot-de-passe-solide-2023",
            data={"is_partner": True},
            by=cast.coordinator,
        )
    assert not User.objects.filter(username="forged").exists()
    above["superuser"].refresh_from_db()
    assert above["superuser"].is_active


def test_a_superuser_still_manages_every_account(client, cast, above):
    root = above["superuser"]
    login(client, root)
    url = reverse("core:account_edit", args=[cast.partner.pk])
    assert client.get(url).status_code == 200
