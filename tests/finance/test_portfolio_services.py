"""Portfolio services: investments, funding sources, transactions, budgets, documents.
Every refusal names the field and leaves nothing saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from finance.models import Budget, FundingSource, Investment, InvestmentDocument, Transaction
from finance.models.choices import (
    BudgetType,
    FundingStatus,
    Instrument,
    InvestmentKind,
    Sector,
    SourceType,
    Stage,
    TransactionType,
)
from finance.services import funding as funding_services
from finance.services import portfolio as services
from hub import events
from hub.services import ApplicationError
from tests.finance.factories import (
    BudgetFactory,
    FundingSourceFactory,
    InvestmentFactory,
    TransactionFactory,
)
from tests.hub.factories import OrganizationFactory
from tests.landscapes.factories import LandscapeFactory, make_site, with_boundary
from tests.mel.factories import IndicatorFactory, ResultFactory

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[34.0, 1.0], [35.0, 1.0], [35.0, 2.0], [34.0, 2.0], [34.0, 1.0]]],
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def landscape(partnership):
    return with_boundary(LandscapeFactory(partnership=partnership), SQUARE)


def _create(partnership, home, **overrides):
    kwargs = {
        "partnership": partnership,
        "name": "River restoration",
        "kind": InvestmentKind.ENABLING,
        "sector": Sector.RESTORATION,
        "total_cost": Decimal("250000.00"),
        "currency": "USD",
        "landscape": home,
        "start_date": datetime.date(2026, 1, 1),
        "end_date": datetime.date(2028, 12, 31),
    }
    kwargs.update(overrides)
    return services.investment_create(**kwargs)


# --- portfolio and investments ----------------------------------------------------------


def test_portfolio_is_created_once_per_partnership(partnership):
    first = services.portfolio_get_or_create(partnership=partnership)
    second = services.portfolio_get_or_create(partnership=partnership)

    assert first.pk == second.pk
    assert first.reporting_currency == "USD"


def test_portfolio_update_refuses_an_unknown_reporting_currency(partnership):
    portfolio = services.portfolio_get_or_create(partnership=partnership)

    with pytest.raises(ApplicationError) as error:
        services.portfolio_update(portfolio=portfolio, title="P", reporting_currency="XYZ")

    assert error.value.field == "reporting_currency"
    portfolio.refresh_from_db()
    assert portfolio.reporting_currency == "USD"


def test_investment_create_stores_links_and_a_location_inside_the_landscape(partnership, landscape):
    result = ResultFactory(framework__partnership=partnership)
    indicator = IndicatorFactory(result=result)
    partner = OrganizationFactory()

    investment = _create(
        partnership,
        landscape,
        location={"type": "Point", "coordinates": [34.5, 1.5]},
        results=[result],
        indicators=[indicator],
        implementing_partners=[partner],
    )

    assert investment.portfolio.partnership == partnership
    assert investment.location == {"type": "Point", "coordinates": [34.5, 1.5]}
    assert (investment.centroid_lon, investment.centroid_lat) == (34.5, 1.5)
    assert list(investment.results.all()) == [result]
    assert list(investment.indicators.all()) == [indicator]
    assert list(investment.implementing_partners.all()) == [partner]


def test_a_polygon_location_gets_its_area(partnership, landscape):
    square = {
        "type": "Polygon",
        "coordinates": [[[34.1, 1.1], [34.2, 1.1], [34.2, 1.2], [34.1, 1.2], [34.1, 1.1]]],
    }

    investment = _create(partnership, landscape, location=square)

    assert investment.area_ha > 0
    assert investment.bbox == (34.1, 1.1, 34.2, 1.2)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"location": {"type": "Point", "coordinates": [36.0, 1.5]}}, "location"),
        ({"location": {"type": "LineString", "coordinates": [[34, 1], [35, 2]]}}, "location"),
        ({"total_cost": Decimal("-5")}, "total_cost"),
        ({"total_cost": Decimal("0")}, "total_cost"),
        ({"total_cost": Decimal("5000000000000")}, "total_cost"),
        ({"currency": "ABC"}, "currency"),
        ({"end_date": datetime.date(2025, 1, 1)}, "end_date"),
    ],
)
def test_investment_create_refuses_bad_input_and_saves_nothing(
    partnership, landscape, overrides, field
):
    with pytest.raises(ApplicationError) as error:
        _create(partnership, landscape, **overrides)

    assert error.value.field == field
    assert Investment.objects.count() == 0


def test_investment_create_refuses_another_partnerships_landscape_results_and_site(
    partnership, landscape, other_partnership
):
    foreign_landscape = LandscapeFactory(partnership=other_partnership)
    foreign_result = ResultFactory(framework__partnership=other_partnership)
    foreign_site = make_site(with_boundary(foreign_landscape, SQUARE))

    for overrides, field in [
        ({"landscape": foreign_landscape}, "landscape"),
        ({"results": [foreign_result]}, "results"),
        ({"site": foreign_site}, "site"),
    ]:
        with pytest.raises(ApplicationError) as error:
            _create(partnership, landscape, **overrides)
        assert error.value.field == field
    assert Investment.objects.count() == 0


def test_investment_names_are_unique_in_the_portfolio(partnership, landscape):
    _create(partnership, landscape)

    with pytest.raises(ApplicationError) as error:
        _create(partnership, landscape, name="river RESTORATION")

    assert error.value.field == "name"
    assert Investment.objects.count() == 1


def test_a_stage_change_publishes_an_event(
    partnership, landscape, django_capture_on_commit_callbacks
):
    investment = _create(partnership, landscape, stage=Stage.DESIGN)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        updated = services.investment_set_stage(investment=investment, stage=Stage.READY)

    assert updated.stage == Stage.READY
    assert len(callbacks) == 1


def test_investment_update_publishes_the_stage_change_payload(partnership, landscape, monkeypatch):
    investment = _create(partnership, landscape, stage=Stage.DESIGN)
    published = []
    monkeypatch.setattr(
        events, "publish", lambda event_type, **kwargs: published.append((event_type, kwargs))
    )

    services.investment_update(
        investment=investment, name=investment.name, kind=investment.kind,
        sector=investment.sector, total_cost=investment.total_cost, currency="USD",
        landscape=landscape, stage=Stage.FINANCED,
        start_date=investment.start_date, end_date=investment.end_date,
    )  # fmt: skip

    assert published == [
        (
            "investment.stage_changed",
            {
                "partnership_id": partnership.pk,
                "object_uuid": investment.uuid,
                "data": {
                    "investment": str(investment.uuid),
                    "name": "River restoration",
                    "from": Stage.DESIGN,
                    "to": Stage.FINANCED,
                },
            },
        )
    ]


def test_investment_update_refuses_dates_that_leave_transactions_outside(partnership, landscape):
    investment = _create(partnership, landscape)
    TransactionFactory(investment=investment, date=datetime.date(2026, 6, 1))

    with pytest.raises(ApplicationError) as error:
        services.investment_update(
            investment=investment, name=investment.name, kind=investment.kind,
            sector=investment.sector, total_cost=investment.total_cost, currency="USD",
            landscape=landscape, start_date=datetime.date(2026, 7, 1),
            end_date=investment.end_date,
        )  # fmt: skip

    assert error.value.field == "start_date"
    investment.refresh_from_db()
    assert investment.start_date == datetime.date(2026, 1, 1)


# --- funding sources --------------------------------------------------------------------


def _funding(investment, **overrides):
    kwargs = {
        "investment": investment,
        "funder": OrganizationFactory(),
        "source_type": SourceType.PHILANTHROPIC,
        "instrument": Instrument.GRANT,
        "amount": Decimal("100000"),
        "currency": "EUR",
        "status": FundingStatus.COMMITTED,
        "pledged_on": datetime.date(2026, 1, 10),
        "committed_on": datetime.date(2026, 2, 1),
    }
    kwargs.update(overrides)
    return funding_services.funding_source_create(**kwargs)


def test_funding_source_create(partnership):
    investment = InvestmentFactory(portfolio__partnership=partnership)

    source = _funding(investment)

    assert source.partnership == partnership
    assert (source.amount, source.currency, source.status) == (
        Decimal("100000"),
        "EUR",
        FundingStatus.COMMITTED,
    )


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"amount": Decimal("0")}, "amount"),
        ({"amount": Decimal("-1")}, "amount"),
        ({"amount": Decimal("1000000000000")}, "amount"),
        ({"currency": "EURO"}, "currency"),
        ({"committed_on": None}, "committed_on"),
        ({"status": FundingStatus.DISBURSED}, "disbursed_on"),
        ({"committed_on": datetime.date(2026, 1, 1)}, "committed_on"),
    ],
)
def test_funding_source_refusals_save_nothing(partnership, overrides, field):
    investment = InvestmentFactory(portfolio__partnership=partnership)

    with pytest.raises(ApplicationError) as error:
        _funding(investment, **overrides)

    assert error.value.field == field
    assert FundingSource.objects.count() == 0


# --- transactions -----------------------------------------------------------------------


def test_transaction_dates_must_fall_within_the_investment(partnership):
    investment = InvestmentFactory(
        portfolio__partnership=partnership,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    for day in (datetime.date(2025, 12, 31), datetime.date(2027, 1, 1)):
        with pytest.raises(ApplicationError) as error:
            funding_services.transaction_create(
                investment=investment, type=TransactionType.DISBURSEMENT, date=day,
                amount=Decimal("10"), currency="USD",
            )  # fmt: skip
        assert error.value.field == "date"
    assert Transaction.objects.count() == 0

    row = funding_services.transaction_create(
        investment=investment, type=TransactionType.DISBURSEMENT,
        date=datetime.date(2026, 12, 31), amount=Decimal("10"), currency="USD",
    )  # fmt: skip
    assert row.partnership == partnership


def test_a_transaction_cannot_use_another_investments_funding_source(partnership):
    investment = InvestmentFactory(portfolio__partnership=partnership)
    other_source = FundingSourceFactory(
        investment=InvestmentFactory(portfolio=investment.portfolio)
    )

    with pytest.raises(ApplicationError) as error:
        funding_services.transaction_create(
            investment=investment, type=TransactionType.DISBURSEMENT,
            date=datetime.date(2026, 3, 1), amount=Decimal("10"), currency="USD",
            funding_source=other_source,
        )  # fmt: skip

    assert error.value.field == "funding_source"
    assert Transaction.objects.count() == 0


def test_disbursing_more_than_committed_is_allowed(partnership):
    """A warning on the page, not a refusal: the money already moved."""
    investment = InvestmentFactory(portfolio__partnership=partnership)
    FundingSourceFactory(investment=investment, amount=Decimal("100"), currency="USD")

    funding_services.transaction_create(
        investment=investment, type=TransactionType.DISBURSEMENT,
        date=datetime.date(2026, 3, 1), amount=Decimal("150"), currency="USD",
    )  # fmt: skip

    assert Transaction.objects.count() == 1


def test_transaction_update_refuses_an_unknown_currency_and_keeps_the_row(partnership):
    row = TransactionFactory(investment__portfolio__partnership=partnership)

    with pytest.raises(ApplicationError) as error:
        funding_services.transaction_update(
            transaction_row=row, type=row.type, date=row.date, amount=Decimal("99"),
            currency="ZZZ",
        )  # fmt: skip

    assert error.value.field == "currency"
    row.refresh_from_db()
    assert (row.amount, row.currency) == (Decimal("25000.00"), "USD")


# --- budgets ----------------------------------------------------------------------------


def test_budgets_of_the_same_type_may_not_overlap(partnership):
    budget = BudgetFactory(investment__portfolio__partnership=partnership)
    investment = budget.investment

    with pytest.raises(ApplicationError) as error:
        funding_services.budget_create(
            investment=investment, period_start=datetime.date(2026, 12, 1),
            period_end=datetime.date(2027, 11, 30), amount=Decimal("10"), currency="USD",
        )  # fmt: skip
    assert error.value.field == "period_start"
    assert Budget.objects.count() == 1

    revised = funding_services.budget_create(
        investment=investment, period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31), amount=Decimal("10"), currency="USD",
        type=BudgetType.REVISED,
    )  # fmt: skip
    following = funding_services.budget_create(
        investment=investment, period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31), amount=Decimal("10"), currency="USD",
    )  # fmt: skip
    assert {revised.pk, following.pk} <= set(Budget.objects.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "start, end, field",
    [
        (datetime.date(2026, 1, 1), datetime.date(2027, 6, 30), "period_end"),
        (datetime.date(2026, 6, 1), datetime.date(2026, 5, 1), "period_end"),
    ],
)
def test_budget_periods_are_ordered_and_at_most_a_year(partnership, start, end, field):
    investment = InvestmentFactory(portfolio__partnership=partnership)

    with pytest.raises(ApplicationError) as error:
        funding_services.budget_create(
            investment=investment, period_start=start, period_end=end, amount=Decimal("10"),
            currency="USD",
        )  # fmt: skip

    assert error.value.field == field
    assert Budget.objects.count() == 0


# --- documents --------------------------------------------------------------------------


def test_document_add_accepts_a_pdf(partnership):
    investment = InvestmentFactory(portfolio__partnership=partnership)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.7 body", content_type="application/pdf")

    document = services.document_add(investment=investment, title="", file=upload)

    assert document.title == "plan"
    assert document.partnership == partnership


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("run.exe", b"MZ...", "application/octet-stream"),
        ("plan.pdf", b"<html>not a pdf", "application/pdf"),
        ("plan.pdf", b"%PDF-1.7", "text/html"),
    ],
)
def test_document_add_refuses_other_types(partnership, name, content, content_type):
    investment = InvestmentFactory(portfolio__partnership=partnership)

    with pytest.raises(ApplicationError) as error:
        services.document_add(
            investment=investment, title="x",
            file=SimpleUploadedFile(name, content, content_type=content_type),
        )  # fmt: skip

    assert error.value.field == "file"
    assert InvestmentDocument.objects.count() == 0


def test_document_add_refuses_a_file_over_20_mb_before_reading_it(partnership):
    investment = InvestmentFactory(portfolio__partnership=partnership)

    class Unread(SimpleUploadedFile):
        def read(self, *args):
            pytest.fail("the file was read before its size was checked")

    upload = Unread("big.pdf", b"%PDF", content_type="application/pdf")
    upload.size = 20 * 1024 * 1024 + 1

    with pytest.raises(ApplicationError) as error:
        services.document_add(investment=investment, title="Big", file=upload)

    assert "20 MB" in error.value.message
    assert InvestmentDocument.objects.count() == 0
