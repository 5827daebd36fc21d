"""Reads for governance pages and the API."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from hub.models import User
from partnerships.models import (
    ActionItem,
    BodyMember,
    Decision,
    GovernanceBody,
    Meeting,
    MeetingAttachment,
    Partnership,
)

OPEN_STATUSES = (ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS)


def member_users(*, partnership: Partnership) -> QuerySet[User]:
    """People who can own action items, attend meetings or take a seat."""
    return User.objects.filter(memberships__partnership=partnership, is_active=True).order_by(
        "full_name", "email"
    )


def body_member_queryset(*, partnership: Partnership) -> QuerySet[BodyMember]:
    return BodyMember.objects.for_partnership(partnership).select_related(
        "user", "organization", "body"
    )


def body_list(*, partnership: Partnership) -> QuerySet[GovernanceBody]:
    return (
        GovernanceBody.objects.for_partnership(partnership)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=body_member_queryset(partnership=partnership).order_by(
                    "position", "user__full_name", "name"
                ),
            )
        )
        .order_by("-is_active", "name")
    )


def meeting_queryset(*, partnership: Partnership) -> QuerySet[Meeting]:
    return (
        Meeting.objects.for_partnership(partnership)
        .select_related("body")
        .annotate(
            attendee_count=Count("attendees", distinct=True),
            attachment_count=Count("attachments", distinct=True),
        )
    )


def meeting_list(
    *, partnership: Partnership, body: GovernanceBody | None = None
) -> QuerySet[Meeting]:
    qs = meeting_queryset(partnership=partnership).order_by("-starts_at")
    return qs.filter(body=body) if body is not None else qs


def meeting_detail(*, partnership: Partnership) -> QuerySet[Meeting]:
    return (
        Meeting.objects.for_partnership(partnership)
        .select_related("body")
        .prefetch_related(
            "attendees",
            Prefetch(
                "attachments", queryset=MeetingAttachment.objects.for_partnership(partnership)
            ),
            Prefetch(
                "decisions",
                queryset=Decision.objects.for_partnership(partnership).order_by("-decided_on"),
            ),
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.for_partnership(partnership).select_related("owner"),
            ),
        )
    )


def decision_list(*, partnership: Partnership) -> QuerySet[Decision]:
    return (
        Decision.objects.for_partnership(partnership)
        .select_related("body", "meeting")
        .order_by("-decided_on", "-created_at")
    )


def action_item_list(*, partnership: Partnership, open_only: bool = False) -> QuerySet[ActionItem]:
    qs = ActionItem.objects.for_partnership(partnership).select_related(
        "owner", "meeting", "decision"
    )
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs.order_by("due_date", "title")


def action_items_for_user(*, partnership: Partnership, user: User) -> QuerySet[ActionItem]:
    return action_item_list(partnership=partnership, open_only=True).filter(owner=user)


def governance_overview(
    *, partnership: Partnership, now: datetime.datetime | None = None, limit: int = 5
) -> dict[str, object]:
    now = now or timezone.now()
    meetings = meeting_list(partnership=partnership)
    open_items = list(action_item_list(partnership=partnership, open_only=True)[:50])
    today = timezone.localdate(now)
    for item in open_items:
        item.is_overdue = item.due_date is not None and item.due_date < today
    counts = ActionItem.objects.for_partnership(partnership).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_date__lt=today)),
    )
    return {
        "bodies": list(body_list(partnership=partnership)),
        "upcoming_meetings": list(
            meetings.filter(starts_at__gte=now).order_by("starts_at")[:limit]
        ),
        "past_meetings": list(meetings.filter(starts_at__lt=now)[:limit]),
        "decisions": list(decision_list(partnership=partnership)[:limit]),
        "open_items": open_items,
        "open_count": counts["open"],
        "overdue_count": counts["overdue"],
        "today": today,
    }
