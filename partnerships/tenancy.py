"""Tenancy: every tenant-owned row belongs to exactly one partnership.

Queries on tenant data start from ``Model.objects.for_partnership(p)`` or
``Model.objects.visible_to(user)``. Views resolve the partnership and the caller's
role once per request through ``partnerships.views.PartnershipMixin``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from partnerships.models import Partnership


class TenantQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> TenantQuerySet:
        return self.filter(partnership=partnership)

    def visible_to(self, user) -> TenantQuerySet:
        """Rows of the partnerships the user is a member of (everything for hub staff)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(partnership__memberships__user=user).distinct()


class TenantModel(models.Model):
    """Base for every model owned by a partnership (set by services, never by input)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+", db_index=True
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


# Models of our apps that are not owned by one partnership, and why. A test fails
# when a model is neither a TenantModel nor listed here (see tests/tenancy/).
GLOBAL_MODELS: dict[str, str] = {
    "hub.User": "people belong to many partnerships",
    "hub.Organization": "hub-level registry that partnerships link to",
    "hub.Notification": "personal, scoped to its recipient",
    "hub.NotificationPreference": "personal, scoped to its user",
    "hub.EmailDelivery": "personal, scoped to its recipient",
    "hub.Job": "personal, scoped to its owner (partnership optional)",
    "hub.AuditEvent": "platform security log (partnership optional), hub staff only",
    "partnerships.Partnership": "the tenant itself",
    "partnerships.PartnershipUserObjectPermission": "cross-tenant grants (guardian)",
    "partnerships.PartnershipGroupObjectPermission": "cross-tenant grants (guardian)",
    "partnerships.AllowedWebhookHost": "hub staff allow private hosts for every partnership",
    "hub.IdempotencyRecord": "scoped to the API key or user that sent the request",
    "partnerships.ProcessStage": "stages configured by hub staff for all partnerships",
    "partnerships.DigestSend": "personal, scoped to its user (one row per weekly digest)",
    "landscapes.TaxonomyTerm": "hub-managed vocabulary shared by all landscapes",
    "landscapes.Story": "written by a partnership or by hub staff (partnership optional); "
    "read through landscapes.selectors_content",
    "landscapes.Resource": "hub knowledge library, proposed by a partnership or published by "
    "hub staff, about several partnerships; read through landscapes.selectors_content",
    "mel.LibraryIndicator": "standard indicators published by hub staff for all partnerships",
    "mel.ScorecardSnapshot": "hub-level figures published by hub staff",
    "capacity.ProviderStaff": "links a person to a provider organization, across partnerships",
    "capacity.Program": "offered by a provider organization (hub-level), not owned by a partnership",
    "capacity.Competency": "hub-managed competency framework shared by all partnerships",
    "capacity.CompetencyFramework": "hub-managed competency framework shared by all partnerships",
    "capacity.Cohort": "runs for one or more partnerships (M2M); scoped by capacity.selectors",
    "capacity.CohortUserObjectPermission": "cross-tenant grants to trainers (guardian)",
    "capacity.CohortGroupObjectPermission": "cross-tenant grants to trainers (guardian)",
    "capacity.Session": "belongs to a cohort, which spans partnerships; scoped through it",
    "capacity.Participant": "a person may join cohorts of several partnerships; reached "
    "through enrollments",
    "capacity.ConsentText": "hub-level versioned consent wording",
    "capacity.ParticipantConsent": "belongs to a participant (global); scoped through them",
    "capacity.LearningResource": "hub-managed learning library shared by all partnerships",
    "finance.ExchangeRate": "hub-maintained rates used by every partnership",
    "finance.FunderStaff": "links a person to a funder organization, across partnerships",
    "finance.ReviewCriterion": "hub-managed criteria funders score every investment against",
    "finance.PortfolioUserObjectPermission": "cross-tenant grants to funders (guardian)",
    "finance.PortfolioGroupObjectPermission": "cross-tenant grants to funders (guardian)",
    "finance.InvestmentUserObjectPermission": "cross-tenant grants to funders (guardian)",
    "finance.InvestmentGroupObjectPermission": "cross-tenant grants to funders (guardian)",
    "finance.DonorProspect": "hub-level fundraising pipeline kept by hub staff",
    "finance.Proposal": "hub-level proposal benefiting one or more partnerships (M2M); "
    "partnerships read it through finance.selectors.mobilization",
    "finance.ProposalDeadline": "belongs to a proposal (hub-level); scoped through it",
    "finance.ProposalTransition": "belongs to a proposal (hub-level); scoped through it",
    "finance.DeadlineReminder": "belongs to a proposal (hub-level); scoped through it",
}
