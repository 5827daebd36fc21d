import pytest

from partnerships.roles import Role
from tests.api.helpers import api_url
from tests.hub.factories import UserFactory
from tests.partnerships.factories import MembershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_members_see_the_members_without_email_addresses(client, partnership):
    viewer = MembershipFactory(partnership=partnership, role=Role.VIEWER)
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER)
    MembershipFactory(role=Role.LEADER)  # another partnership
    client.force_login(viewer.user)

    body = client.get(api_url("membership-list", partnership_slug=partnership.slug)).json()

    assert body["results"] == [
        {
            "uuid": str(m.uuid),
            "user": {"uuid": str(m.user.uuid), "full_name": m.user.full_name, "email": None},
            "role": m.role,
            "joined": m.created_at.isoformat().replace("+00:00", "Z"),
        }
        for m in (viewer, leader)
    ]


def test_leaders_and_hub_staff_see_email_addresses(client, partnership, staff_user):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER)
    url = api_url(
        "membership-detail", partnership_slug=partnership.slug, membership_uuid=leader.uuid
    )

    client.force_login(leader.user)
    by_leader = client.get(url).json()
    client.force_login(staff_user)
    by_staff = client.get(url).json()

    assert by_leader["user"]["email"] == leader.user.email
    assert by_staff["user"]["email"] == leader.user.email


def test_members_filter_by_role_and_order_by_name(client, partnership):
    zoe = MembershipFactory(
        partnership=partnership, role=Role.EDITOR, user=UserFactory(full_name="Zoe")
    )
    amy = MembershipFactory(
        partnership=partnership, role=Role.EDITOR, user=UserFactory(full_name="Amy")
    )
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER)
    client.force_login(leader.user)
    url = api_url("membership-list", partnership_slug=partnership.slug)

    editors = client.get(url, {"role": "editor", "ordering": "full_name"}).json()["results"]

    assert [m["uuid"] for m in editors] == [str(amy.uuid), str(zoe.uuid)]


def test_the_member_list_runs_the_same_queries_for_n_and_2n_rows(client, partnership):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER)
    MembershipFactory.create_batch(3, partnership=partnership)
    client.force_login(leader.user)
    url = api_url("membership-list", partnership_slug=partnership.slug)

    count = assert_constant_queries(
        lambda: client.get(url),
        lambda: MembershipFactory.create_batch(4, partnership=partnership),
    )

    assert count <= 6
