"""The Django admin needs a second factor in the session: staff set one up or give a
code first, through allauth's own pages."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.urls import reverse

from tests.hub.factories import TEST_PASSWORD, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ADMIN = reverse("admin:index")


def _code() -> str:
    return format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))


@pytest.fixture
def staff_with_totp():
    staff = StaffUserFactory(is_superuser=True)
    TOTP.activate(staff, SECRET)
    return staff


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client):
    client.force_login(StaffUserFactory(is_superuser=True))

    response = client.get(ADMIN)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_signing_in_with_password_and_code_opens_the_admin(client, staff_with_totp):
    response = client.post(
        reverse("account_login"), {"login": staff_with_totp.email, "password": TEST_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": _code()})

    assert client.get(ADMIN).status_code == 200


def test_the_admin_login_form_alone_is_not_enough(client, staff_with_totp):
    client.post(
        reverse("admin:login"), {"username": staff_with_totp.email, "password": TEST_PASSWORD}
    )

    response = client.get(reverse("admin:hub_user_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.post(response["Location"], {"code": _code()})
    assert response["Location"] == reverse("admin:hub_user_changelist")
    assert client.get(reverse("admin:hub_user_changelist")).status_code == 200


def test_people_who_are_not_staff_still_get_the_admin_login(client):
    client.force_login(UserFactory())

    response = client.get(ADMIN)

    assert response["Location"].startswith(reverse("admin:login"))
