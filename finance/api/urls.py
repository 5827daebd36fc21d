from django.urls import path

from finance.api import views

P = "partnerships/<slug:partnership_slug>/finance/"
F = "funder/"

urlpatterns = [
    path(f"{P}portfolio/", views.PortfolioApi.as_view(), name="finance-portfolio"),
    path(f"{P}investments/", views.InvestmentListApi.as_view(), name="finance-investment-list"),
    path(
        f"{P}investments/<uuid:investment_uuid>/",
        views.InvestmentDetailApi.as_view(),
        name="finance-investment-detail",
    ),
    path(
        f"{P}funding-sources/",
        views.FundingSourceListApi.as_view(),
        name="finance-funding-source-list",
    ),
    path(
        f"{P}funding-sources/<uuid:funding_source_uuid>/",
        views.FundingSourceDetailApi.as_view(),
        name="finance-funding-source-detail",
    ),
    path(f"{P}transactions/", views.TransactionListApi.as_view(), name="finance-transaction-list"),
    path(
        f"{P}transactions/<uuid:transaction_uuid>/",
        views.TransactionDetailApi.as_view(),
        name="finance-transaction-detail",
    ),
    path(f"{P}budgets/", views.BudgetListApi.as_view(), name="finance-budget-list"),
    path(
        f"{P}budgets/<uuid:budget_uuid>/",
        views.BudgetDetailApi.as_view(),
        name="finance-budget-detail",
    ),
    path(f"{P}shares/", views.ShareListApi.as_view(), name="finance-share-list"),
    path(
        f"{P}shares/<uuid:share_uuid>/", views.ShareDetailApi.as_view(), name="finance-share-detail"
    ),
    path(
        f"{P}shares/<uuid:share_uuid>/revoke/",
        views.ShareRevokeApi.as_view(),
        name="finance-share-revoke",
    ),
    path(f"{P}reviews/", views.ReviewListApi.as_view(), name="finance-review-list"),
    path(
        f"{P}reviews/<uuid:review_uuid>/",
        views.ReviewDetailApi.as_view(),
        name="finance-review-detail",
    ),
    path(
        f"{P}reviews/<uuid:review_uuid>/answers/",
        views.ReviewAnswerApi.as_view(),
        name="finance-review-answer",
    ),
    path(
        f"{F}investments/",
        views.FunderInvestmentListApi.as_view(),
        name="funder-investment-list",
    ),
    path(
        f"{F}investments/<uuid:investment_uuid>/",
        views.FunderInvestmentDetailApi.as_view(),
        name="funder-investment-detail",
    ),
    path(
        f"{F}investments/<uuid:investment_uuid>/messages/",
        views.FunderMessageApi.as_view(),
        name="funder-investment-message",
    ),
    path(
        f"{F}investments/<uuid:investment_uuid>/scores/",
        views.FunderScoreApi.as_view(),
        name="funder-investment-score",
    ),
    path(
        f"{F}investments/<uuid:investment_uuid>/decision/",
        views.FunderDecisionApi.as_view(),
        name="funder-investment-decision",
    ),
    path(f"{F}reviews/", views.FunderReviewListApi.as_view(), name="funder-review-list"),
    path(
        f"{F}reviews/<uuid:review_uuid>/",
        views.FunderReviewDetailApi.as_view(),
        name="funder-review-detail",
    ),
    path(f"{F}criteria/", views.FunderCriterionListApi.as_view(), name="funder-criterion-list"),
]
