"""API usage: each request made with an API key is counted per key and day, errors
(status ≥ 400) apart; leaders see the last 30 days on /p/<slug>/settings/api-usage/."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.api.usage import usage_record
from partnerships.models import ApiKeyDailyUsage
from partnerships.roles import Role
from tests.partnerships.factories import MembershipFactory
from tests.partnerships.factories_api import ApiKeyFactory, key_header
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def _api(partnership, suffix=""):
    return f"/api/v1/partnerships/{partnership.slug}/{suffix}"


def _today():
    return timezone.now().astimezone(datetime.UTC).date()


def test_requests_are_counted_per_key_and_errors_apart(client, partnership):
    key, other_key = ApiKeyFactory(partnership=partnership), ApiKeyFactory(partnership=partnership)

    assert client.get(_api(partnership), **key_header(key)).status_code == 200
    assert client.get(_api(partnership), **key_header(key)).status_code == 200
    missing = client.get(
        _api(partnership, "members/00000000-0000-0000-0000-000000000000/"), **key_header(key)
    )
    assert missing.status_code == 404
    assert client.get(_api(partnership), **key_header(other_key)).status_code == 200

    usage = {u.api_key_id: (u.day, u.requests, u.errors) for u in ApiKeyDailyUsage.objects.all()}
    assert usage == {key.pk: (_today(), 3, 1), other_key.pk: (_today(), 1, 0)}
    assert ApiKeyDailyUsage.objects.get(api_key=key).partnership == partnership


def test_session_and_anonymous_requests_and_bad_keys_are_not_counted(client, partnership):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    client.get(_api(partnership))
    client.get(_api(partnership), HTTP_AUTHORIZATION="Api-Key lh_nope.nope")
    client.force_login(leader)
    client.get(_api(partnership))

    assert not ApiKeyDailyUsage.objects.exists()


def test_the_upsert_adds_to_the_days_row(partnership):
    key = ApiKeyFactory(partnership=partnership)
    day = datetime.date(2026, 3, 1)

    usage_record(api_key=key, status_code=200, day=day)
    usage_record(api_key=key, status_code=500, day=day)
    usage_record(api_key=key, status_code=429, day=day)
    usage_record(api_key=key, status_code=201, day=day + datetime.timedelta(days=1))

    assert list(
        ApiKeyDailyUsage.objects.order_by("day").values_list("day", "requests", "errors")
    ) == [
        (day, 3, 2),
        (day + datetime.timedelta(days=1), 1, 0),
    ]


def _url(partnership):
    return reverse("partnerships:api-usage", kwargs={"partnership_slug": partnership.slug})


def test_the_usage_page_shows_30_days_per_key(client, partnership):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    key = ApiKeyFactory(partnership=partnership, name="Dashboard")
    today = _today()
    ApiKeyDailyUsage.objects.create(
        partnership=partnership, api_key=key, day=today, requests=7, errors=2
    )
    ApiKeyDailyUsage.objects.create(
        partnership=partnership,
        api_key=key,
        day=today - datetime.timedelta(days=29),
        requests=5,
        errors=0,
    )
    ApiKeyDailyUsage.objects.create(  # older than 30 days: left out
        partnership=partnership,
        api_key=key,
        day=today - datetime.timedelta(days=30),
        requests=100,
        errors=100,
    )
    client.force_login(leader)

    response = client.get(_url(partnership))

    assert response.status_code == 200
    usage = response.context["usage"]
    assert [(k.name, k.requests, k.errors) for k in usage.keys] == [("Dashboard", 12, 2)]
    chart = usage.chart()
    assert len(chart["labels"]) == 30
    assert chart["keys"][0]["requests"][-1] == 7
    assert chart["keys"][0]["requests"][0] == 5
    assert 'id="api-usage-chart"' in response.content.decode()


def test_another_partnerships_usage_is_not_shown(client, partnership, other_partnership):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    theirs = ApiKeyFactory(partnership=other_partnership, name="Theirs")
    ApiKeyDailyUsage.objects.create(
        partnership=other_partnership, api_key=theirs, day=_today(), requests=3, errors=0
    )
    client.force_login(leader)

    response = client.get(_url(partnership))

    assert response.context["usage"].keys == []
    assert "Theirs" not in response.content.decode()
    assert client.get(_url(other_partnership)).status_code in (403, 404)


def test_the_usage_page_uses_constant_queries(client, partnership):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    client.force_login(leader)
    today = _today()

    def grow():
        for n in range(3):
            key = ApiKeyFactory(partnership=partnership)
            for day in range(4):
                ApiKeyDailyUsage.objects.create(
                    partnership=partnership, api_key=key,
                    day=today - datetime.timedelta(days=day), requests=n + 1, errors=0,
                )  # fmt: skip

    ApiKeyDailyUsage.objects.create(
        partnership=partnership,
        api_key=ApiKeyFactory(partnership=partnership),
        day=today,
        requests=1,
    )
    assert_constant_queries(lambda: client.get(_url(partnership)), grow)
