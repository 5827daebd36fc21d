"""The webhook payloads in the OpenAPI schema (``SPECTACULAR_SETTINGS["WEBHOOKS"]``).

Every payload is an envelope (``id``, ``type``, ``version``, ``occurred_at``,
``object_id``) around the event's ``data``. Version "1" only ever gains fields; a
breaking change would be version "2", announced in ``version``."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, OpenApiWebhook, extend_schema
from rest_framework import serializers

from hub.events import EVENT_TYPES, PAYLOAD_VERSION
from partnerships.webhooks import signing


class _Envelope(serializers.Serializer):
    id = serializers.UUIDField(
        help_text="The event's id, also sent as `Webhook-Id`; the same on every retry "
        "and redelivery, so receivers can skip duplicates."
    )
    type = serializers.CharField(help_text="The event type.")
    version = serializers.CharField(help_text=f'Payload version, now "{PAYLOAD_VERSION}".')
    occurred_at = serializers.DateTimeField()
    object_id = serializers.UUIDField(
        help_text="The object the event is about; deliveries of one object arrive in order."
    )


class WebhookFunderSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class MeasurementEventDataSerializer(serializers.Serializer):
    measurement = serializers.UUIDField()
    indicator = serializers.UUIDField()
    indicator_code = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.CharField(help_text="`submitted` or `approved`.")


class ReportReadyDataSerializer(serializers.Serializer):
    job = serializers.UUIDField(help_text="The background job that made the report.")
    report_run = serializers.UUIDField(
        allow_null=True, help_text="The scheduled report run, null for a requested report."
    )
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    format = serializers.CharField(help_text="`pdf` or `xlsx`.")


class MemberJoinedDataSerializer(serializers.Serializer):
    membership = serializers.UUIDField()
    name = serializers.CharField()
    role = serializers.CharField()


class InvestmentStageChangedDataSerializer(serializers.Serializer):
    investment = serializers.UUIDField()
    name = serializers.CharField()
    # "from" is a Python keyword: declared below.
    to = serializers.CharField(help_text="The new stage.")


InvestmentStageChangedDataSerializer._declared_fields["from"] = serializers.CharField(
    help_text="The previous stage."
)


class PortfolioSharedDataSerializer(serializers.Serializer):
    share = serializers.UUIDField()
    portfolio = serializers.UUIDField()
    funder = WebhookFunderSerializer()
    whole_portfolio = serializers.BooleanField()
    investments = serializers.ListField(child=serializers.UUIDField())


class ReviewDecidedDataSerializer(serializers.Serializer):
    review = serializers.UUIDField()
    investment = serializers.UUIDField()
    funder = WebhookFunderSerializer()
    decision = serializers.CharField(help_text="The funder's decision, e.g. `interested`.")


class WebhookTestDataSerializer(serializers.Serializer):
    message = serializers.CharField()


DATA_SERIALIZERS = {
    "measurement.submitted": MeasurementEventDataSerializer,
    "measurement.approved": MeasurementEventDataSerializer,
    "report.ready": ReportReadyDataSerializer,
    "member.joined": MemberJoinedDataSerializer,
    "investment.stage_changed": InvestmentStageChangedDataSerializer,
    "portfolio.shared": PortfolioSharedDataSerializer,
    "review.decided": ReviewDecidedDataSerializer,
    "webhook.test": WebhookTestDataSerializer,
}


def _envelope(event_type: str) -> type[serializers.Serializer]:
    name = "".join(part.capitalize() for part in event_type.replace("_", ".").split("."))
    return type(
        f"{name}WebhookSerializer",
        (_Envelope,),
        {"data": DATA_SERIALIZERS[event_type](), "__module__": __name__},
    )


HEADERS_DOC = (
    f"Headers: `{signing.ID_HEADER}` (the event id), `{signing.EVENT_HEADER}` (its type), "
    f"`{signing.TIMESTAMP_HEADER}` (Unix time of this attempt; refuse values more than "
    f"5 minutes off), `{signing.SIGNATURE_HEADER}: v1=<hex>` where `<hex>` is the "
    "HMAC-SHA256 of `<Webhook-Timestamp>.<raw body>` keyed with the webhook's secret, and, "
    f"for 24 hours after a secret rotation, `{signing.PREVIOUS_SIGNATURE_HEADER}` (the same "
    "made with the previous secret): accept the request when either signature matches."
)


def _webhook(event_type: str, description) -> OpenApiWebhook:
    return OpenApiWebhook(
        name=event_type,
        decorator=extend_schema(
            summary=str(description),
            description=(
                f"`{event_type}`, payload version {PAYLOAD_VERSION}: POSTed as JSON to each "
                "webhook subscribed to it. Answer 2xx within 10 seconds. Timeouts, connection "
                "errors, 429 and 5xx are retried with exponential backoff; other answers are "
                "not. " + HEADERS_DOC
            ),
            request=_envelope(event_type),
            responses={
                200: OpenApiResponse(description="Received (any 2xx)."),
                429: OpenApiResponse(
                    description="Slow down: retried later (Retry-After honoured)."
                ),
                500: OpenApiResponse(description="Failed: retried with backoff (any 5xx)."),
            },
        ),
    )


measurement_submitted = _webhook("measurement.submitted", EVENT_TYPES["measurement.submitted"])
measurement_approved = _webhook("measurement.approved", EVENT_TYPES["measurement.approved"])
report_ready = _webhook("report.ready", EVENT_TYPES["report.ready"])
member_joined = _webhook("member.joined", EVENT_TYPES["member.joined"])
investment_stage_changed = _webhook(
    "investment.stage_changed", EVENT_TYPES["investment.stage_changed"]
)
portfolio_shared = _webhook("portfolio.shared", EVENT_TYPES["portfolio.shared"])
review_decided = _webhook("review.decided", EVENT_TYPES["review.decided"])
webhook_test = _webhook("webhook.test", "A test event sent from the webhook's settings page.")


def webhooks_as_extension(result, generator, request, public):
    """OpenAPI 3.0 has no ``webhooks`` object (3.1 has): keep them as ``x-webhooks``,
    which ReDoc shows, until the schema moves to 3.1."""
    if str(result.get("openapi", "")).startswith("3.0") and "webhooks" in result:
        result["x-webhooks"] = result.pop("webhooks")
    return result
