"""URL kwarg fillers for the finance portfolio pages under /p/<slug>/finance/ (and the
finance API, which uses the same kwarg names). Rows of one URL share one investment."""

from django.core.files.base import ContentFile

from finance.models import InvestmentDocument
from tests.finance.factories import (
    BudgetFactory,
    FundingSourceFactory,
    InvestmentFactory,
    TransactionFactory,
)
from tests.tenancy.harness import register_filler


def _investment(partnership):
    investment = getattr(partnership, "_harness_investment", None)
    if investment is None:
        investment = InvestmentFactory(portfolio__partnership=partnership, partnership=partnership)
        partnership._harness_investment = investment
    return investment


@register_filler("investment_uuid")
def _investment_uuid(partnership):
    return _investment(partnership).uuid


@register_filler("funding_uuid")
def _funding_uuid(partnership):
    return FundingSourceFactory(investment=_investment(partnership)).uuid


@register_filler("transaction_uuid")
def _transaction_uuid(partnership):
    return TransactionFactory(investment=_investment(partnership)).uuid


@register_filler("budget_uuid")
def _budget_uuid(partnership):
    return BudgetFactory(investment=_investment(partnership)).uuid


@register_filler("document_uuid")
def _document_uuid(partnership):
    investment = _investment(partnership)
    document = InvestmentDocument(
        partnership=partnership, investment=investment, title="Feasibility study"
    )
    document.file.save("feasibility.pdf", ContentFile(b"%PDF-1.4 demo"), save=False)
    document.save()
    return document.uuid
