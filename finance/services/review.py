"""Funder review: funder staff, shares (guardian grants to the funder organization's
group), and the review of each shared investment.

Access rule: a funder user may review an investment when the Django group of one of
their funder organizations holds ``finance.review_investment`` on it or
``finance.review_portfolio`` on its portfolio. ``portfolio_share`` grants,
``portfolio_share_revoke`` removes the grants at once; funder staff are kept in their
organization's group by ``funder_staff_add`` / ``funder_staff_remove``.

Funder-side services take the ``investment`` and the acting funder user and resolve the
funder organization themselves (``ApplicationError`` when nothing is shared with them);
partnership-side services take the ``review`` and a member with ``FinancePerm.SHARE``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import assign_perm, remove_perm

from finance.models import (
    FunderStaff,
    Investment,
    InvestmentReview,
    MessageKind,
    Portfolio,
    PortfolioShare,
    ReviewCriterion,
    ReviewMessage,
    ReviewScore,
    ReviewStatus,
)
from hub import events
from hub.audit import audit_record
from hub.models import AuditEvent, Organization, User
from hub.notifications import kinds
from hub.notifications.services import notify
from hub.services import ApplicationError
from partnerships.models import Membership, Partnership
from partnerships.roles import FinancePerm, Role, role_has_perm

REVIEW_PORTFOLIO = "finance.review_portfolio"
REVIEW_INVESTMENT = "finance.review_investment"

# Where a review may go from each status (funder actions; answers are separate).
OPEN_STATUSES = frozenset(
    {ReviewStatus.SHARED, ReviewStatus.UNDER_REVIEW, ReviewStatus.INFORMATION_REQUESTED}
)
DECIDED_STATUSES = frozenset({ReviewStatus.INTEREST_EXPRESSED, ReviewStatus.DECLINED})
MAX_MESSAGE = 5000


# --- funder organizations and their staff ---------------------------------------------


def funder_group_name(organization: Organization) -> str:
    return f"funder:{organization.uuid}"


def funder_group(*, organization: Organization) -> Group:
    """The Django group that holds the shares granted to ``organization``."""
    group, _created = Group.objects.get_or_create(name=funder_group_name(organization))
    return group


@transaction.atomic
def funder_staff_add(
    *, organization: Organization, user: User, actor: User | None = None
) -> FunderStaff:
    """Make ``user`` review on behalf of ``organization``: they see at once what is
    shared with it. Adding someone twice changes nothing."""
    if not user.is_active:
        raise ApplicationError(_("This account is inactive."), field="user")
    staff, created = FunderStaff.objects.get_or_create(user=user, organization=organization)
    user.groups.add(funder_group(organization=organization))
    if created:
        audit_record(
            action=AuditEvent.Action.PERMISSION_CHANGED,
            actor=actor,
            subject=f"funder staff {organization.name} → {user.email}",
            data={"organization": str(organization.uuid), "user": str(user.uuid), "added": True},
        )
    return staff


@transaction.atomic
def funder_staff_remove(
    *, organization: Organization, user: User, actor: User | None = None
) -> None:
    """``user`` no longer reviews for ``organization`` and loses its shares at once."""
    deleted, _rows = FunderStaff.objects.filter(user=user, organization=organization).delete()
    user.groups.remove(funder_group(organization=organization))
    if deleted:
        audit_record(
            action=AuditEvent.Action.PERMISSION_CHANGED,
            actor=actor,
            subject=f"funder staff {organization.name} ✕ {user.email}",
            data={"organization": str(organization.uuid), "user": str(user.uuid), "added": False},
        )


def funder_recipients(organization: Organization) -> list[User]:
    return [
        staff.user
        for staff in FunderStaff.objects.filter(organization=organization, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ]


def partnership_recipients(partnership: Partnership) -> list[User]:
    """Members who may answer funders (finance officers and leaders)."""
    roles = [role for role in Role.values if role_has_perm(role, FinancePerm.SHARE)]
    return [
        m.user
        for m in Membership.objects.for_partnership(partnership)
        .filter(role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ]


def _check_sharer(actor: User, partnership: Partnership) -> None:
    if not actor.has_perm(FinancePerm.SHARE, partnership):
        raise ApplicationError(_("Only finance officers and leaders can do this."))


# --- shares ---------------------------------------------------------------------------


def _funder_review_url(investment: Investment) -> str:
    return reverse("funders:investment", args=[investment.uuid])


def _partnership_review_url(review: InvestmentReview) -> str:
    return reverse("finance:review-detail", args=[review.partnership.slug, review.uuid])


def _shared_investments(share: PortfolioShare) -> list[Investment]:
    if share.whole_portfolio:
        return list(Investment.objects.for_partnership(share.partnership).filter(
            portfolio=share.portfolio
        ))  # fmt: skip
    return list(share.investments.all())


@transaction.atomic
def portfolio_share(
    *,
    portfolio: Portfolio,
    funder: Organization,
    actor: User,
    whole_portfolio: bool = True,
    investments: Iterable[Investment] = (),
    message: str = "",
) -> PortfolioShare:
    """Share the whole ``portfolio`` or the chosen ``investments`` with the funder
    organization ``funder``: its group gets the guardian grant, a review row is opened
    per shared investment, the funder staff are notified."""
    partnership = portfolio.partnership
    _check_sharer(actor, partnership)
    investments = list(investments)
    if whole_portfolio:
        investments = []
    elif not investments:
        raise ApplicationError(_("Choose at least one investment to share."), field="investments")
    foreign = [i for i in investments if i.portfolio_id != portfolio.pk]
    if foreign:
        raise ApplicationError(
            _("%(investment)s is not part of this portfolio.") % {"investment": foreign[0]},
            field="investments",
        )
    if (
        PortfolioShare.objects.for_partnership(partnership)
        .filter(portfolio=portfolio, funder=funder, revoked_at__isnull=True)
        .exists()
    ):
        raise ApplicationError(
            _("The portfolio is already shared with %(funder)s; revoke that share first.")
            % {"funder": funder},
            field="funder",
        )
    if not FunderStaff.objects.filter(organization=funder).exists():
        raise ApplicationError(
            _("%(funder)s has no funder reviewers on the hub yet; ask hub staff to add them.")
            % {"funder": funder},
            field="funder",
        )
    if len(message) > MAX_MESSAGE:
        raise ApplicationError(_("The message is too long."), field="message")

    share = PortfolioShare(
        partnership=partnership,
        portfolio=portfolio,
        funder=funder,
        whole_portfolio=whole_portfolio,
        message=message.strip(),
        shared_by=actor,
    )
    share.full_clean()
    share.save()
    if investments:
        share.investments.set(investments)

    group = funder_group(organization=funder)
    if whole_portfolio:
        assign_perm(REVIEW_PORTFOLIO, group, portfolio)
    else:
        for investment in investments:
            assign_perm(REVIEW_INVESTMENT, group, investment)

    for investment in _shared_investments(share):
        review_open(investment=investment, funder=funder, share=share)

    shared = _shared_investments(share)
    audit_record(
        action=AuditEvent.Action.SHARE,
        actor=actor,
        subject=f"{portfolio.title} → {funder.name}",
        partnership=partnership,
        data={
            "share": str(share.uuid),
            "funder": str(funder.uuid),
            "whole_portfolio": whole_portfolio,
            "investments": [str(i.uuid) for i in shared],
            "shared": True,
        },
    )
    events.publish(
        "portfolio.shared",
        partnership_id=partnership.pk,
        object_uuid=share.uuid,
        data={
            "share": str(share.uuid),
            "portfolio": str(portfolio.uuid),
            "funder": {"id": str(funder.uuid), "name": funder.name},
            "whole_portfolio": whole_portfolio,
            "investments": [str(i.uuid) for i in shared],
        },
    )
    notify(
        recipients=funder_recipients(funder),
        kind=kinds.FUNDER_REVIEW,
        title=format_lazy(
            gettext_lazy("{partnership} shared investments with {funder}"),
            partnership=partnership.name,
            funder=funder.name,
        ),
        body=share.message,
        url=reverse("funders:home"),
        dedup_key=f"finance-share:{share.uuid}",
    )
    return share


@transaction.atomic
def portfolio_share_revoke(*, share: PortfolioShare, actor: User) -> PortfolioShare:
    """End a share: the funder's group loses its grants at once."""
    share = PortfolioShare.objects.select_for_update().get(pk=share.pk)
    _check_sharer(actor, share.partnership)
    if share.revoked_at is not None:
        raise ApplicationError(_("This share was already revoked."))
    group = funder_group(organization=share.funder)
    if share.whole_portfolio:
        remove_perm(REVIEW_PORTFOLIO, group, share.portfolio)
    else:
        for investment in share.investments.all():
            remove_perm(REVIEW_INVESTMENT, group, investment)
    share.revoked_at, share.revoked_by = timezone.now(), actor
    share.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit_record(
        action=AuditEvent.Action.SHARE,
        actor=actor,
        subject=f"{share.portfolio.title} ✕ {share.funder.name}",
        partnership=share.partnership,
        data={"share": str(share.uuid), "funder": str(share.funder.uuid), "shared": False},
    )
    notify(
        recipients=funder_recipients(share.funder),
        kind=kinds.FUNDER_REVIEW,
        title=format_lazy(
            gettext_lazy("{partnership} stopped sharing its portfolio with {funder}"),
            partnership=share.partnership.name,
            funder=share.funder.name,
        ),
        url=reverse("funders:home"),
        dedup_key=f"finance-share-revoked:{share.uuid}",
    )
    return share


# --- reviews: which funder, which review ----------------------------------------------


def funder_for(*, user: User, investment: Investment) -> Organization | None:
    """The funder organization through which ``user`` reviews ``investment`` (an active
    share whose grants they hold), or None."""
    if not user.is_authenticated:
        return None
    share = (
        PortfolioShare.objects.filter(
            portfolio_id=investment.portfolio_id,
            revoked_at__isnull=True,
            funder__funder_staff__user=user,
        )
        .filter(Q(whole_portfolio=True) | Q(investments=investment))
        .select_related("funder")
        .order_by("created_at")
        .first()
    )
    return share.funder if share else None


def review_open(
    *, investment: Investment, funder: Organization, share: PortfolioShare | None = None
) -> InvestmentReview:
    """The review of ``investment`` by ``funder``, opened (status shared) when missing.
    A review kept from an earlier, revoked share continues where it was."""
    review, created = InvestmentReview.objects.get_or_create(
        investment=investment,
        funder=funder,
        defaults={"partnership": investment.partnership, "share": share},
    )
    if not created and share is not None and review.share_id != share.pk:
        review.share = share
        review.save(update_fields=["share", "updated_at"])
    return review


def _funder_review(investment: Investment, actor: User) -> InvestmentReview:
    funder = funder_for(user=actor, investment=investment)
    if funder is None or not (
        actor.has_perm(REVIEW_INVESTMENT, investment)
        or actor.has_perm(REVIEW_PORTFOLIO, investment.portfolio)
    ):
        raise ApplicationError(_("This investment is not shared with you."))
    review = review_open(investment=investment, funder=funder)
    return (
        InvestmentReview.objects.select_for_update()
        .select_related("investment", "partnership", "funder")
        .get(pk=review.pk)
    )


def _set_status(review: InvestmentReview, status: str, actor: User) -> None:
    review.status = status
    review.status_changed_at, review.status_changed_by = timezone.now(), actor
    review.full_clean()
    review.save(update_fields=["status", "status_changed_at", "status_changed_by", "updated_at"])


def _clean_body(body: str, *, required: bool = True) -> str:
    body = (body or "").strip()
    if required and not body:
        raise ApplicationError(_("Write a message."), field="body")
    if len(body) > MAX_MESSAGE:
        raise ApplicationError(
            _("Keep the message under %(max)s characters.") % {"max": MAX_MESSAGE}, field="body"
        )
    return body


def _add_message(
    review: InvestmentReview, *, actor: User, kind: str, body: str, from_funder: bool
) -> ReviewMessage:
    message = ReviewMessage(
        partnership=review.partnership,
        review=review,
        author=actor,
        kind=kind,
        body=body,
        from_funder=from_funder,
    )
    message.full_clean()
    message.save()
    return message


def _tell_partnership(review: InvestmentReview, title, body: str, key: str) -> None:
    notify(
        recipients=partnership_recipients(review.partnership),
        kind=kinds.FUNDER_REVIEW,
        title=title,
        body=body,
        url=_partnership_review_url(review),
        dedup_key=key,
    )


def _tell_funder(review: InvestmentReview, title, body: str, key: str) -> None:
    notify(
        recipients=funder_recipients(review.funder),
        kind=kinds.FUNDER_REVIEW,
        title=title,
        body=body,
        url=_funder_review_url(review.investment),
        dedup_key=key,
    )


def _require_open(review: InvestmentReview) -> None:
    if review.status in DECIDED_STATUSES:
        raise ApplicationError(
            _("The review is closed: %(status)s.") % {"status": review.get_status_display()}
        )


# --- funder actions -------------------------------------------------------------------


@transaction.atomic
def review_start(*, investment: Investment, actor: User) -> InvestmentReview:
    """shared → under review."""
    review = _funder_review(investment, actor)
    if review.status != ReviewStatus.SHARED:
        raise ApplicationError(_("The review has already started."))
    _set_status(review, ReviewStatus.UNDER_REVIEW, actor)
    _tell_partnership(
        review,
        format_lazy(
            gettext_lazy("{funder} started reviewing {investment}"),
            funder=review.funder.name,
            investment=investment.name,
        ),
        "",
        f"finance-review-started:{review.uuid}:{review.status_changed_at.isoformat()}",
    )
    return review


@transaction.atomic
def review_comment(*, investment: Investment, actor: User, body: str) -> ReviewMessage:
    """A funder's comment; a review still 'shared' moves to 'under review'."""
    body = _clean_body(body)
    review = _funder_review(investment, actor)
    if review.status == ReviewStatus.SHARED:
        _set_status(review, ReviewStatus.UNDER_REVIEW, actor)
    message = _add_message(
        review, actor=actor, kind=MessageKind.COMMENT, body=body, from_funder=True
    )
    _tell_partnership(
        review,
        format_lazy(
            gettext_lazy("{funder} commented on {investment}"),
            funder=review.funder.name,
            investment=investment.name,
        ),
        body,
        f"finance-review-message:{message.uuid}",
    )
    return message


@transaction.atomic
def review_ask(*, investment: Investment, actor: User, body: str) -> ReviewMessage:
    """A funder's question: the review waits for information."""
    body = _clean_body(body)
    review = _funder_review(investment, actor)
    _require_open(review)
    _set_status(review, ReviewStatus.INFORMATION_REQUESTED, actor)
    message = _add_message(
        review, actor=actor, kind=MessageKind.QUESTION, body=body, from_funder=True
    )
    _tell_partnership(
        review,
        format_lazy(
            gettext_lazy("{funder} asks about {investment}"),
            funder=review.funder.name,
            investment=investment.name,
        ),
        body,
        f"finance-review-message:{message.uuid}",
    )
    return message


@transaction.atomic
def review_score(
    *,
    investment: Investment,
    actor: User,
    scores: Mapping[ReviewCriterion, int],
    comments: Mapping[ReviewCriterion, str] | None = None,
) -> list[ReviewScore]:
    """Score the investment against active criteria (1–5, with an optional comment each);
    scoring again replaces the earlier score of that criterion."""
    comments = comments or {}
    if not scores:
        raise ApplicationError(_("Score at least one criterion."), field="scores")
    for criterion, score in scores.items():
        if not criterion.active:
            raise ApplicationError(
                _("%(criterion)s is no longer used.") % {"criterion": criterion}, field="scores"
            )
        if score is None or isinstance(score, bool) or int(score) not in range(1, 6):
            raise ApplicationError(
                _("Scores go from 1 to 5 (%(criterion)s).") % {"criterion": criterion},
                field="scores",
            )
        if len(comments.get(criterion, "") or "") > MAX_MESSAGE:
            raise ApplicationError(_("The comment is too long."), field="scores")
    review = _funder_review(investment, actor)
    _require_open(review)
    if review.status == ReviewStatus.SHARED:
        _set_status(review, ReviewStatus.UNDER_REVIEW, actor)
    saved = []
    for criterion, score in scores.items():
        row, _created = ReviewScore.objects.update_or_create(
            review=review,
            criterion=criterion,
            defaults={
                "partnership": review.partnership,
                "score": int(score),
                "comment": (comments.get(criterion, "") or "").strip(),
                "scored_by": actor,
            },
        )
        saved.append(row)
    _tell_partnership(
        review,
        format_lazy(
            gettext_lazy("{funder} scored {investment}"),
            funder=review.funder.name,
            investment=investment.name,
        ),
        ", ".join(f"{row.criterion.name}: {row.score}/5" for row in saved),
        f"finance-review-scored:{review.uuid}:{timezone.now().isoformat()}",
    )
    return saved


def _decide(
    investment: Investment, actor: User, message: str, status: str, title
) -> InvestmentReview:
    body = _clean_body(message)
    review = _funder_review(investment, actor)
    _require_open(review)
    _set_status(review, status, actor)
    _add_message(review, actor=actor, kind=MessageKind.COMMENT, body=body, from_funder=True)
    events.publish(
        "review.decided",
        partnership_id=review.partnership_id,
        object_uuid=review.uuid,
        data={
            "review": str(review.uuid),
            "investment": str(investment.uuid),
            "funder": {"id": str(review.funder.uuid), "name": review.funder.name},
            "decision": status,
        },
    )
    audit_record(
        action=AuditEvent.Action.SHARE,
        actor=actor,
        subject=f"{investment.name} · {review.funder.name}: {status}",
        partnership=review.partnership,
        data={"review": str(review.uuid), "decision": status},
    )
    _tell_partnership(
        review,
        format_lazy(title, funder=review.funder.name, investment=investment.name),
        body,
        f"finance-review-decided:{review.uuid}:{status}",
    )
    return review


@transaction.atomic
def review_express_interest(
    *, investment: Investment, actor: User, message: str
) -> InvestmentReview:
    return _decide(
        investment,
        actor,
        message,
        ReviewStatus.INTEREST_EXPRESSED,
        gettext_lazy("{funder} is interested in {investment}"),
    )


@transaction.atomic
def review_decline(*, investment: Investment, actor: User, message: str) -> InvestmentReview:
    return _decide(
        investment,
        actor,
        message,
        ReviewStatus.DECLINED,
        gettext_lazy("{funder} declined {investment}"),
    )


# --- partnership actions --------------------------------------------------------------


@transaction.atomic
def review_answer(*, review: InvestmentReview, actor: User, body: str) -> ReviewMessage:
    """The partnership answers (or replies to) the funder. An answer to a pending
    question sends the review back to 'under review'. Refused when the share that
    gave the funder access was revoked."""
    body = _clean_body(body)
    review = (
        InvestmentReview.objects.select_for_update()
        .select_related("investment", "partnership", "funder")
        .get(pk=review.pk)
    )
    _check_sharer(actor, review.partnership)
    if (
        not PortfolioShare.objects.for_partnership(review.partnership)
        .filter(
            portfolio_id=review.investment.portfolio_id,
            funder=review.funder,
            revoked_at__isnull=True,
        )
        .exists()
    ):
        raise ApplicationError(_("The share with this funder was revoked."))
    if review.status == ReviewStatus.INFORMATION_REQUESTED:
        _set_status(review, ReviewStatus.UNDER_REVIEW, actor)
    message = _add_message(
        review, actor=actor, kind=MessageKind.ANSWER, body=body, from_funder=False
    )
    _tell_funder(
        review,
        format_lazy(
            gettext_lazy("{partnership} answered about {investment}"),
            partnership=review.partnership.name,
            investment=review.investment.name,
        ),
        body,
        f"finance-review-message:{message.uuid}",
    )
    return message
