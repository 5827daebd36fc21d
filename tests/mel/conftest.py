import datetime

import pytest

from partnerships.roles import Role
from tests.mel.factories import (
    DisaggregationFactory,
    FrameworkFactory,
    IndicatorFactory,
    ResultFactory,
)
from tests.partnerships.factories import MembershipFactory


@pytest.fixture
def framework(partnership):
    return FrameworkFactory(partnership=partnership)


@pytest.fixture
def result(framework):
    return ResultFactory(framework=framework)


@pytest.fixture
def sex(partnership):
    return DisaggregationFactory(partnership=partnership, name="Sex", values=["Female", "Male"])


@pytest.fixture
def people(result, sex):
    """A quarterly people indicator whose values by sex add up to the total."""
    indicator = IndicatorFactory(result=result, code="PPL", unit="people", aggregation="maximum")
    indicator.disaggregations.set([sex])
    return indicator


@pytest.fixture
def hectares(result):
    return IndicatorFactory(result=result, code="HA", unit="hectares", aggregation="sum")


@pytest.fixture
def officer(partnership):
    return MembershipFactory(partnership=partnership, role=Role.MEL_OFFICER).user


@pytest.fixture
def editor(partnership):
    return MembershipFactory(partnership=partnership, role=Role.EDITOR).user


Q1 = (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
Q2 = (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
