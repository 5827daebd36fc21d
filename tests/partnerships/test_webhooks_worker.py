"""Webhooks through a real Celery worker: ordered, exactly-once delivery with retries."""

import uuid

import pytest
from django.db import transaction

from hub import events
from partnerships.models import AllowedWebhookHost, WebhookDelivery
from partnerships.roles import Role
from partnerships.services.webhooks import webhook_create
from tests.partnerships.factories import MembershipFactory
from tests.partnerships.webhook_receiver import published_order, received_order, start_receiver
from tests.worker import wait_for


@pytest.fixture
def receiver():
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_delivers_each_event_once_in_order_with_valid_signatures(
    celery_worker_factory, partnership, receiver
):
    celery_worker_factory(WEBHOOK_RETRY_BASE_SECONDS="0.3")
    AllowedWebhookHost.objects.create(host="127.0.0.1", reason="test receiver")
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    _endpoint, secret = webhook_create(
        partnership=partnership, actor=leader, url=receiver.url, event_types=["member.joined"]
    )
    receiver.answers = [500, 429, 502]  # the first attempts fail, whatever they are
    first, second = uuid.uuid4(), uuid.uuid4()
    published = []
    for n, object_uuid in enumerate([first, first, second, first, second, first]):
        with transaction.atomic():
            published.append(
                events.publish(
                    "member.joined",
                    partnership_id=partnership.pk,
                    object_uuid=object_uuid,
                    data={"n": n},
                )
            )

    wait_for(
        lambda: (
            not WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING).exists()
            and WebhookDelivery.objects.count() == len(published)
        ),
        timeout=90,
    )

    accepted = receiver.accepted()
    assert sorted(r.json()["id"] for r in accepted) == sorted(str(e.id) for e in published)
    assert received_order(accepted) == published_order(published)
    assert all(r.signed_with(secret) for r in receiver.requests)
    assert len(receiver.requests) == len(published) + 3
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"succeeded"}
