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
