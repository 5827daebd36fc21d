"""Proposing a partnership and the hub staff's decision."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hub.models import Notification
from hub.notifications import kinds
from hub.services import ApplicationError
from partnerships.models import Membership, Partnership
from partnerships.roles import Role
from partnerships.services.proposal import (
    partnership_approve,
    partnership_decline,
    partnership_propose,
)
from tests.hub.factories import StaffUserFactory, UserFactory
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

PROPOSE_URL = "/partnerships/propose/"
PROPOSALS_URL = "/partnerships/proposals/"


def propose(proposer, **fields):
    return partnership_propose(
        proposer=proposer,
        **{
            "name": "Mau Forest Partnership",
            "short_description": "Restoring the Mau together.",
            "countries": ["KE"],
            "working_languages": ["en", "sw"],
            "contact_email": "hello@mau.example.org",
            **fields,
        },
    )


def decided_state(partnership):
    partnership.refresh_from_db()
    return partnership.approval, Notification.objects.count()


def test_proposing_creates_a_proposed_partnership_led_by_the_proposer(user):
    staff = [StaffUserFactory(), StaffUserFactory()]

    partnership = propose(
        user,
        description='<p>We plant <strong>trees</strong>.</p><script>alert(1)</script><a href="javascript:x()">x</a>',
        visibility=Partnership.Visibility.PRIVATE,
        join_policy=Partnership.JoinPolicy.OPEN,
        year_established=2019,
    )

    partnership.refresh_from_db()
    assert partnership.slug == "mau-forest-partnership"
    assert partnership.approval == Partnership.Approval.PROPOSED
    assert partnership.proposed_by == user
    assert (
        partnership.description
        == '<p>We plant <strong>trees</strong>.</p><a rel="noopener noreferrer nofollow">x</a>'
    )
    assert [c.code for c in partnership.countries] == ["KE"]
    assert partnership.working_languages == ["en", "sw"]
    assert (partnership.visibility, partnership.join_policy, partnership.year_established) == (
        Partnership.Visibility.PRIVATE,
        Partnership.JoinPolicy.OPEN,
        2019,
    )
    assert list(Membership.objects.values_list("partnership", "user", "role")) == [
        (partnership.pk, user.pk, Role.LEADER)
    ]
    notified = Notification.objects.filter(kind=kinds.PARTNERSHIP_PROPOSAL)
    assert sorted(notified.values_list("recipient", flat=True)) == sorted(s.pk for s in staff)
    assert set(notified.values_list("url", flat=True)) == {PROPOSALS_URL}


def test_slugs_of_proposals_with_the_same_name_do_not_collide(user):
    PartnershipFactory(slug="mau-forest-partnership")

    second = propose(user)
    third = propose(user)

    assert (second.slug, third.slug) == ("mau-forest-partnership-2", "mau-forest-partnership-3")


@pytest.mark.parametrize(
    "fields, error, message",
    [
        ({"name": "   "}, ApplicationError, "Give the partnership a name"),
        ({"year_established": 1850}, ApplicationError, "between 1900"),
        ({"working_languages": ["<script>"]}, ApplicationError, "Unknown language"),
        ({"contact_email": "not-an-email"}, ValidationError, "valid email"),
    ],
)
def test_bad_proposals_are_refused_and_nothing_is_created(user, fields, error, message):
    with pytest.raises(error, match=message):
        propose(user, **fields)

    assert Partnership.objects.count() == 0
    assert Membership.objects.count() == 0


def test_a_proposal_is_seen_only_by_its_members_and_staff(user):
    partnership = propose(user)
    profile = reverse("partnerships:profile", args=[partnership.slug])
    outsider, staff = Client(), Client()
    outsider.force_login(UserFactory())
    staff.force_login(StaffUserFactory())
    proposer = Client()
    proposer.force_login(user)

    assert Client().get(profile).status_code == 404
    assert outsider.get(profile).status_code == 404
    assert proposer.get(profile).status_code == 200
    assert staff.get(profile).status_code == 200


def test_approving_notifies_the_proposer(user, staff_user):
    partnership = propose(user)
    Notification.objects.all().delete()

    partnership_approve(partnership=partnership, actor=staff_user)

    partnership.refresh_from_db()
    assert partnership.approval == Partnership.Approval.APPROVED
    assert partnership.is_public
    notification = Notification.objects.get()
    assert notification.recipient == user
    assert notification.title == "Your partnership “Mau Forest Partnership” was approved"


def test_declining_requires_a_reason_and_sends_it_to_the_proposer(user, staff_user):
    partnership = propose(user)
    Notification.objects.all().delete()

    with pytest.raises(ApplicationError, match="why"):
        partnership_decline(partnership=partnership, actor=staff_user, reason="  ")
    assert decided_state(partnership) == (Partnership.Approval.PROPOSED, 0)

    partnership_decline(
        partnership=partnership, actor=staff_user, reason="Duplicate of Mau Alliance."
    )

    assert decided_state(partnership) == (Partnership.Approval.DECLINED, 1)
    assert (
        Notification.objects.get().body == "Reason given by hub staff: Duplicate of Mau Alliance."
    )


def test_a_decided_proposal_cannot_be_decided_again(user, staff_user):
    partnership = propose(user)
    partnership_approve(partnership=partnership, actor=staff_user)
    before = decided_state(partnership)

    with pytest.raises(ApplicationError, match="already been decided"):
        partnership_decline(partnership=partnership, actor=staff_user, reason="Changed my mind")
    with pytest.raises(ApplicationError, match="already been decided"):
        partnership_approve(partnership=partnership, actor=staff_user)

    assert decided_state(partnership) == before


# --- pages -----------------------------------------------------------------------------


def test_the_proposal_form_needs_a_signed_in_person(client):
    response = client.get(PROPOSE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_proposing_through_the_form_lands_in_the_new_workspace(client, user):
    client.force_login(user)

    response = client.post(
        PROPOSE_URL,
        {
            "name": "Lake Naivasha Basin",
            "short_description": "Water for farms, flowers and wildlife.",
            "description": "Growers and herders.\n\nSince 2015.",
            "countries": ["KE", "TZ"],
            "working_languages": ["en", "sw"],
            "contact_email": "info@naivasha.example.org",
            "website": "naivasha.example.org",
            "year_established": "2015",
            "visibility": "public",
            "join_policy": "request",
            # fields the form does not offer are ignored:
            "slug": "hijacked",
            "approval": "approved",
        },
    )

    partnership = Partnership.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/p/{partnership.slug}/workspace/"
    assert partnership.slug == "lake-naivasha-basin"
    assert partnership.approval == Partnership.Approval.PROPOSED
    assert partnership.website == "https://naivasha.example.org"
    assert partnership.description == "<p>Growers and herders.</p><p>Since 2015.</p>"
    assert client.get(response["Location"]).status_code == 200


def test_an_invalid_proposal_shows_the_errors_and_creates_nothing(client, user):
    client.force_login(user)

    response = client.post(PROPOSE_URL, {"name": "", "year_established": "1700"})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"name", "year_established", "countries"}
    assert Partnership.objects.count() == 0


@pytest.mark.parametrize("who", ["anonymous", "person", "leader"])
def test_the_staff_proposal_page_is_404_for_everyone_else(client, user, who):
    partnership = propose(user)
    if who == "person":
        client.force_login(UserFactory())
    elif who == "leader":
        client.force_login(user)

    assert client.get(PROPOSALS_URL).status_code == 404
    assert client.post(f"{PROPOSALS_URL}{partnership.uuid}/approve/").status_code == 404
    partnership.refresh_from_db()
    assert partnership.approval == Partnership.Approval.PROPOSED


def test_staff_see_pending_proposals_and_approve_one(client, user, staff_user):
    pending = propose(user)
    PartnershipFactory(name="Already live")
    client.force_login(staff_user)

    page = client.get(PROPOSALS_URL)
    response = client.post(f"{PROPOSALS_URL}{pending.uuid}/approve/")

    assert page.status_code == 200
    assert [p.pk for p in page.context["proposals"]] == [pending.pk]
    assert "Mau Forest Partnership" in page.content.decode()
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.approval == Partnership.Approval.APPROVED


def test_staff_decline_with_a_reason_from_the_page(client, user, staff_user):
    pending = propose(user)
    client.force_login(staff_user)

    empty = client.post(f"{PROPOSALS_URL}{pending.uuid}/decline/", {"reason": ""}, follow=True)
    pending.refresh_from_db()
    assert pending.approval == Partnership.Approval.PROPOSED
    assert "Tell the proposer why" in empty.content.decode()

    client.post(f"{PROPOSALS_URL}{pending.uuid}/decline/", {"reason": "Outside our scope."})
    pending.refresh_from_db()
    assert pending.approval == Partnership.Approval.DECLINED


def test_the_proposal_page_query_count_is_constant(client, staff_user):
    from tests.queries import assert_constant_queries

    client.force_login(staff_user)
    propose(UserFactory())

    assert_constant_queries(
        lambda: client.get(PROPOSALS_URL),
        lambda: [propose(UserFactory(), name=f"Proposal {i}") for i in range(3)],
    )
