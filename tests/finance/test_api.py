"""Finance API of a partnership: permissions, tenancy, figures, validation and the
fields nobody may set."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from finance.models import Budget, FundingSource, Investment, Portfolio, Transaction
from partnerships.models import ApiKey, Partnership
from partnerships.roles import Role
from tests.api.helpers import api_url, assert_error
from tests.finance.factories import (
    ExchangeRateFactory,
    FundingSourceFactory,
    InvestmentFactory,
    PortfolioFactory,
    TransactionFactory,
)
from tests.hub.factories import OrganizationFactory, UserFactory
from tests.landscapes.factories import LandscapeFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.partnerships.factories_api import ApiKeyFactory, key_header
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def _api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _investment_body(landscape, **extra):
    return {
        "name": "Coffee agroforestry",
        "kind": "asset",
        "sector": "agroforestry",
        "stage": "design",
        "total_cost": "250000.00",
        "currency": "USD",
        "landscape": str(landscape.uuid),
        "start_date": "2026-01-01",
        "end_date": "2028-12-31",
        **extra,
    }


@pytest.fixture
def private_partnership(db):
    return PartnershipFactory(visibility=Partnership.Visibility.PRIVATE)


@pytest.fixture
def landscape(private_partnership):
    return LandscapeFactory(partnership=private_partnership)


# --- the permission matrix ----------------------------------------------------------------


def _caller(kind, partnership, other):
    """A client and request headers for each kind of caller."""
    if kind == "anonymous":
        return _api(), {}
    if kind == "other_member":
        return _api(MembershipFactory(partnership=other, role=Role.LEADER).user), {}
    if kind in Role.values:
        return _api(MembershipFactory(partnership=partnership, role=kind).user), {}
    owner = {"read_key": partnership, "write_key": partnership, "other_key": other}[kind]
    scope = ApiKey.Scope.READ if kind == "read_key" else ApiKey.Scope.WRITE
    return _api(), key_header(ApiKeyFactory(partnership=owner, scope=scope))


@pytest.mark.parametrize(
    ("caller", "read", "write"),
    [
        ("anonymous", 401, 401),
        ("other_member", 404, 404),
        ("viewer", 200, 403),
        ("editor", 200, 403),
        ("mel_officer", 200, 403),
        ("finance_officer", 200, 201),
        ("leader", 200, 201),
        ("read_key", 200, 403),
        ("write_key", 200, 201),
        ("other_key", 404, 404),
    ],
)
def test_investments_answer_each_caller_by_role_and_key_scope(
    private_partnership, landscape, caller, read, write
):
    # A write key acts as its creator, a leader; a read key may only read.
    InvestmentFactory(portfolio=PortfolioFactory(partnership=private_partnership))
    client, headers = _caller(caller, private_partnership, PartnershipFactory())
    url = api_url("finance-investment-list", partnership_slug=private_partnership.slug)

    listed = client.get(url, **headers)
    created = client.post(url, _investment_body(landscape), format="json", **headers)

    assert listed.status_code == read
    assert created.status_code == write
    expected = 2 if write == 201 else 1
    assert Investment.objects.filter(partnership=private_partnership).count() == expected


@pytest.mark.parametrize(
    ("role", "status"),
    [("viewer", 403), ("editor", 403), ("finance_officer", 201), ("leader", 201)],
)
def test_only_finance_officers_and_leaders_share(private_partnership, role, status):
    from finance.services.review import funder_staff_add

    funder = OrganizationFactory(type="donor")
    funder_staff_add(organization=funder, user=UserFactory())
    user = MembershipFactory(partnership=private_partnership, role=role).user
    url = api_url("finance-share-list", partnership_slug=private_partnership.slug)

    response = _api(user).post(url, {"funder": str(funder.uuid)}, format="json")

    assert response.status_code == status
    assert _api(user).get(url).status_code == 200


# --- tenancy --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwarg", "factory"),
    [
        ("finance-investment-detail", "investment_uuid", InvestmentFactory),
        ("finance-funding-source-detail", "funding_source_uuid", FundingSourceFactory),
        ("finance-transaction-detail", "transaction_uuid", TransactionFactory),
    ],
)
def test_rows_of_another_partnership_are_not_found(partnership, name, kwarg, factory):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    foreign = factory()
    url = api_url(name, partnership_slug=partnership.slug, **{kwarg: foreign.uuid})

    assert_error(_api(leader).get(url), 404, "not_found")
    assert_error(_api(leader).delete(url), 404, "not_found")
    assert type(foreign).objects.filter(pk=foreign.pk).exists()


def test_a_landscape_or_investment_of_another_partnership_is_a_field_error(partnership):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    foreign_landscape = LandscapeFactory()
    foreign_investment = InvestmentFactory()
    client = _api(leader)

    investment = client.post(
        api_url("finance-investment-list", partnership_slug=partnership.slug),
        _investment_body(foreign_landscape),
        format="json",
    )
    funding = client.post(
        api_url("finance-funding-source-list", partnership_slug=partnership.slug),
        {"investment": str(foreign_investment.uuid), "funder": str(OrganizationFactory().uuid),
         "source_type": "public", "instrument": "grant", "amount": "10.00", "currency": "USD"},
        format="json",
    )  # fmt: skip

    assert list(assert_error(investment, 400, "invalid")["fields"]) == ["landscape"]
    assert list(assert_error(funding, 400, "invalid")["fields"]) == ["investment"]
    assert not Investment.objects.filter(partnership=partnership).exists()
    assert FundingSource.objects.count() == 0


# --- reading: figures and filters ---------------------------------------------------------


def test_the_portfolio_states_converted_totals_with_their_rate_date(partnership):
    viewer = MembershipFactory(partnership=partnership, role=Role.VIEWER).user
    ExchangeRateFactory(currency="EUR", date=datetime.date(2026, 1, 1), rate=Decimal("0.5"))
    portfolio = PortfolioFactory(partnership=partnership, reporting_currency="USD")
    investment = InvestmentFactory(portfolio=portfolio, total_cost=Decimal("1000.00"),
                                   currency="EUR")  # fmt: skip
    FundingSourceFactory(investment=investment, amount=Decimal("500.00"), currency="USD")

    body = _api(viewer).get(api_url("finance-portfolio", partnership_slug=partnership.slug)).json()

    assert body["uuid"] == str(portfolio.uuid)
    assert body["investments"] == 1
    assert body["total_cost"] == {"amount": "2000.00", "currency": "USD",
                                  "rate_date": "2026-01-01", "note": ""}  # fmt: skip
    assert body["committed"] == {"amount": "500.00", "currency": "USD", "rate_date": None,
                                 "note": ""}  # fmt: skip
    assert body["funding_gap"]["amount"] == "1500.00"
    assert body["funding_gap"]["rate_date"] == "2026-01-01"


def test_a_missing_rate_is_named_instead_of_failing(partnership):
    viewer = MembershipFactory(partnership=partnership, role=Role.VIEWER).user
    InvestmentFactory(portfolio=PortfolioFactory(partnership=partnership), currency="TZS")

    response = _api(viewer).get(
        api_url("finance-investment-list", partnership_slug=partnership.slug)
    )

    figure = response.json()["results"][0]["total_cost_converted"]
    assert response.status_code == 200
    assert figure["amount"] is None
    assert "TZS" in figure["note"]


def test_the_portfolio_without_a_row_shows_defaults_and_patch_creates_it(partnership):
    officer = MembershipFactory(partnership=partnership, role=Role.FINANCE_OFFICER).user
    url = api_url("finance-portfolio", partnership_slug=partnership.slug)

    before = _api(officer).get(url).json()
    changed = _api(officer).patch(url, {"reporting_currency": "eur"}, format="json")

    assert before["uuid"] is None
    assert before["reporting_currency"] == "USD"
    assert changed.status_code == 200
    assert changed.json()["reporting_currency"] == "EUR"
    assert Portfolio.objects.get(partnership=partnership).reporting_currency == "EUR"


def test_investments_filter_by_stage_sector_kind_and_landscape_and_sort(partnership):
    viewer = MembershipFactory(partnership=partnership, role=Role.VIEWER).user
    portfolio = PortfolioFactory(partnership=partnership)
    a = InvestmentFactory(portfolio=portfolio, name="A", stage="idea", sector="water")
    b = InvestmentFactory(portfolio=portfolio, name="B", stage="ready", sector="energy",
                          kind="enabling", total_cost=Decimal("9.00"))  # fmt: skip
    url = api_url("finance-investment-list", partnership_slug=partnership.slug)
    client = _api(viewer)

    def names(query):
        return [row["name"] for row in client.get(url, query).json()["results"]]

    assert names({"stage": "ready"}) == ["B"]
    assert names({"sector": ["water", "energy"]}) == ["A", "B"]
    assert names({"kind": "enabling"}) == ["B"]
    assert names({"landscape": str(a.landscape.uuid)}) == ["A"]
    assert names({"ordering": "total_cost"}) == [b.name, a.name]
    assert_error(client.get(url, {"stage": "someday"}), 400, "invalid")


def test_the_investment_list_uses_constant_queries(partnership):
    viewer = MembershipFactory(partnership=partnership, role=Role.VIEWER).user
    portfolio = PortfolioFactory(partnership=partnership)
    ExchangeRateFactory(currency="EUR", rate=Decimal("0.9"))
    client = _api(viewer)
    url = api_url("finance-investment-list", partnership_slug=partnership.slug)

    def grow():
        for n in range(3):
            investment = InvestmentFactory(portfolio=portfolio, currency="EUR" if n else "USD")
            FundingSourceFactory(investment=investment, currency="EUR")
            investment.implementing_partners.add(OrganizationFactory())

    grow()
    client.get(url)
    assert_constant_queries(lambda: client.get(url), grow)


def test_the_transaction_list_and_the_portfolio_use_constant_queries(partnership):
    viewer = MembershipFactory(partnership=partnership, role=Role.VIEWER).user
    investment = InvestmentFactory(portfolio=PortfolioFactory(partnership=partnership))
    client = _api(viewer)
    transactions = api_url("finance-transaction-list", partnership_slug=partnership.slug)
    portfolio = api_url("finance-portfolio", partnership_slug=partnership.slug)

    def grow():
        other = InvestmentFactory(portfolio=investment.portfolio)
        for _ in range(3):
            TransactionFactory(investment=investment, provider=OrganizationFactory())
            FundingSourceFactory(investment=other)

    grow()
    client.get(transactions)
    assert_constant_queries(lambda: client.get(transactions), grow)
    assert_constant_queries(lambda: client.get(portfolio), grow)


# --- writing: validation in the one error format, nothing saved ----------------------------


@pytest.fixture
def officer_client(partnership):
    return _api(MembershipFactory(partnership=partnership, role=Role.FINANCE_OFFICER).user)


def test_an_investment_is_created_and_answered_with_its_figures(partnership, officer_client):
    landscape = LandscapeFactory(partnership=partnership)
    partner = OrganizationFactory()

    response = officer_client.post(
        api_url("finance-investment-list", partnership_slug=partnership.slug),
        _investment_body(landscape, implementing_partners=[str(partner.uuid)]),
        format="json",
    )

    body = response.json()
    assert response.status_code == 201, body
    assert body["partnership"] == partnership.slug
    assert body["total_cost"] == "250000.00"
    assert body["implementing_partners"] == [str(partner.uuid)]
    assert body["funding_gap"] == {"amount": "250000.00", "currency": "USD", "rate_date": None,
                                   "note": ""}  # fmt: skip
    investment = Investment.objects.get(uuid=body["uuid"])
    assert investment.partnership == partnership
    assert investment.created_by is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"total_cost": "-5.00"}, "total_cost"),
        ({"total_cost": "1000000000000000"}, "total_cost"),
        ({"currency": "XYZ"}, "currency"),
        ({"end_date": "2025-01-01"}, "end_date"),
        ({"location": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}}, "location"),
    ],
)
def test_bad_investments_are_refused_on_their_field(partnership, officer_client, change, field):
    landscape = LandscapeFactory(partnership=partnership)

    response = officer_client.post(
        api_url("finance-investment-list", partnership_slug=partnership.slug),
        _investment_body(landscape, **change),
        format="json",
    )

    assert list(assert_error(response, 400, "invalid")["fields"]) == [field]
    assert not Investment.objects.exists()
    assert not Portfolio.objects.exists()


def test_amounts_and_currencies_of_funding_are_checked(partnership, officer_client):
    investment = InvestmentFactory(portfolio=PortfolioFactory(partnership=partnership))
    url = api_url("finance-funding-source-list", partnership_slug=partnership.slug)
    body = {"investment": str(investment.uuid), "funder": str(OrganizationFactory().uuid),
            "source_type": "public", "instrument": "loan", "amount": "1000.00",
            "currency": "USD", "status": "committed"}  # fmt: skip

    negative = officer_client.post(url, {**body, "amount": "-1"}, format="json")
    unknown = officer_client.post(url, {**body, "currency": "ABC"}, format="json")
    undated = officer_client.post(url, body, format="json")

    assert list(assert_error(negative, 400, "invalid")["fields"]) == ["amount"]
    assert assert_error(unknown, 400, "invalid")["fields"] == {
        "currency": ["“ABC” is not an ISO 4217 currency code."]
    }
    assert list(assert_error(undated, 400, "invalid")["fields"]) == ["committed_on"]
    assert FundingSource.objects.count() == 0


def test_a_transaction_outside_the_investment_dates_is_refused(partnership, officer_client):
    investment = InvestmentFactory(
        portfolio=PortfolioFactory(partnership=partnership),
        start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 12, 31),
    )  # fmt: skip
    url = api_url("finance-transaction-list", partnership_slug=partnership.slug)
    body = {"investment": str(investment.uuid), "type": "3", "amount": "100.00",
            "currency": "USD"}  # fmt: skip

    before = officer_client.post(url, {**body, "date": "2025-12-31"}, format="json")
    after = officer_client.post(url, {**body, "date": "2027-01-01"}, format="json")
    inside = officer_client.post(url, {**body, "date": "2026-06-30"}, format="json")

    error = assert_error(before, 400, "invalid")
    assert error["fields"] == {"date": ["The date is before the investment starts (2026-01-01)."]}
    assert list(assert_error(after, 400, "invalid")["fields"]) == ["date"]
    assert inside.status_code == 201
    assert Transaction.objects.count() == 1


def test_a_budget_longer_than_a_year_is_refused_and_a_row_never_moves(partnership, officer_client):
    investment = InvestmentFactory(portfolio=PortfolioFactory(partnership=partnership))
    other = InvestmentFactory(portfolio=investment.portfolio)
    url = api_url("finance-budget-list", partnership_slug=partnership.slug)
    body = {"investment": str(investment.uuid), "period_start": "2026-01-01",
            "period_end": "2026-12-31", "amount": "100.00", "currency": "KES"}  # fmt: skip

    too_long = officer_client.post(url, {**body, "period_end": "2027-06-30"}, format="json")
    created = officer_client.post(url, body, format="json")
    detail = api_url("finance-budget-detail", partnership_slug=partnership.slug,
                     budget_uuid=created.json()["uuid"])  # fmt: skip
    moved = officer_client.patch(detail, {"investment": str(other.uuid)}, format="json")
    changed = officer_client.patch(detail, {"amount": "250.50"}, format="json")

    assert list(assert_error(too_long, 400, "invalid")["fields"]) == ["period_end"]
    assert list(assert_error(moved, 400, "invalid")["fields"]) == ["investment"]
    assert changed.status_code == 200
    assert changed.json()["amount"] == "250.50"
    budget = Budget.objects.get()
    assert (budget.investment, budget.amount) == (investment, Decimal("250.50"))


@pytest.mark.parametrize(
    "field, value",
    [
        ("partnership", "another-partnership"),
        ("created_by", "00000000-0000-0000-0000-000000000001"),
        ("on_marketplace", True),
        ("published_at", "2026-01-01T00:00:00Z"),
        ("uuid", "00000000-0000-0000-0000-000000000001"),
        ("portfolio", "00000000-0000-0000-0000-000000000001"),
    ],
)
def test_owner_and_workflow_fields_cannot_be_set(partnership, officer_client, field, value):
    landscape = LandscapeFactory(partnership=partnership)
    url = api_url("finance-investment-list", partnership_slug=partnership.slug)

    response = officer_client.post(url, _investment_body(landscape, **{field: value}),
                                   format="json")  # fmt: skip

    assert assert_error(response, 400, "invalid")["fields"] == {
        field: ["This field cannot be set here."]
    }
    assert not Investment.objects.exists()


def test_an_update_cannot_set_the_partnership_or_publish(partnership, officer_client):
    investment = InvestmentFactory(portfolio=PortfolioFactory(partnership=partnership), name="Kept")
    other = PartnershipFactory()
    url = api_url("finance-investment-detail", partnership_slug=partnership.slug,
                  investment_uuid=investment.uuid)  # fmt: skip

    response = officer_client.patch(
        url, {"partnership": other.slug, "on_marketplace": True, "name": "Renamed"}, format="json"
    )

    assert set(assert_error(response, 400, "invalid")["fields"]) == {"partnership",
                                                                     "on_marketplace"}  # fmt: skip
    investment.refresh_from_db()
    assert (investment.partnership, investment.on_marketplace, investment.name) == (
        partnership,
        False,
        "Kept",
    )


def test_an_investment_update_keeps_unsent_links_and_checks_transactions(
    partnership, officer_client
):
    investment = InvestmentFactory(portfolio=PortfolioFactory(partnership=partnership))
    partner = OrganizationFactory()
    investment.implementing_partners.add(partner)
    TransactionFactory(investment=investment, date=datetime.date(2026, 3, 1))
    url = api_url("finance-investment-detail", partnership_slug=partnership.slug,
                  investment_uuid=investment.uuid)  # fmt: skip

    renamed = officer_client.patch(url, {"name": "River restoration"}, format="json")
    shortened = officer_client.patch(url, {"start_date": "2026-06-01"}, format="json")

    assert renamed.status_code == 200
    assert renamed.json()["implementing_partners"] == [str(partner.uuid)]
    assert list(assert_error(shortened, 400, "invalid")["fields"]) == ["start_date"]
    investment.refresh_from_db()
    assert (investment.name, investment.start_date) == ("River restoration",
                                                        datetime.date(2026, 1, 1))  # fmt: skip


def test_deleting_an_investment_takes_its_money_rows(partnership, officer_client):
    investment = InvestmentFactory(portfolio=PortfolioFactory(partnership=partnership))
    TransactionFactory(investment=investment)
    url = api_url("finance-investment-detail", partnership_slug=partnership.slug,
                  investment_uuid=investment.uuid)  # fmt: skip

    assert officer_client.delete(url).status_code == 204
    assert not Investment.objects.exists()
    assert not Transaction.objects.exists()
