"""Every 4xx from the API has the one error shape (ADR 0005)."""

import pytest

from partnerships.models import Partnership
from partnerships.roles import Role
from tests.api.helpers import api_url, assert_error
from tests.partnerships.factories import MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def test_unknown_address_under_the_api_is_a_json_404(client, user):
    client.force_login(user)

    error = assert_error(client.get("/api/v1/nope/"), 404, "not_found")

    assert error["message"] == "There is no endpoint at this address."


def test_unknown_address_is_a_json_404_for_anonymous_callers_and_any_method(client):
    assert_error(client.get("/api/v1/nope/deeper/"), 404, "not_found")
    assert_error(
        client.post("/api/v1/nope/", {}, content_type="application/json"), 404, "not_found"
    )
    assert_error(client.delete("/api/v1/"), 404, "not_found")


def test_a_missing_trailing_slash_says_which_address_was_meant(client, user):
    client.force_login(user)

    error = assert_error(client.get("/api/v1/users/me"), 404, "not_found")

    assert error["message"] == (
        "There is no endpoint at this address. Did you mean /api/v1/users/me/?"
    )


def test_no_credentials_is_401_with_the_scheme_to_use(client):
    response = client.get(api_url("partnership-list"))

    error = assert_error(response, 401, "not_authenticated")
    assert error["message"] == "Authentication credentials were not provided."
    assert response["WWW-Authenticate"] == "Api-Key"


def test_a_method_the_endpoint_lacks_is_405(client, partnership, member_factory):
    client.force_login(member_factory(Role.LEADER).user)
    url = api_url("partnership-detail", partnership_slug=partnership.slug)

    put = client.put(url, {"name": "x"}, content_type="application/json")
    delete = client.delete(url)
    post_me = client.post(api_url("user-me"), {}, content_type="application/json")

    assert_error(put, 405, "method_not_allowed")
    assert_error(delete, 405, "method_not_allowed")
    assert_error(post_me, 405, "method_not_allowed")
    assert put["Allow"] == "GET, PATCH, HEAD, OPTIONS"
    partnership.refresh_from_db()
    assert partnership.name != "x"


def test_a_private_partnership_is_404_for_outsiders_on_every_method(client, user):
    private = PartnershipFactory(visibility=Partnership.Visibility.PRIVATE)
    client.force_login(user)
    url = api_url("partnership-detail", partnership_slug=private.slug)

    assert_error(client.get(url), 404, "not_found")
    assert_error(client.put(url, {}, content_type="application/json"), 404, "not_found")


def test_without_the_permission_is_403(client, partnership, member_factory):
    client.force_login(member_factory(Role.EDITOR).user)

    response = client.patch(
        api_url("partnership-detail", partnership_slug=partnership.slug),
        {"name": "Renamed"},
        content_type="application/json",
    )

    error = assert_error(response, 403, "permission_denied")
    assert error["message"] == "You do not have permission to perform this action."


def test_invalid_fields_are_400_with_a_message_per_field(client, partnership, member_factory):
    client.force_login(member_factory(Role.LEADER).user)

    response = client.patch(
        api_url("partnership-detail", partnership_slug=partnership.slug),
        {"status": "sleeping", "countries": ["KE", "XX"], "contact_email": "not-an-email"},
        content_type="application/json",
    )

    error = assert_error(response, 400, "invalid")
    assert error["message"] == "The request has invalid fields."
    assert error["fields"] == {
        "status": ['"sleeping" is not a valid choice.'],
        "countries.1": ["“XX” is not a country code."],
        "contact_email": ["Enter a valid email address."],
    }


def test_model_validation_from_a_service_is_400_with_the_field(client, user):
    client.force_login(user)

    response = client.patch(
        api_url("user-me"), {"time_zone": "Mars/Olympus"}, content_type="application/json"
    )

    error = assert_error(response, 400, "invalid")
    assert error["fields"] == {"time_zone": ["Value 'Mars/Olympus' is not a valid choice."]}


def test_malformed_json_is_400(client, partnership, member_factory):
    client.force_login(member_factory(Role.LEADER).user)

    response = client.patch(
        api_url("partnership-detail", partnership_slug=partnership.slug),
        "{not json",
        content_type="application/json",
    )

    assert response.status_code == 400
    body = response.json()["error"]
    assert (body["status"], body["code"]) == (400, "parse_error")
    assert "JSON parse error" in body["message"]


def test_only_json_is_accepted(client, partnership, member_factory):
    client.force_login(member_factory(Role.LEADER).user)

    response = client.patch(
        api_url("partnership-detail", partnership_slug=partnership.slug),
        "name=Renamed",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    partnership.refresh_from_db()
    assert partnership.name != "Renamed"


def test_an_invalid_filter_value_is_400(client, user):
    client.force_login(user)

    response = client.get(api_url("partnership-list"), {"status": "sleeping"})

    error = assert_error(response, 400, "invalid")
    assert error["fields"] == {
        "status": ["Select a valid choice. sleeping is not one of the available choices."]
    }


def test_an_invalid_cursor_is_404(client, user):
    client.force_login(user)

    response = client.get(api_url("partnership-list"), {"cursor": "garbage"})

    assert assert_error(response, 404, "not_found")["message"] == "Invalid cursor"


def test_another_partnerships_row_is_404(client, partnership, member_factory):
    client.force_login(member_factory(Role.LEADER).user)
    foreign = MembershipFactory(partnership=PartnershipFactory())

    response = client.get(
        api_url(
            "membership-detail", partnership_slug=partnership.slug, membership_uuid=foreign.uuid
        )
    )

    assert_error(response, 404, "not_found")
