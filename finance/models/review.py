"""Funder review: shares of a portfolio (or chosen investments) with a funder organization,
and the funder's review of each shared investment."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from finance.models.choices import MessageKind, ReviewStatus
from hub.models import TimeStampedModel, UUIDModel
from partnerships.tenancy import TenantModel


@pghistory.track()
class FunderStaff(TimeStampedModel):
    """A person who reviews portfolios on behalf of a funder organization (hub staff add
    them). Shares are granted to the organization's group, so people added later see what
    is shared and people removed lose it at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="funder_roles"
    )
    organization = models.ForeignKey(
        "hub.Organization", on_delete=models.CASCADE, related_name="funder_staff"
    )

    class Meta:
        verbose_name = _("funder staff")
        verbose_name_plural = _("funder staff")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="funder_staff_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization}"


@pghistory.track()
class PortfolioShare(TenantModel, UUIDModel):
    portfolio = models.ForeignKey(
        "finance.Portfolio", on_delete=models.CASCADE, related_name="shares"
    )
    funder = models.ForeignKey(
        "hub.Organization",
        on_delete=models.CASCADE,
        related_name="portfolio_shares",
        verbose_name=_("funder"),
    )
    whole_portfolio = models.BooleanField(
        _("the whole portfolio"),
        default=True,
        help_text=_("Otherwise only the chosen investments are shared."),
    )
    investments = models.ManyToManyField(
        "finance.Investment", blank=True, related_name="shares", verbose_name=_("investments")
    )
    message = models.TextField(_("message to the funder"), blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("portfolio share")
        verbose_name_plural = _("portfolio shares")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "funder"],
                condition=models.Q(revoked_at__isnull=True),
                name="finance_one_active_share_per_funder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.portfolio} → {self.funder}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


@pghistory.track()
class InvestmentReview(TenantModel, UUIDModel):
    """One funder organization's review of one shared investment."""

    investment = models.ForeignKey(
        "finance.Investment", on_delete=models.CASCADE, related_name="reviews"
    )
    funder = models.ForeignKey(
        "hub.Organization", on_delete=models.CASCADE, related_name="investment_reviews"
    )
    share = models.ForeignKey(
        PortfolioShare, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    status = models.CharField(
        _("status"), max_length=25, choices=ReviewStatus.choices, default=ReviewStatus.SHARED
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("investment review")
        verbose_name_plural = _("investment reviews")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["investment", "funder"], name="finance_one_review_per_funder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.investment} · {self.funder} · {self.get_status_display()}"


@pghistory.track()
class ReviewCriterion(TimeStampedModel):
    """A criterion funders score investments against (hub staff keep the list)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("what a high score means"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class ReviewScore(TenantModel):
    review = models.ForeignKey(InvestmentReview, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="finance_one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="finance_score_1_to_5"
            ),
        ]


@pghistory.track()
class ReviewMessage(TenantModel, UUIDModel):
    """A comment, question or answer in the conversation of a review."""

    review = models.ForeignKey(InvestmentReview, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_funder = models.BooleanField(default=False, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    body = models.TextField(_("message"))

    class Meta:
        verbose_name = _("review message")
        verbose_name_plural = _("review messages")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d}"
