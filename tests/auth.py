"""Logging in, in tests, as an account that has given its second factor."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def verified_device(user) -> TOTPDevice:
    """The account's authenticator app, enrolled if it had none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def login_verified(client, user):
    """``client.force_login(user)`` with the second factor given, as after the verify page: the
    account reaches every page its role allows (a demo account needs no device)."""
    client.force_login(user)
    if not user.is_demo:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
        session.save()
    return client
