"""The weekly activity digest: one email per person per ISO week with what changed
last week in each of their partnerships.

``digest_send`` records a ``DigestSend`` row (unique per person and week) in the same
transaction that queues the email, so running the weekly job twice, or two workers
racing on the same person, sends one digest."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hub.models import NotificationPreference, User
from hub.notifications import kinds
from hub.notifications.emails import absolute_url, unsubscribe_url
from hub.notifications.services import email_queue
from partnerships.models import DigestSend, Membership, Partnership
from partnerships.selectors import (
    ActivityArea,
    ActivityEntry,
    activity_areas_for_role,
    partnership_activity,
    partnership_activity_counts,
)

TOP_ENTRIES = 5


def week_start_of(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s ISO week."""
    return day - datetime.timedelta(days=day.weekday())


def digest_period(week_start: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The week the digest sent in ``week_start``'s week reports on: the previous
    Monday 00:00 UTC up to this Monday 00:00 UTC."""
    until = datetime.datetime.combine(week_start, datetime.time.min, tzinfo=datetime.UTC)
    return until - datetime.timedelta(days=7), until


def digest_recipients(*, week_start: datetime.date) -> QuerySet[User]:
    """Active people with a membership and an address who have not switched the
    digest email off and have not had this week's digest yet."""
    opted_out = NotificationPreference.objects.filter(
        user=OuterRef("pk"), kind=kinds.DIGEST, email=False
    )
    sent = DigestSend.objects.filter(user=OuterRef("pk"), week_start=week_start)
    has_membership = Membership.objects.filter(user=OuterRef("pk"))
    return (
        User.objects.filter(Exists(has_membership), is_active=True)
        .exclude(email="")
        .exclude(Exists(opted_out))
        .exclude(Exists(sent))
        .order_by("pk")
    )


@dataclass
class DigestSection:
    partnership: Partnership
    counts: list[tuple[str, int]]
    entries: list[ActivityEntry] = field(default_factory=list)
    activity_url: str = ""

    @property
    def total(self) -> int:
        return sum(n for _label, n in self.counts)


def digest_compose(*, user: User, week_start: datetime.date) -> list[DigestSection]:
    """What changed last week in each of ``user``'s partnerships, limited to the
    areas their role lets them see; partnerships without changes are left out."""
    since, until = digest_period(week_start)
    labels = dict(ActivityArea.choices)
    sections = []
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("partnership")
        .order_by("partnership__name")
    )
    for membership in memberships:
        partnership = membership.partnership
        areas = activity_areas_for_role(membership.role)
        counts = partnership_activity_counts(
            partnership=partnership, since=since, until=until, areas=areas
        )
        if not counts:
            continue
        sections.append(
            DigestSection(
                partnership=partnership,
                counts=[(labels[area], n) for area, n in counts.items()],
                entries=list(
                    partnership_activity(
                        partnership=partnership,
                        limit=TOP_ENTRIES,
                        areas=areas,
                        since=since,
                        until=until,
                    )
                ),
                activity_url=absolute_url(
                    reverse("partnerships:activity", args=[partnership.slug])
                ),
            )
        )
    return sections


def _digest_render(
    *, user: User, week_start: datetime.date, sections: list[DigestSection]
) -> tuple[str, str, str]:
    since, until = digest_period(week_start)
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        first_day = date_format(since.date(), "MONTH_DAY_FORMAT")
        last_day = date_format((until - datetime.timedelta(days=1)).date(), "MONTH_DAY_FORMAT")
        subject = _("Your partnerships last week, %(start)s – %(end)s") % {
            "start": first_day,
            "end": last_day,
        }
        context = {
            "recipient": user,
            "title": subject,
            "first_day": first_day,
            "last_day": last_day,
            "sections": sections,
            "kind": kinds.kind_get(kinds.DIGEST),
            "unsubscribe_url": unsubscribe_url(user_id=user.pk, kind=kinds.DIGEST),
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "site_url": settings.SITE_URL,
        }
        return (
            getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "") + subject,
            render_to_string("emails/digest.txt", context),
            render_to_string("emails/digest.html", context),
        )


@transaction.atomic
def digest_send(*, user_id: int, week_start: datetime.date) -> bool:
    """Queue ``week_start``'s digest for one person, at most once. Returns whether
    it queued one now (False: already sent this week, switched off, deactivated,
    or nothing to report)."""
    if not digest_recipients(week_start=week_start).filter(pk=user_id).exists():
        return False
    user = User.objects.get(pk=user_id)
    sections = digest_compose(user=user, week_start=week_start)
    if not sections:
        return False
    # The unique (user, week) row is the guard: a concurrent run waits here on the
    # index until this transaction ends, then finds the row and sends nothing.
    record, created = DigestSend.objects.get_or_create(user=user, week_start=week_start)
    if not created:
        return False
    subject, text, html = _digest_render(user=user, week_start=week_start, sections=sections)
    record.delivery = email_queue(
        dedup_key=f"digest:{user.pk}:{week_start.isoformat()}",
        to=user.email,
        subject=subject,
        text=text,
        html=html,
        recipient=user,
        unsubscribe_url=unsubscribe_url(user_id=user.pk, kind=kinds.DIGEST),
    )
    record.save(update_fields=["delivery", "updated_at"])
    return True
