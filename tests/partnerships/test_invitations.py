"""Invitations by email: invite, resend, revoke, accept, expire."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from hub.models import AuditEvent, EmailDelivery, Notification
from hub.services import ApplicationError
from partnerships.models import Invitation, Membership, Partnership
from partnerships.roles import Role
from partnerships.selectors.membership import invitation_by_token, invitation_token_hash
from partnerships.services.membership import (
    invitation_accept,
    invitation_resend,
    invitation_revoke,
    membership_invite,
)
from partnerships.tasks_membership import invitation_expire_task
from tests.hub.factories import UserFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.partnerships.factories_membership import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(partnership):
    return MembershipFactory(partnership=partnership, role=Role.LEADER).user


def state():
    """Everything an invitation service may change, to assert that nothing did."""
    return (
        sorted(Invitation.objects.values_list("email", "status", "token_hash", "expires_at")),
        sorted(Membership.objects.values_list("partnership_id", "user_id", "role")),
        EmailDelivery.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGED).count(),
    )


# --- invite ----------------------------------------------------------------------------


def test_inviting_a_new_address_stores_the_token_hash_and_emails_the_link(partnership, leader):
    before = timezone.now()

    invitation = membership_invite(
        partnership=partnership,
        email="  Amani.Njoroge@Example.org ",
        role=Role.EDITOR,
        message="Join our restoration work.",
        invited_by=leader,
    )

    invitation.refresh_from_db()
    assert invitation.email == "amani.njoroge@example.org"
    assert invitation.role == Role.EDITOR
    assert invitation.status == Invitation.Status.PENDING
    assert invitation.invited_by == leader
    assert invitation.sent_count == 1
    assert len(invitation.token) >= 40
    assert invitation.token_hash == invitation_token_hash(invitation.token)
    assert invitation.token not in invitation.token_hash
    expected_expiry = before + datetime.timedelta(days=14)
    assert abs((invitation.expires_at - expected_expiry).total_seconds()) < 60
    delivery = EmailDelivery.objects.get()
    assert delivery.to_address == "amani.njoroge@example.org"
    assert delivery.recipient is None
    assert f"/partnerships/invitations/{invitation.token}/" in delivery.body_text
    assert "Join our restoration work." in delivery.body_text
    assert partnership.name in delivery.subject
    assert Notification.objects.count() == 0


def test_inviting_someone_with_an_account_notifies_them_in_the_app_and_by_email(
    partnership, leader
):
    invitee = UserFactory(email="wanjiru@example.org")

    invitation = membership_invite(
        partnership=partnership, email="wanjiru@example.org", role=Role.VIEWER, invited_by=leader
    )

    notification = Notification.objects.get(recipient=invitee)
    assert notification.url == f"/partnerships/invitations/{invitation.token}/"
    assert partnership.name in notification.title
    assert list(EmailDelivery.objects.values_list("to_address", "recipient")) == [
        ("wanjiru@example.org", invitee.pk)
    ]


def test_the_invitation_email_is_delivered_through_the_worker(
    partnership, leader, celery_eager, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://hub.example.org"

    with django_capture_on_commit_callbacks(execute=True):
        invitation = membership_invite(
            partnership=partnership, email="new@example.org", role=Role.VIEWER, invited_by=leader
        )

    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    link = re.search(
        r"https://hub\.example\.org/partnerships/invitations/\S+/", mail.outbox[0].body
    )
    assert link.group(0).endswith(f"/{invitation.token}/")


def test_a_duplicate_pending_invitation_is_refused_and_nothing_changes(partnership, leader):
    InvitationFactory(partnership=partnership, email="amani@example.org")
    before = state()

    with pytest.raises(ApplicationError, match="already has a pending invitation") as error:
        membership_invite(
            partnership=partnership, email="AMANI@example.org", role=Role.LEADER, invited_by=leader
        )

    assert error.value.field == "email"
    assert state() == before


def test_the_same_address_may_be_invited_by_another_partnership(partnership, leader):
    InvitationFactory(email="amani@example.org")

    invitation = membership_invite(
        partnership=partnership, email="amani@example.org", role=Role.VIEWER, invited_by=leader
    )

    assert invitation.partnership == partnership


def test_inviting_a_member_is_refused_and_nothing_changes(partnership, leader):
    member = MembershipFactory(partnership=partnership, user__email="member@example.org")
    before = state()

    with pytest.raises(ApplicationError, match="already a member"):
        membership_invite(
            partnership=partnership, email=member.user.email, role=Role.EDITOR, invited_by=leader
        )

    assert state() == before


def test_a_pending_invitation_past_its_expiry_is_replaced(partnership, leader):
    old = InvitationFactory(
        partnership=partnership,
        email="amani@example.org",
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )

    new = membership_invite(
        partnership=partnership, email="amani@example.org", role=Role.VIEWER, invited_by=leader
    )

    old.refresh_from_db()
    assert old.status == Invitation.Status.EXPIRED
    assert new.status == Invitation.Status.PENDING


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"email": "not-an-address"}, "valid email"),
        ({"role": "owner"}, "Choose one of the roles"),
        ({"expires_in_days": 0}, "1 to 60 days"),
        ({"expires_in_days": 61}, "1 to 60 days"),
        ({"message": "x" * 2001}, "under 2000 characters"),
    ],
)
def test_bad_invitation_input_is_refused_and_nothing_changes(partnership, leader, changes, message):
    before = state()
    arguments = {"email": "amani@example.org", "role": Role.VIEWER, **changes}

    with pytest.raises(ApplicationError, match=message):
        membership_invite(partnership=partnership, invited_by=leader, **arguments)

    assert state() == before


def test_a_partnership_awaiting_approval_cannot_invite_yet(leader):
    proposed = PartnershipFactory(approval=Partnership.Approval.PROPOSED)
    before = state()

    with pytest.raises(ApplicationError, match="waiting for approval"):
        membership_invite(
            partnership=proposed, email="amani@example.org", role=Role.VIEWER, invited_by=leader
        )

    assert state() == before


# --- resend and revoke -----------------------------------------------------------------


def test_resending_issues_a_new_link_and_extends_the_expiry(partnership, leader):
    invitation = InvitationFactory(
        partnership=partnership,
        email="amani@example.org",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    old_token = invitation.token

    resent = invitation_resend(invitation=invitation, actor=leader)

    resent.refresh_from_db()
    assert resent.sent_count == 2
    assert resent.expires_at > timezone.now() + datetime.timedelta(days=13)
    assert invitation_by_token(token=old_token) is None
    assert invitation_by_token(token=resent.token) == resent
    delivery = EmailDelivery.objects.get()
    assert resent.token in delivery.body_text
    assert old_token not in delivery.body_text


def test_resending_twice_sends_two_emails(partnership, leader):
    invitation = InvitationFactory(partnership=partnership)

    invitation_resend(invitation=invitation, actor=leader)
    invitation_resend(invitation=invitation, actor=leader)

    assert EmailDelivery.objects.count() == 2
    invitation.refresh_from_db()
    assert invitation.sent_count == 3


@pytest.mark.parametrize(
    "status", [Invitation.Status.ACCEPTED, Invitation.Status.REVOKED, Invitation.Status.EXPIRED]
)
def test_only_pending_invitations_can_be_resent_or_revoked(partnership, leader, status):
    invitation = InvitationFactory(partnership=partnership, status=status)
    before = state()

    with pytest.raises(ApplicationError, match="Only pending invitations"):
        invitation_resend(invitation=invitation, actor=leader)
    with pytest.raises(ApplicationError, match="Only pending invitations"):
        invitation_revoke(invitation=invitation, actor=leader)

    assert state() == before


def test_revoking_stops_the_link(partnership, leader):
    invitation = InvitationFactory(partnership=partnership)
    invitee = UserFactory(email=invitation.email)

    invitation_revoke(invitation=invitation, actor=leader)

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    assert invitation.decided_at is not None
    with pytest.raises(ApplicationError, match="withdrawn"):
        invitation_accept(invitation=invitation, user=invitee)
    assert not Membership.objects.filter(user=invitee).exists()


# --- accept ----------------------------------------------------------------------------


def test_accepting_makes_the_invitee_a_member_with_the_role(partnership, leader):
    invitation = InvitationFactory(
        partnership=partnership, role=Role.MEL_OFFICER, invited_by=leader
    )
    invitee = UserFactory(email=invitation.email, full_name="Amani Njoroge")

    membership = invitation_accept(invitation=invitation, user=invitee)

    assert (membership.partnership, membership.user, membership.role) == (
        partnership,
        invitee,
        Role.MEL_OFFICER,
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.accepted_by == invitee
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_CHANGED)
    assert (event.partnership, event.actor, event.subject) == (partnership, invitee, invitee.email)
    assert event.data["from"] is None and event.data["to"] == Role.MEL_OFFICER
    assert list(Notification.objects.values_list("recipient", flat=True)) == [leader.pk]
    assert invitee.has_perm("partnerships.edit_content", partnership)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"status": Invitation.Status.ACCEPTED}, "already been used"),
        ({"status": Invitation.Status.REVOKED}, "withdrawn"),
        ({"status": Invitation.Status.EXPIRED}, "expired"),
        ({"expires_at": timezone.now() - datetime.timedelta(seconds=1)}, "expired"),
    ],
)
def test_used_revoked_or_expired_invitations_cannot_be_accepted(partnership, fields, message):
    invitation = InvitationFactory(partnership=partnership, **fields)
    invitee = UserFactory(email=invitation.email)
    before = state()

    with pytest.raises(ApplicationError, match=message):
        invitation_accept(invitation=invitation, user=invitee)

    assert state() == before


def test_someone_with_another_address_cannot_accept(partnership):
    invitation = InvitationFactory(partnership=partnership, email="amani@example.org")
    stranger = UserFactory(email="stranger@example.org")
    before = state()

    with pytest.raises(ApplicationError, match=r"sent to amani@example\.org"):
        invitation_accept(invitation=invitation, user=stranger)

    assert state() == before


def test_an_unverified_matching_address_is_not_enough(partnership):
    invitation = InvitationFactory(partnership=partnership, email="amani@example.org")
    invitee = UserFactory(email="amani@example.org", verified=False)
    EmailAddress.objects.create(user=invitee, email=invitee.email, verified=False, primary=True)
    before = state()

    with pytest.raises(ApplicationError, match=r"sent to amani@example\.org"):
        invitation_accept(invitation=invitation, user=invitee)

    assert state() == before


def test_a_verified_secondary_address_may_accept(partnership):
    invitation = InvitationFactory(partnership=partnership, email="work@example.org")
    invitee = UserFactory(email="home@example.org")
    EmailAddress.objects.create(user=invitee, email="work@example.org", verified=True)

    membership = invitation_accept(invitation=invitation, user=invitee)

    assert membership.user == invitee


def test_a_member_cannot_accept_a_second_time(partnership):
    invitation = InvitationFactory(partnership=partnership, role=Role.LEADER)
    member = MembershipFactory(partnership=partnership, user__email=invitation.email)
    before = state()

    with pytest.raises(ApplicationError, match="already a member"):
        invitation_accept(invitation=invitation, user=member.user)

    assert state() == before


# --- expiry task -----------------------------------------------------------------------


def test_the_expiry_task_marks_overdue_pending_invitations_once():
    past = timezone.now() - datetime.timedelta(hours=1)
    overdue = InvitationFactory(expires_at=past)
    current = InvitationFactory()
    used = InvitationFactory(expires_at=past, status=Invitation.Status.ACCEPTED)

    first = invitation_expire_task()
    second = invitation_expire_task()

    assert (first, second) == (1, 0)
    statuses = {
        i.pk: i.status for i in Invitation.objects.filter(pk__in=[overdue.pk, current.pk, used.pk])
    }
    assert statuses == {
        overdue.pk: Invitation.Status.EXPIRED,
        current.pk: Invitation.Status.PENDING,
        used.pk: Invitation.Status.ACCEPTED,
    }


def test_the_expiry_task_is_scheduled_and_found_by_autodiscovery(settings):
    import partnerships.tasks

    entry = settings.CELERY_BEAT_SCHEDULE["invitations-expire"]
    # Celery's autodiscovery imports partnerships.tasks, which must bring this task along.
    assert partnerships.tasks.invitation_expire_task.name == entry["task"]
