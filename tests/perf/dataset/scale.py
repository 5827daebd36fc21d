"""Part ``scale``: brings the dataset to the figures of issue 10 — 10,000 investments,
100,000 transactions and 1,000,000 approved measurements — without changing what the
earlier parts put in ``bench-main``, the probes and the 200 shared portfolios (so the
endpoint figures stay comparable across runs).

- Finance: a portfolio in each of ``FINANCE_PARTNERSHIPS`` other partnerships (ones with
  landscapes and no portfolio yet), with the investments and transactions missing to
  reach ``INVESTMENTS`` and ``TRANSACTIONS``.
- MEL: ``MEL_PARTNERSHIPS`` other partnerships get a framework (a goal, four outcomes)
  and ``INDICATORS`` monthly indicators each — the first one ``HEAVY_INDICATORS`` (the
  largest partnership, used by the ``mel-report`` phase) — with approved monthly values
  over the ``MONTHS`` months up to ``LAST_MONTH`` (fewer for some indicators, so the
  database holds exactly ``MEASUREMENTS``) and a target for each of the last
  ``TARGET_MONTHS`` months.

Frameworks, results, indicators, portfolios and investments are bulk-created; values,
targets and transactions are written with one raw ``COPY`` each. The load runs with
``SET LOCAL session_replication_role = replica`` inside its transaction: PostgreSQL then
skips the history (pghistory) triggers for these generated rows — and the foreign-key
triggers, which is why every id written here comes from a row read or created in the
same transaction. The setting ends with the transaction; nothing is changed for the
application, whose own writes keep firing every trigger.
"""

from __future__ import annotations

import datetime
import io
import random
import uuid
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from finance.models import Investment, Portfolio
from finance.models.choices import InvestmentKind, RiskLevel, TransactionType
from finance.models.funding import Transaction
from hub.models import Organization
from landscapes.models import Landscape
from mel.models import Framework, Frequency, Indicator, IndicatorType, Measurement, Result
from mel.periods import periods_between
from partnerships.models import Partnership
from tests.perf.dataset import core, finance

NAME = "scale"
VERSION = "1"

INVESTMENTS = 10_000
TRANSACTIONS = 100_000
MEASUREMENTS = 1_000_000

FINANCE_PARTNERSHIPS = 600
MEL_PARTNERSHIPS = 500
INDICATORS = 20
HEAVY_INDICATORS = 200
MONTHS = 100
LAST_MONTH = datetime.date(2026, 10, 1)
TARGET_MONTHS = 24
FRAMEWORK_START = datetime.date(2018, 1, 1)
PREFIX = "S"


def _others(without):
    """Partnerships the earlier parts left alone (none of ``without``'s rows)."""
    principals = [core.MAIN_SLUG, core.PROBE_N_SLUG, core.PROBE_2N_SLUG]
    return (
        Partnership.objects.exclude(slug__in=principals)
        .exclude(pk__in=without.objects.values("partnership_id"))
        .order_by("pk")
    )


def _replica(cursor) -> None:
    cursor.execute("SET LOCAL session_replication_role = replica")


def _copy(cursor, sql: str, buffer: io.StringIO) -> None:
    buffer.seek(0)
    with cursor.cursor.copy(sql) as copy:
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)


# --- finance --------------------------------------------------------------------------


def _finance(rng: random.Random, log) -> None:
    with_landscapes = dict(
        Landscape.objects.values_list("partnership_id").annotate(n=Count("pk")).order_by()
    )
    partnerships = [p for p in _others(Portfolio) if p.pk in with_landscapes][:FINANCE_PARTNERSHIPS]
    landscapes: dict[int, list[int]] = {}
    for pk, partnership_id in Landscape.objects.filter(
        partnership_id__in=[p.pk for p in partnerships]
    ).values_list("pk", "partnership_id"):
        landscapes.setdefault(partnership_id, []).append(pk)
    organizations = list(Organization.objects.order_by("pk")[:40])
    missing = INVESTMENTS - Investment.objects.count()
    per, extra = divmod(missing, len(partnerships))
    portfolios = Portfolio.objects.bulk_create(
        [
            Portfolio(uuid=core.uuid_from(rng), partnership=p, reporting_currency="USD",
                      title=f"{p.name} investment portfolio")
            for p in partnerships
        ]
    )  # fmt: skip
    investments = []
    for n, portfolio in enumerate(portfolios):
        for k in range(per + (1 if n < extra else 0)):
            investments.append(
                Investment(
                    uuid=core.uuid_from(rng), partnership_id=portfolio.partnership_id,
                    portfolio=portfolio, name=f"{rng.choice(finance.WORDS)} {k + 1:03d}",
                    summary=core.TEXT, kind=rng.choice(list(InvestmentKind.values)),
                    sector=rng.choice(finance.SECTORS), stage=rng.choice(finance.STAGES),
                    total_cost=Decimal(rng.randint(20_000, 5_000_000)),
                    currency=rng.choice(finance.CURRENCIES), start_date=finance.START,
                    end_date=finance.END,
                    landscape_id=rng.choice(landscapes[portfolio.partnership_id]),
                    lead_organization=rng.choice(organizations),
                    risk_level=rng.choice(list(RiskLevel.values)),
                )
            )  # fmt: skip
    Investment.objects.bulk_create(investments, batch_size=2000)
    missing = TRANSACTIONS - Transaction.objects.count()
    per, extra = divmod(missing, len(investments))
    types = [TransactionType.INCOMING_FUNDS, TransactionType.DISBURSEMENT,
             TransactionType.EXPENDITURE]  # fmt: skip
    span = (finance.END - finance.START).days
    now = timezone.now().isoformat()
    buffer = io.StringIO()
    for n, inv in enumerate(investments):
        for _ in range(per + (1 if n < extra else 0)):
            day = finance.START + datetime.timedelta(days=rng.randint(0, span))
            buffer.write(
                f"{uuid.UUID(int=rng.getrandbits(128), version=4)}\t{now}\t{now}\t"
                f"{inv.partnership_id}\t{inv.pk}\t{rng.choice(types)}\t{day}\t"
                f"{rng.randint(100, 100_000)}\t{inv.currency}\tBench transaction\n"
            )
    with connection.cursor() as cursor:
        _copy(
            cursor,
            "COPY finance_transaction (uuid, created_at, updated_at, partnership_id,"
            " investment_id, type, date, amount, currency, description) FROM STDIN",
            buffer,
        )
    log(f"  scale: {len(portfolios)} portfolios, {len(investments):,} investments, "
        f"{missing:,} transactions")  # fmt: skip


# --- MEL ------------------------------------------------------------------------------


def _indicators(rng: random.Random, partnerships: list[Partnership]) -> list[Indicator]:
    frameworks = Framework.objects.bulk_create(
        [
            Framework(uuid=core.uuid_from(rng), partnership=p, name="Landscape results framework",
                      start_date=FRAMEWORK_START, end_date=datetime.date(2030, 12, 31))
            for p in partnerships
        ]
    )  # fmt: skip
    goals = Result.objects.bulk_create(
        [
            Result(uuid=core.uuid_from(rng), partnership_id=f.partnership_id, framework=f,
                   depth=0, code="G", title="Restored, productive landscape", position=0)
            for f in frameworks
        ]
    )  # fmt: skip
    outcomes = Result.objects.bulk_create(
        [
            Result(uuid=core.uuid_from(rng), partnership_id=g.partnership_id,
                   framework_id=g.framework_id, parent=g, depth=1, code=str(n),
                   title=f"Outcome {n}", position=n)
            for g in goals
            for n in range(1, 5)
        ]
    )  # fmt: skip
    by_partnership: dict[int, list[Result]] = {}
    for outcome in outcomes:
        by_partnership.setdefault(outcome.partnership_id, []).append(outcome)
    indicators = []
    for n, partnership in enumerate(partnerships):
        count = HEAVY_INDICATORS if n == 0 else INDICATORS
        results = by_partnership[partnership.pk]
        for k in range(1, count + 1):
            indicators.append(
                Indicator(
                    uuid=core.uuid_from(rng), partnership=partnership, result=results[k % 4],
                    code=f"{PREFIX}-{k:03d}", name=f"Scale indicator {k}",
                    frequency=Frequency.MONTHLY, indicator_type=IndicatorType.OUTPUT,
                    baseline_value=Decimal(0), end_target=Decimal(1000), position=k,
                )
            )  # fmt: skip
    return Indicator.objects.bulk_create(indicators, batch_size=2000)


def _mel(rng: random.Random, log) -> None:
    partnerships = list(_others(Framework)[:MEL_PARTNERSHIPS])
    indicators = _indicators(rng, partnerships)
    months = periods_between(
        Frequency.MONTHLY, datetime.date(2000, 1, 1), LAST_MONTH
    )[-MONTHS:]  # fmt: skip
    missing = MEASUREMENTS - Measurement.objects.count()
    # Every indicator gets the last ``MONTHS - short`` months, the last ``extra`` ones a
    # month fewer: exactly ``missing`` values.
    short, extra = divmod(len(indicators) * MONTHS - missing, len(indicators))
    if short < 0 or short >= MONTHS:
        raise RuntimeError(f"cannot spread {missing:,} values over {len(indicators):,} indicators")
    now = timezone.now().isoformat()
    values, targets = io.StringIO(), io.StringIO()
    written = 0
    for n, indicator in enumerate(indicators):
        skip = short + (1 if n >= len(indicators) - extra else 0)
        pid, iid = indicator.partnership_id, indicator.pk
        level = rng.randint(5, 60)
        for start, end in months[skip:]:
            value = max(0, level + rng.randint(-5, 8))
            values.write(
                f"{uuid.UUID(int=rng.getrandbits(128), version=4)}\t{now}\t{now}\t{pid}\t"
                f"{iid}\t{start}\t{end}\t{value}\t{{}}\t\tapproved\t\t{now}\t{now}\n"
            )
            written += 1
        for start, end in months[-TARGET_MONTHS:]:
            targets.write(
                f"{uuid.UUID(int=rng.getrandbits(128), version=4)}\t{now}\t{now}\t{pid}\t"
                f"{iid}\t{start}\t{end}\t{level + 5}\n"
            )
    log(f"  scale: {len(partnerships)} partnerships, {len(indicators):,} monthly indicators, "
        f"writing {written:,} approved values ...")  # fmt: skip
    with connection.cursor() as cursor:
        _copy(
            cursor,
            "COPY mel_measurement (uuid, created_at, updated_at, partnership_id, indicator_id,"
            " period_start, period_end, value, breakdown, narrative, status, review_comment,"
            " submitted_at, reviewed_at) FROM STDIN",
            values,
        )
        _copy(
            cursor,
            "COPY mel_target (uuid, created_at, updated_at, partnership_id, indicator_id,"
            " period_start, period_end, value) FROM STDIN",
            targets,
        )
    log(f"  scale: {written:,} values and {len(indicators) * TARGET_MONTHS:,} targets written")


def build(rng: random.Random, *, log=print) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        _replica(cursor)
        _finance(rng, log)
        _mel(rng, log)
    with connection.cursor() as cursor:
        for table in ("finance_investment", "finance_transaction", "mel_measurement",
                      "mel_target", "mel_indicator"):  # fmt: skip
            cursor.execute(f"VACUUM ANALYZE {table}")
    log(f"  scale: totals {Investment.objects.count():,} investments, "
        f"{Transaction.objects.count():,} transactions, "
        f"{Measurement.objects.count():,} measurements")  # fmt: skip
