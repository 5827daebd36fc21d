import pytest
from django.test import Client
from django.urls import reverse

from partnerships.models import Partnership
from partnerships.roles import Role
from tests.hub.factories import StaffUserFactory, UserFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.tenancy import fillers  # noqa: F401  (registers the URL kwarg fillers)
from tests.tenancy.harness import CALLERS, FILLERS, classify, expected_outcome, tenant_routes

ROUTES = tenant_routes()


def _client_for(caller: str, partnership, other) -> Client:
    client = Client()
    if caller == "anonymous":
        return client
    if caller == "staff":
        user = StaffUserFactory()
    elif caller == "outsider":
        user = UserFactory()
    elif caller == "other_member":
        user = MembershipFactory(partnership=other, role=Role.LEADER).user
    else:
        user = MembershipFactory(partnership=partnership, role=caller).user
    client.force_login(user)
    return client


def _url(route, partnership, owner_of_objects):
    kwargs = {"partnership_slug": partnership.slug}
    for kwarg in route.object_kwargs:
        assert kwarg in FILLERS, (
            f"{route}: register a filler for <{kwarg}> in tests/tenancy/fillers.py"
        )
        kwargs[kwarg] = FILLERS[kwarg](owner_of_objects)
    return reverse(route.name, kwargs=kwargs)


def _request(client, route, url):
    if route.method == "GET":
        return client.get(url)
    return client.post(url, {}, content_type="application/json" if route.is_api else None) \
        if route.is_api else client.post(url, {})  # fmt: skip


def test_the_harness_sees_the_partnership_pages_and_endpoints():
    assert ROUTES, "no URL pattern under /p/<slug>/ or /api/v1/partnerships/<slug>/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "visibility", [Partnership.Visibility.PUBLIC, Partnership.Visibility.PRIVATE]
)
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_caller_gets_what_the_permission_map_implies(route, visibility):
    partnership = PartnershipFactory(visibility=visibility)
    other = PartnershipFactory()
    failures = []
    for caller in CALLERS:
        client = _client_for(caller, partnership, other)
        response = _request(client, route, _url(route, partnership, partnership))
        expected = expected_outcome(route, caller, public=partnership.is_public)
        if classify(response) != expected:
            failures.append(f"{caller}: expected {expected}, got {response.status_code}")
    assert failures == [], f"{route.method} {route}: " + "; ".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.object_kwargs], ids=str)
def test_another_partnerships_rows_are_not_found(route):
    partnership = PartnershipFactory()
    other = PartnershipFactory()
    client = _client_for(Role.LEADER, partnership, other)

    response = _request(client, route, _url(route, partnership, other))

    assert response.status_code == 404, f"{route.method} {route}: {response.status_code}"
