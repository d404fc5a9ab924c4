"""Accounts in Django's admin: every change journaled (never the password hash), and an
account the journal names is deactivated instead of deleted (issue 7, #8)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.db.models import ProtectedError
from django.urls import reverse

from teenlab.core.audit import access_log
from teenlab.core.models import AuditEntry, User
from teenlab.core.services import user_delete
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def change_data(account, **changes):
    data = {
        "username": account.username,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "date_joined_0": account.date_joined.strftime("%d/%m/%Y"),
        "date_joined_1": account.date_joined.strftime("%H:%M:%S"),
        "organisation": account.organisation_id or "",
    }
    for flag in ("is_active", "is_coordinator", "is_trainer", "is_counsellor", "is_auditor"):
        if getattr(account, flag):
            data[flag] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_an_account_changed_in_the_admin_is_journaled_without_its_password(
    admin_client, admin_user
):
    account = f.UserFactory(is_trainer=True)
    url = reverse("admin:core_user_change", args=[account.pk])
    data = change_data(account, is_coordinator="on", email="new@example.org")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(model="core.user", object_id=account.pk)
    assert (entry.action, entry.user) == ("update", admin_user)
    assert entry.before["is_coordinator"] is False and entry.after["is_coordinator"] is True
    assert entry.after["email"] == "new@example.org"
    assert "password" not in entry.before and "password" not in entry.after


def test_a_group_given_in_the_admin_is_journaled(admin_client):
    from django.contrib.auth.models import Group

    account = f.UserFactory()
    group = Group.objects.create(name="relecteurs")
    url = reverse("admin:core_user_change", args=[account.pk])
    assert admin_client.post(url, change_data(account, groups=[group.pk])).status_code == 302
    entry = AuditEntry.objects.get(model="core.user", object_id=account.pk)
    assert (entry.before["groups"], entry.after["groups"]) == ([], [group.pk])


def test_an_account_added_in_the_admin_is_journaled(admin_client):
    response = admin_client.post(
        reverse("admin:core_user_add"),
        {
            "username": "nouvelle",
            "usable_password": "true",
            "password1": "un-mot-de-passe-assez-long",
            "password2": "un-mot-de-passe-assez-long",
        },
    )
    assert response.status_code == 302
    account = User.objects.get(username="nouvelle")
    entry = AuditEntry.objects.get(model="core.user", object_id=account.pk)
    assert entry.action == "create" and entry.after["username"] == "nouvelle"
    assert "password" not in entry.after


def test_a_password_set_in_the_admin_is_journaled_never_its_hash(admin_client, admin_user):
    account = f.UserFactory()
    url = reverse("admin:auth_user_password_change", args=[account.pk])
    response = admin_client.post(
        url,
        {
            "usable_password": "true",
            "password1": "un-autre-mot-de-passe-long",
            "password2": "un-autre-mot-de-passe-long",
        },
    )
    assert response.status_code == 302
    account.refresh_from_db()
    entry = AuditEntry.objects.get(model="core.user", object_id=account.pk)
    assert entry.user == admin_user and entry.after["password"] == "changed"
    assert account.password not in str(entry.before) + str(entry.after)


def test_a_cohorts_trainers_changed_in_the_admin_are_journaled(admin_client):
    cohort = f.CohortFactory()
    trainer = f.UserFactory(organisation=cohort.organisation, is_trainer=True)
    data = {
        "project": cohort.project.pk,
        "code": cohort.code,
        "organisation": cohort.organisation.pk,
        "name": cohort.name,
        "start_date": cohort.start_date.isoformat(),
        "end_date": cohort.end_date.isoformat(),
        "trainers": [trainer.pk],
        "modules-TOTAL_FORMS": "0",
        "modules-INITIAL_FORMS": "0",
    }
    url = reverse("admin:training_cohort_change", args=[cohort.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(model="training.cohort")
    assert (entry.before["trainers"], entry.after["trainers"]) == ([], [trainer.pk])


def test_deleting_an_account_the_journal_names_deactivates_it(admin_client, admin_user):
    account = f.UserFactory(is_coordinator=True)
    opened = access_log(user=account, action="view", obj=account.organisation)
    url = reverse("admin:core_user_delete", args=[account.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "figure au journal, sera désactivé·e et non supprimé·e" in page.content.decode()
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    account.refresh_from_db()  # still there
    assert account.is_active is False
    opened.refresh_from_db()
    assert opened.user == account  # the entry still names who did it
    assert any("il a été désactivé et non supprimé" in message for message in said(response))
    change = AuditEntry.objects.get(model="core.user", object_id=account.pk)
    assert (change.action, change.user, change.after["is_active"]) == (
        "update",
        admin_user,
        False,
    )


def test_deleting_an_account_the_journal_does_not_name_deletes_it(admin_client, admin_user):
    account = f.UserFactory()
    url = reverse("admin:core_user_delete", args=[account.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=account.pk).exists()
    entry = AuditEntry.objects.get(model="core.user", object_id=account.pk)
    assert (entry.action, entry.user, entry.before["username"]) == (
        "delete",
        admin_user,
        account.username,
    )


def test_the_delete_action_deactivates_or_deletes_each_account(admin_client):
    named, unnamed = f.UserFactory(), f.UserFactory()
    access_log(user=named, action="view", obj=f.OrganisationFactory())
    changelist = reverse("admin:core_user_changelist")
    selected = {"action": "delete_selected", "_selected_action": [named.pk, unnamed.pk]}
    confirm = admin_client.post(changelist, selected)
    assert confirm.status_code == 200
    assert "sera désactivé·e et non supprimé·e" in confirm.content.decode()
    response = admin_client.post(changelist, {**selected, "post": "yes"})
    assert response.status_code == 302
    assert User.objects.get(pk=named.pk).is_active is False
    assert not User.objects.filter(pk=unnamed.pk).exists()
    assert len(said(response)) == 2


def test_an_account_the_journal_names_is_never_deleted_elsewhere(db):
    account = f.UserFactory()
    access_log(user=account, action="view", obj=f.OrganisationFactory())
    with pytest.raises(ProtectedError):
        account.delete()
    assert user_delete(account=account, by=None) is False
    assert User.objects.get(pk=account.pk).is_active is False
