"""The doors to a partnership: resolve it and the caller's role once per request.

A partnership the caller may not see answers 404 exactly like one that does not
exist; a visible partnership without the needed permission answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from partnerships.backends import roles_of
from partnerships.models import Partnership
from partnerships.roles import PartnershipPerm


@dataclass(frozen=True)
class PartnershipAccess:
    partnership: Partnership
    role: str | None  # the caller's membership role, None for non-members

    @property
    def is_member(self) -> bool:
        return self.role is not None


def can_see_partnership(user, partnership: Partnership, role: str | None) -> bool:
    if partnership.is_public or role is not None:
        return True
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    # An explicit cross-tenant grant (guardian) also makes a private partnership visible.
    return user.has_perm(PartnershipPerm.VIEW, partnership)


def access_partnership(user, slug: str) -> PartnershipAccess:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise Http404
    role = roles_of(user).get(partnership.pk) if user.is_authenticated else None
    if not can_see_partnership(user, partnership, role):
        raise Http404
    return PartnershipAccess(partnership=partnership, role=role)
