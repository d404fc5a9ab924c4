"""Logging in to records about minors (issue 7, point 6): lockout and throttling (django-axes),
strong passwords, a temporary password changed first, a reset by e-mail, a second factor
(django-otp) for coordinators and counsellors with single-use recovery codes."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from teenlab.core.models import User
from teenlab.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.auth import login_verified, verified_device
from tests.factories import UserFactory
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/login/"


def attempt(client, username, password, *, address="10.0.0.1", url=LOGIN):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address, follow=False
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def forget_throttle(user) -> None:
    """django-otp makes the next try wait 2^(failures-1) s after a wrong code; a test does not."""
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0)
    StaticDevice.objects.filter(user=user).update(throttling_failure_count=0)


def code_of(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


# --- Lockout and throttling ---------------------------------------------------------------------


def test_ten_wrong_passwords_then_the_right_one_is_refused_with_a_clear_message(client, cast):
    assert settings.AXES_FAILURE_LIMIT == 10
    statuses = [attempt(client, "trainer", "not-the-password").status_code for _ in range(10)]
    assert statuses == [200] * 9 + [429]  # the tenth failure locks
    response = attempt(client, "trainer", PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    content = response.content.decode()
    assert 'id="login-locked"' in content and 'role="alert"' in content
    assert "Trop de tentatives" in content and "15 minutes" in content
    assert '<form method="post" action="/login/"' in content  # the login page, not a bare 403


def test_the_lockout_message_is_translated(client, cast):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    for _ in range(11):
        response = attempt(client, "trainer", "not-the-password")
    assert response.status_code == 429
    with translation.override("it"):
        expected = translation.ngettext(
            "Trop de tentatives de connexion ont échoué pour ce compte ou depuis cette adresse. "
            "Réessayez dans %(minutes)s minute, ou réinitialisez votre mot de passe.",
            "Trop de tentatives de connexion ont échoué pour ce compte ou depuis cette adresse. "
            "Réessayez dans %(minutes)s minutes, ou réinitialisez votre mot de passe.",
            15,
        ) % {"minutes": 15}
    assert "Trop de tentatives" not in expected
    assert expected in response.content.decode()


def test_an_account_is_locked_from_every_address(client, cast):
    for number in range(10):
        attempt(client, "trainer", "not-the-password", address=f"10.0.0.{number + 1}")
    response = attempt(Client(), "trainer", PASSWORD, address="192.0.2.77")
    assert response.status_code == 429


def test_an_address_trying_many_accounts_is_locked_out(client, cast):
    for number in range(10):
        attempt(client, f"guess{number}", "not-the-password", address="203.0.113.9")
    assert attempt(client, "trainer", PASSWORD, address="203.0.113.9").status_code == 429
    # Another address is not held back for those accounts' sake.
    other = Client()
    assert attempt(other, "trainer", PASSWORD, address="198.51.100.1").status_code == 302


def test_a_success_resets_the_count(client, cast):
    for _ in range(9):
        attempt(client, "trainer", "not-the-password")
    assert attempt(client, "trainer", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(9):
        attempt(client, "trainer", "not-the-password")
    assert attempt(client, "trainer", PASSWORD).status_code == 302


def test_the_admin_login_is_locked_out_too(client, cast):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    for _ in range(10):
        attempt(client, root.username, "not-the-password", url="/admin/login/")
    response = attempt(client, root.username, PASSWORD, url="/admin/login/")
    assert response.status_code == 429
    assert not logged_in(client)
    assert "Trop de tentatives" in response.content.decode()


def test_behind_a_proxy_the_forwarded_address_counts(client, cast, settings):
    settings.TEENLAB_PROXY_COUNT = 1
    for number in range(10):
        client.post(
            LOGIN,
            {"username": f"guess{number}", "password": "x"},
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        )
    # The proxy's own address is not locked: another client behind it still logs in.
    response = Client().post(
        LOGIN,
        {"username": "trainer", "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert response.status_code == 302


# --- Passwords ------------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["83920174", "839201748392017", "court-2023", "password1234"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password, User(username="someone"))


def test_a_coordinator_cannot_hand_out_a_weak_temporary_password(client, cast):
    login_verified(client, cast.coordinator)
    data = {"username": "weak", "password": "83920174", "is_trainer": "on", "is_active": "on"}
    response = client.post(reverse("core:account_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not User.objects.filter(username="weak").exists()


def test_the_demo_passwords_satisfy_the_validators():
    for account in DEMO_ACCOUNTS:
        validate_password(DEMO_PASSWORD, User(username=account.username))


def test_a_temporary_password_must_be_changed_before_any_page(client, cast):
    login_verified(client, cast.coordinator)
    temporary = "provisoire-pour-giulia-2024"
    client.post(
        reverse("core:account_create"),
        {"username": "giulia", "password": temporary, "is_trainer": "on", "is_active": "on"},
    )
    account = User.objects.get(username="giulia")
    assert account.must_change_password

    newcomer = Client()
    response = attempt(newcomer, "giulia", temporary)
    assert response.status_code == 302
    for url in ("/", reverse("core:account_list"), "/cohorts/", reverse("otp_setup")):
        response = newcomer.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("password_change"))
    page = newcomer.get(reverse("password_change")).content.decode()
    assert 'id="password-temporary"' in page
    same = {"old_password": temporary, "new_password1": temporary, "new_password2": temporary}
    assert newcomer.post(reverse("password_change"), same).status_code == 200
    chosen = "mon-propre-mot-de-passe-2024"
    response = newcomer.post(
        reverse("password_change"),
        {"old_password": temporary, "new_password1": chosen, "new_password2": chosen},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert not account.must_change_password and account.check_password(chosen)
    assert newcomer.get("/").status_code == 200  # a trainer: no second factor required


def test_a_forced_change_does_not_skip_a_known_second_factor(client, cast):
    verified_device(cast.counsellor)
    User.objects.filter(pk=cast.counsellor.pk).update(must_change_password=True)
    attempt(client, "counsellor", PASSWORD)
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_verify"))


# --- Password reset by e-mail ---------------------------------------------------------------------


def test_a_forgotten_password_is_reset_by_e_mail(client, cast, mailoutbox):
    assert 'href="/password/reset/"' in client.get(LOGIN).content.decode()
    User.objects.filter(pk=cast.trainer.pk).update(must_change_password=True)
    for _ in range(10):
        attempt(client, "trainer", "not-the-password")
    response = client.post(reverse("password_reset"), {"email": cast.trainer.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [cast.trainer.email]
    link = re.search(r"http://testserver(/password/reset/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link)["Location"]  # Django hides the token behind a redirect
    chosen = "un-nouveau-mot-de-passe-2024"
    response = client.post(form_url, {"new_password1": chosen, "new_password2": chosen})
    assert response.status_code == 302
    cast.trainer.refresh_from_db()
    assert cast.trainer.check_password(chosen) and not cast.trainer.must_change_password
    # The mailbox's owner is the account's owner: the lockout is lifted.
    assert attempt(Client(), "trainer", chosen).status_code == 302
    # The link works once.
    assert "validlink" in client.get(link, follow=True).context
    assert not client.get(link, follow=True).context["validlink"]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, cast, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


def test_the_demo_prints_mails_on_the_console():
    from teenlab import settings as project_settings

    assert project_settings.EMAIL_BACKEND.endswith("console.EmailBackend")


# --- Second factor --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "counsellor"])
def test_coordinators_and_counsellors_enrol_a_second_factor_before_any_page(client, cast, role):
    account = getattr(cast, role)
    assert attempt(client, role, PASSWORD).status_code == 302
    for url in ("/", "/youth/", reverse("password_change"), f"/youth/{cast.pupil.pk}/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("otp_setup"))
    page = client.get(reverse("otp_setup"))
    content = page.content.decode()
    assert "<svg" in content and 'id="otp-qr"' in content
    assert "style=" not in content.split('id="otp-qr"')[1].split("</div>")[0]
    device = TOTPDevice.objects.get(user=account, confirmed=False)
    assert client.post(reverse("otp_setup"), {"token": "000000"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=account, confirmed=True).exists()
    forget_throttle(account)
    response = client.post(reverse("otp_setup"), {"token": code_of(device)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes)
    assert client.get("/").status_code == 200
    # Shown once: the setup page never shows them again.
    assert not any(code in client.get(reverse("otp_setup")).content.decode() for code in codes)


def test_the_next_login_asks_for_the_code_and_a_recovery_code_works_once(client, cast):
    device = verified_device(cast.coordinator)
    recovery = device.user.staticdevice_set.create(name="recovery", confirmed=True)
    recovery.token_set.create(token=StaticToken.random_token())
    code = recovery.token_set.get().token

    assert attempt(client, "coordinator", PASSWORD).status_code == 302
    response = client.get("/youth/")
    assert response["Location"] == reverse("otp_verify") + "?next=%2Fyouth%2F"
    assert client.post(reverse("otp_verify"), {"token": "123456"}).status_code == 200
    assert client.get("/").status_code == 302
    forget_throttle(cast.coordinator)
    response = client.post(reverse("otp_verify"), {"token": code.upper(), "next": "/youth/"})
    assert response.status_code == 302 and response["Location"] == "/youth/"
    assert client.get("/").status_code == 200

    again = Client()
    attempt(again, "coordinator", PASSWORD)
    assert again.post(reverse("otp_verify"), {"token": code}).status_code == 200
    assert again.get("/").status_code == 302
    forget_throttle(cast.coordinator)
    assert again.post(reverse("otp_verify"), {"token": code_of(device)}).status_code == 302
    assert again.get("/").status_code == 200


def test_the_code_is_throttled_after_wrong_tries(client, cast):
    device = verified_device(cast.coordinator)
    attempt(client, "coordinator", PASSWORD)
    for _ in range(3):
        client.post(reverse("otp_verify"), {"token": "000000"})
    # django-otp's throttle: even the right code waits after failures.
    assert client.post(reverse("otp_verify"), {"token": code_of(device)}).status_code == 200
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("role", ["trainer", "partner", "auditor"])
def test_the_other_roles_may_go_without_a_second_factor(client, cast, role):
    assert attempt(client, role, PASSWORD).status_code == 302
    assert client.get("/").status_code == 200
    assert client.get(reverse("otp_setup")).status_code == 200  # but may enrol


def test_once_enrolled_a_trainer_gives_the_code_too(client, cast):
    verified_device(cast.trainer)
    attempt(client, "trainer", PASSWORD)
    assert client.get("/")["Location"].startswith(reverse("otp_verify"))


def test_superusers_give_a_second_factor_for_the_admin(client, cast):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    attempt(client, "root", PASSWORD, url="/admin/login/")
    assert client.get("/admin/")["Location"].startswith(reverse("otp_setup"))
    login_verified(client, root)
    assert client.get("/admin/").status_code == 200


def test_demo_accounts_skip_the_second_factor(client, cast):
    demo = UserFactory(username="demo-coord", organisation=cast.home, is_coordinator=True)
    User.objects.filter(pk=demo.pk).update(is_demo=True)
    attempt(client, "demo-coord", PASSWORD)
    assert client.get("/").status_code == 200


def test_a_password_a_superuser_sets_in_the_admin_is_temporary(admin_client, cast):
    url = reverse("admin:auth_user_password_change", args=[cast.trainer.pk])
    chosen = "provisoire-par-ladmin-2024"
    response = admin_client.post(
        url, {"password1": chosen, "password2": chosen, "usable_password": "true"}
    )
    assert response.status_code == 302
    cast.trainer.refresh_from_db()
    assert cast.trainer.check_password(chosen) and cast.trainer.must_change_password


def test_the_test_clients_login_still_works(client, cast):
    assert client.login(username="trainer", password=PASSWORD)
    assert client.get("/").status_code == 200
