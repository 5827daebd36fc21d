"""Outgoing webhooks (ADR 0010): settings pages, signing, ordered delivery with retries,
the outgoing-request guard, rotation and automatic disabling. A real HTTP receiver on
127.0.0.1 (allowed by hub staff) gets the events; tasks run eagerly here and in a real
worker in test_webhooks_worker.py."""

from __future__ import annotations

import datetime
import re
import socket
import uuid

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hub import events
from hub.models import Notification
from hub.notifications import kinds
from partnerships.models import AllowedWebhookHost, WebhookDelivery, WebhookEndpoint
from partnerships.roles import Role
from partnerships.services.webhooks import webhook_create, webhook_rotate_secret
from partnerships.webhooks import delivery as webhook_delivery
from partnerships.webhooks import signing
from partnerships.webhooks.ssrf import BlockedUrl, check_url
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.partnerships.webhook_receiver import published_order, received_order, start_receiver
from tests.queries import assert_constant_queries

SECRET_RE = re.compile(r'id="webhook-secret" value="(whsec_[A-Za-z0-9_-]+)"')


@pytest.fixture
def leader(partnership):
    return MembershipFactory(partnership=partnership, role=Role.LEADER).user


@pytest.fixture
def receiver():
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def local_allowed(db):
    return AllowedWebhookHost.objects.create(host="127.0.0.1", reason="test receiver")


@pytest.fixture
def fast_retries(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0


def _url(name, partnership, **kwargs):
    return reverse(f"partnerships:{name}", kwargs={"partnership_slug": partnership.slug, **kwargs})


def _publish(partnership, object_uuid, n=0, event_type="member.joined"):
    return events.publish(
        event_type, partnership_id=partnership.pk, object_uuid=object_uuid, data={"n": n}
    )


def _endpoint(partnership, leader, url, event_types=("member.joined",)):
    endpoint, secret = webhook_create(
        partnership=partnership, actor=leader, url=url, event_types=event_types
    )
    return endpoint, secret


# --- signing ---------------------------------------------------------------------------


def test_the_signature_is_hmac_sha256_over_timestamp_dot_body():
    import hashlib
    import hmac

    body = b'{"a":1}'
    expected = hmac.new(b"whsec_k", b"1700000000." + body, hashlib.sha256).hexdigest()

    assert signing.signature(secret="whsec_k", timestamp=1700000000, body=body) == f"v1={expected}"
    assert signing.verify(
        secret="whsec_k", timestamp="1700000000", body=body, signatures=[f"v1={expected}"],
        now=1700000100,
    )  # fmt: skip
    assert not signing.verify(
        secret="whsec_k", timestamp="1700000000", body=body + b" ", signatures=[f"v1={expected}"],
        now=1700000100,
    )  # fmt: skip
    assert not signing.verify(
        secret="whsec_k", timestamp="1700000000", body=body, signatures=[f"v1={expected}"],
        now=1700000000 + 301,
    )  # fmt: skip


# --- the outgoing-request guard ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://172.16.5.4/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[fe80::1]/hook",
        "https://[fd00::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://0.0.0.0/hook",
        "https://224.0.0.1/hook",
        "https://100.64.0.1/hook",
        "https://240.0.0.1/hook",
    ],
)
def test_private_loopback_link_local_and_reserved_addresses_are_refused(url):
    with pytest.raises(BlockedUrl):
        check_url(url)


@pytest.mark.django_db
def test_a_public_address_passes_and_is_the_one_to_connect_to():
    target = check_url("https://93.184.215.14:8443/in?x=1")

    assert (target.ip, target.port, target.path, target.host_header) == (
        "93.184.215.14", 8443, "/in?x=1", "93.184.215.14:8443",
    )  # fmt: skip


@pytest.mark.django_db
def test_plain_http_is_refused_for_public_hosts_and_credentials_in_urls_too():
    with pytest.raises(BlockedUrl, match="https"):
        check_url("http://93.184.215.14/hook")
    with pytest.raises(BlockedUrl, match="password"):
        check_url("https://user:pw@93.184.215.14/hook")


@pytest.mark.django_db
def test_a_host_allowed_by_hub_staff_may_be_private(local_allowed):
    assert check_url("http://127.0.0.1:9/hook").ip == "127.0.0.1"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8123/hook",
        "https://10.0.0.5/hook",
        "https://169.254.169.254/",
        "https://[::1]/",
    ],
)
def test_a_blocked_address_is_refused_when_subscribing(client, partnership, leader, url):
    client.force_login(leader)

    response = client.post(
        _url("webhook-create", partnership), {"url": url, "event_types": ["member.joined"]}
    )

    assert response.status_code == 400
    errors = response.context["form"].errors["url"]
    assert any("private" in e or "https" in e for e in errors), errors
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_blocked_address_is_refused_at_delivery_time(
    partnership, leader, receiver, local_allowed, celery_eager, fast_retries
):
    _endpoint(partnership, leader, receiver.url)
    local_allowed.delete()  # hub staff withdraw the permission

    with transaction.atomic():
        _publish(partnership, uuid.uuid4())

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempts == 1
    assert "private" in delivery.error
    assert receiver.requests == []


@pytest.mark.django_db(transaction=True)
def test_a_dns_answer_that_changes_to_a_private_address_is_refused_at_delivery(
    partnership, leader, monkeypatch, celery_eager, fast_retries
):
    answers = {"ip": "93.184.215.14"}

    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers["ip"], port))]

    monkeypatch.setattr("partnerships.webhooks.ssrf.socket.getaddrinfo", fake_getaddrinfo)
    _endpoint(partnership, leader, "https://hooks.example.org/in")
    answers["ip"] = "10.0.0.7"  # DNS rebinding

    with transaction.atomic():
        _publish(partnership, uuid.uuid4())

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert "10.0.0.7" in delivery.error


# --- delivery ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_each_event_arrives_once_in_order_signed_even_when_first_attempts_fail(
    partnership, leader, receiver, local_allowed, celery_eager, fast_retries
):
    _ep, secret = _endpoint(partnership, leader, receiver.url)
    receiver.answers = [500, 503]
    first, second = uuid.uuid4(), uuid.uuid4()

    with transaction.atomic():
        published = [
            _publish(partnership, first, 1),
            _publish(partnership, second, 2),
            _publish(partnership, first, 3),
        ]
    with transaction.atomic():
        published.append(_publish(partnership, first, 4))

    accepted = receiver.accepted()
    assert sorted(r.json()["id"] for r in accepted) == sorted(str(e.id) for e in published)
    assert received_order(accepted) == published_order(published)
    assert all(r.signed_with(secret) for r in receiver.requests)
    assert all(r.headers[signing.ID_HEADER] == r.json()["id"] for r in receiver.requests)
    assert len(receiver.requests) == 6  # two refused attempts, then four accepted
    assert accepted[0].json() == published[0].payload()
    deliveries = WebhookDelivery.objects.order_by("created_at")
    assert [d.status for d in deliveries] == ["succeeded"] * 4
    assert [d.attempts for d in deliveries] == [3, 1, 1, 1]
    assert [d.sequence for d in deliveries if d.object_uuid == first] == [1, 2, 3]
    assert all(d.response_status == 200 and d.response_ms is not None for d in deliveries)


@pytest.mark.django_db
def test_a_later_delivery_waits_while_an_earlier_one_of_the_same_object_is_pending(
    partnership, leader, receiver, local_allowed
):
    endpoint, _secret = _endpoint(partnership, leader, receiver.url)
    object_uuid = uuid.uuid4()
    with transaction.atomic():
        earlier = webhook_delivery.delivery_record(
            endpoint=endpoint, payload=_publish(partnership, object_uuid, 1).payload()
        )
        later = webhook_delivery.delivery_record(
            endpoint=endpoint, payload=_publish(partnership, object_uuid, 2).payload()
        )
    other = webhook_delivery.delivery_record(
        endpoint=endpoint, payload=_publish(partnership, uuid.uuid4(), 3).payload()
    )

    assert webhook_delivery.delivery_attempt(delivery_id=later.pk) == "waiting"
    assert receiver.requests == []
    assert webhook_delivery.delivery_attempt(delivery_id=other.pk) == "sent"
    assert webhook_delivery.delivery_attempt(delivery_id=earlier.pk) == "sent"
    assert webhook_delivery.delivery_attempt(delivery_id=later.pk) == "sent"
    assert webhook_delivery.delivery_attempt(delivery_id=later.pk) == "not_pending"
    assert [r.json()["data"]["n"] for r in receiver.requests] == [3, 1, 2]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("status", [400, 401, 404, 410, 422, 301])
def test_a_4xx_or_redirect_answer_fails_at_once_without_retry(
    partnership, leader, receiver, local_allowed, celery_eager, fast_retries, status
):
    _endpoint(partnership, leader, receiver.url)
    receiver.answers = [status, 200]

    with transaction.atomic():
        _publish(partnership, uuid.uuid4())

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (
        "failed", 1, status,
    )  # fmt: skip
    assert len(receiver.requests) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("status", [429, 500, 502])
def test_429_and_5xx_are_retried(
    partnership, leader, receiver, local_allowed, celery_eager, fast_retries, status
):
    _endpoint(partnership, leader, receiver.url)
    receiver.answers = [status]

    with transaction.atomic():
        _publish(partnership, uuid.uuid4())

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("succeeded", 2)
    assert [r.answered for r in receiver.requests] == [status, 200]


@pytest.mark.django_db(transaction=True)
def test_a_connection_error_is_retried_until_the_last_attempt_then_fails(
    partnership, leader, local_allowed, celery_eager, fast_retries
):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    _endpoint(partnership, leader, f"http://127.0.0.1:{port}/hook")

    with transaction.atomic():
        _publish(partnership, uuid.uuid4())

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", webhook_delivery.MAX_ATTEMPTS)
    assert delivery.error.startswith("Connection error")


def test_the_backoff_doubles(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30

    assert [webhook_delivery.backoff_seconds(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


@pytest.mark.django_db
def test_a_retry_is_not_attempted_before_it_is_due(partnership, leader, receiver, local_allowed):
    endpoint, _secret = _endpoint(partnership, leader, receiver.url)
    delivery = webhook_delivery.delivery_record(
        endpoint=endpoint, payload=_publish(partnership, uuid.uuid4()).payload()
    )
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=5), attempts=1
    )

    assert webhook_delivery.delivery_attempt(delivery_id=delivery.pk) == "not_due"
    assert receiver.requests == []


@pytest.mark.django_db(transaction=True)
def test_only_active_endpoints_subscribed_to_the_type_get_a_delivery(
    partnership, leader, receiver, local_allowed, celery_eager, fast_retries
):
    subscribed, _s = _endpoint(partnership, leader, receiver.url)
    _endpoint(partnership, leader, receiver.url + "/other", event_types=["report.ready"])
    disabled, _s = _endpoint(partnership, leader, receiver.url + "/off")
    WebhookEndpoint.objects.filter(pk=disabled.pk).update(is_active=False)
    other = PartnershipFactory()
    other_leader = MembershipFactory(partnership=other, role=Role.LEADER).user
    _endpoint(other, other_leader, receiver.url + "/theirs")

    with transaction.atomic():
        _publish(partnership, uuid.uuid4())

    assert list(WebhookDelivery.objects.values_list("endpoint", flat=True)) == [subscribed.pk]
    assert [r.answered for r in receiver.requests] == [200]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing(
    partnership, leader, receiver, local_allowed, celery_eager
):
    _endpoint(partnership, leader, receiver.url)

    with pytest.raises(RuntimeError), transaction.atomic():
        _publish(partnership, uuid.uuid4())
        raise RuntimeError

    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


# --- rotation ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_after_rotation_both_secrets_sign_for_24_hours_then_only_the_new_one(
    partnership, leader, receiver, local_allowed, celery_eager, fast_retries
):
    endpoint, old_secret = _endpoint(partnership, leader, receiver.url)
    endpoint, new_secret = webhook_rotate_secret(endpoint=endpoint, actor=leader)
    assert new_secret != old_secret
    assert endpoint.previous_secret_expires_at - timezone.now() > datetime.timedelta(hours=23)

    with transaction.atomic():
        _publish(partnership, uuid.uuid4())
    during = receiver.requests[-1]
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        previous_secret_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with transaction.atomic():
        _publish(partnership, uuid.uuid4())
    after = receiver.requests[-1]

    assert during.signed_with(new_secret)
    assert during.previous_signed_with(old_secret)
    assert not during.signed_with(old_secret)
    assert after.signed_with(new_secret)
    assert signing.PREVIOUS_SIGNATURE_HEADER not in after.headers


# --- automatic disabling -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_repeated_final_failures_disable_the_endpoint_and_notify_the_leaders(
    partnership, leader, receiver, local_allowed, celery_eager, fast_retries, monkeypatch
):
    monkeypatch.setattr(webhook_delivery, "DISABLE_AFTER", 3)
    viewer = MembershipFactory(partnership=partnership, role=Role.VIEWER).user
    endpoint, _secret = _endpoint(partnership, leader, receiver.url)
    receiver.answers = [400, 200, 400, 400, 400]

    for _n in range(2):  # a success in between resets the count
        with transaction.atomic():
            _publish(partnership, uuid.uuid4())
    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.consecutive_failures) == (True, 0)
    for _n in range(3):
        with transaction.atomic():
            _publish(partnership, uuid.uuid4())

    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    assert endpoint.disabled_at is not None
    assert endpoint.consecutive_failures == 3
    notes = Notification.objects.filter(kind=kinds.WEBHOOKS)
    assert [n.recipient for n in notes] == [leader]
    assert str(endpoint.uuid) in notes.get().url
    assert not Notification.objects.filter(recipient=viewer, kind=kinds.WEBHOOKS).exists()
    # Events of a disabled endpoint are not recorded.
    with transaction.atomic():
        _publish(partnership, uuid.uuid4())
    assert WebhookDelivery.objects.count() == 5


# --- the settings pages --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_settings_page_links_to_webhooks_and_api_usage(client, partnership, leader):
    client.force_login(leader)

    content = client.get(_url("settings", partnership)).content.decode()

    assert _url("webhook-list", partnership) in content
    assert _url("api-usage", partnership) in content


@pytest.mark.django_db
def test_a_leader_creates_a_webhook_and_sees_the_secret_once(
    client, partnership, leader, local_allowed, receiver
):
    client.force_login(leader)

    response = client.post(
        _url("webhook-create", partnership),
        {
            "url": receiver.url,
            "description": "BI",
            "event_types": ["member.joined", "measurement.approved"],
        },
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = SECRET_RE.search(response.content.decode()).group(1)
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.partnership, endpoint.url, endpoint.created_by, endpoint.secret) == (
        partnership, receiver.url, leader, secret,
    )  # fmt: skip
    assert endpoint.event_types == ["measurement.approved", "member.joined"]
    assert (
        secret
        not in client.get(
            _url("webhook-detail", partnership, webhook_uuid=endpoint.uuid)
        ).content.decode()
    )


@pytest.mark.django_db
def test_an_unknown_event_or_no_event_is_a_field_error(client, partnership, leader, local_allowed):
    client.force_login(leader)

    none = client.post(_url("webhook-create", partnership), {"url": "http://127.0.0.1/h"})
    unknown = client.post(
        _url("webhook-create", partnership),
        {"url": "http://127.0.0.1/h", "event_types": ["nope.nope"]},
    )

    assert none.status_code == unknown.status_code == 400
    assert none.context["form"].errors["event_types"] == ["Choose at least one event."]
    assert "event_types" in unknown.context["form"].errors
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, status",
    [
        (None, 404),
        (Role.VIEWER, 403),
        (Role.EDITOR, 403),
        (Role.MEL_OFFICER, 403),
        (Role.FINANCE_OFFICER, 403),
        (Role.LEADER, 200),
    ],
)
@pytest.mark.parametrize("page", ["webhook-list", "webhook-create", "webhook-detail", "api-usage"])
def test_only_leaders_open_the_webhook_and_usage_pages(
    client, partnership, user, role, status, page
):
    from partnerships.models import Partnership

    Partnership.objects.filter(pk=partnership.pk).update(visibility=Partnership.Visibility.PRIVATE)
    if role:
        MembershipFactory(partnership=partnership, user=user, role=role)
    endpoint = WebhookEndpoint.objects.create(
        partnership=partnership,
        url="https://a.example.org/",
        event_types=["member.joined"],
        secret="s",
    )
    client.force_login(user)
    kwargs = {"webhook_uuid": endpoint.uuid} if page == "webhook-detail" else {}

    assert client.get(_url(page, partnership, **kwargs)).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "webhook-detail",
        "webhook-update",
        "webhook-rotate",
        "webhook-delete",
        "webhook-active",
        "webhook-test",
    ],
)
def test_another_partnerships_webhook_is_not_found(client, partnership, leader, name):
    other = PartnershipFactory()
    theirs = WebhookEndpoint.objects.create(
        partnership=other, url="https://a.example.org/", event_types=["member.joined"], secret="s"
    )
    client.force_login(leader)
    url = _url(name, partnership, webhook_uuid=theirs.uuid)

    response = client.get(url) if name in ("webhook-detail", "webhook-update") else client.post(url)

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.secret, theirs.is_active) == ("s", True)


def _delivery(endpoint, status=WebhookDelivery.Status.SUCCEEDED):
    event_id = uuid.uuid4()
    return WebhookDelivery.objects.create(
        partnership=endpoint.partnership,
        endpoint=endpoint,
        event_id=event_id,
        event_type="member.joined",
        object_uuid=uuid.uuid4(),
        sequence=1,
        payload={"id": str(event_id), "type": "member.joined", "version": "1",
                 "occurred_at": timezone.now().isoformat(), "object_id": str(uuid.uuid4()), "data": {}},
        status=status,
        attempts=1,
        response_status=200,
        response_ms=12,
    )  # fmt: skip


@pytest.mark.django_db
def test_the_list_and_the_delivery_log_use_constant_queries(client, partnership, leader):
    client.force_login(leader)
    endpoint = WebhookEndpoint.objects.create(
        partnership=partnership,
        url="https://a.example.org/",
        event_types=["member.joined"],
        secret="s",
    )

    def grow():
        for n in range(3):
            extra = WebhookEndpoint.objects.create(
                partnership=partnership,
                url=f"https://b{n}.example.org/",
                event_types=["member.joined"],
                secret="s",
            )
            _delivery(extra)
            _delivery(endpoint, status=WebhookDelivery.Status.FAILED)

    _delivery(endpoint)
    detail = _url("webhook-detail", partnership, webhook_uuid=endpoint.uuid)
    assert_constant_queries(lambda: client.get(_url("webhook-list", partnership)), grow)
    assert_constant_queries(lambda: client.get(detail), grow)
    content = client.get(detail).content.decode()
    assert content.count("Send again") == 7


@pytest.mark.django_db(transaction=True)
def test_a_leader_redelivers_an_event_with_the_same_id(
    client, partnership, leader, receiver, local_allowed, celery_eager, fast_retries
):
    _endpoint(partnership, leader, receiver.url)
    receiver.answers = [400]
    with transaction.atomic():
        event = _publish(partnership, uuid.uuid4())
    original = WebhookDelivery.objects.get()
    assert original.status == "failed"
    client.force_login(leader)

    response = client.post(_url("webhook-redeliver", partnership, delivery_uuid=original.uuid))

    assert response.status_code == 302
    again = WebhookDelivery.objects.exclude(pk=original.pk).get()
    assert (again.redelivery_of, again.status, again.sequence) == (original, "succeeded", 2)
    assert [r.json()["id"] for r in receiver.requests] == [str(event.id)] * 2
    assert receiver.requests[1].headers[signing.ID_HEADER] == str(event.id)


@pytest.mark.django_db(transaction=True)
def test_a_leader_sends_a_test_event(
    client, partnership, leader, receiver, local_allowed, celery_eager
):
    endpoint, secret = _endpoint(partnership, leader, receiver.url)
    client.force_login(leader)

    client.post(_url("webhook-test", partnership, webhook_uuid=endpoint.uuid))

    (request,) = receiver.requests
    assert request.json()["type"] == "webhook.test"
    assert request.signed_with(secret)


@pytest.mark.django_db(transaction=True)
def test_disable_then_enable_sends_the_waiting_deliveries(
    client, partnership, leader, receiver, local_allowed, celery_eager
):
    endpoint, _secret = _endpoint(partnership, leader, receiver.url)
    client.force_login(leader)
    with transaction.atomic():
        webhook_delivery.delivery_record(
            endpoint=endpoint, payload=_publish(partnership, uuid.uuid4()).payload()
        )
        client.post(
            _url("webhook-active", partnership, webhook_uuid=endpoint.uuid), {"active": "0"}
        )
    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    assert receiver.requests == []
    assert WebhookDelivery.objects.get().status == "pending"

    client.post(_url("webhook-active", partnership, webhook_uuid=endpoint.uuid), {"active": "1"})

    endpoint.refresh_from_db()
    assert endpoint.is_active is True
    assert WebhookDelivery.objects.get().status == "succeeded"
    assert len(receiver.requests) == 1


@pytest.mark.django_db
def test_rotate_shows_the_new_secret_and_delete_removes_the_webhook(
    client, partnership, leader, local_allowed
):
    endpoint, old = _endpoint(partnership, leader, "http://127.0.0.1:9/hook")
    client.force_login(leader)

    rotated = client.post(_url("webhook-rotate", partnership, webhook_uuid=endpoint.uuid))
    new = SECRET_RE.search(rotated.content.decode()).group(1)
    endpoint.refresh_from_db()
    assert (endpoint.secret, endpoint.previous_secret) == (new, old)

    deleted = client.post(_url("webhook-delete", partnership, webhook_uuid=endpoint.uuid))
    assert deleted.status_code == 302
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.django_db
def test_the_edit_page_changes_the_events(client, partnership, leader, local_allowed):
    endpoint, _s = _endpoint(partnership, leader, "http://127.0.0.1:9/hook")
    client.force_login(leader)

    response = client.post(
        _url("webhook-update", partnership, webhook_uuid=endpoint.uuid),
        {"event_types": ["report.ready"], "description": "Reports"},
    )

    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.event_types, endpoint.description) == (["report.ready"], "Reports")


# --- the events of the platform ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_joining_an_open_partnership_sends_member_joined(
    partnership, leader, receiver, local_allowed, celery_eager, user
):
    from partnerships.models import Partnership
    from partnerships.services.membership import membership_join

    Partnership.objects.filter(pk=partnership.pk).update(join_policy=Partnership.JoinPolicy.OPEN)
    partnership.refresh_from_db()
    _endpoint(partnership, leader, receiver.url)

    membership = membership_join(partnership=partnership, user=user)

    (request,) = receiver.requests
    payload = request.json()
    assert (payload["type"], payload["object_id"], payload["version"]) == (
        "member.joined", str(membership.uuid), "1",
    )  # fmt: skip
    assert payload["data"] == {
        "membership": str(membership.uuid), "name": user.get_full_name(), "role": "viewer",
    }  # fmt: skip


@pytest.mark.django_db
def test_the_openapi_schema_describes_every_event_payload():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)

    hooks = schema["x-webhooks"]
    assert set(hooks) == {*events.EVENT_TYPES, "webhook.test"}
    ref = hooks["member.joined"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    component = schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]
    assert set(component["properties"]) == {
        "id",
        "type",
        "version",
        "occurred_at",
        "object_id",
        "data",
    }
