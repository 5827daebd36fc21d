"""The partnership's side of funder review and the marketplace (/p/<slug>/finance/...)."""

from django.urls import path

from finance.views import sharing as views

urlpatterns: list = [
    path("shares/", views.ShareListView.as_view(), name="share-list"),
    path("shares/new/", views.ShareCreateView.as_view(), name="share-create"),
    path(
        "shares/<uuid:share_uuid>/revoke/",
        views.ShareRevokeView.as_view(),
        name="share-revoke",
    ),
    path(
        "shares/reviews/<uuid:review_uuid>/",
        views.ReviewDetailView.as_view(),
        name="review-detail",
    ),
    path(
        "shares/reviews/<uuid:review_uuid>/answer/",
        views.ReviewAnswerView.as_view(),
        name="review-answer",
    ),
    path(
        "marketplace/<uuid:investment_uuid>/publish/",
        views.MarketplacePublishView.as_view(),
        name="marketplace-publish",
    ),
    path(
        "marketplace/<uuid:investment_uuid>/unpublish/",
        views.MarketplaceUnpublishView.as_view(),
        name="marketplace-unpublish",
    ),
]
