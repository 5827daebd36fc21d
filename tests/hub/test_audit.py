import time

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from hub.celery import app
from hub.models import AuditEvent, Organization, User
from tests.hub.factories import TEST_PASSWORD, OrganizationFactory, UserFactory
from tests.hub.mfa import sign_in_with_second_factor

pytestmark = pytest.mark.django_db


@app.task(name="tests.hub.organization_rename_task")
def organization_rename_task(organization_id: int, name: str) -> None:
    Organization.objects.filter(pk=organization_id).update(name=name)
    organization = Organization.objects.get(pk=organization_id)
    organization.acronym = "RN"
    organization.save()


def test_row_history_records_the_user_and_url_of_a_post(client, user):
    client.force_login(user)

    client.post(
        reverse("accounts:profile"),
        {"full_name": "New Name", "preferred_language": "en", "time_zone": "UTC"},
    )

    event = User.pgh_event_model.objects.filter(pgh_obj=user).latest("pgh_id")
    assert event.pgh_label == "update"
    assert event.full_name == "New Name"
    assert event.pgh_context.metadata == {
        "user": user.pk,
        "url": "/accounts/profile/",
        "method": "POST",
    }


@pytest.mark.django_db(transaction=True)
def test_row_history_records_the_task_that_made_a_change():
    # given
    organization = OrganizationFactory(name="Old name")

    # when the task runs through Celery's tracer (as in a worker, signals included)
    result = organization_rename_task.apply(args=[organization.pk, "New name"])

    # then both changes share the task's context
    assert result.successful()
    events = list(
        Organization.pgh_event_model.objects.filter(
            pgh_obj=organization, pgh_label="update"
        ).order_by("pgh_id")
    )
    assert [e.name for e in events] == ["New name", "New name"]
    assert events[0].pgh_context_id == events[1].pgh_context_id
    assert events[0].pgh_context.metadata == {
        "task": "tests.hub.organization_rename_task",
        "task_id": result.id,
    }

    # and the context ends with the task
    Organization.objects.filter(pk=organization.pk).update(name="After")
    latest = Organization.pgh_event_model.objects.filter(pgh_obj=organization).latest("pgh_id")
    assert latest.name == "After"
    assert latest.pgh_context is None


@pytest.mark.django_db(transaction=True)
def test_task_context_ends_when_the_task_fails():
    @app.task(name="tests.hub.failing_task")
    def failing_task(organization_id: int) -> None:
        Organization.objects.filter(pk=organization_id).update(acronym="X")
        raise RuntimeError("boom")

    organization = OrganizationFactory()

    result = failing_task.apply(args=[organization.pk])

    assert result.failed()
    Organization.objects.filter(pk=organization.pk).update(acronym="Y")
    latest = Organization.pgh_event_model.objects.filter(pgh_obj=organization).latest("pgh_id")
    assert latest.acronym == "Y"
    assert latest.pgh_context is None


def test_group_changes_are_audited_with_the_acting_staff_member(client, staff_user):
    # given
    staff_user.is_superuser = True
    staff_user.save()
    person = UserFactory()
    group = Group.objects.create(name="Hub coordinators")
    sign_in_with_second_factor(client, staff_user)

    # when staff add the person to a group in the admin
    response = client.post(
        reverse("admin:hub_user_change", args=[person.pk]),
        {
            "email": person.email,
            "full_name": person.full_name,
            "preferred_language": "en",
            "time_zone": "UTC",
            "is_active": "on",
            "groups": [group.pk],
        },
    )

    # then
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERMISSION_CHANGED)
    assert event.actor == staff_user
    assert event.subject == person.email
    assert event.data == {"field": "groups", "change": "add", "items": ["Hub coordinators"]}


def test_permission_changes_from_both_sides_are_audited():
    person = UserFactory()
    group = Group.objects.create(name="Editors")
    permission = Permission.objects.get(codename="view_organization")

    person.user_permissions.add(permission)
    group.user_set.add(person)
    person.groups.clear()

    rows = list(
        AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_CHANGED)
        .order_by("pk")
        .values_list("subject", "actor", "data")
    )
    assert rows == [
        (
            person.email,
            None,
            {"field": "user_permissions", "change": "add", "items": [str(permission)]},
        ),
        (person.email, None, {"field": "groups", "change": "add", "items": ["Editors"]}),
        (person.email, None, {"field": "groups", "change": "clear", "items": ["Editors"]}),
    ]


def test_enabling_and_disabling_totp_is_audited(client, user, django_capture_on_commit_callbacks):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    client.force_login(user)
    # allauth asks for the password again before two-factor settings change
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})

    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = response.context["form"].secret

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": code})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    enabled = AuditEvent.objects.get(action=AuditEvent.Action.MFA_ENABLED)
    assert (enabled.actor, enabled.data) == (user, {"type": "totp"})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    disabled = AuditEvent.objects.get(action=AuditEvent.Action.MFA_DISABLED)
    assert (disabled.actor, disabled.data) == (user, {"type": "totp"})
