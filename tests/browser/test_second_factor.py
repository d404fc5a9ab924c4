"""A coordinator's first login: the login form, an authenticator app enrolled from the QR code,
the recovery codes once, then the dashboard; the pages are axe-clean."""

import re

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import axe_violations
from tests.factories import USER_PASSWORD, UserFactory


def test_a_coordinator_enrols_a_second_factor_at_the_first_login(page, programme):
    account = UserFactory(
        username="claire-reelle",
        organisation=programme.coordinator.organisation,
        is_coordinator=True,
    )
    page.goto("/")
    page.get_by_label("Identifiant").fill(account.username)
    page.get_by_label("Mot de passe").fill(USER_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/second-factor/"))
    assert page.locator("#otp-required").is_visible()
    assert page.locator("#otp-qr svg").is_visible()
    assert not axe_violations(page)

    device = TOTPDevice.objects.get(user=account, confirmed=False)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    page.get_by_label("Code").fill(f"{code:06d}")
    page.locator("#otp-setup-submit").click()
    page.locator("#recovery-codes").wait_for()
    assert page.locator("#recovery-codes li").count() == 10
    assert not axe_violations(page)

    page.get_by_role("link", name="Continuer").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator("h1").inner_text() == "Tableau de bord"
