"""Reads for memberships, invitations, requests to join and proposals."""

from __future__ import annotations

import hashlib

from django.db.models import Q, QuerySet

from hub.models import User
from partnerships.models import Invitation, JoinRequest, Membership, Partnership


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def member_list(
    *, partnership: Partnership, search: str = "", role: str = ""
) -> QuerySet[Membership]:
    """Members with their user row, filtered by a name/email search and a role."""
    qs = (
        Membership.objects.for_partnership(partnership)
        .select_related("user")
        .order_by("user__full_name", "user__email", "pk")
    )
    search = (search or "").strip()
    if search:
        qs = qs.filter(Q(user__full_name__icontains=search) | Q(user__email__icontains=search))
    if role:
        qs = qs.filter(role=role)
    return qs


def invitation_pending_list(*, partnership: Partnership) -> QuerySet[Invitation]:
    return (
        Invitation.objects.for_partnership(partnership)
        .filter(status=Invitation.Status.PENDING)
        .select_related("invited_by")
        .order_by("-created_at")
    )


def join_request_pending_list(*, partnership: Partnership) -> QuerySet[JoinRequest]:
    return (
        JoinRequest.objects.for_partnership(partnership)
        .filter(status=JoinRequest.Status.PENDING)
        .select_related("user")
        .order_by("created_at")
    )


def join_request_pending_for(*, partnership: Partnership, user: User) -> JoinRequest | None:
    if not user.is_authenticated:
        return None
    return (
        JoinRequest.objects.for_partnership(partnership)
        .filter(user=user, status=JoinRequest.Status.PENDING)
        .first()
    )


def membership_of(*, partnership: Partnership, user: User) -> Membership | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.for_partnership(partnership)
        .filter(user=user)
        .select_related("user")
        .first()
    )


def invitation_by_token(*, token: str) -> Invitation | None:
    """The invitation a link's token belongs to (whatever its status), or None."""
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.filter(token_hash=invitation_token_hash(token))
        .select_related("partnership", "invited_by")
        .first()
    )


def proposal_pending_list() -> QuerySet[Partnership]:
    return (
        Partnership.objects.filter(approval=Partnership.Approval.PROPOSED)
        .select_related("proposed_by")
        .order_by("created_at", "pk")
    )
