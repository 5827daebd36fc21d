"""The hub staff coordination dashboard: who may see it, the health figures each app
contributes, the filters, the drill-down, and a constant number of queries."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from finance.models import FundingStatus
from partnerships.models import ActionItem, Partnership, ProcessStage, StageProgress
from tests.capacity.factories import CohortFactory, EnrollmentFactory
from tests.finance.factories import (
    ExchangeRateFactory,
    FundingSourceFactory,
    InvestmentFactory,
)
from tests.hub.factories import StaffUserFactory, UserFactory
from tests.mel.factories import IndicatorFactory, MeasurementFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.partnerships.factories_governance import ActionItemFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

URL = reverse("coordination:dashboard")
TODAY = datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC)


@pytest.fixture
def staff_client(client):
    client.force_login(StaffUserFactory())
    return client


def _row(response, partnership):
    for row, cells in response.context["rows"]:
        if row.partnership == partnership:
            return row, {figure.key: (value, attention) for figure, value, attention in cells}
    raise AssertionError(f"{partnership} is not on the dashboard")


@pytest.mark.parametrize("who", ["anonymous", "member", "leader"])
def test_only_hub_staff_see_the_dashboard(client, who):
    partnership = PartnershipFactory()
    if who != "anonymous":
        role = "leader" if who == "leader" else "viewer"
        client.force_login(MembershipFactory(partnership=partnership, role=role).user)

    assert client.get(URL).status_code == 404


def test_each_partnership_shows_the_health_figures_of_every_app(staff_client):
    with time_machine.travel(TODAY, tick=False):
        partnership = PartnershipFactory(name="Mount Elgon")
        MembershipFactory.create_batch(2, partnership=partnership)
        ActionItemFactory(partnership=partnership, due_date=datetime.date(2026, 11, 1))
        ActionItemFactory(
            partnership=partnership,
            due_date=datetime.date(2026, 10, 1),
            status=ActionItem.Status.DONE,
        )
        # Quarterly indicator: Q1–Q3 2026 are due within the last year; one is approved.
        indicator = IndicatorFactory(result__framework__partnership=partnership)
        MeasurementFactory(
            indicator=indicator,
            period_start=datetime.date(2026, 4, 1),
            period_end=datetime.date(2026, 6, 30),
            status="approved",
        )
        investment = InvestmentFactory(
            portfolio__partnership=partnership, total_cost=Decimal("500000"), currency="USD"
        )
        FundingSourceFactory(investment=investment, amount=Decimal("100000"), currency="USD")
        FundingSourceFactory(investment=investment, amount=Decimal("9000"), currency="EUR")
        FundingSourceFactory(
            investment=investment, amount=Decimal("50000"), status=FundingStatus.PLEDGED
        )
        ExchangeRateFactory(currency="EUR", date=datetime.date(2026, 1, 1), rate=Decimal("0.9"))
        cohort = CohortFactory(partnerships=[partnership])
        EnrollmentFactory.create_batch(
            3, cohort=cohort, status="completed", completed_on=datetime.date(2026, 6, 1)
        )
        EnrollmentFactory(cohort=cohort)

        response = staff_client.get(URL)

    assert response.status_code == 200
    _partnership_row, figures = _row(response, partnership)
    assert figures["members"] == (2, True)  # fewer than three: worth a look
    assert figures["overdue_actions"] == (1, True)
    assert figures["mel_completeness"] == (33, True)
    gap, _attention = figures["funding_gap"]
    # 500,000 − 100,000 − 9,000 EUR (= 10,000 USD at 0.9 EUR per USD); pledges do not count
    assert (gap.amount, gap.currency, gap.rate_date) == (
        Decimal("390000.00"),
        "USD",
        datetime.date(2026, 1, 1),
    )
    assert figures["people_trained"] == (3, False)
    assert figures["last_activity"][0] is not None
    workspace = reverse("partnerships:workspace", args=[partnership.slug])
    assert f'href="{workspace}"' in response.content.decode()


def test_a_partnership_without_data_shows_dashes_not_zeros_where_nothing_is_known(staff_client):
    partnership = PartnershipFactory()

    _partnership_row, figures = _row(staff_client.get(URL), partnership)

    assert figures["mel_completeness"] == (None, False)
    assert figures["funding_gap"] == (None, False)
    assert figures["people_trained"] == (0, False)


def test_a_missing_exchange_rate_leaves_the_gap_unknown_instead_of_wrong(staff_client):
    partnership = PartnershipFactory()
    InvestmentFactory(portfolio__partnership=partnership, currency="KES")

    _partnership_row, figures = _row(staff_client.get(URL), partnership)

    assert figures["funding_gap"] == (None, False)


def test_filters_by_country_status_and_process_stage(staff_client):
    kenya = PartnershipFactory(countries=["KE"])
    peru = PartnershipFactory(countries=["PE"], status=Partnership.Status.FORMING)
    stages = list(ProcessStage.objects.filter(is_active=True).order_by("order")[:2])
    StageProgress.objects.create(
        partnership=kenya, stage=stages[0], status=StageProgress.Status.COMPLETED
    )
    PartnershipFactory(approval=Partnership.Approval.PROPOSED, countries=["PE"])

    def listed(**params):
        response = staff_client.get(URL, params)
        return {row.partnership for row, _cells in response.context["rows"]}

    assert listed(country="PE") == {peru}
    assert listed(status="forming") == {peru}
    assert listed(stage=stages[1].key) == {kenya}
    assert listed(stage=stages[0].key) == {peru}


def test_queries_do_not_grow_with_the_number_of_partnerships(staff_client):
    def add_partnerships():
        for _ in range(3):
            partnership = PartnershipFactory()
            MembershipFactory(partnership=partnership)
            ActionItemFactory(partnership=partnership)
            InvestmentFactory(portfolio__partnership=partnership)
            IndicatorFactory(result__framework__partnership=partnership)

    add_partnerships()
    assert_constant_queries(lambda: staff_client.get(URL), add_partnerships)


def test_signed_in_people_who_are_not_staff_get_not_found(client):
    client.force_login(UserFactory())

    assert client.get(URL).status_code == 404
