"""Funder pages across partnerships, mounted at /funders/ (namespace "funders")."""

from django.urls import path

from finance.views import funders as views

app_name = "funders"

urlpatterns: list = [
    path("", views.FunderHomeView.as_view(), name="home"),
    path(
        "investments/<uuid:investment_uuid>/",
        views.InvestmentReviewView.as_view(),
        name="investment",
    ),
    path(
        "investments/<uuid:investment_uuid>/start/",
        views.ReviewStartView.as_view(),
        name="review-start",
    ),
    path(
        "investments/<uuid:investment_uuid>/comment/",
        views.ReviewMessageView.as_view(),
        name="review-comment",
    ),
    path(
        "investments/<uuid:investment_uuid>/ask/",
        views.ReviewAskView.as_view(),
        name="review-ask",
    ),
    path(
        "investments/<uuid:investment_uuid>/score/",
        views.ReviewScoreView.as_view(),
        name="review-score",
    ),
    path(
        "investments/<uuid:investment_uuid>/decide/",
        views.ReviewDecideView.as_view(),
        name="review-decide",
    ),
    path(
        "investments/<uuid:investment_uuid>/documents/<uuid:document_uuid>/",
        views.DocumentDownloadView.as_view(),
        name="document",
    ),
    path("marketplace/", views.MarketplaceView.as_view(), name="marketplace"),
    path(
        "marketplace/<uuid:investment_uuid>/",
        views.MarketplaceDetailView.as_view(),
        name="marketplace-detail",
    ),
    path(
        "marketplace/<uuid:investment_uuid>/interest/",
        views.MarketplaceInterestView.as_view(),
        name="marketplace-interest",
    ),
]
