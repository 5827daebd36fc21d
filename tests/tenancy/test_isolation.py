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
    elif caller == "funder_without_share":
        user = _funder_with_a_share_elsewhere(other)
    else:
        user = MembershipFactory(partnership=partnership, role=caller).user
    client.force_login(user)
    return client


def _funder_with_a_share_elsewhere(other):
    """A funder reviewer whose organization has a share with ``other`` only."""
    from finance.services.review import funder_staff_add, portfolio_share
    from tests.finance.factories import InvestmentFactory, PortfolioFactory
    from tests.hub.factories import OrganizationFactory

    organization = OrganizationFactory(type="donor")
    user = UserFactory()
    funder_staff_add(organization=organization, user=user)
    portfolio = PortfolioFactory(partnership=other)
    InvestmentFactory(portfolio=portfolio)
    sharer = MembershipFactory(partnership=other, role=Role.FINANCE_OFFICER).user
    portfolio_share(portfolio=portfolio, funder=organization, actor=sharer)
    return user


def _history_rows() -> int:
    """Rows of every pghistory event table: any write to tracked data adds one."""
    from django.apps import apps
    from pghistory.models import Event

    return sum(
        model.objects.count()
        for model in apps.get_models()
        if issubclass(model, Event) and not model._meta.proxy and model._meta.managed
    )


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


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_a_funder_without_a_share_gets_404_and_writes_nothing(route):
    """A funder reviewer whose organization has no share with this partnership (only
    with another one) is an outsider here: every page and endpoint of a private
    partnership answers 404 and writes nothing. (On a public partnership they get what
    any outsider gets, which the matrix above checks.)"""
    partnership = PartnershipFactory(visibility=Partnership.Visibility.PRIVATE)
    client = _client_for("funder_without_share", partnership, PartnershipFactory())
    url = _url(route, partnership, partnership)
    before = _history_rows()

    response = _request(client, route, url)

    assert response.status_code == 404, f"{route.method} {route}: {response.status_code}"
    assert _history_rows() == before, f"{route.method} {route} wrote tracked rows"
