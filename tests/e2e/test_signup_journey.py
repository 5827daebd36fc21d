"""A person signs up, verifies the address, turns on two-factor sign-in, and must give
a code from the authenticator the next time."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from django.core import mail

from hub.models import AuditEvent, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "leila.haddad@example.org"
PASSWORD = "terraces-and-watersheds-31"


def totp(secret: str, counter: int) -> str:
    """RFC 6238 with SHA-1, 30-second steps and 6 digits (what allauth.mfa uses)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def submit(page, field_name: str) -> None:
    """Click the submit button of the form that holds ``field_name``."""
    page.locator(f"form:has([name='{field_name}'])").first.locator(
        "button[type=submit], input[type=submit]"
    ).first.click()


def test_signup_verify_enable_totp_and_sign_in_again(page, live_server):
    # signs up
    page.goto("/accounts/signup/")
    page.fill("[name=full_name]", "Leila Haddad")
    page.fill("[name=email]", EMAIL)
    page.fill("[name=password1]", PASSWORD)
    page.fill("[name=password2]", PASSWORD)
    submit(page, "password1")
    page.wait_for_url("**/accounts/confirm-email/")

    # the verification email arrives
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)

    # opens the link and confirms: signed in
    page.goto(link)
    page.locator("form[action*='/accounts/confirm-email/'] button[type=submit]").click()
    page.wait_for_url("**/dashboard/")
    user = User.objects.get(email=EMAIL)
    assert user.full_name == "Leila Haddad"
    assert user.emailaddress_set.get().verified is True

    # enables two-factor: allauth asks for the password first
    page.goto("/accounts/2fa/totp/activate/")
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.fill("[name=password]", PASSWORD)
    submit(page, "password")
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    activated_at = int(time.time()) // 30
    page.fill("[name=code]", totp(secret, activated_at))
    submit(page, "code")

    # sees the recovery codes
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    shown = page.locator("#recovery_codes").input_value().split()
    assert len(shown) == 10
    assert all(re.fullmatch(r"[0-9a-f]{8}", code) for code in shown)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MFA_ENABLED, actor=user).exists()

    # signs out
    page.goto("/accounts/logout/")
    page.locator("main form[action$='/accounts/logout/'] button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/logout/" not in url)

    # signs in again and is asked for the code
    page.goto("/accounts/login/")
    page.fill("[name=login]", EMAIL)
    page.fill("[name=password]", PASSWORD)
    submit(page, "login")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert page.locator("[name=code]").is_visible()
    while int(time.time()) // 30 == activated_at:  # a code is accepted only once
        time.sleep(0.5)
    page.fill("[name=code]", totp(secret, int(time.time()) // 30))
    submit(page, "code")
    page.wait_for_url("**/dashboard/")
    actions = list(
        AuditEvent.objects.filter(actor=user).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["login", "mfa_enabled", "logout", "login"]
