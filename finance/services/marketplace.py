"""The investment marketplace: partnerships publish investment-ready investments that
every signed-in funder user (and hub staff) can browse; funders ask for access."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finance.models import FunderStaff, Investment, Stage
from finance.services.review import (
    MAX_MESSAGE,
    _check_sharer,
    partnership_recipients,
)
from hub.audit import audit_record
from hub.models import AuditEvent, Organization, User
from hub.notifications import kinds
from hub.notifications.services import notify
from hub.services import ApplicationError

# Investment-ready: ready for financing or later, but not closed.
PUBLISHABLE_STAGES = frozenset({Stage.READY, Stage.FINANCED, Stage.IMPLEMENTING, Stage.COMPLETED})


@transaction.atomic
def investment_publish(*, investment: Investment, actor: User) -> Investment:
    """Put ``investment`` on the marketplace."""
    investment = Investment.objects.select_for_update().get(pk=investment.pk)
    _check_sharer(actor, investment.partnership)
    if investment.stage not in PUBLISHABLE_STAGES:
        raise ApplicationError(
            _(
                "Only investments ready for financing or further along can be published "
                "(this one is at “%(stage)s”)."
            )
            % {"stage": investment.get_stage_display()}
        )
    if investment.on_marketplace:
        return investment
    investment.on_marketplace, investment.published_at = True, timezone.now()
    investment.save(update_fields=["on_marketplace", "published_at", "updated_at"])
    audit_record(
        action=AuditEvent.Action.SHARE,
        actor=actor,
        subject=f"{investment.name} → marketplace",
        partnership=investment.partnership,
        data={"investment": str(investment.uuid), "marketplace": True},
    )
    return investment


@transaction.atomic
def investment_unpublish(*, investment: Investment, actor: User) -> Investment:
    investment = Investment.objects.select_for_update().get(pk=investment.pk)
    _check_sharer(actor, investment.partnership)
    if not investment.on_marketplace:
        return investment
    investment.on_marketplace, investment.published_at = False, None
    investment.save(update_fields=["on_marketplace", "published_at", "updated_at"])
    audit_record(
        action=AuditEvent.Action.SHARE,
        actor=actor,
        subject=f"{investment.name} ✕ marketplace",
        partnership=investment.partnership,
        data={"investment": str(investment.uuid), "marketplace": False},
    )
    return investment


@transaction.atomic
def marketplace_interest(
    *, investment: Investment, actor: User, message: str = ""
) -> Organization | None:
    """A funder user asks the partnership for access to a published investment (or says
    they are interested): the partnership's finance officers and leaders are notified.
    Asking twice notifies once. Returns the funder organization asked on behalf of."""
    if not investment.on_marketplace:
        raise ApplicationError(_("This investment is not on the marketplace."))
    staff = (
        FunderStaff.objects.filter(user=actor).select_related("organization").order_by("pk")
    ).first()
    if staff is None:
        raise ApplicationError(_("Only funder reviewers can ask for access."))
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE:
        raise ApplicationError(
            _("Keep the message under %(max)s characters.") % {"max": MAX_MESSAGE},
            field="message",
        )
    funder = staff.organization
    audit_record(
        action=AuditEvent.Action.SHARE,
        actor=actor,
        subject=f"{funder.name} asks for {investment.name}",
        partnership=investment.partnership,
        data={"investment": str(investment.uuid), "funder": str(funder.uuid), "request": True},
    )
    notify(
        recipients=partnership_recipients(investment.partnership),
        kind=kinds.MARKETPLACE,
        title=format_lazy(
            gettext_lazy("{funder} asks for access to {investment}"),
            funder=funder.name,
            investment=investment.name,
        ),
        body=format_lazy(
            gettext_lazy("{person} ({email}): {message}"),
            person=actor.get_full_name() or actor.email,
            email=actor.email,
            message=message or "—",
        ),
        url=reverse("finance:share-list", args=[investment.partnership.slug]),
        dedup_key=f"finance-market-interest:{investment.uuid}:{funder.uuid}",
    )
    return funder
