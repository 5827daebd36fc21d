import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from hub.models import AuditEvent
from tests.hub.factories import TEST_PASSWORD, StaffUserFactory
from tests.hub.mfa import sign_in_with_second_factor

pytestmark = pytest.mark.django_db

LOCK_MESSAGE = "Sign-in temporarily locked"


def _login(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def _admin_login(client, email, password, **extra):
    return client.post(reverse("admin:login"), {"username": email, "password": password}, **extra)


def test_five_wrong_passwords_lock_the_account_with_a_clear_page(client, user):
    # given four failures: still the normal form
    for _ in range(4):
        response = _login(client, user.email, "wrong-password")
        assert response.status_code == 200
        assert LOCK_MESSAGE not in response.content.decode()

    # when: the fifth failure
    response = _login(client, user.email, "wrong-password")

    # then: the lockout page, and even the right password is refused
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCK_MESSAGE in body
    assert "locked after 5 failed attempts" in body
    assert "You can try again in 60 minutes." in body
    assert "hub staff: they can unlock your account" in body
    response = _login(client, user.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    # and the audit trail shows the failures and one lockout
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED, subject=user.email).count()
        == 6
    )
    lockouts = AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT)
    assert list(lockouts.values_list("subject", "ip_address")) == [(user.email, "127.0.0.1")]


def test_lock_is_per_username_and_ip(client, user):
    for _ in range(5):
        _login(client, user.email, "wrong-password")

    response = _login(client, user.email, TEST_PASSWORD, REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_admin_login_is_protected(client):
    staff = StaffUserFactory()
    for _ in range(4):
        assert _admin_login(client, staff.email, "wrong-password").status_code == 200

    response = _admin_login(client, staff.email, "wrong-password")

    assert response.status_code == 429
    assert LOCK_MESSAGE in response.content.decode()
    assert _admin_login(client, staff.email, TEST_PASSWORD).status_code == 429
    assert AccessAttempt.objects.get().username == staff.email


def test_failures_on_both_forms_count_together(client, user):
    for _ in range(3):
        _login(client, user.email.upper(), "wrong-password")

    _admin_login(client, f" {user.email} ", "wrong-password")
    response = _admin_login(client, user.email, "wrong-password")

    assert response.status_code == 429
    assert AccessAttempt.objects.get().failures_since_start == 5


def test_staff_unlock_from_access_attempts_admin(client, user, staff_user):
    # given a locked user
    other = client.__class__()
    for _ in range(5):
        _login(other, user.email, "wrong-password")
    attempt = AccessAttempt.objects.get(username=user.email)

    # when hub staff use the unlock action
    staff_user.is_superuser = True
    staff_user.save()
    sign_in_with_second_factor(client, staff_user)
    response = client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "unlock", "_selected_action": [attempt.pk]},
    )

    # then
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert _login(other, user.email, TEST_PASSWORD).status_code == 302
    assert other.session["_auth_user_id"] == str(user.pk)


def test_staff_unlock_from_user_admin(client, user, staff_user):
    other = client.__class__()
    for _ in range(5):
        _login(other, user.email, "wrong-password")
    staff_user.is_superuser = True
    staff_user.save()
    sign_in_with_second_factor(client, staff_user)

    response = client.post(
        reverse("admin:hub_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [user.pk]},
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert _login(other, user.email, TEST_PASSWORD).status_code == 302


def test_non_staff_cannot_reach_the_unlock_admin(client, user):
    client.force_login(user)

    response = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
