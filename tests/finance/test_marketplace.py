"""The investment marketplace: publishing (services and the shares page button),
browsing and filtering (/funders/marketplace/), asking for access."""

import pytest
from django.test import Client
from django.urls import reverse

from finance.models import Stage
from finance.services import marketplace as services
from hub.models import Notification
from hub.notifications import kinds
from hub.services import ApplicationError
from partnerships.roles import Role
from tests.finance.factories import InvestmentFactory
from tests.finance.review_fixtures import *  # noqa: F403
from tests.hub.factories import StaffUserFactory, UserFactory
from tests.landscapes.factories import LandscapeFactory
from tests.partnerships.factories import MembershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def publish(investment, partnership):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    return services.investment_publish(investment=investment, actor=leader)


@pytest.mark.parametrize(
    "stage", [Stage.READY, Stage.FINANCED, Stage.IMPLEMENTING, Stage.COMPLETED]
)
def test_investment_ready_investments_are_published(investment, sharer, stage):
    investment.stage = stage
    investment.save()

    services.investment_publish(investment=investment, actor=sharer)

    investment.refresh_from_db()
    assert investment.on_marketplace and investment.published_at is not None


@pytest.mark.parametrize("stage", [Stage.IDEA, Stage.DESIGN, Stage.CLOSED])
def test_other_stages_are_refused(investment, sharer, stage):
    investment.stage = stage
    investment.save()

    with pytest.raises(ApplicationError):
        services.investment_publish(investment=investment, actor=sharer)

    investment.refresh_from_db()
    assert not investment.on_marketplace and investment.published_at is None


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.MEL_OFFICER])
def test_only_sharers_publish(investment, partnership, role):
    member = MembershipFactory(partnership=partnership, role=role).user

    with pytest.raises(ApplicationError):
        services.investment_publish(investment=investment, actor=member)

    investment.refresh_from_db()
    assert not investment.on_marketplace


def test_unpublishing_takes_it_off(investment, sharer):
    services.investment_publish(investment=investment, actor=sharer)

    services.investment_unpublish(investment=investment, actor=sharer)

    investment.refresh_from_db()
    assert not investment.on_marketplace and investment.published_at is None


def test_the_shares_page_button_publishes(investment, partnership, sharer):
    client = client_for(sharer)

    response = client.post(
        reverse("finance:marketplace-publish", args=[partnership.slug, investment.uuid])
    )

    assert response.status_code == 302
    investment.refresh_from_db()
    assert investment.on_marketplace
    page = client.get(reverse("finance:share-list", args=[partnership.slug])).content.decode()
    assert "Unpublish" in page


def test_a_viewer_cannot_press_publish(investment, partnership):
    viewer = MembershipFactory(partnership=partnership, role=Role.VIEWER).user

    response = client_for(viewer).post(
        reverse("finance:marketplace-publish", args=[partnership.slug, investment.uuid])
    )

    assert response.status_code == 403
    investment.refresh_from_db()
    assert not investment.on_marketplace


@pytest.mark.parametrize(
    ("caller", "expected"),
    [("funder", 200), ("staff", 200), ("member", 403), ("outsider", 403), ("anonymous", 302)],
)
def test_marketplace_permissions(investment, partnership, make_funder, caller, expected):
    publish(investment, partnership)
    users = {
        "funder": make_funder(),
        "staff": StaffUserFactory(),
        "member": MembershipFactory(partnership=partnership, role=Role.LEADER).user,
        "outsider": UserFactory(),
        "anonymous": None,
    }
    client = client_for(users[caller])

    listing = client.get(reverse("funders:marketplace"))
    detail = client.get(reverse("funders:marketplace-detail", args=[investment.uuid]))

    assert listing.status_code == expected and detail.status_code == expected
    if expected == 200:
        assert investment.name in listing.content.decode()
    if caller == "anonymous":
        assert "/accounts/login/" in listing["Location"]


def test_unpublished_investments_are_404(investment, make_funder):
    response = client_for(make_funder()).get(
        reverse("funders:marketplace-detail", args=[investment.uuid])
    )

    assert response.status_code == 404


def test_marketplace_filters(portfolio, partnership, make_funder):
    landscape_tz = LandscapeFactory(partnership=partnership, countries=["TZ"])
    water = InvestmentFactory(portfolio=portfolio, name="Water", sector="water", total_cost=50000)
    solar = InvestmentFactory(
        portfolio=portfolio, name="Solar", sector="energy", total_cost=2000000,
        landscape=landscape_tz, stage=Stage.FINANCED, kind="enabling",
    )  # fmt: skip
    hidden = InvestmentFactory(portfolio=portfolio, name="Hidden")
    for investment in (water, solar):
        publish(investment, partnership)
    client = client_for(make_funder())

    def names(**params):
        response = client.get(reverse("funders:marketplace"), params)
        assert response.status_code == 200
        return {i.name for i in response.context["investments"]}

    assert names() == {"Water", "Solar"}
    assert hidden.name not in names()
    assert names(sector="water") == {"Water"}
    assert names(country="TZ") == {"Solar"}
    assert names(stage="financed") == {"Solar"}
    assert names(kind="enabling") == {"Solar"}
    assert names(min="100000") == {"Solar"}
    assert names(max="100000") == {"Water"}
    assert names(min="not a number", sector="bogus") == {"Water", "Solar"}


def test_marketplace_queries_are_constant(portfolio, partnership, make_funder):
    client = client_for(make_funder())

    def grow():
        for _ in range(4):
            publish(InvestmentFactory(portfolio=portfolio), partnership)

    publish(InvestmentFactory(portfolio=portfolio), partnership)
    assert_constant_queries(lambda: client.get(reverse("funders:marketplace")), grow)


def test_a_funder_asks_for_access_and_the_partnership_is_notified_once(
    investment, partnership, sharer, funder_user, funder_org
):
    publish(investment, partnership)
    client = client_for(funder_user)
    url = reverse("funders:marketplace-interest", args=[investment.uuid])

    first = client.post(url, {"message": "We fund agroforestry in Kenya."})
    again = client.post(url, {"message": "Again"})

    assert first.status_code == 302 and again.status_code == 302
    [note] = Notification.objects.filter(recipient=sharer, kind=kinds.MARKETPLACE)
    assert funder_org.name in note.title
    assert "We fund agroforestry" in note.body
    assert note.url == f"/p/{partnership.slug}/finance/shares/"


def test_staff_browse_but_cannot_ask_for_access(investment, partnership):
    publish(investment, partnership)

    response = client_for(StaffUserFactory()).post(
        reverse("funders:marketplace-interest", args=[investment.uuid]), {"message": "Hi"}
    )

    assert response.status_code == 403
    assert not Notification.objects.filter(kind=kinds.MARKETPLACE).exists()


def test_asking_for_an_unpublished_investment_is_404(investment, funder_user):
    response = client_for(funder_user).post(
        reverse("funders:marketplace-interest", args=[investment.uuid]), {"message": "Hi"}
    )

    assert response.status_code == 404
    assert not Notification.objects.filter(kind=kinds.MARKETPLACE).exists()
