"""API key pages under /p/<slug>/settings/api-keys/ (leaders)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.models import AuditEvent
from partnerships.models import ApiKey
from partnerships.roles import Role
from partnerships.selectors.apikeys import apikey_hash
from tests.partnerships.factories import MembershipFactory
from tests.partnerships.factories_api import ApiKeyFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

KEY_RE = re.compile(r'id="api-key"[^>]*>(lh_[a-z0-9]{8}\.[A-Za-z0-9_-]{43})</textarea>')


@pytest.fixture
def leader(partnership):
    return MembershipFactory(partnership=partnership, role=Role.LEADER).user


def _url(name, partnership, **kwargs):
    return reverse(f"partnerships:{name}", kwargs={"partnership_slug": partnership.slug, **kwargs})


def test_the_settings_page_links_to_api_keys(client, partnership, leader):
    client.force_login(leader)

    response = client.get(_url("settings", partnership))

    assert response.status_code == 200
    assert _url("apikey-list", partnership) in response.content.decode()


def test_a_leader_creates_a_key_that_is_shown_once_and_stored_hashed(client, partnership, leader):
    client.force_login(leader)
    expires_on = timezone.localdate() + datetime.timedelta(days=30)

    response = client.post(
        _url("apikey-create", partnership),
        {"name": "Dashboard", "scope": "write", "expires_on": expires_on.isoformat()},
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw_key = KEY_RE.search(response.content.decode()).group(1)
    key = ApiKey.objects.get()
    assert (key.partnership, key.created_by, key.name, key.scope) == (
        partnership, leader, "Dashboard", "write",
    )  # fmt: skip
    assert key.prefix == raw_key.split(".")[0]
    assert key.key_hash == apikey_hash(raw_key)
    assert raw_key not in str(ApiKey.objects.values().get())
    assert timezone.localtime(key.expires_at).date() == expires_on
    assert key.expires_at > timezone.now() + datetime.timedelta(days=30)
    listing = client.get(_url("apikey-list", partnership)).content.decode()
    assert "Dashboard" in listing
    assert raw_key not in listing
    assert f"{key.prefix}.…" in listing
    event = AuditEvent.objects.get(action=AuditEvent.Action.API_KEY)
    assert (event.actor, event.partnership, event.data["event"]) == (leader, partnership, "created")


def test_the_new_key_works_on_the_api(client, partnership, leader):
    client.force_login(leader)
    response = client.post(_url("apikey-create", partnership), {"name": "Sync", "scope": "read"})
    raw_key = KEY_RE.search(response.content.decode()).group(1)
    client.logout()

    api = client.get(
        reverse("api-v1:partnership-detail", kwargs={"partnership_slug": partnership.slug}),
        HTTP_AUTHORIZATION=f"Api-Key {raw_key}",
    )

    assert api.status_code == 200


def test_without_an_expiry_date_a_key_lasts_one_year(client, partnership, leader):
    client.force_login(leader)

    client.post(_url("apikey-create", partnership), {"name": "Yearly", "scope": "read"})

    expected = timezone.localdate() + datetime.timedelta(days=365)
    assert timezone.localtime(ApiKey.objects.get().expires_at).date() == expected


@pytest.mark.parametrize(
    "days, message",
    [
        (-1, "The expiry date is in the past."),
        (366, "A key may last at most one year: choose"),
    ],
)
def test_an_expiry_date_outside_the_allowed_year_is_refused(
    client, partnership, leader, days, message
):
    client.force_login(leader)
    expires_on = timezone.localdate() + datetime.timedelta(days=days)

    response = client.post(
        _url("apikey-create", partnership),
        {"name": "Too long", "scope": "read", "expires_on": expires_on.isoformat()},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ApiKey.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.API_KEY).exists()


def test_a_form_without_name_or_scope_creates_nothing(client, partnership, leader):
    client.force_login(leader)

    response = client.post(_url("apikey-create", partnership), {})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"name", "scope"}
    assert not ApiKey.objects.exists()


def test_posting_another_partnership_is_ignored(client, partnership, leader, other_partnership):
    client.force_login(leader)

    client.post(
        _url("apikey-create", partnership),
        {"name": "Sneaky", "scope": "write", "partnership": other_partnership.pk},
    )

    assert ApiKey.objects.get().partnership == partnership


def test_an_editor_cannot_create_keys(client, partnership):
    client.force_login(MembershipFactory(partnership=partnership, role=Role.EDITOR).user)

    response = client.post(_url("apikey-create", partnership), {"name": "X", "scope": "read"})

    assert response.status_code == 403
    assert not ApiKey.objects.exists()


def test_a_leader_revokes_a_key_and_it_stops_working(client, partnership, leader):
    key = ApiKeyFactory(partnership=partnership, created_by=leader)
    client.force_login(leader)

    response = client.post(_url("apikey-revoke", partnership, apikey_uuid=key.uuid))

    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    event = AuditEvent.objects.get(action=AuditEvent.Action.API_KEY)
    assert (event.actor, event.data["event"], event.data["key"]) == (
        leader, "revoked", str(key.uuid),
    )  # fmt: skip
    client.logout()
    api = client.get(reverse("api-v1:user-me"), HTTP_AUTHORIZATION=f"Api-Key {key.raw_key}")
    assert api.status_code == 401


def test_revoking_twice_says_so_and_changes_nothing(client, partnership, leader):
    revoked_at = timezone.now() - datetime.timedelta(days=1)
    key = ApiKeyFactory(partnership=partnership, created_by=leader, revoked_at=revoked_at)
    client.force_login(leader)

    response = client.post(_url("apikey-revoke", partnership, apikey_uuid=key.uuid), follow=True)

    assert "This key is already revoked." in response.content.decode()
    key.refresh_from_db()
    assert key.revoked_at == revoked_at
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.API_KEY).exists()


def test_a_key_of_another_partnership_cannot_be_revoked_here(client, partnership, leader):
    foreign = ApiKeyFactory()
    client.force_login(leader)

    response = client.post(_url("apikey-revoke", partnership, apikey_uuid=foreign.uuid))

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_the_list_shows_state_scope_creator_and_last_use(client, partnership, leader):
    ApiKeyFactory(
        partnership=partnership, created_by=leader, name="Sync-Used", scope="write",
        last_used_at=timezone.now() - datetime.timedelta(hours=2),
    )  # fmt: skip
    ApiKeyFactory(
        partnership=partnership, created_by=leader, name="Sync-Expired",
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )  # fmt: skip
    ApiKeyFactory(
        partnership=partnership, created_by=leader, name="Sync-Withdrawn", revoked_at=timezone.now()
    )
    client.force_login(leader)

    html = client.get(_url("apikey-list", partnership)).content.decode()

    names = list(dict.fromkeys(re.findall(r"Sync-\w+", html)))
    assert names == ["Sync-Expired", "Sync-Used", "Sync-Withdrawn"]  # newest first, revoked last
    assert "Revoked" in html
    assert "2\xa0hours ago" in html
    assert "Read and write" in html
    assert "Expired" in html
    assert leader.get_full_name() in html


def test_the_list_runs_the_same_queries_for_n_and_2n_keys(client, partnership, leader):
    ApiKeyFactory.create_batch(2, partnership=partnership, created_by=leader)
    client.force_login(leader)

    assert_constant_queries(
        lambda: client.get(_url("apikey-list", partnership)),
        lambda: ApiKeyFactory.create_batch(2, partnership=partnership),
    )
