"""Settings pages for partner systems: webhooks and API usage (ADR 0010)."""

from django.urls import path

from partnerships.views import webhooks

urlpatterns = [
    path("settings/webhooks/", webhooks.WebhookListView.as_view(), name="webhook-list"),
    path("settings/webhooks/new/", webhooks.WebhookCreateView.as_view(), name="webhook-create"),
    path(
        "settings/webhooks/<uuid:webhook_uuid>/",
        webhooks.WebhookDetailView.as_view(),
        name="webhook-detail",
    ),
    path(
        "settings/webhooks/<uuid:webhook_uuid>/edit/",
        webhooks.WebhookUpdateView.as_view(),
        name="webhook-update",
    ),
    path(
        "settings/webhooks/<uuid:webhook_uuid>/rotate/",
        webhooks.WebhookRotateView.as_view(),
        name="webhook-rotate",
    ),
    path(
        "settings/webhooks/<uuid:webhook_uuid>/active/",
        webhooks.WebhookActiveView.as_view(),
        name="webhook-active",
    ),
    path(
        "settings/webhooks/<uuid:webhook_uuid>/delete/",
        webhooks.WebhookDeleteView.as_view(),
        name="webhook-delete",
    ),
    path(
        "settings/webhooks/<uuid:webhook_uuid>/test/",
        webhooks.WebhookTestView.as_view(),
        name="webhook-test",
    ),
    path(
        "settings/webhooks/deliveries/<uuid:delivery_uuid>/redeliver/",
        webhooks.WebhookRedeliverView.as_view(),
        name="webhook-redeliver",
    ),
    path("settings/api-usage/", webhooks.ApiUsageView.as_view(), name="api-usage"),
]
