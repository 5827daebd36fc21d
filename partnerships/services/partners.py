"""Writes for partner organizations and their contact people."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from hub.models import Organization
from hub.services import ApplicationError
from partnerships.models import PartnerContact, PartnerOrganization, Partnership


def _check_partner(
    *,
    partnership: Partnership,
    organization: Organization,
    role: str,
    joined_on: datetime.date | None,
    left_on: datetime.date | None,
    exclude_pk: int | None = None,
) -> None:
    if role not in PartnerOrganization.Role.values:
        raise ApplicationError(_("Choose a valid role."), field="role")
    if joined_on and left_on and left_on < joined_on:
        raise ApplicationError(
            _("The end date must be on or after the start date."), field="left_on"
        )
    duplicate = PartnerOrganization.objects.for_partnership(partnership).filter(
        organization=organization, role=role
    )
    if exclude_pk is not None:
        duplicate = duplicate.exclude(pk=exclude_pk)
    if duplicate.exists():
        raise ApplicationError(
            _("%(organization)s is already a partner in the role “%(role)s”.")
            % {"organization": organization, "role": PartnerOrganization.Role(role).label},
            field="organization",
        )


@transaction.atomic
def partner_create(
    *,
    partnership: Partnership,
    organization: Organization,
    role: str,
    joined_on: datetime.date | None = None,
    left_on: datetime.date | None = None,
    contribution: str = "",
) -> PartnerOrganization:
    _check_partner(
        partnership=partnership,
        organization=organization,
        role=role,
        joined_on=joined_on,
        left_on=left_on,
    )
    partner = PartnerOrganization(
        partnership=partnership,
        organization=organization,
        role=role,
        joined_on=joined_on,
        left_on=left_on,
        contribution=contribution.strip(),
    )
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_update(
    *,
    partner: PartnerOrganization,
    organization: Organization,
    role: str,
    joined_on: datetime.date | None,
    left_on: datetime.date | None,
    contribution: str,
) -> PartnerOrganization:
    _check_partner(
        partnership=partner.partnership,
        organization=organization,
        role=role,
        joined_on=joined_on,
        left_on=left_on,
        exclude_pk=partner.pk,
    )
    partner.organization, partner.role = organization, role
    partner.joined_on, partner.left_on = joined_on, left_on
    partner.contribution = contribution.strip()
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_end(*, partner: PartnerOrganization, left_on: datetime.date) -> PartnerOrganization:
    """The organization stops being a partner in this role on ``left_on``."""
    if partner.joined_on and left_on < partner.joined_on:
        raise ApplicationError(
            _("The end date must be on or after the start date."), field="left_on"
        )
    partner.left_on = left_on
    partner.full_clean()
    partner.save(update_fields=["left_on", "updated_at"])
    return partner


@transaction.atomic
def partner_delete(*, partner: PartnerOrganization) -> None:
    partner.delete()


@transaction.atomic
def partner_contact_add(
    *,
    partner: PartnerOrganization,
    name: str,
    position: str = "",
    email: str = "",
    phone: str = "",
) -> PartnerContact:
    contact = PartnerContact(
        partnership_id=partner.partnership_id,
        partner=partner,
        name=name.strip(),
        position=position.strip(),
        email=email.strip(),
        phone=phone.strip(),
    )
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def partner_contact_remove(*, contact: PartnerContact) -> None:
    contact.delete()
