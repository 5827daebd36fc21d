"""Part ``finance``: the investment portfolios of issue 6.

- ``MAIN_SLUG``: a portfolio of 500 investments (USD, EUR and KES) with 1,000 funding
  sources, 10,000 transactions and 500 budgets: the portfolio page and the finance API.
- The probes hold ``PROBE_N`` and ``2 * PROBE_N`` investments (for the "queries constant
  in the number of rows" check of the portfolio page and API).
- A funder organization whose reviewer (``FUNDER_EMAIL``) has 200 whole portfolios of
  other partnerships shared with it (~500 investments, each with its review opened): the
  funder's one view. Investment names carry the words ``alpha`` (10 of them) and
  ``beta`` (20 of them), so ``?q=alpha`` / ``?q=beta`` show N and 2N rows.

Rows are bulk-inserted as the services would write them; the shares get the services'
guardian grants (``finance.services.review``) and the funder user joins the
organization's group through ``funder_staff_add``.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from guardian.shortcuts import assign_perm

from finance.models import (
    Budget,
    ExchangeRate,
    FundingSource,
    Investment,
    InvestmentReview,
    Portfolio,
    PortfolioShare,
)
from finance.models.choices import (
    FundingStatus,
    Instrument,
    InvestmentKind,
    RiskLevel,
    Sector,
    SourceType,
    Stage,
    TransactionType,
)
from finance.models.funding import Transaction
from hub.models import Organization, User
from landscapes.models import Landscape
from partnerships.models import Partnership
from tests.perf.dataset import core

NAME = "finance"
VERSION = "1"

MAIN_INVESTMENTS = 500
TRANSACTIONS_PER_INVESTMENT = 20  # 10,000 in the main portfolio
SOURCES_PER_INVESTMENT = 2
SHARED_PORTFOLIOS = 200
FUNDER_EMAIL = "bench.funder@bench.invalid"
FUNDER_ORGANIZATION = "Bench Landscape Fund"
START, END = datetime.date(2022, 1, 1), datetime.date(2031, 12, 31)
RATES = {"EUR": Decimal("0.92"), "KES": Decimal("129.5"), "TZS": Decimal("2520"),
         "BRL": Decimal("5.1")}  # fmt: skip
CURRENCIES = ["USD"] * 6 + ["EUR"] * 2 + ["KES"] * 2
SECTORS = list(Sector.values)
STAGES = list(Stage.values)
WORDS = ["Terraces", "Agroforestry", "Spring protection", "Honey", "Ecotourism lodge",
         "Solar mills", "Seedling nursery", "Rangeland", "Fish ponds", "Bamboo"]  # fmt: skip


def funder_principal() -> User:
    return User.objects.get(email=FUNDER_EMAIL)


def _organizations(rng: random.Random, count: int) -> list[Organization]:
    existing = list(Organization.objects.order_by("pk")[:count])
    missing = [
        Organization(
            uuid=core.uuid_from(rng), name=f"Bench implementer {n}", type=Organization.Type.NGO
        )
        for n in range(len(existing), count)
    ]
    Organization.objects.bulk_create(missing)
    return list(Organization.objects.order_by("pk")[:count])


def _portfolio(rng, partnership, *, count, organizations, transactions, names=None):
    portfolio = Portfolio.objects.create(
        uuid=core.uuid_from(rng), partnership=partnership,
        title=f"{partnership.name} investment portfolio", reporting_currency="USD",
    )  # fmt: skip
    landscapes = list(
        Landscape.objects.filter(partnership=partnership).values_list("pk", flat=True)
    )
    investments = []
    for n in range(count):
        name = names(n) if names else f"{rng.choice(WORDS)} {n + 1:03d}"
        investments.append(
            Investment(
                uuid=core.uuid_from(rng), partnership=partnership, portfolio=portfolio,
                name=name, summary=core.TEXT, kind=rng.choice(list(InvestmentKind.values)),
                sector=rng.choice(SECTORS), stage=rng.choice(STAGES),
                total_cost=Decimal(rng.randint(20_000, 5_000_000)), currency=rng.choice(CURRENCIES),
                start_date=START, end_date=END, landscape_id=rng.choice(landscapes),
                lead_organization=rng.choice(organizations), risk_level=rng.choice(list(RiskLevel.values)),
            )
        )  # fmt: skip
    Investment.objects.bulk_create(investments, batch_size=1000)
    sources, rows, budgets = [], [], []
    for investment in investments:
        for _ in range(SOURCES_PER_INVESTMENT):
            status = rng.choice(list(FundingStatus.values))
            sources.append(
                FundingSource(
                    uuid=core.uuid_from(rng), partnership=partnership, investment=investment,
                    funder=rng.choice(organizations), source_type=rng.choice(list(SourceType.values)),
                    instrument=rng.choice(list(Instrument.values)),
                    amount=Decimal(rng.randint(5_000, 1_000_000)), currency=rng.choice(CURRENCIES),
                    status=status, pledged_on=START,
                    committed_on=START if status != FundingStatus.PLEDGED else None,
                    disbursed_on=START if status == FundingStatus.DISBURSED else None,
                )
            )  # fmt: skip
        for _ in range(transactions):
            rows.append(
                Transaction(
                    uuid=core.uuid_from(rng), partnership=partnership, investment=investment,
                    type=rng.choice([TransactionType.INCOMING_FUNDS, TransactionType.DISBURSEMENT,
                                     TransactionType.EXPENDITURE]),
                    date=START + datetime.timedelta(days=rng.randint(0, (END - START).days)),
                    amount=Decimal(rng.randint(100, 100_000)), currency=investment.currency,
                    description="Bench transaction",
                )
            )  # fmt: skip
        budgets.append(
            Budget(
                uuid=core.uuid_from(rng), partnership=partnership, investment=investment,
                period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31),
                amount=Decimal(rng.randint(10_000, 500_000)), currency=investment.currency,
            )
        )  # fmt: skip
    FundingSource.objects.bulk_create(sources, batch_size=2000)
    Transaction.objects.bulk_create(rows, batch_size=5000)
    Budget.objects.bulk_create(budgets, batch_size=2000)
    return portfolio, investments


def _shared_name(n: int) -> str:
    words = " alpha beta" if n < core.PROBE_N else " beta" if n < 2 * core.PROBE_N else ""
    return f"Shared investment {n + 1:03d}{words}"


def build(rng: random.Random, *, log=print) -> None:
    from finance.services.review import REVIEW_PORTFOLIO, funder_group, funder_staff_add

    ExchangeRate.objects.bulk_create(
        [
            ExchangeRate(currency=code, date=datetime.date(2026, 1, 1), rate=rate, source="bench")
            for code, rate in RATES.items()
        ]
    )
    organizations = _organizations(rng, 40)
    by_slug = {p.slug: p for p in Partnership.objects.filter(
        slug__in=[core.MAIN_SLUG, core.PROBE_N_SLUG, core.PROBE_2N_SLUG])}  # fmt: skip
    _portfolio(rng, by_slug[core.MAIN_SLUG], count=MAIN_INVESTMENTS, organizations=organizations,
               transactions=TRANSACTIONS_PER_INVESTMENT)  # fmt: skip
    log(f"  finance: {core.MAIN_SLUG}: {MAIN_INVESTMENTS} investments, "
        f"{MAIN_INVESTMENTS * TRANSACTIONS_PER_INVESTMENT} transactions")  # fmt: skip
    for slug, count in ((core.PROBE_N_SLUG, core.PROBE_N), (core.PROBE_2N_SLUG, 2 * core.PROBE_N)):
        _portfolio(rng, by_slug[slug], count=count, organizations=organizations, transactions=5)

    funder = Organization.objects.create(
        uuid=core.uuid_from(rng), name=FUNDER_ORGANIZATION, type=Organization.Type.DONOR
    )
    user = User.objects.create(
        uuid=core.uuid_from(rng), email=FUNDER_EMAIL, full_name="Bench Funder",
        password=make_password(core.BENCH_PASSWORD),
    )  # fmt: skip
    funder_staff_add(organization=funder, user=user)
    with_landscapes = Landscape.objects.values("partnership_id")
    others = list(
        Partnership.objects.exclude(slug__in=list(by_slug))
        .filter(pk__in=with_landscapes)
        .order_by("pk")[:SHARED_PORTFOLIOS]
    )
    counter = iter(range(10**6))
    portfolios, shares, reviews = [], [], []
    leader = core.principal()
    for partnership in others:
        portfolio, investments = _portfolio(
            rng, partnership, count=rng.randint(2, 3), organizations=organizations,
            transactions=3, names=lambda _n: _shared_name(next(counter)),
        )  # fmt: skip
        portfolios.append(portfolio)
        share = PortfolioShare(uuid=core.uuid_from(rng), partnership=partnership,
                               portfolio=portfolio, funder=funder, shared_by=leader)  # fmt: skip
        shares.append(share)
        reviews += [
            InvestmentReview(
                uuid=core.uuid_from(rng),
                partnership=partnership,
                investment=investment,
                funder=funder,
                share=share,
            )
            for investment in investments
        ]
    PortfolioShare.objects.bulk_create(shares)
    InvestmentReview.objects.bulk_create(reviews, batch_size=1000)
    assign_perm(
        REVIEW_PORTFOLIO,
        funder_group(organization=funder),
        Portfolio.objects.filter(pk__in=[p.pk for p in portfolios]),
    )
    log(f"  finance: {len(portfolios)} portfolios ({len(reviews)} investments) shared with "
        f"{FUNDER_ORGANIZATION}")  # fmt: skip
