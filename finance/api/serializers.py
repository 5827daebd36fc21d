"""Serializers of the finance API. Amounts are decimal strings with an ISO 4217 code
next to them; figures converted to the portfolio's reporting currency say which rate
date they used. Tenant, owner and workflow fields are read-only, and sending them is a
400 (``StrictInputMixin``): writes go through the finance services."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from finance.currencies import CURRENCY_CODES
from finance.models import (
    Budget,
    FundingSource,
    Investment,
    InvestmentReview,
    PortfolioShare,
    ReviewMessage,
    ReviewScore,
    Transaction,
)
from finance.models.money import MAX_AMOUNT
from hub.api.serializers import StrictInputMixin
from landscapes.api.serializers import GeometryField
from landscapes.models import Landscape, Site
from mel.models import Indicator, Result
from partnerships.api.governance import OrganizationUuidField, TenantUuidField

CURRENCY_SCHEMA = {
    "type": "string",
    "pattern": "^[A-Z]{3}$",
    "example": "USD",
    "description": "ISO 4217 currency code.",
}


@extend_schema_field(CURRENCY_SCHEMA)
class CurrencyField(serializers.CharField):
    default_error_messages = {"unknown": "“{code}” is not an ISO 4217 currency code."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 3)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        code = super().to_internal_value(data).upper()
        if code not in CURRENCY_CODES:
            self.fail("unknown", code=code)
        return code


def amount_field(**kwargs) -> serializers.DecimalField:
    """A positive amount with cents, as a decimal string ("1250.00")."""
    kwargs.setdefault("min_value", 0)
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, max_value=MAX_AMOUNT, coerce_to_string=True, **kwargs
    )


class ConvertedSerializer(serializers.Serializer):
    """A figure in the portfolio's reporting currency."""

    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, read_only=True,
        help_text="null when a rate is missing (see `note`).",
    )  # fmt: skip
    currency = serializers.CharField(read_only=True, help_text="The reporting currency.")
    rate_date = serializers.DateField(
        allow_null=True, read_only=True,
        help_text="Date of the exchange rate used; null when no conversion was needed.",
    )  # fmt: skip
    note = serializers.CharField(
        read_only=True, help_text="Why the figure could not be converted; empty otherwise."
    )


class OrganizationRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class PartnershipRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


def _figure(serializer, obj, name):
    figures = serializer.context.get("figures") or {}
    value = figures.get((type(obj).__name__, obj.pk), {}).get(name)
    if value is None:
        return None
    # What ConvertedSerializer gives, without building a serializer per figure.
    amount, rate_date = value["amount"], value["rate_date"]
    return {
        "amount": None if amount is None else f"{amount:.2f}",
        "currency": value["currency"],
        "rate_date": None if rate_date is None else rate_date.isoformat(),
        "note": str(value["note"]),
    }


# --- portfolio -------------------------------------------------------------------------


class PortfolioSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(
        read_only=True, allow_null=True, help_text="null until the portfolio is first saved."
    )
    partnership = serializers.SlugField(source="partnership.slug", read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    reporting_currency = CurrencyField(read_only=True)
    investments = serializers.IntegerField(read_only=True, help_text="Number of investments.")
    total_cost = ConvertedSerializer(read_only=True)
    committed = ConvertedSerializer(
        read_only=True, help_text="Funding sources committed or disbursed."
    )
    funding_gap = ConvertedSerializer(read_only=True, help_text="Total cost minus committed.")
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)


class PortfolioUpdateSerializer(StrictInputMixin, serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    reporting_currency = CurrencyField(required=False)


# --- investments -----------------------------------------------------------------------


class InvestmentSerializer(StrictInputMixin, serializers.ModelSerializer):
    partnership = serializers.SlugField(source="partnership.slug", read_only=True)
    total_cost = amount_field()
    currency = CurrencyField()
    landscape = TenantUuidField(Landscape)
    site = TenantUuidField(Site, required=False, allow_null=True)
    lead_organization = OrganizationUuidField(required=False, allow_null=True)
    implementing_partners = OrganizationUuidField(many=True, required=False)
    results = TenantUuidField(Result, many=True, required=False)
    indicators = TenantUuidField(Indicator, many=True, required=False)
    location = GeometryField(
        required=False, allow_null=True,
        help_text="A GeoJSON Point or Polygon inside the landscape; null: shown at the site "
        "or landscape.",
    )  # fmt: skip
    total_cost_converted = serializers.SerializerMethodField()
    committed = serializers.SerializerMethodField()
    funding_gap = serializers.SerializerMethodField()

    class Meta:
        model = Investment
        fields = [
            "uuid", "partnership", "name", "summary", "kind", "sector", "stage", "total_cost",
            "currency", "start_date", "end_date", "lead_organization", "implementing_partners",
            "landscape", "site", "location", "results", "indicators", "risk_level",
            "iati_identifier", "on_marketplace", "published_at", "total_cost_converted",
            "committed", "funding_gap", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["uuid", "on_marketplace", "published_at", "created_at", "updated_at"]
        # The unique (portfolio, name) rule is checked by the service.
        validators: list = []

    @extend_schema_field(ConvertedSerializer)
    def get_total_cost_converted(self, investment):
        return _figure(self, investment, "total_cost")

    @extend_schema_field(ConvertedSerializer(help_text="Funding committed or disbursed."))
    def get_committed(self, investment):
        return _figure(self, investment, "committed")

    @extend_schema_field(ConvertedSerializer(help_text="Total cost minus committed."))
    def get_funding_gap(self, investment):
        return _figure(self, investment, "funding_gap")


# --- funding ---------------------------------------------------------------------------


class FundingSourceSerializer(StrictInputMixin, serializers.ModelSerializer):
    investment = TenantUuidField(Investment)
    funder = OrganizationUuidField()
    funder_name = serializers.CharField(source="funder.name", read_only=True)
    amount = amount_field(min_value=Decimal("0.01"))
    currency = CurrencyField()
    amount_converted = serializers.SerializerMethodField()

    class Meta:
        model = FundingSource
        fields = [
            "uuid", "investment", "funder", "funder_name", "source_type", "instrument", "amount",
            "currency", "status", "pledged_on", "committed_on", "disbursed_on", "notes",
            "amount_converted", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["uuid", "created_at", "updated_at"]

    @extend_schema_field(ConvertedSerializer)
    def get_amount_converted(self, source):
        return _figure(self, source, "amount")


class TransactionSerializer(StrictInputMixin, serializers.ModelSerializer):
    investment = TenantUuidField(Investment)
    funding_source = TenantUuidField(FundingSource, required=False, allow_null=True)
    amount = amount_field(min_value=Decimal("0.01"))
    currency = CurrencyField()
    provider = OrganizationUuidField(required=False, allow_null=True)
    receiver = OrganizationUuidField(required=False, allow_null=True)

    class Meta:
        model = Transaction
        fields = [
            "uuid", "investment", "funding_source", "type", "date", "amount", "currency",
            "description", "provider", "receiver", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["uuid", "created_at", "updated_at"]
        extra_kwargs = {"type": {"help_text": "IATI TransactionType code."}}


class BudgetSerializer(StrictInputMixin, serializers.ModelSerializer):
    investment = TenantUuidField(Investment)
    amount = amount_field()
    currency = CurrencyField()

    class Meta:
        model = Budget
        fields = [
            "uuid", "investment", "period_start", "period_end", "amount", "currency", "type",
            "status", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["uuid", "created_at", "updated_at"]
        extra_kwargs = {
            "type": {"help_text": "IATI BudgetType code."},
            "status": {"help_text": "IATI BudgetStatus code."},
        }


# --- shares and reviews ----------------------------------------------------------------


class ShareSerializer(serializers.ModelSerializer):
    funder = OrganizationRefSerializer(read_only=True)
    investments = serializers.SlugRelatedField(slug_field="uuid", many=True, read_only=True)
    shared_by = serializers.SlugRelatedField(slug_field="uuid", read_only=True, allow_null=True)
    revoked_by = serializers.SlugRelatedField(slug_field="uuid", read_only=True, allow_null=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = PortfolioShare
        fields = [
            "uuid", "funder", "whole_portfolio", "investments", "message", "shared_by",
            "is_active", "revoked_at", "revoked_by", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ShareCreateSerializer(StrictInputMixin, serializers.Serializer):
    funder = OrganizationUuidField(help_text="uuid of the funder organization.")
    whole_portfolio = serializers.BooleanField(default=True)
    investments = TenantUuidField(
        Investment, many=True, required=False,
        help_text="The investments to share when `whole_portfolio` is false.",
    )  # fmt: skip
    message = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if not attrs["whole_portfolio"] and not attrs.get("investments"):
            raise serializers.ValidationError(
                {"investments": ["Choose the investments to share, or share the whole portfolio."]}
            )
        return attrs


class ReviewMessageSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="uuid", read_only=True, allow_null=True)
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = ReviewMessage
        fields = ["uuid", "kind", "body", "from_funder", "author", "author_name", "created_at"]
        read_only_fields = fields

    def get_author_name(self, message) -> str:
        author = message.author
        return (author.full_name or author.email) if author else ""


class ReviewScoreSerializer(serializers.ModelSerializer):
    criterion = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = ReviewScore
        fields = ["criterion", "score", "comment", "updated_at"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    investment = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    investment_name = serializers.CharField(source="investment.name", read_only=True)
    partnership = PartnershipRefSerializer(read_only=True)
    funder = OrganizationRefSerializer(read_only=True)
    messages = ReviewMessageSerializer(many=True, read_only=True)
    scores = ReviewScoreSerializer(many=True, read_only=True)

    class Meta:
        model = InvestmentReview
        fields = [
            "uuid", "investment", "investment_name", "partnership", "funder", "status",
            "status_changed_at", "messages", "scores", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class AnswerSerializer(StrictInputMixin, serializers.Serializer):
    body = serializers.CharField(max_length=10_000)


# --- funder ----------------------------------------------------------------------------


class ReviewRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    status = serializers.CharField(
        read_only=True, help_text="The review status (see `Review.status`)."
    )


class FunderInvestmentSerializer(serializers.Serializer):
    """An investment shared with the caller's funder organization."""

    partnership = PartnershipRefSerializer(source="investment.partnership", read_only=True)
    investment = InvestmentSerializer(read_only=True)
    reporting_currency = serializers.CharField(
        source="investment.portfolio.reporting_currency", read_only=True
    )
    review = ReviewRefSerializer(read_only=True, allow_null=True)


class FunderMessageSerializer(StrictInputMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("comment", "Comment"), ("question", "Question")])
    body = serializers.CharField(max_length=10_000)


class FunderScoreSerializer(StrictInputMixin, serializers.Serializer):
    criterion = serializers.CharField(help_text="Name of an active review criterion.")
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class FunderDecisionSerializer(StrictInputMixin, serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[("interest_expressed", "Express interest"), ("declined", "Decline")]
    )
    message = serializers.CharField(
        max_length=5000, help_text="What the partnership should know about the decision."
    )


class CriterionSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
