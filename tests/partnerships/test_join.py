"""Joining: open partnerships at once, requests to join with the leaders' decision,
invitation-only refusing."""

import pytest

from hub.models import AuditEvent, Notification
from hub.services import ApplicationError
from partnerships.models import JoinRequest, Membership, Partnership
from partnerships.roles import Role
from partnerships.services.membership import (
    join_request_approve,
    join_request_decline,
    membership_join,
)
from tests.hub.factories import UserFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.partnerships.factories_membership import JoinRequestFactory

pytestmark = pytest.mark.django_db


def state():
    return (
        sorted(Membership.objects.values_list("partnership_id", "user_id", "role")),
        sorted(JoinRequest.objects.values_list("user_id", "status")),
        Notification.objects.count(),
        AuditEvent.objects.count(),
    )


def partnership_with_leader(**fields):
    partnership = PartnershipFactory(**fields)
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    return partnership, leader


def test_joining_an_open_partnership_makes_a_viewer_and_tells_the_leaders():
    partnership, leader = partnership_with_leader(join_policy=Partnership.JoinPolicy.OPEN)
    person = UserFactory()

    result = membership_join(partnership=partnership, user=person)

    assert isinstance(result, Membership)
    assert (result.user, result.role) == (person, Role.VIEWER)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [leader.pk]
    assert JoinRequest.objects.count() == 0


def test_asking_to_join_records_a_request_and_tells_the_leaders():
    partnership, leader = partnership_with_leader(join_policy=Partnership.JoinPolicy.REQUEST)
    person = UserFactory(full_name="Kofi Mensah")

    result = membership_join(partnership=partnership, user=person, message=" I farm here. ")

    assert isinstance(result, JoinRequest)
    assert (result.status, result.message) == (JoinRequest.Status.PENDING, "I farm here.")
    assert not Membership.objects.filter(user=person).exists()
    notification = Notification.objects.get()
    assert notification.recipient == leader
    assert notification.title == f"Kofi Mensah asks to join {partnership.name}"
    assert notification.url == f"/p/{partnership.slug}/members/"


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"join_policy": Partnership.JoinPolicy.INVITATION}, "invitation only"),
        ({"visibility": Partnership.Visibility.PRIVATE}, "private"),
        ({"approval": Partnership.Approval.PROPOSED}, "waiting for approval"),
        ({"approval": Partnership.Approval.DECLINED}, "waiting for approval"),
    ],
)
def test_joining_is_refused_where_the_partnership_does_not_allow_it(fields, message):
    partnership, _leader = partnership_with_leader(**fields)
    person = UserFactory()
    before = state()

    with pytest.raises(ApplicationError, match=message):
        membership_join(partnership=partnership, user=person)

    assert state() == before


def test_a_second_pending_request_is_refused():
    partnership, _leader = partnership_with_leader()
    request = JoinRequestFactory(partnership=partnership)
    before = state()

    with pytest.raises(ApplicationError, match="already asked to join"):
        membership_join(partnership=partnership, user=request.user)

    assert state() == before


def test_a_member_cannot_join_again():
    partnership, leader = partnership_with_leader(join_policy=Partnership.JoinPolicy.OPEN)
    before = state()

    with pytest.raises(ApplicationError, match="already a member"):
        membership_join(partnership=partnership, user=leader)

    assert state() == before


def test_approving_a_request_makes_a_member_with_the_chosen_role():
    partnership, leader = partnership_with_leader()
    request = JoinRequestFactory(partnership=partnership)

    membership = join_request_approve(join_request=request, actor=leader, role=Role.EDITOR)

    assert (membership.user, membership.role) == (request.user, Role.EDITOR)
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (JoinRequest.Status.APPROVED, leader)
    assert request.decided_at is not None
    notification = Notification.objects.get(recipient=request.user)
    assert notification.title == f"You are now a member of {partnership.name}"
    assert "Editor" in notification.body
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_CHANGED)
    assert (event.actor, event.data["to"]) == (leader, Role.EDITOR)


def test_declining_a_request_tells_the_requester():
    partnership, leader = partnership_with_leader()
    request = JoinRequestFactory(partnership=partnership)

    join_request_decline(join_request=request, actor=leader)

    request.refresh_from_db()
    assert request.status == JoinRequest.Status.DECLINED
    assert not Membership.objects.filter(user=request.user).exists()
    assert Notification.objects.get().recipient == request.user


def test_an_answered_request_cannot_be_answered_again():
    partnership, leader = partnership_with_leader()
    request = JoinRequestFactory(partnership=partnership, status=JoinRequest.Status.DECLINED)
    before = state()

    with pytest.raises(ApplicationError, match="already been answered"):
        join_request_approve(join_request=request, actor=leader, role=Role.VIEWER)
    with pytest.raises(ApplicationError, match="already been answered"):
        join_request_decline(join_request=request, actor=leader)

    assert state() == before


def test_approving_with_an_unknown_role_changes_nothing():
    partnership, leader = partnership_with_leader()
    request = JoinRequestFactory(partnership=partnership)
    before = state()

    with pytest.raises(ApplicationError, match="Choose one of the roles"):
        join_request_approve(join_request=request, actor=leader, role="owner")

    assert state() == before
