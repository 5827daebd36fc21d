import pytest

from partnerships.models import Partnership
from partnerships.roles import Role
from tests.api.helpers import api_url, assert_error
from tests.hub.factories import UserFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

PRIVATE = Partnership.Visibility.PRIVATE


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_the_list_shows_public_partnerships_and_the_private_ones_of_the_caller(client, user):
    public = PartnershipFactory(name="B public")
    mine = PartnershipFactory(name="A mine", visibility=PRIVATE)
    PartnershipFactory(name="C not mine", visibility=PRIVATE)
    PartnershipFactory(name="D proposed", approval=Partnership.Approval.PROPOSED)
    MembershipFactory(partnership=mine, user=user)
    client.force_login(user)

    assert _slugs(client.get(api_url("partnership-list"))) == [mine.slug, public.slug]


def test_hub_staff_see_every_partnership(client, staff_user):
    rows = [PartnershipFactory(name=f"P{i}", visibility=PRIVATE) for i in range(2)]
    client.force_login(staff_user)

    assert _slugs(client.get(api_url("partnership-list"))) == [p.slug for p in rows]


def test_the_list_filters_by_status_country_and_visibility(client, user):
    kenya = PartnershipFactory(name="Kenya", countries=["KE", "UG"])
    PartnershipFactory(name="Peru", countries=["PE"])
    dormant = PartnershipFactory(name="Dormant", status=Partnership.Status.DORMANT)
    private = PartnershipFactory(name="Private", visibility=PRIVATE)
    MembershipFactory(partnership=private, user=user)
    client.force_login(user)
    url = api_url("partnership-list")

    assert _slugs(client.get(url, {"country": "UG"})) == [kenya.slug]
    assert _slugs(client.get(url, {"status": "dormant"})) == [dormant.slug]
    assert _slugs(client.get(url, {"visibility": "private"})) == [private.slug]
    assert_error(client.get(url, {"country": "XX"}), 400, "invalid")


def test_the_list_orders_by_declared_fields_only(client, user):
    a, b = PartnershipFactory(name="Alpha"), PartnershipFactory(name="Beta")
    client.force_login(user)
    url = api_url("partnership-list")

    assert _slugs(client.get(url, {"ordering": "-name"})) == [b.slug, a.slug]
    assert _slugs(client.get(url, {"ordering": "-created_at"})) == [b.slug, a.slug]
    assert _slugs(client.get(url, {"ordering": "slug"})) == [a.slug, b.slug]  # ignored


def test_the_list_is_paginated_by_cursor_with_a_maximum_page_size(client, user):
    Partnership.objects.bulk_create(
        Partnership(name=f"P{i:03d}", slug=f"p{i:03d}", approval=Partnership.Approval.APPROVED)
        for i in range(205)
    )
    client.force_login(user)
    url = api_url("partnership-list")

    default = client.get(url).json()
    capped = client.get(url, {"page_size": 1000}).json()
    small = client.get(url, {"page_size": 2}).json()
    following = client.get(small["next"]).json()

    assert len(default["results"]) == 50
    assert len(capped["results"]) == 200
    assert set(default) == {"next", "previous", "results"}
    assert [p["name"] for p in small["results"]] == ["P000", "P001"]
    assert [p["name"] for p in following["results"]] == ["P002", "P003"]
    assert following["previous"] is not None


def test_the_list_runs_the_same_queries_for_n_and_2n_rows(client, user):
    client.force_login(user)
    PartnershipFactory.create_batch(3)

    count = assert_constant_queries(
        lambda: client.get(api_url("partnership-list")),
        lambda: PartnershipFactory.create_batch(3),
    )

    assert count <= 4


def test_detail_of_a_public_partnership_for_any_signed_in_person(client, user):
    partnership = PartnershipFactory(
        name="Mau Forest", countries=["KE"], working_languages=["en", "sw"], year_established=2019
    )
    client.force_login(user)

    body = client.get(api_url("partnership-detail", partnership_slug=partnership.slug)).json()

    assert body == {
        "uuid": str(partnership.uuid),
        "slug": partnership.slug,
        "name": "Mau Forest",
        "short_description": partnership.short_description,
        "description": "",
        "shared_vision": "",
        "year_established": 2019,
        "status": "active",
        "visibility": "public",
        "join_policy": "request",
        "approval": "approved",
        "contact_email": "",
        "website": "",
        "logo": None,
        "countries": ["KE"],
        "working_languages": ["en", "sw"],
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }


def test_a_leader_changes_the_profile_and_rich_text_is_sanitized(client, partnership):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    client.force_login(leader)

    response = client.patch(
        api_url("partnership-detail", partnership_slug=partnership.slug),
        {
            "name": "Renamed",
            "description": '<p onclick="x()">Hello <script>alert(1)</script><b>all</b></p>',
            "countries": ["tz", "KE"],
            "working_languages": ["sw", "pt-BR"],
            "visibility": "private",
            "year_established": 2020,
        },
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    partnership.refresh_from_db()
    assert partnership.name == "Renamed"
    assert partnership.description == "<p>Hello <b>all</b></p>"
    assert [c.code for c in partnership.countries] == ["KE", "TZ"]
    assert partnership.working_languages == ["sw", "pt-BR"]
    assert partnership.visibility == PRIVATE
    assert response.json()["description"] == "<p>Hello <b>all</b></p>"


@pytest.mark.parametrize(
    "field, value",
    [
        ("slug", "hijacked"),
        ("approval", "approved"),
        ("proposed_by", 1),
        ("partnership", 99),
        ("uuid", "00000000-0000-0000-0000-000000000000"),
        ("logo", "https://evil.example/logo.png"),
    ],
)
def test_fields_that_are_not_editable_are_refused_and_nothing_changes(client, field, value):
    partnership = PartnershipFactory(approval=Partnership.Approval.PROPOSED)
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    client.force_login(leader)
    before = Partnership.objects.filter(pk=partnership.pk).values().get()

    response = client.patch(
        api_url("partnership-detail", partnership_slug=partnership.slug),
        {"name": "Renamed", field: value},
        content_type="application/json",
    )

    error = assert_error(response, 400, "invalid")
    assert error["fields"] == {field: ["This field cannot be set here."]}
    assert Partnership.objects.filter(pk=partnership.pk).values().get() == before


def test_a_non_leader_member_cannot_change_the_profile(client, partnership):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user
    client.force_login(editor)

    response = client.patch(
        api_url("partnership-detail", partnership_slug=partnership.slug),
        {"name": "Renamed"},
        content_type="application/json",
    )

    assert_error(response, 403, "permission_denied")
    partnership.refresh_from_db()
    assert partnership.name != "Renamed"


def test_hub_staff_may_read_but_not_change_a_profile(client, partnership, staff_user):
    client.force_login(staff_user)
    url = api_url("partnership-detail", partnership_slug=partnership.slug)

    assert client.get(url).status_code == 200
    assert_error(
        client.patch(url, {"name": "X"}, content_type="application/json"), 403, "permission_denied"
    )


def test_an_outsider_cannot_change_a_public_partnership(client, partnership):
    client.force_login(UserFactory())

    response = client.patch(
        api_url("partnership-detail", partnership_slug=partnership.slug),
        {"name": "X"},
        content_type="application/json",
    )

    assert_error(response, 403, "permission_denied")
