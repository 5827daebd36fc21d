"""The members page, the leaders' actions on it, joining, leaving, and the invitation
page (including signing up through it)."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from hub.models import User
from partnerships.models import Invitation, JoinRequest, Membership, Partnership
from partnerships.roles import Role
from partnerships.views.invitations import SESSION_KEY
from tests.hub.factories import TEST_PASSWORD, StaffUserFactory, UserFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.partnerships.factories_membership import InvitationFactory, JoinRequestFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def members_url(partnership, **query):
    url = reverse("partnerships:member-list", args=[partnership.slug])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


@pytest.fixture
def leader(partnership):
    return MembershipFactory(
        partnership=partnership, role=Role.LEADER, user__full_name="Lena Leader"
    )


# --- the members page ------------------------------------------------------------------


def test_leaders_see_invitations_requests_and_controls(partnership, leader):
    MembershipFactory(partnership=partnership, user__full_name="Victor Viewer")
    InvitationFactory(partnership=partnership, email="pending@example.org")
    JoinRequestFactory(partnership=partnership, user__full_name="Rita Requester")

    response = client_for(leader.user).get(members_url(partnership))

    html = response.content.decode()
    assert response.status_code == 200
    assert [m.user.full_name for m in response.context["members"]] == [
        "Lena Leader",
        "Victor Viewer",
    ]
    assert "pending@example.org" in html
    assert "Rita Requester" in html
    assert 'name="expires_in_days"' in html
    assert html.count('name="role" id="role-') == 2


def test_viewers_see_a_read_only_list_with_emails(partnership, leader):
    viewer = MembershipFactory(partnership=partnership)
    InvitationFactory(partnership=partnership, email="pending@example.org")

    response = client_for(viewer.user).get(members_url(partnership))

    html = response.content.decode()
    assert response.status_code == 200
    assert leader.user.email in html
    assert "pending@example.org" not in html
    assert "Invite someone" not in html
    assert 'id="role-' not in html
    assert "Leave partnership" in html


def test_outsiders_cannot_open_the_members_page(partnership, leader):
    assert client_for(UserFactory()).get(members_url(partnership)).status_code == 403


def test_search_by_name_or_email_and_filter_by_role(partnership, leader):
    MembershipFactory(partnership=partnership, role=Role.EDITOR, user__full_name="Amina Odhiambo")
    MembershipFactory(
        partnership=partnership,
        role=Role.VIEWER,
        user__full_name="Juma Kariuki",
        user__email="juma@odhiambo-farms.example.org",
    )
    client = client_for(leader.user)

    def names(**query):
        response = client.get(members_url(partnership, **query))
        return [m.user.full_name for m in response.context["members"]]

    assert names(q="odhiambo") == ["Amina Odhiambo", "Juma Kariuki"]
    assert names(q="ODHIAMBO", role="editor") == ["Amina Odhiambo"]
    assert names(role="leader") == ["Lena Leader"]
    assert names(q="nobody") == []


def test_the_htmx_search_returns_only_the_results(partnership, leader):
    response = client_for(leader.user).get(
        members_url(partnership, q="lena"), HTTP_HX_TARGET="member-results", **HTMX
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="member-results"')
    assert "Lena Leader" in html
    assert "<nav" not in html.split('id="member-results"')[0]


@pytest.mark.parametrize("role", [Role.LEADER, Role.VIEWER])
def test_the_members_page_query_count_is_constant(partnership, leader, role):
    me = leader if role == Role.LEADER else MembershipFactory(partnership=partnership, role=role)
    client = client_for(me.user)

    def grow():
        MembershipFactory.create_batch(4, partnership=partnership, role=Role.EDITOR)
        InvitationFactory.create_batch(3, partnership=partnership)
        JoinRequestFactory.create_batch(3, partnership=partnership)

    assert_constant_queries(lambda: client.get(members_url(partnership)), grow)


def test_the_members_page_is_paginated(partnership, leader):
    MembershipFactory.create_batch(30, partnership=partnership)
    client = client_for(leader.user)

    first = client.get(members_url(partnership))
    second = client.get(members_url(partnership, page=2))

    assert len(first.context["members"]) == 25
    assert len(second.context["members"]) == 6


# --- leaders' actions ------------------------------------------------------------------


def test_inviting_with_htmx_lists_the_new_invitation(partnership, leader):
    response = client_for(leader.user).post(
        reverse("partnerships:member-invite", args=[partnership.slug]),
        {"email": "amani@example.org", "role": "editor", "expires_in_days": "7", "message": ""},
        **HTMX,
    )

    html = response.content.decode()
    invitation = Invitation.objects.get()
    assert response.status_code == 200
    assert (invitation.email, invitation.role) == ("amani@example.org", Role.EDITOR)
    assert html.lstrip().startswith('<div id="member-invitations">')
    assert "An invitation was sent to amani@example.org." in html
    assert response["HX-Trigger"] == "membersChanged"


def test_a_duplicate_invitation_shows_the_error_in_the_form(partnership, leader):
    InvitationFactory(partnership=partnership, email="amani@example.org")

    response = client_for(leader.user).post(
        reverse("partnerships:member-invite", args=[partnership.slug]),
        {"email": "amani@example.org", "role": "viewer", "expires_in_days": "14"},
        **HTMX,
    )

    assert response.status_code == 200
    assert "already has a pending invitation" in response.content.decode()
    assert "HX-Trigger" not in response
    assert Invitation.objects.count() == 1


def test_an_empty_invitation_post_without_htmx_redirects_with_the_error(partnership, leader):
    client = client_for(leader.user)

    response = client.post(reverse("partnerships:member-invite", args=[partnership.slug]), {})

    assert response.status_code == 302
    assert Invitation.objects.count() == 0


def test_demoting_the_last_leader_shows_the_refusal_in_the_row(partnership, leader):
    response = client_for(leader.user).post(
        reverse("partnerships:member-role", args=[partnership.slug, leader.uuid]),
        {"role": "viewer"},
        **HTMX,
    )

    assert response.status_code == 200
    assert "Lena Leader is the only leader" in response.content.decode()
    leader.refresh_from_db()
    assert leader.role == Role.LEADER


def test_changing_a_role_with_htmx_returns_the_updated_row(partnership, leader):
    member = MembershipFactory(partnership=partnership, role=Role.VIEWER)

    response = client_for(leader.user).post(
        reverse("partnerships:member-role", args=[partnership.slug, member.uuid]),
        {"role": "mel_officer"},
        **HTMX,
    )

    member.refresh_from_db()
    assert member.role == Role.MEL_OFFICER
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li class="list-group-item py-3" id="member-{member.uuid}">')
    assert '<option value="mel_officer" selected>' in html
    # The row says what happened; a list reload would wipe that message.
    assert "is now MEL officer." in html
    assert "HX-Trigger" not in response


def test_removing_a_member_with_htmx_says_so_in_the_row(partnership, leader):
    member = MembershipFactory(partnership=partnership, user__full_name="Amani Njoroge")

    response = client_for(leader.user).post(
        reverse("partnerships:member-remove", args=[partnership.slug, member.uuid]), **HTMX
    )

    assert "Amani Njoroge was removed from the partnership." in response.content.decode()
    assert "HX-Trigger" not in response
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_removing_a_member_without_htmx_redirects(partnership, leader):
    member = MembershipFactory(partnership=partnership)

    response = client_for(leader.user).post(
        reverse("partnerships:member-remove", args=[partnership.slug, member.uuid])
    )

    assert response.status_code == 302
    assert response["Location"] == members_url(partnership)
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_editors_cannot_manage_members(partnership, leader):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR)
    member = MembershipFactory(partnership=partnership)
    client = client_for(editor.user)

    role = client.post(
        reverse("partnerships:member-role", args=[partnership.slug, member.uuid]),
        {"role": "leader"},
    )
    remove = client.post(
        reverse("partnerships:member-remove", args=[partnership.slug, member.uuid])
    )

    assert (role.status_code, remove.status_code) == (403, 403)
    member.refresh_from_db()
    assert member.role == Role.VIEWER


def test_another_partnerships_member_is_not_found(partnership, leader, other_partnership):
    stranger = MembershipFactory(partnership=other_partnership)

    response = client_for(leader.user).post(
        reverse("partnerships:member-remove", args=[partnership.slug, stranger.uuid])
    )

    assert response.status_code == 404
    assert Membership.objects.filter(pk=stranger.pk).exists()


def test_resend_and_revoke_from_the_page(partnership, leader):
    invitation = InvitationFactory(partnership=partnership)
    client = client_for(leader.user)

    client.post(reverse("partnerships:invitation-resend", args=[partnership.slug, invitation.uuid]))
    invitation.refresh_from_db()
    assert invitation.sent_count == 2

    response = client.post(
        reverse("partnerships:invitation-revoke", args=[partnership.slug, invitation.uuid]), **HTMX
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    assert "was withdrawn" in response.content.decode()


def test_approving_a_request_from_the_page(partnership, leader):
    request = JoinRequestFactory(partnership=partnership)
    client = client_for(leader.user)

    empty = client.post(
        reverse("partnerships:join-request-approve", args=[partnership.slug, request.uuid]),
        **HTMX,
    )
    assert "Choose the role" in empty.content.decode()
    assert not Membership.objects.filter(user=request.user).exists()

    client.post(
        reverse("partnerships:join-request-approve", args=[partnership.slug, request.uuid]),
        {"role": "editor"},
    )
    assert Membership.objects.get(user=request.user).role == Role.EDITOR


# --- joining and leaving ---------------------------------------------------------------


def join(client, partnership, **data):
    return client.post(reverse("partnerships:partnership-join", args=[partnership.slug]), data)


def test_asking_to_join_from_the_profile(leader):
    partnership = leader.partnership
    person = UserFactory()

    response = join(client_for(person), partnership, message="Hello")

    assert response.status_code == 302
    assert response["Location"] == reverse("partnerships:profile", args=[partnership.slug])
    assert JoinRequest.objects.get().user == person


def test_joining_an_open_partnership_lands_in_the_workspace():
    partnership = PartnershipFactory(join_policy=Partnership.JoinPolicy.OPEN)

    response = join(client_for(UserFactory()), partnership)

    assert response["Location"] == reverse("partnerships:workspace", args=[partnership.slug])
    assert Membership.objects.get().role == Role.VIEWER


def test_joining_an_invitation_only_partnership_says_why_and_changes_nothing():
    partnership = PartnershipFactory(join_policy=Partnership.JoinPolicy.INVITATION)

    response = join(client_for(UserFactory()), partnership)

    assert response.status_code == 302
    assert (Membership.objects.count(), JoinRequest.objects.count()) == (0, 0)


def test_the_invitation_only_refusal_is_shown_to_the_person():
    partnership = PartnershipFactory(join_policy=Partnership.JoinPolicy.INVITATION)
    client = client_for(UserFactory())

    response = client.post(
        reverse("partnerships:partnership-join", args=[partnership.slug]), follow=True
    )

    assert "by invitation only" in response.content.decode()


def test_anonymous_join_posts_change_nothing(partnership):
    response = join(Client(), partnership)

    assert response.status_code == 302
    assert JoinRequest.objects.count() == 0


def test_leaving_from_the_members_page(partnership, leader):
    member = MembershipFactory(partnership=partnership)

    response = client_for(member.user).post(
        reverse("partnerships:member-leave", args=[partnership.slug])
    )

    assert response["Location"] == reverse("hub:dashboard")
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_the_last_leader_leaving_is_refused(partnership, leader):
    response = client_for(leader.user).post(
        reverse("partnerships:member-leave", args=[partnership.slug]), follow=True
    )

    assert "only leader" in response.content.decode()
    assert Membership.objects.filter(pk=leader.pk).exists()


def render_join_button(partnership, user, role=None, pending=None):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "partnerships/members/partials/join_button.html",
        {"partnership": partnership, "role": role, "user": user, "pending_join_request": pending},
        request=request,
    )


@pytest.mark.parametrize(
    "policy, expected",
    [
        ("open", "Join this partnership"),
        ("request", "Request to join"),
        ("invitation", "by invitation"),
    ],
)
def test_the_join_button_follows_the_join_policy(policy, expected):
    partnership = PartnershipFactory(join_policy=policy)

    html = render_join_button(partnership, UserFactory())

    assert expected in html
    assert ("<form" in html) is (policy != "invitation")


def test_the_join_button_is_absent_for_members_and_shows_a_pending_request(partnership):
    person = UserFactory()
    request = JoinRequestFactory(partnership=partnership, user=person)

    assert render_join_button(partnership, person, role="viewer").strip() == ""
    assert "Request sent" in render_join_button(partnership, person, pending=request)


# --- the invitation page ---------------------------------------------------------------


def invitation_url(token):
    return reverse("partnerships-public:invitation", args=[token])


def test_an_anonymous_visitor_is_offered_signup_with_the_address(partnership):
    invitation = InvitationFactory(partnership=partnership, email="amani@example.org")
    client = Client()

    response = client.get(invitation_url(invitation.token))

    html = response.content.decode()
    assert response.status_code == 200
    assert "/accounts/signup/?email=amani%40example.org" in html
    assert client.session[SESSION_KEY] == invitation.token


@pytest.mark.parametrize(
    "fields, status, text",
    [
        ({"status": Invitation.Status.ACCEPTED}, 410, "already been used"),
        ({"status": Invitation.Status.REVOKED}, 410, "withdrawn"),
        ({"expires_at": timezone.now() - datetime.timedelta(days=1)}, 410, "expired"),
    ],
)
def test_unusable_invitations_say_why(partnership, fields, status, text):
    invitation = InvitationFactory(partnership=partnership, **fields)
    invitee = UserFactory(email=invitation.email)
    client = client_for(invitee)

    page = client.get(invitation_url(invitation.token))
    post = client.post(invitation_url(invitation.token))

    assert (page.status_code, post.status_code) == (status, status)
    assert text in page.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_an_unknown_token_is_404_with_a_message():
    response = Client().get(invitation_url("not-a-real-token"))

    assert response.status_code == 404
    assert "invitation link is not valid" in response.content.decode()


def test_the_invitee_accepts_and_lands_in_the_workspace(partnership):
    invitation = InvitationFactory(partnership=partnership, role=Role.EDITOR)
    invitee = UserFactory(email=invitation.email)
    client = client_for(invitee)

    page = client.get(invitation_url(invitation.token))
    response = client.post(invitation_url(invitation.token))

    assert "Accept and join" in page.content.decode()
    assert response["Location"] == reverse("partnerships:workspace", args=[partnership.slug])
    assert Membership.objects.get(user=invitee).role == Role.EDITOR


def test_someone_signed_in_with_another_address_is_told_and_nothing_changes(partnership):
    invitation = InvitationFactory(partnership=partnership, email="amani@example.org")
    client = client_for(UserFactory(email="other@example.org"))

    page = client.get(invitation_url(invitation.token))
    post = client.post(invitation_url(invitation.token))

    assert "sent to amani@example.org, but you are signed in as other@example.org" in (
        page.content.decode()
    )
    assert post.status_code == 400
    assert "sent to amani@example.org" in post.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert Membership.objects.count() == 0


def test_signing_in_after_opening_the_invitation_joins_the_partnership(partnership):
    invitation = InvitationFactory(partnership=partnership, role=Role.FINANCE_OFFICER)
    invitee = UserFactory(email=invitation.email)
    client = Client()
    client.get(invitation_url(invitation.token))

    response = client.post(
        reverse("account_login"), {"login": invitee.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("partnerships:workspace", args=[partnership.slug])
    assert Membership.objects.get(user=invitee).role == Role.FINANCE_OFFICER
    assert SESSION_KEY not in client.session


def test_signing_in_with_another_account_after_opening_an_invitation_shows_it_again(partnership):
    invitation = InvitationFactory(partnership=partnership)
    other = UserFactory()
    client = Client()
    client.get(invitation_url(invitation.token))

    response = client.post(
        reverse("account_login"), {"login": other.email, "password": TEST_PASSWORD}
    )

    assert response["Location"] == invitation_url(invitation.token)
    assert Membership.objects.count() == 0


def test_an_ordinary_sign_in_is_not_redirected(partnership):
    person = UserFactory()

    response = Client().post(
        reverse("account_login"), {"login": person.email, "password": TEST_PASSWORD}
    )

    assert response["Location"] == reverse("hub:dashboard")


def test_staff_may_open_the_members_page_read_only(partnership, leader):
    response = client_for(StaffUserFactory()).get(members_url(partnership))

    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert User.objects.filter(is_staff=True).count() == 1
