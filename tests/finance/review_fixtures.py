"""Fixtures shared by the funder review and marketplace tests (import them with
``from tests.finance.review_fixtures import *``)."""

import pytest

from finance.services import review as services
from partnerships.roles import Role
from tests.finance.factories import InvestmentFactory, PortfolioFactory, ReviewCriterionFactory
from tests.hub.factories import OrganizationFactory, UserFactory
from tests.partnerships.factories import MembershipFactory

__all__ = [
    "criteria",
    "funder_org",
    "funder_user",
    "investment",
    "make_funder",
    "portfolio",
    "second_investment",
    "share",
    "sharer",
]


@pytest.fixture
def portfolio(partnership):
    return PortfolioFactory(partnership=partnership)


@pytest.fixture
def investment(portfolio):
    return InvestmentFactory(portfolio=portfolio, name="River agroforestry")


@pytest.fixture
def second_investment(portfolio):
    return InvestmentFactory(portfolio=portfolio, name="Solar irrigation")


@pytest.fixture
def sharer(partnership):
    return MembershipFactory(partnership=partnership, role=Role.FINANCE_OFFICER).user


@pytest.fixture
def make_funder(db):
    def make(organization=None, user=None):
        organization = organization or OrganizationFactory(type="donor")
        user = user or UserFactory()
        services.funder_staff_add(organization=organization, user=user)
        return user

    return make


@pytest.fixture
def funder_org(db):
    return OrganizationFactory(type="donor", name="Green Ventures Fund")


@pytest.fixture
def funder_user(make_funder, funder_org):
    return make_funder(funder_org)


@pytest.fixture
def share(portfolio, investment, funder_org, funder_user, sharer):
    return services.portfolio_share(portfolio=portfolio, funder=funder_org, actor=sharer)


@pytest.fixture
def criteria(db):
    return [
        ReviewCriterionFactory(name="Impact", position=1),
        ReviewCriterionFactory(name="Financial viability", position=2),
    ]
