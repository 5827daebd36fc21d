"""``user.has_perm(codename, obj)`` for partnership members, from their role.

``obj`` is a Partnership or any tenant-owned row; the answer comes from the role map
in ``partnerships.roles``. The caller's roles are loaded once per user object.
"""

from django.contrib.auth.backends import BaseBackend

from partnerships.roles import PartnershipPerm, role_has_perm


def partnership_id_of(obj) -> int | None:
    from partnerships.models import Partnership

    if isinstance(obj, Partnership):
        return obj.pk
    return getattr(obj, "partnership_id", None)


def roles_of(user) -> dict[int, str]:
    """partnership id → role for every membership of ``user`` (cached on the object)."""
    if not hasattr(user, "_partnership_roles"):
        from partnerships.models import Membership

        user._partnership_roles = dict(
            Membership.objects.filter(user=user).values_list("partnership_id", "role")
        )
    return user._partnership_roles


def forget_roles(user) -> None:
    user.__dict__.pop("_partnership_roles", None)


class MembershipBackend(BaseBackend):
    """Members get their role's permissions on their partnership's rows. Hub staff
    may view every partnership, and hold any other permission through the Django
    groups and permissions given to them (checked without an object)."""

    def has_perm(self, user_obj, perm, obj=None):
        if obj is None or not user_obj.is_active or user_obj.is_anonymous:
            return False
        partnership_id = partnership_id_of(obj)
        if partnership_id is None:
            return False
        if role_has_perm(roles_of(user_obj).get(partnership_id), perm):
            return True
        if user_obj.is_staff:
            return perm == PartnershipPerm.VIEW or user_obj.has_perm(perm)
        return False
