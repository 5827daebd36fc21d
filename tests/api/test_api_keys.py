"""API keys act as their creator, within their scope and their one partnership."""

import datetime

import pytest
from django.utils import timezone

from partnerships.models import ApiKey, Membership, Partnership
from partnerships.roles import Role
from tests.api.helpers import api_url, assert_error
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.partnerships.factories_api import ApiKeyFactory, key_header

pytestmark = pytest.mark.django_db


def _patch(client, partnership, key, data):
    return client.patch(
        api_url("partnership-detail", partnership_slug=partnership.slug),
        data,
        content_type="application/json",
        **key_header(key),
    )


def test_a_key_reads_its_private_partnership_and_records_its_use(client):
    private = PartnershipFactory(visibility=Partnership.Visibility.PRIVATE)
    key = ApiKeyFactory(partnership=private)
    assert key.last_used_at is None

    response = client.get(
        api_url("membership-list", partnership_slug=private.slug), **key_header(key)
    )

    assert response.status_code == 200
    assert [m["user"]["uuid"] for m in response.json()["results"]] == [str(key.created_by.uuid)]
    key.refresh_from_db()
    assert timezone.now() - key.last_used_at < datetime.timedelta(seconds=5)


def test_users_me_with_a_key_is_its_creator(client):
    key = ApiKeyFactory()

    response = client.get(api_url("user-me"), **key_header(key))

    assert response.json()["email"] == key.created_by.email


@pytest.mark.parametrize(
    "header",
    [
        "Api-Key lh_nothing.at-all",
        "Api-Key lh_t0000000",
        "Api-Key ",
    ],
)
def test_an_unknown_key_is_401(client, header):
    ApiKeyFactory()

    response = client.get(api_url("partnership-list"), HTTP_AUTHORIZATION=header)

    assert assert_error(response, 401, "authentication_failed")["message"] == "Invalid API key."


def test_a_right_prefix_with_a_wrong_secret_is_401(client):
    key = ApiKeyFactory()

    response = client.get(
        api_url("partnership-list"), HTTP_AUTHORIZATION=f"Api-Key {key.prefix}.wrong-secret"
    )

    assert_error(response, 401, "authentication_failed")


def test_a_revoked_key_is_401(client):
    key = ApiKeyFactory(revoked_at=timezone.now())

    response = client.get(api_url("partnership-list"), **key_header(key))

    error = assert_error(response, 401, "authentication_failed")
    assert error["message"] == "This API key is revoked or expired."


def test_an_expired_key_is_401(client):
    key = ApiKeyFactory(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get(api_url("partnership-list"), **key_header(key))

    assert_error(response, 401, "authentication_failed")


def test_a_key_whose_creator_left_the_partnership_stops_working(client):
    key = ApiKeyFactory()
    Membership.objects.filter(user=key.created_by).delete()

    response = client.get(api_url("user-me"), **key_header(key))

    error = assert_error(response, 401, "authentication_failed")
    assert error["message"] == (
        "The creator of this API key is no longer a member of its partnership."
    )


def test_a_key_of_an_inactive_creator_is_401(client):
    key = ApiKeyFactory()
    key.created_by.is_active = False
    key.created_by.save()

    assert_error(client.get(api_url("user-me"), **key_header(key)), 401, "authentication_failed")


def test_a_key_used_on_another_partnership_is_404_even_where_its_creator_is_leader(client):
    key = ApiKeyFactory()
    other = PartnershipFactory()
    MembershipFactory(partnership=other, user=key.created_by, role=Role.LEADER)

    get = client.get(api_url("partnership-detail", partnership_slug=other.slug), **key_header(key))
    patch = _patch(client, other, key, {"name": "Taken over"})

    assert_error(get, 404, "not_found")
    assert_error(patch, 404, "not_found")
    other.refresh_from_db()
    assert other.name != "Taken over"


def test_a_key_lists_only_its_own_partnership(client):
    key = ApiKeyFactory()
    other = PartnershipFactory()
    MembershipFactory(partnership=other, user=key.created_by, role=Role.LEADER)

    response = client.get(api_url("partnership-list"), **key_header(key))

    assert [p["slug"] for p in response.json()["results"]] == [key.partnership.slug]


def test_a_read_key_cannot_write(client):
    key = ApiKeyFactory(scope=ApiKey.Scope.READ)

    response = _patch(client, key.partnership, key, {"name": "Renamed"})

    assert assert_error(response, 403, "permission_denied")["message"] == (
        "This API key may only read."
    )
    key.partnership.refresh_from_db()
    assert key.partnership.name != "Renamed"


def test_a_write_key_of_a_leader_writes(client):
    key = ApiKeyFactory(scope=ApiKey.Scope.WRITE)

    response = _patch(client, key.partnership, key, {"name": "Renamed"})

    assert response.status_code == 200
    key.partnership.refresh_from_db()
    assert key.partnership.name == "Renamed"


def test_a_write_key_loses_write_access_when_its_creator_is_no_longer_leader(client):
    key = ApiKeyFactory(scope=ApiKey.Scope.WRITE)
    Membership.objects.filter(user=key.created_by).update(role=Role.EDITOR)

    response = _patch(client, key.partnership, key, {"name": "Renamed"})
    read = client.get(
        api_url("partnership-detail", partnership_slug=key.partnership.slug), **key_header(key)
    )

    assert_error(response, 403, "permission_denied")
    assert read.status_code == 200
    key.partnership.refresh_from_db()
    assert key.partnership.name != "Renamed"


def test_a_key_cannot_change_its_creators_profile(client):
    key = ApiKeyFactory(scope=ApiKey.Scope.WRITE)

    response = client.patch(
        api_url("user-me"), {"full_name": "Someone Else"}, content_type="application/json",
        **key_header(key),
    )  # fmt: skip

    assert_error(response, 403, "permission_denied")
    key.created_by.refresh_from_db()
    assert key.created_by.full_name != "Someone Else"


def test_a_read_key_is_refused_writes_on_endpoints_outside_partnerships(client):
    key = ApiKeyFactory(scope=ApiKey.Scope.READ)

    response = client.patch(
        api_url("user-me"), {"full_name": "X"}, content_type="application/json", **key_header(key)
    )

    assert assert_error(response, 403, "permission_denied")["message"] == (
        "This API key may only read."
    )


def test_a_key_needs_no_csrf_token_but_a_session_write_does(partnership, member_factory):
    from django.test import Client

    key = ApiKeyFactory(partnership=partnership, scope=ApiKey.Scope.WRITE)
    leader = member_factory(Role.LEADER).user
    strict = Client(enforce_csrf_checks=True)

    with_key = _patch(strict, partnership, key, {"name": "By key"})
    strict.force_login(leader)
    with_session = strict.patch(
        api_url("partnership-detail", partnership_slug=partnership.slug),
        {"name": "By session"},
        content_type="application/json",
    )

    assert with_key.status_code == 200
    error = assert_error(with_session, 403, "permission_denied")
    assert error["message"].startswith("CSRF Failed")
    partnership.refresh_from_db()
    assert partnership.name == "By key"
