"""ETag / If-None-Match (304) on reads and If-Match (412) on updates, for every endpoint
(ADR 0011)."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from partnerships.models import ApiKey, GovernanceBody
from partnerships.roles import Role
from partnerships.services import governance as governance_services
from tests.api.helpers import assert_error
from tests.hub.factories import OrganizationFactory
from tests.partnerships.factories import MembershipFactory
from tests.partnerships.factories_api import ApiKeyFactory, key_header
from tests.partnerships.factories_governance import GovernanceBodyFactory

pytestmark = pytest.mark.django_db


def url(name, partnership, *args):
    return reverse(f"api-v1:{name}", args=[partnership.slug, *args])


@pytest.fixture
def key(db):
    return ApiKeyFactory(scope=ApiKey.Scope.WRITE)


@pytest.fixture
def body(key):
    return GovernanceBodyFactory(partnership=key.partnership, name="Council")


def detail(body):
    return url("governance-body-detail", body.partnership, body.uuid)


def patch(client, key, body, data, if_match=None):
    extra = {"HTTP_IF_MATCH": if_match} if if_match is not None else {}
    return client.patch(detail(body), data, content_type="application/json",
                        **extra, **key_header(key))  # fmt: skip


def test_a_detail_read_has_a_strong_etag_and_a_repeat_is_304_without_body(client, key, body):
    first = client.get(detail(body), **key_header(key))

    etag = first["ETag"]
    again = client.get(detail(body), HTTP_IF_NONE_MATCH=etag, **key_header(key))

    assert first.status_code == 200
    assert etag.startswith('"') and not etag.startswith("W/")
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "private" in first["Cache-Control"]


def test_the_etag_changes_when_the_resource_changes(client, key, body):
    before = client.get(detail(body), **key_header(key))["ETag"]
    patch(client, key, body, {"mandate": "Decides on the budget."})

    after = client.get(detail(body), HTTP_IF_NONE_MATCH=before, **key_header(key))

    assert after.status_code == 200
    assert after["ETag"] != before
    assert after.json()["mandate"] == "Decides on the budget."


def test_list_pages_have_different_etags_and_answer_304(client, key):
    GovernanceBodyFactory.create_batch(3, partnership=key.partnership)
    list_url = url("governance-body-list", key.partnership) + "?page_size=2"

    page_1 = client.get(list_url, **key_header(key))
    page_2 = client.get(page_1.json()["next"], **key_header(key))
    unchanged = client.get(list_url, HTTP_IF_NONE_MATCH=page_1["ETag"], **key_header(key))

    assert page_1["ETag"] != page_2["ETag"]
    assert unchanged.status_code == 304 and unchanged.content == b""


def test_endpoints_of_every_app_are_tagged(client, key):
    organization = OrganizationFactory()
    org_url = reverse("api-v1:organization-detail", args=[organization.uuid])

    response = client.get(org_url, **key_header(key))
    not_modified = client.get(org_url, HTTP_IF_NONE_MATCH=response["ETag"], **key_header(key))

    assert response.status_code == 200 and response["ETag"]
    assert not_modified.status_code == 304


def test_errors_and_writes_without_if_match_carry_no_etag(client, key, body):
    missing = client.get(detail(body).replace(str(body.uuid), "0" * 8 + "-0000-0000-0000-" + "0" * 12),
                         **key_header(key))  # fmt: skip
    written = patch(client, key, body, {"mandate": "x"})

    assert missing.status_code == 404 and not missing.has_header("ETag")
    assert written.status_code == 200 and not written.has_header("ETag")


def test_a_second_partner_system_with_a_stale_etag_gets_412_and_the_first_write_stays(
    client, key, body
):
    # given two partner systems, each with its own key, that read the same body
    other = ApiKeyFactory(
        scope=ApiKey.Scope.WRITE,
        partnership=key.partnership,
        created_by=MembershipFactory(partnership=key.partnership, role=Role.LEADER).user,
    )
    etag_a = client.get(detail(body), **key_header(key))["ETag"]
    etag_b = client.get(detail(body), **key_header(other))["ETag"]
    assert etag_a == etag_b

    # when both change it, each with the tag it read
    first = patch(client, key, body, {"mandate": "From system A"}, if_match=etag_a)
    second = patch(client, other, body, {"mandate": "From system B"}, if_match=etag_b)

    # then the first succeeds with the new tag, the second is refused
    assert first.status_code == 200
    assert first["ETag"] == client.get(detail(body), **key_header(key))["ETag"] != etag_a
    error = assert_error(second, 412, "precondition_failed")
    assert "If-Match" in error["message"]
    assert second["ETag"] == first["ETag"]
    body.refresh_from_db()
    assert body.mandate == "From system A"


def test_a_current_etag_and_the_wildcard_let_the_write_through(client, key, body):
    etag = client.get(detail(body), **key_header(key))["ETag"]

    current = patch(client, key, body, {"mandate": "one"}, if_match=f'"other", {etag}')
    wildcard = patch(client, key, body, {"mandate": "two"}, if_match="*")

    assert (current.status_code, wildcard.status_code) == (200, 200)
    body.refresh_from_db()
    assert body.mandate == "two"


def test_a_weak_etag_never_matches_if_match(client, key, body):
    etag = client.get(detail(body), **key_header(key))["ETag"]

    response = patch(client, key, body, {"mandate": "weak"}, if_match=f"W/{etag}")

    assert_error(response, 412, "precondition_failed")


def test_a_stale_delete_is_412_and_deletes_nothing(client, key, body):
    etag = client.get(detail(body), **key_header(key))["ETag"]
    patch(client, key, body, {"mandate": "changed"})

    stale = client.delete(detail(body), HTTP_IF_MATCH=etag, **key_header(key))
    fresh_etag = client.get(detail(body), **key_header(key))["ETag"]
    fresh = client.delete(detail(body), HTTP_IF_MATCH=fresh_etag, **key_header(key))

    assert_error(stale, 412, "precondition_failed")
    assert fresh.status_code == 204
    assert not GovernanceBody.objects.filter(pk=body.pk).exists()


def test_if_match_on_an_invisible_resource_answers_like_the_write(client, key):
    elsewhere = GovernanceBodyFactory()

    response = client.patch(detail(elsewhere), {"mandate": "x"}, content_type="application/json",
                            HTTP_IF_MATCH='"abc"', **key_header(key))  # fmt: skip

    assert_error(response, 404, "not_found")


def test_the_check_read_is_not_throttled_separately(client, key, body, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"api": "2/hour"}}  # fmt: skip
    etag = client.get(detail(body), **key_header(key))["ETag"]

    response = patch(client, key, body, {"mandate": "ok"}, if_match=etag)

    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_writes_with_the_same_etag_one_wins(monkeypatch):
    key = ApiKeyFactory(scope=ApiKey.Scope.WRITE)
    body = GovernanceBodyFactory(partnership=key.partnership, name="Council")
    etag = Client().get(detail(body), **key_header(key))["ETag"]
    real_update = governance_services.body_update

    def slow_update(**kwargs):
        time.sleep(0.4)
        return real_update(**kwargs)

    monkeypatch.setattr(governance_services, "body_update", slow_update)
    barrier = threading.Barrier(2)
    answers = {}

    def send(text):
        try:
            barrier.wait()
            answers[text] = patch(Client(), key, body, {"mandate": text}, if_match=etag)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(t,)) for t in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(answer.status_code for answer in answers.values())
    assert statuses == [200, 412]
    winner = next(text for text, answer in answers.items() if answer.status_code == 200)
    body.refresh_from_db()
    assert body.mandate == winner
