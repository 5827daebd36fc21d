"""The portfolio pages (f1): /p/<slug>/finance/..."""

from django.urls import path

from finance.views import investments, portfolio

_inv = "investments/<uuid:investment_uuid>/"

urlpatterns = [
    path("", portfolio.PortfolioView.as_view(), name="portfolio"),
    path("settings/", portfolio.PortfolioSettingsView.as_view(), name="portfolio-settings"),
    path("investments/new/", investments.InvestmentCreateView.as_view(), name="investment-create"),
    path(_inv, investments.InvestmentDetailView.as_view(), name="investment-detail"),
    path(f"{_inv}edit/", investments.InvestmentEditView.as_view(), name="investment-edit"),
    path(f"{_inv}delete/", investments.InvestmentDeleteView.as_view(), name="investment-delete"),
    path(f"{_inv}funding/new/", investments.FundingFormView.as_view(), name="funding-create"),
    path(
        f"{_inv}funding/<uuid:funding_uuid>/edit/",
        investments.FundingFormView.as_view(),
        name="funding-edit",
    ),
    path(
        f"{_inv}funding/<uuid:funding_uuid>/delete/",
        investments.FundingDeleteView.as_view(),
        name="funding-delete",
    ),
    path(
        f"{_inv}transactions/new/",
        investments.TransactionFormView.as_view(),
        name="transaction-create",
    ),
    path(
        f"{_inv}transactions/<uuid:transaction_uuid>/edit/",
        investments.TransactionFormView.as_view(),
        name="transaction-edit",
    ),
    path(
        f"{_inv}transactions/<uuid:transaction_uuid>/delete/",
        investments.TransactionDeleteView.as_view(),
        name="transaction-delete",
    ),
    path(f"{_inv}budgets/new/", investments.BudgetFormView.as_view(), name="budget-create"),
    path(
        f"{_inv}budgets/<uuid:budget_uuid>/edit/",
        investments.BudgetFormView.as_view(),
        name="budget-edit",
    ),
    path(
        f"{_inv}budgets/<uuid:budget_uuid>/delete/",
        investments.BudgetDeleteView.as_view(),
        name="budget-delete",
    ),
    path(f"{_inv}documents/new/", investments.DocumentUploadView.as_view(), name="document-create"),
    path(
        f"{_inv}documents/<uuid:document_uuid>/",
        investments.DocumentDownloadView.as_view(),
        name="document-download",
    ),
    path(
        f"{_inv}documents/<uuid:document_uuid>/delete/",
        investments.DocumentDeleteView.as_view(),
        name="document-delete",
    ),
]
