"""Reads for partner organizations: the stakeholder view."""

from __future__ import annotations

import datetime
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from hub.models import Organization
from partnerships.models import PartnerContact, PartnerOrganization, Partnership


def partner_queryset(*, partnership: Partnership) -> QuerySet[PartnerOrganization]:
    return (
        PartnerOrganization.objects.for_partnership(partnership)
        .select_related("organization")
        .prefetch_related(
            Prefetch("contacts", queryset=PartnerContact.objects.for_partnership(partnership))
        )
    )


def partner_list(
    *,
    partnership: Partnership,
    current_only: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[PartnerOrganization]:
    qs = partner_queryset(partnership=partnership).order_by("organization__name", "role")
    if current_only:
        today = today or datetime.date.today()
        qs = qs.filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
    return qs


@dataclass
class PartnerGroup:
    key: str
    label: str
    partners: list[PartnerOrganization] = field(default_factory=list)


def _group(partners, key_of, choices) -> list[PartnerGroup]:
    groups: OrderedDict[str, PartnerGroup] = OrderedDict(
        (value, PartnerGroup(key=value, label=str(label))) for value, label in choices
    )
    for partner in partners:
        groups[key_of(partner)].partners.append(partner)
    return [group for group in groups.values() if group.partners]


def partner_stakeholder_view(
    *, partnership: Partnership, include_former: bool = False
) -> dict[str, object]:
    """Partners grouped by their role and by their organization's sector (one query
    for partners and organizations, one for contacts)."""
    partners = list(partner_list(partnership=partnership, current_only=not include_former))
    return {
        "partners": partners,
        "by_role": _group(partners, lambda p: p.role, PartnerOrganization.Role.choices),
        "by_sector": _group(partners, lambda p: p.organization.type, Organization.Type.choices),
    }


def organization_choices() -> QuerySet[Organization]:
    return Organization.objects.order_by("name")
