"""Writes of an investment's money: funding sources, transactions and budgets.

Refusals (errors on a field, nothing saved): amounts that are zero, negative or absurd
(the model validators), unknown currency codes, funding dates out of order or missing
for the status, a transaction dated outside the investment's start and end, a
transaction tied to another investment's funding source, a budget period longer than a
year (IATI) or overlapping another budget of the same type.

Not refused: disbursements beyond the committed funding. A finance officer records what
happened; the investment page shows a warning instead (see
``finance.selectors.portfolio.investment_figures``)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from finance.models import Budget, FundingSource, Investment, Transaction
from finance.models.choices import (
    BudgetStatus,
    BudgetType,
    FundingStatus,
)
from finance.services.portfolio import check_amount, check_currency, clean_or_raise
from hub.models import Organization, User
from hub.services import ApplicationError

# --- funding sources --------------------------------------------------------------------


def _check_funding_dates(source: FundingSource) -> None:
    needed = {
        FundingStatus.COMMITTED: ("committed_on", _("Give the date the funding was committed.")),
        FundingStatus.DISBURSED: ("disbursed_on", _("Give the date the funding was disbursed.")),
    }
    if source.status in needed:
        field, message = needed[source.status]
        if getattr(source, field) is None:
            raise ApplicationError(message, field=field)
    ordered = [
        ("pledged_on", source.pledged_on),
        ("committed_on", source.committed_on),
        ("disbursed_on", source.disbursed_on),
    ]
    previous = None
    for field, value in ordered:
        if value is None:
            continue
        if previous is not None and value < previous:
            raise ApplicationError(
                _("The dates must follow each other: pledged, then committed, then disbursed."),
                field=field,
            )
        previous = value


def _apply_funding(
    source: FundingSource,
    *,
    funder: Organization,
    source_type: str,
    instrument: str,
    amount: Decimal,
    currency: str,
    status: str,
    pledged_on: datetime.date | None,
    committed_on: datetime.date | None,
    disbursed_on: datetime.date | None,
    notes: str,
) -> None:
    source.funder, source.source_type, source.instrument = funder, source_type, instrument
    check_amount(amount)
    source.amount, source.currency = amount, check_currency(currency)
    source.status = status
    source.pledged_on, source.committed_on, source.disbursed_on = (
        pledged_on,
        committed_on,
        disbursed_on,
    )
    source.notes = notes.strip()
    clean_or_raise(source)
    _check_funding_dates(source)


@transaction.atomic
def funding_source_create(
    *,
    investment: Investment,
    funder: Organization,
    source_type: str,
    instrument: str,
    amount: Decimal,
    currency: str,
    status: str = FundingStatus.PLEDGED,
    pledged_on: datetime.date | None = None,
    committed_on: datetime.date | None = None,
    disbursed_on: datetime.date | None = None,
    notes: str = "",
) -> FundingSource:
    source = FundingSource(partnership=investment.partnership, investment=investment)
    _apply_funding(
        source, funder=funder, source_type=source_type, instrument=instrument, amount=amount,
        currency=currency, status=status, pledged_on=pledged_on, committed_on=committed_on,
        disbursed_on=disbursed_on, notes=notes,
    )  # fmt: skip
    source.save()
    return source


@transaction.atomic
def funding_source_update(
    *,
    funding_source: FundingSource,
    funder: Organization,
    source_type: str,
    instrument: str,
    amount: Decimal,
    currency: str,
    status: str,
    pledged_on: datetime.date | None = None,
    committed_on: datetime.date | None = None,
    disbursed_on: datetime.date | None = None,
    notes: str = "",
) -> FundingSource:
    source = FundingSource.objects.select_for_update().get(pk=funding_source.pk)
    _apply_funding(
        source, funder=funder, source_type=source_type, instrument=instrument, amount=amount,
        currency=currency, status=status, pledged_on=pledged_on, committed_on=committed_on,
        disbursed_on=disbursed_on, notes=notes,
    )  # fmt: skip
    source.save()
    return source


@transaction.atomic
def funding_source_delete(*, funding_source: FundingSource) -> None:
    """Its transactions stay (they lose the link to the source)."""
    funding_source.delete()


# --- transactions -----------------------------------------------------------------------


def _apply_transaction(
    row: Transaction,
    *,
    type: str,
    date: datetime.date,
    amount: Decimal,
    currency: str,
    description: str,
    funding_source: FundingSource | None,
    provider: Organization | None,
    receiver: Organization | None,
) -> None:
    investment = row.investment
    check_amount(amount)
    row.type, row.date, row.amount = type, date, amount
    row.currency = check_currency(currency)
    row.description = description.strip()
    row.funding_source, row.provider, row.receiver = funding_source, provider, receiver
    if funding_source is not None and funding_source.investment_id != investment.pk:
        raise ApplicationError(
            _("Choose a funding source of this investment."), field="funding_source"
        )
    clean_or_raise(row)
    if investment.start_date and date < investment.start_date:
        raise ApplicationError(
            _("The date is before the investment starts (%(start)s).")
            % {"start": investment.start_date.isoformat()},
            field="date",
        )
    if investment.end_date and date > investment.end_date:
        raise ApplicationError(
            _("The date is after the investment ends (%(end)s).")
            % {"end": investment.end_date.isoformat()},
            field="date",
        )


@transaction.atomic
def transaction_create(
    *,
    investment: Investment,
    type: str,
    date: datetime.date,
    amount: Decimal,
    currency: str,
    description: str = "",
    funding_source: FundingSource | None = None,
    provider: Organization | None = None,
    receiver: Organization | None = None,
    actor: User | None = None,
) -> Transaction:
    row = Transaction(partnership=investment.partnership, investment=investment, created_by=actor)
    _apply_transaction(
        row, type=type, date=date, amount=amount, currency=currency, description=description,
        funding_source=funding_source, provider=provider, receiver=receiver,
    )  # fmt: skip
    row.save()
    return row


@transaction.atomic
def transaction_update(
    *,
    transaction_row: Transaction,
    type: str,
    date: datetime.date,
    amount: Decimal,
    currency: str,
    description: str = "",
    funding_source: FundingSource | None = None,
    provider: Organization | None = None,
    receiver: Organization | None = None,
) -> Transaction:
    row = Transaction.objects.select_related("investment").select_for_update(of=("self",))
    row = row.get(pk=transaction_row.pk)
    _apply_transaction(
        row, type=type, date=date, amount=amount, currency=currency, description=description,
        funding_source=funding_source, provider=provider, receiver=receiver,
    )  # fmt: skip
    row.save()
    return row


@transaction.atomic
def transaction_delete(*, transaction_row: Transaction) -> None:
    transaction_row.delete()


# --- budgets ----------------------------------------------------------------------------


def _apply_budget(
    budget: Budget,
    *,
    period_start: datetime.date,
    period_end: datetime.date,
    amount: Decimal,
    currency: str,
    type: str,
    status: str,
) -> None:
    budget.period_start, budget.period_end = period_start, period_end
    check_amount(amount)
    budget.amount, budget.currency = amount, check_currency(currency)
    budget.type, budget.status = type, status
    clean_or_raise(budget)
    if (period_end - period_start).days > 366:
        raise ApplicationError(
            _("A budget covers at most one year (IATI); split it into yearly budgets."),
            field="period_end",
        )
    overlapping = (
        Budget.objects.for_partnership(budget.partnership)
        .filter(investment_id=budget.investment_id, type=type)
        .filter(period_start__lte=period_end, period_end__gte=period_start)
        .exclude(pk=budget.pk)
        .order_by("period_start")
        .first()
    )
    if overlapping is not None:
        raise ApplicationError(
            _("This period overlaps the %(type)s budget of %(start)s – %(end)s.")
            % {
                "type": overlapping.get_type_display().lower(),
                "start": overlapping.period_start.isoformat(),
                "end": overlapping.period_end.isoformat(),
            },
            field="period_start",
        )


@transaction.atomic
def budget_create(
    *,
    investment: Investment,
    period_start: datetime.date,
    period_end: datetime.date,
    amount: Decimal,
    currency: str,
    type: str = BudgetType.ORIGINAL,
    status: str = BudgetStatus.INDICATIVE,
) -> Budget:
    # Serialize budget writes of one investment so two overlapping ones cannot both pass.
    Investment.objects.select_for_update().filter(pk=investment.pk).first()
    budget = Budget(partnership=investment.partnership, investment=investment)
    _apply_budget(
        budget, period_start=period_start, period_end=period_end, amount=amount,
        currency=currency, type=type, status=status,
    )  # fmt: skip
    budget.save()
    return budget


@transaction.atomic
def budget_update(
    *,
    budget: Budget,
    period_start: datetime.date,
    period_end: datetime.date,
    amount: Decimal,
    currency: str,
    type: str,
    status: str,
) -> Budget:
    Investment.objects.select_for_update().filter(pk=budget.investment_id).first()
    budget = Budget.objects.get(pk=budget.pk)
    _apply_budget(
        budget, period_start=period_start, period_end=period_end, amount=amount,
        currency=currency, type=type, status=status,
    )  # fmt: skip
    budget.save()
    return budget


@transaction.atomic
def budget_delete(*, budget: Budget) -> None:
    budget.delete()
