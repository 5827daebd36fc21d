"""Portfolio pages: permissions per role, other partnerships' rows, constant queries,
converted figures with their rate date, missing rates and the forms."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from finance.models import Investment, Portfolio, Transaction
from finance.models.choices import FundingStatus, Instrument, TransactionType
from landscapes.models import Landscape
from tests.finance.factories import (
    ExchangeRateFactory,
    FundingSourceFactory,
    InvestmentFactory,
    PortfolioFactory,
    TransactionFactory,
)
from tests.landscapes.factories import LandscapeFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 25, 12, 0), tick=False):
        yield


def _url(name, partnership, *args):
    return reverse(f"finance:{name}", args=[partnership.slug, *args])


def _login(client, member_factory, role):
    membership = member_factory(role)
    client.force_login(membership.user)
    return membership


ROLES_VIEW = [
    ("viewer", 200),
    ("editor", 200),
    ("mel_officer", 200),
    ("finance_officer", 200),
    ("leader", 200),
]
ROLES_MANAGE = [
    ("viewer", 403),
    ("editor", 403),
    ("mel_officer", 403),
    ("finance_officer", 200),
    ("leader", 200),
]


@pytest.mark.parametrize("role, status", ROLES_VIEW)
def test_portfolio_page_permissions(client, partnership, member_factory, role, status):
    InvestmentFactory(portfolio__partnership=partnership)
    _login(client, member_factory, role)

    response = client.get(_url("portfolio", partnership))

    assert response.status_code == status


def test_portfolio_page_anonymous_is_sent_to_sign_in(client, partnership):
    response = client.get(_url("portfolio", partnership))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_portfolio_page_of_a_partnership_i_am_not_in(client, partnership, user):
    client.force_login(user)

    response = client.get(_url("portfolio", partnership))

    assert response.status_code in (403, 404)


@pytest.mark.parametrize("role, status", ROLES_MANAGE)
def test_investment_create_page_permissions(client, partnership, member_factory, role, status):
    _login(client, member_factory, role)

    response = client.get(_url("investment-create", partnership))

    assert response.status_code == status


@pytest.mark.parametrize("role, status", ROLES_VIEW)
def test_investment_detail_permissions(client, partnership, member_factory, role, status):
    investment = InvestmentFactory(portfolio__partnership=partnership)
    _login(client, member_factory, role)

    response = client.get(_url("investment-detail", partnership, investment.uuid))

    assert response.status_code == status


def test_viewers_see_no_edit_controls(client, partnership, member_factory):
    investment = InvestmentFactory(portfolio__partnership=partnership)
    _login(client, member_factory, "viewer")

    page = client.get(_url("investment-detail", partnership, investment.uuid)).content.decode()
    portfolio = client.get(_url("portfolio", partnership)).content.decode()

    assert _url("investment-edit", partnership, investment.uuid) not in page
    assert _url("funding-create", partnership, investment.uuid) not in page
    assert _url("investment-create", partnership) not in portfolio


def test_another_partnerships_investment_is_not_found(
    client, partnership, other_partnership, member_factory
):
    _login(client, member_factory, "leader")
    foreign = InvestmentFactory(portfolio__partnership=other_partnership)
    source = FundingSourceFactory(investment=foreign)

    assert client.get(_url("investment-detail", partnership, foreign.uuid)).status_code == 404
    assert client.get(_url("investment-edit", partnership, foreign.uuid)).status_code == 404
    own = InvestmentFactory(portfolio__partnership=partnership)
    edit_foreign_source = _url("funding-edit", partnership, own.uuid, source.uuid)
    assert client.get(edit_foreign_source).status_code == 404
    assert client.post(_url("investment-delete", partnership, foreign.uuid)).status_code == 404
    assert Investment.objects.filter(pk=foreign.pk).exists()


# --- the portfolio page -----------------------------------------------------------------


def test_first_visit_by_a_finance_officer_creates_the_portfolio(
    client, partnership, member_factory
):
    _login(client, member_factory, "finance_officer")

    response = client.get(_url("portfolio", partnership))

    assert response.status_code == 200
    assert Portfolio.objects.for_partnership(partnership).count() == 1


def test_a_viewer_sees_an_empty_state_without_creating_a_portfolio(
    client, partnership, member_factory
):
    _login(client, member_factory, "viewer")

    response = client.get(_url("portfolio", partnership))

    assert "has no investment portfolio yet" in response.content.decode()
    assert not Portfolio.objects.for_partnership(partnership).exists()


def test_figures_are_converted_and_state_the_rate_date(client, partnership, member_factory):
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 1, 1), rate=Decimal("100"))
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 12, 1), rate=Decimal("200"))
    investment = InvestmentFactory(
        portfolio__partnership=partnership, total_cost=Decimal("1000000"), currency="KES"
    )
    FundingSourceFactory(investment=investment, amount=Decimal("250000"), currency="KES")
    _login(client, member_factory, "viewer")

    response = client.get(_url("portfolio", partnership))

    overview = response.context["overview"]
    row = overview.rows[0]
    assert row.cost.amount == Decimal("10000.00")  # the rate of 1 Jan, not the later one
    assert row.committed.amount == Decimal("2500.00")
    assert row.gap.amount == Decimal("7500.00")
    assert overview.rate_date == datetime.date(2026, 1, 1)
    assert "exchange rates of 1 Jan 2026" in response.content.decode()


def test_the_gap_never_goes_below_zero(client, partnership, member_factory):
    funded = InvestmentFactory(portfolio__partnership=partnership, total_cost=Decimal("100"))
    FundingSourceFactory(investment=funded, amount=Decimal("150"))
    short = InvestmentFactory(portfolio=funded.portfolio, total_cost=Decimal("100"))
    FundingSourceFactory(investment=short, amount=Decimal("40"))
    FundingSourceFactory(investment=short, amount=Decimal("1000"), status=FundingStatus.PLEDGED)
    _login(client, member_factory, "viewer")

    overview = client.get(_url("portfolio", partnership)).context["overview"]

    gaps = {row.investment.pk: row.gap.amount for row in overview.rows}
    assert gaps == {funded.pk: Decimal("0.00"), short.pk: Decimal("60.00")}
    assert overview.gap.amount == Decimal("60.00")
    assert overview.committed.amount == Decimal("190.00")


def test_a_missing_rate_names_the_currency_and_date_and_marks_the_figures(
    client, partnership, member_factory
):
    InvestmentFactory(
        portfolio__partnership=partnership, total_cost=Decimal("5000"), currency="BRL"
    )
    InvestmentFactory(portfolio__partnership=partnership, total_cost=Decimal("700"), currency="USD")
    _login(client, member_factory, "viewer")

    response = client.get(_url("portfolio", partnership))

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is no exchange rate for BRL on or before 2026-11-25" in page
    assert response.context["overview"].total_cost.complete is False
    assert response.context["overview"].total_cost.amount == Decimal("700.00")
    assert "finance-incomplete" in page


def test_the_missing_rate_message_on_the_investment_page(client, partnership, member_factory):
    investment = InvestmentFactory(
        portfolio__partnership=partnership, total_cost=Decimal("5000"), currency="PEN"
    )
    _login(client, member_factory, "viewer")

    response = client.get(_url("investment-detail", partnership, investment.uuid))

    assert response.status_code == 200
    assert "There is no exchange rate for PEN on or before 2026-11-25" in response.content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("stage=ready", {"Ready one"}),
        ("sector=water", {"Water one"}),
        ("risk=high", {"Water one"}),
        ("q=ready", {"Ready one"}),
        ("landscape=the-hills", {"Water one"}),
        ("stage=nonsense", {"Ready one", "Water one"}),
    ],
)
def test_filters(client, partnership, member_factory, query, expected):
    portfolio = PortfolioFactory(partnership=partnership)
    InvestmentFactory(portfolio=portfolio, name="Ready one", stage="ready")
    hills = LandscapeFactory(partnership=partnership, slug="the-hills")
    InvestmentFactory(
        portfolio=portfolio, name="Water one", stage="idea", sector="water", risk_level="high",
        landscape=hills,
    )  # fmt: skip
    _login(client, member_factory, "viewer")

    response = client.get(_url("portfolio", partnership) + "?" + query)

    assert response.status_code == 200
    assert {row.investment.name for row in response.context["overview"].rows} == expected


@pytest.mark.parametrize("view", ["table", "map", "charts"])
def test_portfolio_page_uses_a_constant_number_of_queries(
    client, partnership, member_factory, view
):
    portfolio = PortfolioFactory(partnership=partnership)
    ExchangeRateFactory(currency="EUR", date=datetime.date(2026, 1, 1), rate=Decimal("0.9"))
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 1, 1), rate=Decimal("130"))
    _login(client, member_factory, "viewer")

    def grow(n):
        for i in range(n):
            investment = InvestmentFactory(
                portfolio=portfolio, currency=["USD", "EUR", "KES"][i % 3]
            )
            FundingSourceFactory(investment=investment, currency="EUR", instrument=Instrument.LOAN)
            FundingSourceFactory(investment=investment, currency="KES")
            TransactionFactory.create_batch(3, investment=investment, currency="EUR")
            TransactionFactory(investment=investment, type=TransactionType.EXPENDITURE)

    grow(3)
    url = _url("portfolio", partnership) + f"?view={view}"

    def load():
        assert client.get(url).status_code == 200

    load()  # warm the content-type cache
    count = assert_constant_queries(load, lambda: grow(9), max_queries=16)
    assert count <= 16


def test_portfolio_table_queries_stay_constant_past_one_page(
    client, partnership, member_factory, monkeypatch
):
    monkeypatch.setattr("finance.selectors.portfolio.PAGE_SIZE", 4)
    portfolio = PortfolioFactory(partnership=partnership)
    _login(client, member_factory, "viewer")

    def grow(n):
        for _ in range(n):
            investment = InvestmentFactory(portfolio=portfolio)
            FundingSourceFactory(investment=investment)
            TransactionFactory(investment=investment)

    grow(3)  # less than one page
    url = _url("portfolio", partnership) + "?page=2"
    client.get(url)  # warm the content-type cache

    assert_constant_queries(lambda: client.get(url), lambda: grow(10))  # three pages


def test_the_table_is_paginated_and_the_figures_cover_every_investment(
    client, partnership, member_factory, monkeypatch
):
    monkeypatch.setattr("finance.selectors.portfolio.PAGE_SIZE", 3)
    portfolio = PortfolioFactory(partnership=partnership)
    for n in range(7):
        investment = InvestmentFactory(
            portfolio=portfolio, name=f"Project {n}", total_cost=Decimal("100"), stage="ready"
        )
        FundingSourceFactory(investment=investment, amount=Decimal("40"))
    InvestmentFactory(portfolio=portfolio, name="Idea", total_cost=Decimal("1000"), stage="idea")
    _login(client, member_factory, "viewer")

    response = client.get(_url("portfolio", partnership) + "?stage=ready&page=2")

    overview = response.context["overview"]
    assert [row.investment.name for row in overview.rows] == ["Project 3", "Project 4", "Project 5"]
    assert overview.count == 7
    assert overview.total_cost.amount == Decimal("700.00")  # the whole filtered portfolio
    assert overview.committed.amount == Decimal("280.00")
    assert overview.gap.amount == Decimal("420.00")
    assert [(s.key, s.count) for s in overview.by_stage if s.count] == [("ready", 7)]
    page = response.content.decode()
    assert "Page 2 of 3" in page
    assert "stage=ready&amp;view=table&amp;page=3" in page  # the filters stay in the links
    assert "stage=ready&amp;view=table&amp;page=1" in page
    assert "Total of all 7 investments" in page

    last = client.get(_url("portfolio", partnership) + "?stage=ready&page=99")
    assert [row.investment.name for row in last.context["overview"].rows] == ["Project 6"]


def test_the_map_shows_every_investment_not_only_one_page(
    client, partnership, member_factory, monkeypatch
):
    monkeypatch.setattr("finance.selectors.portfolio.PAGE_SIZE", 2)
    landscape = LandscapeFactory(partnership=partnership)
    Landscape.objects.filter(pk=landscape.pk).update(centroid_lon=36.8, centroid_lat=-1.3)
    portfolio = PortfolioFactory(partnership=partnership)
    for n in range(5):
        InvestmentFactory(portfolio=portfolio, landscape=landscape, name=f"Placed {n}")
    _login(client, member_factory, "viewer")

    response = client.get(_url("portfolio", partnership) + "?view=map")

    features = response.context["map_data"]["features"]
    assert len(features) == 5
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [36.8, -1.3]}
    assert features[0]["properties"]["name"].startswith("Placed 0 · ")
    assert response.context["unplaced"] == 0


def test_investment_page_uses_a_constant_number_of_queries(client, partnership, member_factory):
    investment = InvestmentFactory(portfolio__partnership=partnership)
    FundingSourceFactory(investment=investment, currency="EUR")
    _login(client, member_factory, "viewer")
    url = _url("investment-detail", partnership, investment.uuid)

    def grow():
        for _ in range(5):
            source = FundingSourceFactory(investment=investment, currency="EUR")
            TransactionFactory(investment=investment, funding_source=source)

    client.get(url)  # warm the content-type cache
    assert_constant_queries(lambda: client.get(url), grow)


# --- investment pages and forms -------------------------------------------------------


def test_over_disbursement_is_a_warning_on_the_investment_page(client, partnership, member_factory):
    investment = InvestmentFactory(portfolio__partnership=partnership)
    FundingSourceFactory(investment=investment, amount=Decimal("100"))
    TransactionFactory(investment=investment, amount=Decimal("160"))
    _login(client, member_factory, "viewer")

    page = client.get(_url("investment-detail", partnership, investment.uuid)).content.decode()

    assert "data-over-disbursed" in page
    assert "60.00 USD more than the committed funding" in page


def test_create_an_investment_through_the_form(client, partnership, member_factory):
    landscape = LandscapeFactory(partnership=partnership)
    _login(client, member_factory, "finance_officer")

    response = client.post(
        _url("investment-create", partnership),
        {
            "name": "Agroforestry",
            "kind": "asset",
            "sector": "agroforestry",
            "stage": "idea",
            "risk_level": "medium",
            "total_cost": "120000",
            "currency": "EUR",
            "landscape": landscape.pk,
            "start_date": "2026-01-01",
            "end_date": "2027-12-31",
        },
    )

    investment = Investment.objects.for_partnership(partnership).get()
    assert response.status_code == 302
    assert response["Location"] == _url("investment-detail", partnership, investment.uuid)
    assert (investment.total_cost, investment.currency) == (Decimal("120000"), "EUR")


@pytest.mark.parametrize(
    "changes, field",
    [({"total_cost": "-10"}, "total_cost"), ({"currency": "XYZ"}, "currency")],
)
def test_the_investment_form_shows_field_errors_and_saves_nothing(
    client, partnership, member_factory, changes, field
):
    landscape = LandscapeFactory(partnership=partnership)
    _login(client, member_factory, "finance_officer")
    data = {
        "name": "Agroforestry", "kind": "asset", "sector": "agroforestry", "stage": "idea",
        "risk_level": "medium", "total_cost": "120000", "currency": "EUR",
        "landscape": landscape.pk,
    }  # fmt: skip
    data.update(changes)

    response = client.post(_url("investment-create", partnership), data)

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Investment.objects.exists()


def test_a_transaction_outside_the_dates_is_a_field_error(client, partnership, member_factory):
    investment = InvestmentFactory(portfolio__partnership=partnership)
    _login(client, member_factory, "finance_officer")

    response = client.post(
        _url("transaction-create", partnership, investment.uuid),
        {"type": "3", "date": "2031-01-01", "amount": "100", "currency": "USD"},
    )

    assert response.status_code == 400
    assert "after the investment ends" in response.context["form"].errors["date"][0]
    assert not Transaction.objects.exists()


def test_a_disbursement_beyond_commitments_is_saved_with_a_warning(
    client, partnership, member_factory
):
    investment = InvestmentFactory(portfolio__partnership=partnership)
    FundingSourceFactory(investment=investment, amount=Decimal("100"))
    _login(client, member_factory, "finance_officer")

    response = client.post(
        _url("transaction-create", partnership, investment.uuid),
        {"type": "3", "date": "2026-05-01", "amount": "150", "currency": "USD"},
        follow=True,
    )

    assert Transaction.objects.count() == 1
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings and "more than the committed funding" in warnings[0]


def test_upload_and_download_a_document(client, partnership, member_factory):
    investment = InvestmentFactory(portfolio__partnership=partnership)
    _login(client, member_factory, "finance_officer")
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")

    response = client.post(
        _url("document-create", partnership, investment.uuid),
        {"title": "Business plan", "file": upload, "shared_with_funders": "on"},
    )
    assert response.status_code == 302
    document = investment.documents.get()

    download = client.get(_url("document-download", partnership, investment.uuid, document.uuid))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 plan"


def test_delete_an_investment(client, partnership, member_factory):
    investment = InvestmentFactory(portfolio__partnership=partnership)
    TransactionFactory(investment=investment)
    _login(client, member_factory, "leader")

    response = client.post(_url("investment-delete", partnership, investment.uuid))

    assert response.status_code == 302
    assert not Investment.objects.exists()
    assert not Transaction.objects.exists()
