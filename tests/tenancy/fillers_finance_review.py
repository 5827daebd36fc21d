"""URL kwarg fillers for the funder review pages under /p/<slug>/finance/shares/.
``investment_uuid`` belongs to tests/tenancy/fillers_finance.py; like the API fillers,
these register only when no other module did, so the modules never fight over a name."""

from tests.finance.factories import (
    InvestmentFactory,
    InvestmentReviewFactory,
    PortfolioFactory,
    PortfolioShareFactory,
)
from tests.tenancy.harness import FILLERS, register_filler


def _register_missing(kwarg):
    def decorator(func):
        return func if kwarg in FILLERS else register_filler(kwarg)(func)

    return decorator


@_register_missing("share_uuid")
def _share(partnership):
    return PortfolioShareFactory(portfolio=PortfolioFactory(partnership=partnership)).uuid


@_register_missing("review_uuid")
def _review(partnership):
    investment = InvestmentFactory(portfolio=PortfolioFactory(partnership=partnership))
    return InvestmentReviewFactory(investment=investment).uuid
