"""Factories for the finance app (rows that services would write; tests of the services
themselves go through the services)."""

import datetime
from decimal import Decimal

import factory

from finance.models import (
    Budget,
    ExchangeRate,
    FunderStaff,
    FundingSource,
    Investment,
    InvestmentReview,
    Portfolio,
    PortfolioShare,
    ReviewCriterion,
    Transaction,
)
from finance.models.choices import (
    FundingStatus,
    Instrument,
    InvestmentKind,
    Sector,
    SourceType,
    Stage,
    TransactionType,
)
from tests.hub.factories import OrganizationFactory, UserFactory
from tests.landscapes.factories import LandscapeFactory
from tests.partnerships.factories import PartnershipFactory


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio
        django_get_or_create = ("partnership",)

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.LazyAttribute(lambda o: f"{o.partnership.name} investment portfolio")
    reporting_currency = "USD"


class InvestmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Investment

    portfolio = factory.SubFactory(PortfolioFactory)
    partnership = factory.SelfAttribute("portfolio.partnership")
    landscape = factory.SubFactory(
        LandscapeFactory, partnership=factory.SelfAttribute("..partnership")
    )
    name = factory.Sequence(lambda n: f"Investment {n}")
    summary = "Agroforestry on smallholder farms along the river."
    kind = InvestmentKind.ASSET
    sector = Sector.RESTORATION
    stage = Stage.READY
    total_cost = Decimal("500000.00")
    currency = "USD"
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2029, 12, 31)


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource

    investment = factory.SubFactory(InvestmentFactory)
    partnership = factory.SelfAttribute("investment.partnership")
    funder = factory.SubFactory(OrganizationFactory)
    source_type = SourceType.PHILANTHROPIC
    instrument = Instrument.GRANT
    amount = Decimal("100000.00")
    currency = "USD"
    status = FundingStatus.COMMITTED
    committed_on = datetime.date(2026, 2, 1)


class TransactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transaction

    investment = factory.SubFactory(InvestmentFactory)
    partnership = factory.SelfAttribute("investment.partnership")
    type = TransactionType.DISBURSEMENT
    date = datetime.date(2026, 3, 1)
    amount = Decimal("25000.00")
    currency = "USD"


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    investment = factory.SubFactory(InvestmentFactory)
    partnership = factory.SelfAttribute("investment.partnership")
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 12, 31)
    amount = Decimal("120000.00")
    currency = "USD"


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate
        django_get_or_create = ("currency", "date")

    currency = "KES"
    date = datetime.date(2026, 1, 1)
    rate = Decimal("129.50000000")


class FunderStaffFactory(factory.django.DjangoModelFactory):
    """A funder user; shares reach them through their organization (finance services)."""

    class Meta:
        model = FunderStaff

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory, type="donor")


class PortfolioShareFactory(factory.django.DjangoModelFactory):
    """A share row only; use the finance services to share (they grant the permissions)."""

    class Meta:
        model = PortfolioShare

    portfolio = factory.SubFactory(PortfolioFactory)
    partnership = factory.SelfAttribute("portfolio.partnership")
    funder = factory.SubFactory(OrganizationFactory, type="donor")


class InvestmentReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestmentReview

    investment = factory.SubFactory(InvestmentFactory)
    partnership = factory.SelfAttribute("investment.partnership")
    funder = factory.SubFactory(OrganizationFactory, type="donor")


class ReviewCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewCriterion
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Criterion {n}")
