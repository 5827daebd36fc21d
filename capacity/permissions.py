"""Who may do what with programs and cohorts.

Programs belong to provider organizations: hub staff and the provider's staff manage
them. A cohort spans partnerships, so it is not a tenant row: members of any of its
partnerships see it, its trainers (a guardian grant, ``capacity.teach_cohort``) see it
and teach it, and hub staff and the provider's staff manage it. Everyone else gets 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from capacity.models import Cohort, Program, ProviderStaff
from partnerships.backends import roles_of
from partnerships.roles import CapacityPerm, role_has_perm

TEACH_COHORT = "capacity.teach_cohort"


def provider_ids_of(user) -> set[int]:
    """Organizations whose programs ``user`` manages (cached on the user object)."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_capacity_provider_ids"):
        user._capacity_provider_ids = set(
            ProviderStaff.objects.filter(user=user).values_list("organization_id", flat=True)
        )
    return user._capacity_provider_ids


def can_create_programs(user) -> bool:
    return user.is_authenticated and (user.is_staff or bool(provider_ids_of(user)))


def can_manage_program(user, program: Program) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or program.provider_id in provider_ids_of(user)


@dataclass(frozen=True)
class CohortAccess:
    can_view: bool
    can_teach: bool
    can_manage: bool
    # partnerships of the cohort the caller may enroll participants for
    enroll_partnership_ids: frozenset[int]

    @property
    def can_enroll(self) -> bool:
        return bool(self.enroll_partnership_ids)


def cohort_access(
    user, cohort: Cohort, *, partnership_ids: list[int] | None = None
) -> CohortAccess:
    """``partnership_ids``: the cohort's partnerships, when the caller already has them."""
    if not user.is_authenticated:
        return CohortAccess(False, False, False, frozenset())
    if partnership_ids is None:
        partnership_ids = list(cohort.partnerships.values_list("pk", flat=True))
    manage = user.is_staff or cohort.program.provider_id in provider_ids_of(user)
    teach = manage or user.has_perm(TEACH_COHORT, cohort)
    roles = roles_of(user)
    member_ids = [pk for pk in partnership_ids if pk in roles]
    if teach:
        enroll = frozenset(partnership_ids)
    else:
        enroll = frozenset(pk for pk in member_ids if role_has_perm(roles[pk], CapacityPerm.MANAGE))
    return CohortAccess(
        can_view=teach or bool(member_ids),
        can_teach=teach,
        can_manage=manage,
        enroll_partnership_ids=enroll,
    )
