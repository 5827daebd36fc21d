"""Changing roles, removing and leaving; the last leader always stays."""

import pytest

from hub.models import AuditEvent, Notification
from hub.services import ApplicationError
from partnerships.models import Membership
from partnerships.roles import Role
from partnerships.services.membership import (
    membership_change_role,
    membership_leave,
    membership_remove,
)
from tests.partnerships.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def state():
    return (
        sorted(Membership.objects.values_list("pk", "role")),
        Notification.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def leader(partnership):
    return MembershipFactory(partnership=partnership, role=Role.LEADER)


def test_changing_a_role_is_audited_and_tells_the_member(partnership, leader):
    member = MembershipFactory(partnership=partnership, role=Role.VIEWER)

    membership_change_role(membership=member, role=Role.FINANCE_OFFICER, actor=leader.user)

    member.refresh_from_db()
    assert member.role == Role.FINANCE_OFFICER
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_CHANGED)
    assert (event.actor, event.subject, event.partnership) == (
        leader.user,
        member.user.email,
        partnership,
    )
    assert (event.data["from"], event.data["to"]) == (Role.VIEWER, Role.FINANCE_OFFICER)
    notification = Notification.objects.get()
    assert notification.recipient == member.user
    assert notification.title == f"Your role in {partnership.name} is now Finance officer"


def test_setting_the_same_role_changes_nothing(partnership, leader):
    member = MembershipFactory(partnership=partnership, role=Role.EDITOR)
    before = state()

    membership_change_role(membership=member, role=Role.EDITOR, actor=leader.user)

    assert state() == before


def test_the_last_leader_cannot_be_demoted(partnership, leader):
    MembershipFactory(partnership=partnership, role=Role.EDITOR)
    before = state()

    with pytest.raises(ApplicationError, match="only leader"):
        membership_change_role(membership=leader, role=Role.VIEWER, actor=leader.user)

    assert state() == before


def test_a_leader_can_be_demoted_while_another_leader_remains(partnership, leader):
    second = MembershipFactory(partnership=partnership, role=Role.LEADER)

    membership_change_role(membership=second, role=Role.EDITOR, actor=leader.user)

    second.refresh_from_db()
    assert second.role == Role.EDITOR


def test_a_leader_of_another_partnership_does_not_count(partnership, leader, other_partnership):
    MembershipFactory(partnership=other_partnership, role=Role.LEADER)
    before = state()

    with pytest.raises(ApplicationError, match="only leader"):
        membership_change_role(membership=leader, role=Role.EDITOR, actor=leader.user)

    assert state() == before


def test_an_unknown_role_is_refused(partnership, leader):
    member = MembershipFactory(partnership=partnership)
    before = state()

    with pytest.raises(ApplicationError, match="Choose one of the roles"):
        membership_change_role(membership=member, role="owner", actor=leader.user)

    assert state() == before


def test_removing_a_member_tells_them(partnership, leader):
    member = MembershipFactory(partnership=partnership, role=Role.EDITOR)

    membership_remove(membership=member, actor=leader.user)

    assert not Membership.objects.filter(pk=member.pk).exists()
    assert Notification.objects.get().recipient == member.user
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_CHANGED)
    assert (event.data["event"], event.data["from"], event.data["to"]) == (
        "removed",
        Role.EDITOR,
        None,
    )
    assert not member.user.has_perm("partnerships.view_partnership", partnership)


def test_the_last_leader_cannot_be_removed(partnership, leader):
    before = state()

    with pytest.raises(ApplicationError, match="only leader"):
        membership_remove(membership=leader, actor=leader.user)

    assert state() == before


def test_leaving_tells_the_leaders(partnership, leader):
    member = MembershipFactory(partnership=partnership)

    membership_leave(membership=member)

    assert not Membership.objects.filter(pk=member.pk).exists()
    assert Notification.objects.get().recipient == leader.user


def test_the_last_leader_cannot_leave(partnership, leader):
    MembershipFactory(partnership=partnership)
    before = state()

    with pytest.raises(ApplicationError, match="only leader"):
        membership_leave(membership=leader)

    assert state() == before


def test_a_leader_may_leave_when_another_leader_remains(partnership, leader):
    MembershipFactory(partnership=partnership, role=Role.LEADER)

    membership_leave(membership=leader)

    assert not Membership.objects.filter(pk=leader.pk).exists()
