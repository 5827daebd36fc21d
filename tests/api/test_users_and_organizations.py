import pytest

from hub.models import Organization
from tests.api.helpers import api_url, assert_error
from tests.hub.factories import OrganizationFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_users_me_describes_the_caller(client, user):
    client.force_login(user)

    body = client.get(api_url("user-me")).json()

    assert body == {
        "uuid": str(user.uuid),
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": "en",
        "time_zone": "UTC",
    }


def test_users_me_changes_name_language_and_time_zone(client, user):
    client.force_login(user)

    response = client.patch(
        api_url("user-me"),
        {
            "full_name": "  Wanjiru Kamau ",
            "preferred_language": "fr",
            "time_zone": "Africa/Nairobi",
        },
        content_type="application/json",
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language, user.time_zone) == (
        "Wanjiru Kamau",
        "fr",
        "Africa/Nairobi",
    )
    assert response.json()["full_name"] == "Wanjiru Kamau"


def test_users_me_leaves_out_fields_not_sent(client, user):
    user.time_zone = "Europe/Lisbon"
    user.save()
    client.force_login(user)

    client.patch(api_url("user-me"), {"preferred_language": "pt"}, content_type="application/json")

    user.refresh_from_db()
    assert (user.preferred_language, user.time_zone) == ("pt", "Europe/Lisbon")


@pytest.mark.parametrize("field, value", [("email", "new@example.org"), ("is_staff", True)])
def test_users_me_refuses_other_fields_and_changes_nothing(client, user, field, value):
    client.force_login(user)

    response = client.patch(
        api_url("user-me"), {"full_name": "New", field: value}, content_type="application/json"
    )

    assert assert_error(response, 400, "invalid")["fields"] == {
        field: ["This field cannot be set here."]
    }
    user.refresh_from_db()
    assert (user.full_name, user.email, user.is_staff) != ("New", "new@example.org", True)
    assert user.full_name != "New"
    assert user.is_staff is False


def test_organizations_search_in_full_text_and_filter_by_type(client, user):
    forest = OrganizationFactory(name="Forest Friends", description="Community forestry")
    OrganizationFactory(name="Water Trust", type=Organization.Type.DONOR)
    ministry = OrganizationFactory(
        name="Ministry of Environment", acronym="MoE", type=Organization.Type.GOVERNMENT
    )
    client.force_login(user)
    url = api_url("organization-list")

    def names(**params):
        return [o["name"] for o in client.get(url, params).json()["results"]]

    assert names(q="forest") == [forest.name]
    assert names(q="moe") == [ministry.name]
    assert names(type="government") == [ministry.name]
    assert names(q="forest", type="government") == []
    assert names(q="  !! ") == ["Forest Friends", "Ministry of Environment", "Water Trust"]
    assert_error(client.get(url, {"type": "church"}), 400, "invalid")


def test_organization_detail_by_uuid(client, user):
    organization = OrganizationFactory(name="Forest Friends", acronym="FF", countries=["KE"])
    client.force_login(user)

    body = client.get(api_url("organization-detail", organization_uuid=organization.uuid)).json()
    missing = client.get(
        api_url("organization-detail", organization_uuid="00000000-0000-0000-0000-000000000000")
    )

    assert (body["uuid"], body["name"], body["acronym"], body["countries"]) == (
        str(organization.uuid),
        "Forest Friends",
        "FF",
        ["KE"],
    )
    assert_error(missing, 404, "not_found")


def test_organizations_are_for_signed_in_callers(client):
    assert_error(client.get(api_url("organization-list")), 401, "not_authenticated")


def test_organizations_page_size_is_capped(client, user):
    Organization.objects.bulk_create(
        Organization(name=f"Org {i:03d}", type=Organization.Type.NGO) for i in range(201)
    )
    client.force_login(user)

    body = client.get(api_url("organization-list"), {"page_size": 500}).json()

    assert len(body["results"]) == 200
    assert body["next"] is not None


def test_the_organization_list_runs_the_same_queries_for_n_and_2n_rows(client, user):
    OrganizationFactory.create_batch(3)
    client.force_login(user)

    count = assert_constant_queries(
        lambda: client.get(api_url("organization-list"), {"q": "organization"}),
        lambda: OrganizationFactory.create_batch(3),
    )

    assert count <= 4
