import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hub.models import AuditEvent, User
from tests.hub.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _signup(client, **overrides):
    data = {
        "full_name": "Amina Okafor",
        "email": "Amina@Example.org",
        "password1": "green-hills-and-rivers-42",
        "password2": "green-hills-and-rivers-42",
        "preferred_language": "fr",
        **overrides,
    }
    return client.post(reverse("account_signup"), data)


def test_signup_sends_verification_and_confirming_signs_in(client):
    # when
    response = _signup(client)

    # then: the account exists, unverified, with name and language
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="amina@example.org")
    assert user.full_name == "Amina Okafor"
    assert user.preferred_language == "fr"
    assert EmailAddress.objects.get(user=user).verified is False
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amina@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[0].body)
    assert link is not None

    # when: the person opens the link and confirms
    assert client.get(link.group(1)).status_code == 200
    response = client.post(link.group(1))

    # then
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified is True
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("hub:dashboard")).status_code == 200


def test_signup_requires_full_name(client):
    response = _signup(client, full_name="  ")

    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors
    assert not User.objects.filter(email="amina@example.org").exists()
    assert mail.outbox == []


def test_unverified_user_cannot_sign_in(client):
    user = UserFactory(verified=False)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_login_and_logout_are_audited(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email.upper(), "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    client.post(reverse("account_logout"))

    assert "_auth_user_id" not in client.session
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "actor", "subject"))
    assert events == [
        (AuditEvent.Action.LOGIN, user.pk, user.email),
        (AuditEvent.Action.LOGOUT, user.pk, user.email),
    ]


def test_failed_login_is_audited_with_the_email_as_subject(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "wrong-password"}
    )

    assert response.status_code == 200
    event = AuditEvent.objects.get()
    assert event.action == AuditEvent.Action.LOGIN_FAILED
    assert event.subject == user.email
    assert event.actor is None
    assert event.ip_address == "127.0.0.1"


def test_password_change_is_audited(client, user):
    client.force_login(user)

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": TEST_PASSWORD,
            "password1": "another-long-password-7",
            "password2": "another-long-password-7",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-password-7")
    event = AuditEvent.objects.get(action=AuditEvent.Action.PASSWORD_CHANGED)
    assert (event.actor, event.subject, event.data) == (user, user.email, {"how": "changed"})


def test_password_reset_sends_a_link(client, user):
    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_no_social_provider_buttons_without_configuration(client, settings):
    assert settings.SOCIALACCOUNT_PROVIDERS == {}

    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "/accounts/google/" not in body
    assert "/accounts/microsoft/" not in body
    assert client.get("/accounts/google/login/").status_code == 404
    assert client.get("/accounts/microsoft/login/").status_code == 404


# --- profile --------------------------------------------------------------------------


def test_profile_requires_login(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_edit_saves(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {"full_name": " Kwame Mensah ", "preferred_language": "pt", "time_zone": "Africa/Accra"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language, user.time_zone) == (
        "Kwame Mensah",
        "pt",
        "Africa/Accra",
    )


def test_profile_edit_with_invalid_time_zone_changes_nothing(client):
    user = UserFactory(full_name="Ana Silva", preferred_language="es", time_zone="UTC")
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Someone Else", "preferred_language": "fr", "time_zone": "Mars/Olympus"},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["time_zone"]
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language, user.time_zone) == (
        "Ana Silva",
        "es",
        "UTC",
    )


def test_user_time_zone_is_active_during_requests(client, rf):
    from hub.middleware import TimezoneMiddleware

    user = UserFactory(time_zone="Asia/Kathmandu")
    seen = {}

    def view(request):
        seen["tz"] = timezone.get_current_timezone_name()
        from django.http import HttpResponse

        return HttpResponse()

    request = rf.get("/")
    request.user = user
    TimezoneMiddleware(view)(request)

    assert seen["tz"] == "Asia/Kathmandu"
    assert timezone.get_current_timezone_name() == "UTC"
