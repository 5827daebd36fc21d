"""Every URL pattern outside /p/<slug>/ (which the isolation harness covers) answers an
anonymous caller and a signed-in outsider without a server error, and only the
declared public pages answer an anonymous caller with content."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from tests.hub.factories import UserFactory
from tests.tenancy.harness import TENANT_PREFIXES, _walk

SKIPPED_PREFIXES = ("admin/", "accounts/", "i18n/", "^media/", "api/v1/^")

# Pages and endpoints anyone may open without signing in.
PUBLIC = {
    "hub:home",
    "hub:search",  # public content only (tests/hub/test_search.py)
    "landscapes-public:directory",
    "landscapes-public:embed",
    "landscapes-public:export-csv",
    "landscapes-public:shapes",
    "sitemap",
    "scorecard:public",
    "capacity-verify",
    "notifications:unsubscribe",
    "partnerships-public:invitation",
    "exports:download",  # with a valid export link token (else 404)
    "stories:list",
    "stories:detail",  # published stories only (else 404)
    "stories:feed-rss",
    "stories:feed-atom",
    "library:list",
    "library:detail",  # published resources only (else 404)
    "api-v1:schema",
    "api-v1:docs",
    "api-v1:redoc",
}

DENIED = {301, 302, 401, 403, 404, 405, 410}


def _routes():
    from django.urls import get_resolver

    return [
        (route, name, pattern)
        for route, name, pattern in _walk(get_resolver().url_patterns)
        if not route.startswith(TENANT_PREFIXES + SKIPPED_PREFIXES) and name
    ]


def _url(name, pattern):
    kwargs = {}
    for kwarg, converter in pattern.pattern.converters.items():
        kwargs[kwarg] = uuid.uuid4() if converter.__class__.__name__ == "UUIDConverter" else "x"
    return reverse(name, kwargs=kwargs)


ROUTES = _routes()


def test_the_surface_is_found():
    names = {name for _route, name, _pattern in ROUTES}
    assert {"hub:home", "jobs:list", "landscapes-public:directory"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name", "pattern"), ROUTES, ids=[r[1] for r in ROUTES])
def test_anonymous_callers_get_public_pages_only(client, route, name, pattern):
    response = client.get(_url(name, pattern))

    assert response.status_code < 500, f"{route}: {response.status_code}"
    if name not in PUBLIC:
        assert response.status_code in DENIED, f"{route} answered {response.status_code}"
        if response.status_code in (301, 302):
            assert "/accounts/login/" in response["Location"], response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name", "pattern"), ROUTES, ids=[r[1] for r in ROUTES])
def test_signed_in_outsiders_never_cause_a_server_error(route, name, pattern):
    client = Client()
    client.force_login(UserFactory())

    get = client.get(_url(name, pattern))
    post = client.post(_url(name, pattern), {})

    assert get.status_code < 500, f"GET {route}: {get.status_code}"
    assert post.status_code < 500, f"POST {route}: {post.status_code}"
