"""URL kwarg fillers for the finance API under /api/v1/partnerships/<slug>/finance/.
Only kwargs that no other finance fillers module registers (``investment_uuid`` and the
page kwargs belong to tests/tenancy/fillers_finance.py; these register only when
missing, so the modules never fight over a name)."""

from tests.finance.factories import (
    BudgetFactory,
    FundingSourceFactory,
    InvestmentFactory,
    InvestmentReviewFactory,
    PortfolioFactory,
    PortfolioShareFactory,
    TransactionFactory,
)
from tests.tenancy.harness import FILLERS, register_filler


def _investment(partnership):
    return InvestmentFactory(portfolio=PortfolioFactory(partnership=partnership))


def _register_missing(kwarg):
    def decorator(func):
        return func if kwarg in FILLERS else register_filler(kwarg)(func)

    return decorator


@_register_missing("investment_uuid")
def _investment_uuid(partnership):
    return _investment(partnership).uuid


@_register_missing("funding_source_uuid")
def _funding_source(partnership):
    return FundingSourceFactory(investment=_investment(partnership)).uuid


@_register_missing("transaction_uuid")
def _transaction(partnership):
    return TransactionFactory(investment=_investment(partnership)).uuid


@_register_missing("budget_uuid")
def _budget(partnership):
    return BudgetFactory(investment=_investment(partnership)).uuid


@_register_missing("share_uuid")
def _share(partnership):
    return PortfolioShareFactory(portfolio=PortfolioFactory(partnership=partnership)).uuid


@_register_missing("review_uuid")
def _review(partnership):
    return InvestmentReviewFactory(investment=_investment(partnership)).uuid
