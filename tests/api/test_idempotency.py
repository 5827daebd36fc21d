"""Idempotency-Key on API writes: a retry replays the first answer and writes nothing
twice; the same key with another request is refused (ADR 0011)."""

import datetime
import threading
import time

import pytest
import time_machine
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from hub.api.idempotency import IdempotencyMiddleware
from hub.models import IdempotencyRecord
from partnerships.models import ApiKey, GovernanceBody, Meeting
from partnerships.services import governance as governance_services
from tests.api.helpers import assert_error
from tests.hub.factories import UserFactory
from tests.partnerships.factories_api import ApiKeyFactory, key_header

pytestmark = pytest.mark.django_db

BODY = {"name": "Steering committee", "kind": "steering_committee"}


def url(name, partnership, *args):
    return reverse(f"api-v1:{name}", args=[partnership.slug, *args])


def post(client, key, data, idempotency_key, name="governance-body-list"):
    return client.post(
        url(name, key.partnership),
        data,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=idempotency_key,
        **key_header(key),
    )


@pytest.fixture
def key(db):
    return ApiKeyFactory(scope=ApiKey.Scope.WRITE)


def test_a_retry_replays_the_first_answer_and_creates_nothing_twice(client, key):
    first = post(client, key, BODY, "retry-1")
    retry = post(client, key, BODY, "retry-1")

    assert first.status_code == 201
    assert retry.status_code == 201
    assert retry.content == first.content
    assert retry["Content-Type"] == "application/json"
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert GovernanceBody.objects.count() == 1
    record = IdempotencyRecord.objects.get()
    assert (record.caller, record.key, record.method) == (f"key:{key.uuid}", "retry-1", "POST")


def test_the_same_key_with_another_body_is_422_and_writes_nothing(client, key):
    post(client, key, BODY, "reused")

    response = post(client, key, {**BODY, "name": "Council"}, "reused")

    error = assert_error(response, 422, "idempotency_key_reused")
    assert "Idempotency-Key" in error["message"]
    assert list(GovernanceBody.objects.values_list("name", flat=True)) == ["Steering committee"]


def test_the_same_key_at_another_address_is_422(client, key):
    post(client, key, BODY, "reused")

    response = post(
        client, key, {"title": "AGM", "starts_at": "2026-01-05T10:00:00Z"}, "reused",
        name="governance-meeting-list",
    )  # fmt: skip

    assert_error(response, 422, "idempotency_key_reused")
    assert Meeting.objects.count() == 0


def test_keys_are_per_caller(client, key):
    other = ApiKeyFactory(scope=ApiKey.Scope.WRITE, partnership=key.partnership)
    post(client, key, BODY, "shared-key")

    response = post(client, other, {**BODY, "name": "Council"}, "shared-key")

    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert GovernanceBody.objects.count() == 2


def test_a_session_caller_is_identified_by_user(client, key):
    client.force_login(key.created_by)
    kwargs = {"content_type": "application/json", "HTTP_IDEMPOTENCY_KEY": "browser-1"}

    first = client.post(url("governance-body-list", key.partnership), BODY, **kwargs)
    retry = client.post(url("governance-body-list", key.partnership), BODY, **kwargs)

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry["Idempotent-Replayed"] == "true"
    assert IdempotencyRecord.objects.get().caller == f"user:{key.created_by.pk}"


def test_a_4xx_answer_is_stored_and_replayed(client, key):
    first = post(client, key, {"kind": "steering_committee"}, "bad-1")
    retry = post(client, key, {"kind": "steering_committee"}, "bad-1")

    assert_error(first, 400, "invalid")
    assert retry.status_code == 400 and retry.content == first.content
    assert retry["Idempotent-Replayed"] == "true"


def test_without_the_header_nothing_is_stored(client, key):
    response = client.post(
        url("governance-body-list", key.partnership), BODY, content_type="application/json",
        **key_header(key),
    )  # fmt: skip

    assert response.status_code == 201
    assert IdempotencyRecord.objects.count() == 0


def test_an_unauthenticated_request_is_not_stored(client, key):
    response = client.post(
        url("governance-body-list", key.partnership), BODY, content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="anon", HTTP_AUTHORIZATION="Api-Key lh_nothing.at-all",
    )  # fmt: skip

    assert_error(response, 401, "authentication_failed")
    assert IdempotencyRecord.objects.count() == 0


@pytest.mark.parametrize("bad", ["x" * 256, "has space", "naïve"])
def test_an_invalid_key_is_400(client, key, bad):
    response = client.post(
        url("governance-body-list", key.partnership), BODY, content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=bad.encode().decode("latin-1"), **key_header(key),
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_idempotency_key"
    assert GovernanceBody.objects.count() == 0


def test_a_record_expires_after_24_hours(client, key):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)):
        post(client, key, BODY, "daily")
    GovernanceBody.objects.all().delete()

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 1, tzinfo=datetime.UTC)):
        again = post(client, key, BODY, "daily")

    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert GovernanceBody.objects.count() == 1
    assert IdempotencyRecord.objects.get().created_at.day == 2


def test_expired_records_of_everyone_are_purged_on_write(client, key):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)):
        IdempotencyRecord.objects.create(caller="user:0", key="old", method="POST", path="/",
                                         body_hash="0", response_status=201)  # fmt: skip
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)):
        post(client, key, BODY, "new")

    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


# --- the middleware on its own: stored headers, 5xx --------------------------------------


def _request(user, key="k-1", path="/api/v1/anything/"):
    request = RequestFactory().post(path, b"{}", content_type="application/json",
                                    HTTP_IDEMPOTENCY_KEY=key)  # fmt: skip
    request.user = user
    request._dont_enforce_csrf_checks = True
    return request


def test_the_replay_keeps_status_and_headers_such_as_location():
    user = UserFactory()
    calls = []

    def view(request):
        calls.append(request)
        response = HttpResponse(b'{"id": 1}', status=201, content_type="application/json")
        response["Location"] = "/api/v1/things/1/"
        return response

    middleware = IdempotencyMiddleware(view)
    first = middleware(_request(user))
    retry = middleware(_request(user))

    assert len(calls) == 1
    assert (retry.status_code, retry.content) == (201, b'{"id": 1}')
    assert retry["Location"] == first["Location"] == "/api/v1/things/1/"


def test_a_5xx_answer_is_not_stored_and_its_writes_are_rolled_back():
    user = UserFactory()

    def failing_view(request):
        GovernanceBody.objects.create(partnership=ApiKeyFactory().partnership, name="Half")
        return HttpResponse(status=503)

    response = IdempotencyMiddleware(failing_view)(_request(user))

    assert response.status_code == 503
    assert not GovernanceBody.objects.filter(name="Half").exists()
    assert IdempotencyRecord.objects.count() == 0


# --- two connections at once ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_write_once(monkeypatch):
    key = ApiKeyFactory(scope=ApiKey.Scope.WRITE)
    real_create = governance_services.meeting_create

    def slow_create(**kwargs):
        time.sleep(0.4)  # both requests are in flight at the same time
        return real_create(**kwargs)

    monkeypatch.setattr(governance_services, "meeting_create", slow_create)
    data = {"title": "AGM", "starts_at": "2026-01-05T10:00:00Z"}
    barrier = threading.Barrier(2)
    answers = []

    def send():
        try:
            barrier.wait()
            answers.append(post(Client(), key, data, "same-time", name="governance-meeting-list"))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(a.status_code for a in answers) == [201, 201]
    assert answers[0].content == answers[1].content
    assert sorted(a.has_header("Idempotent-Replayed") for a in answers) == [False, True]
    assert Meeting.objects.count() == 1
