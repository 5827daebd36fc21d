"""Writes for memberships: invitations by email (also to people without an account),
requests to join, leaving, removing and changing roles.

A partnership always keeps at least one leader: leaving, removal and demotion of the
last one are refused, with the leaders' rows locked so two leaders cannot both go at
the same time."""

from __future__ import annotations

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub import events
from hub.audit import audit_record
from hub.models import AuditEvent, User
from hub.notifications import kinds
from hub.notifications.emails import absolute_url
from hub.notifications.services import email_queue, notify
from hub.services import ApplicationError
from partnerships.backends import forget_roles
from partnerships.models import Invitation, JoinRequest, Membership, Partnership
from partnerships.roles import Role
from partnerships.selectors.membership import invitation_token_hash

INVITATION_DAYS = 14
INVITATION_MAX_DAYS = 60
MESSAGE_MAX_LENGTH = 2000


def invitation_problem(invitation: Invitation) -> str | None:
    """Why the invitation can no longer be accepted, or None when it can."""
    if invitation.status == Invitation.Status.ACCEPTED:
        return _("This invitation has already been used.")
    if invitation.status == Invitation.Status.REVOKED:
        return _("This invitation was withdrawn by the partnership's leaders.")
    if invitation.status == Invitation.Status.EXPIRED or invitation.expires_at <= timezone.now():
        return _("This invitation has expired. Ask the partnership's leaders to send a new one.")
    return None


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ApplicationError(_("Choose one of the roles."), field="role")


def _check_approved(partnership: Partnership) -> None:
    if partnership.approval != Partnership.Approval.APPROVED:
        raise ApplicationError(
            _(
                "This partnership is waiting for approval by hub staff; members can join once it is approved."
            )
        )


def _leaders(partnership: Partnership) -> list[User]:
    return [
        m.user
        for m in Membership.objects.for_partnership(partnership)
        .filter(role=Role.LEADER, user__is_active=True)
        .select_related("user")
    ]


def _publish_joined(membership: Membership) -> None:
    """Announce a new member to the partnership's webhooks (no email address)."""
    events.publish(
        "member.joined",
        partnership_id=membership.partnership_id,
        object_uuid=membership.uuid,
        data={
            "membership": str(membership.uuid),
            "name": membership.user.get_full_name(),
            "role": membership.role,
        },
    )


def _members_url(partnership: Partnership) -> str:
    return reverse("partnerships:member-list", args=[partnership.slug])


def _workspace_url(partnership: Partnership) -> str:
    return reverse("partnerships:workspace", args=[partnership.slug])


def _record_role(
    *, membership: Membership, actor: User | None, before: str | None, after: str | None, event: str
) -> None:
    audit_record(
        action=AuditEvent.Action.ROLE_CHANGED,
        actor=actor,
        subject=membership.user.email,
        partnership=membership.partnership,
        data={"event": event, "from": before, "to": after, "user": str(membership.user.uuid)},
    )


def _keeps_a_leader(*, membership: Membership) -> None:
    """Refuse when ``membership`` is the partnership's only leader (locks the leaders)."""
    if membership.role != Role.LEADER:
        return
    leaders = list(
        Membership.objects.for_partnership(membership.partnership)
        .filter(role=Role.LEADER)
        .select_for_update()
        .values_list("pk", flat=True)
    )
    if leaders == [membership.pk]:
        raise ApplicationError(
            _("%(name)s is the only leader. Make another member a leader first.")
            % {"name": membership.user.get_full_name()}
        )


# --- invitations -----------------------------------------------------------------------


def _invitation_send(*, invitation: Invitation, token: str) -> None:
    """Email the link to the invitee: through notify() when they have an account (it
    also shows in the app), otherwise as a plain email to the address."""
    path = reverse("partnerships-public:invitation", args=[token])
    dedup_key = f"invitation:{invitation.uuid}:{invitation.sent_count}"
    partnership = invitation.partnership
    inviter = invitation.invited_by.get_full_name() if invitation.invited_by else ""
    role_label = Role(invitation.role).label
    invitee = User.objects.filter(email=invitation.email.lower(), is_active=True).first()
    if invitee is not None:
        notify(
            recipients=[invitee],
            kind=kinds.MEMBERSHIP,
            title=format_lazy(
                gettext_lazy("You are invited to join {partnership} as {role}"),
                partnership=partnership.name,
                role=role_label,
            ),
            body=format_lazy(
                gettext_lazy("{inviter} invited you. {message}"),
                inviter=inviter,
                message=invitation.message,
            ),
            url=path,
            dedup_key=dedup_key,
        )
        return
    context = {
        "partnership": partnership,
        "inviter": inviter,
        "role_label": role_label,
        "message": invitation.message,
        "url": absolute_url(path),
        "expires_at": invitation.expires_at,
        "site_url": settings.SITE_URL,
    }
    language = translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "") + _(
            "%(inviter)s invites you to join %(partnership)s on Landscape Hub"
        ) % {"inviter": inviter or _("A leader"), "partnership": partnership.name}
        text = render_to_string("partnerships/invitations/email.txt", context)
        html = render_to_string("partnerships/invitations/email.html", context)
    email_queue(dedup_key=dedup_key, to=invitation.email, subject=subject, text=text, html=html)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _expiry(days: int) -> datetime.datetime:
    if not 1 <= days <= INVITATION_MAX_DAYS:
        raise ApplicationError(
            _("An invitation can be valid for 1 to %(days)s days.") % {"days": INVITATION_MAX_DAYS},
            field="expires_in_days",
        )
    return timezone.now() + datetime.timedelta(days=days)


@transaction.atomic
def membership_invite(
    *,
    partnership: Partnership,
    email: str,
    role: str,
    invited_by: User,
    message: str = "",
    expires_in_days: int = INVITATION_DAYS,
) -> Invitation:
    """Invite ``email`` with ``role`` and email them a link. Only the token's hash is
    stored; the token is returned on ``invitation.token`` for this call only."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError(_("Enter a valid email address."), field="email") from None
    _check_role(role)
    _check_approved(partnership)
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise ApplicationError(
            _("Keep the message under %(count)s characters.") % {"count": MESSAGE_MAX_LENGTH},
            field="message",
        )
    expires_at = _expiry(expires_in_days)
    if Membership.objects.for_partnership(partnership).filter(user__email=email).exists():
        raise ApplicationError(
            _("%(email)s is already a member of this partnership.") % {"email": email},
            field="email",
        )
    pending = (
        Invitation.objects.for_partnership(partnership)
        .select_for_update()
        .filter(email=email, status=Invitation.Status.PENDING)
        .first()
    )
    if pending is not None:
        if pending.expires_at > timezone.now():
            raise ApplicationError(
                _(
                    "%(email)s already has a pending invitation. Send it again from the list instead."
                )
                % {"email": email},
                field="email",
            )
        pending.status = Invitation.Status.EXPIRED
        pending.save(update_fields=["status", "updated_at"])

    token = _new_token()
    now = timezone.now()
    invitation = Invitation(
        partnership=partnership,
        email=email,
        role=role,
        message=message,
        token_hash=invitation_token_hash(token),
        invited_by=invited_by,
        expires_at=expires_at,
        sent_count=1,
        last_sent_at=now,
    )
    invitation.full_clean()
    invitation.save()
    _invitation_send(invitation=invitation, token=token)
    invitation.token = token
    return invitation


@transaction.atomic
def invitation_resend(
    *, invitation: Invitation, actor: User, expires_in_days: int = INVITATION_DAYS
) -> Invitation:
    """Send a pending invitation again with a new link (the old one stops working)
    and a new expiry date."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("partnership", "invited_by")
        .get(pk=invitation.pk)
    )
    if invitation.status != Invitation.Status.PENDING:
        raise ApplicationError(_("Only pending invitations can be sent again."))
    token = _new_token()
    invitation.token_hash = invitation_token_hash(token)
    invitation.expires_at = _expiry(expires_in_days)
    invitation.sent_count += 1
    invitation.last_sent_at = timezone.now()
    invitation.full_clean()
    invitation.save(
        update_fields=["token_hash", "expires_at", "sent_count", "last_sent_at", "updated_at"]
    )
    _invitation_send(invitation=invitation, token=token)
    invitation.token = token
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise ApplicationError(_("Only pending invitations can be withdrawn."))
    invitation.status = Invitation.Status.REVOKED
    invitation.decided_at = timezone.now()
    invitation.full_clean()
    invitation.save(update_fields=["status", "decided_at", "updated_at"])
    return invitation


def user_has_verified_email(*, user: User, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """The invitee joins with the invited role. Their verified address must be the
    one the invitation was sent to."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("partnership", "invited_by")
        .get(pk=invitation.pk)
    )
    problem = invitation_problem(invitation)
    if problem:
        raise ApplicationError(problem)
    if not user_has_verified_email(user=user, email=invitation.email):
        raise ApplicationError(
            _(
                "This invitation was sent to %(email)s, but you are signed in with another "
                "address. Sign in with %(email)s, or add and verify it in your account settings."
            )
            % {"email": invitation.email}
        )
    partnership = invitation.partnership
    if Membership.objects.for_partnership(partnership).filter(user=user).exists():
        raise ApplicationError(_("You are already a member of this partnership."))
    membership = Membership(partnership=partnership, user=user, role=invitation.role)
    membership.full_clean()
    membership.save()
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_by = user
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "decided_at", "updated_at"])
    forget_roles(user)
    _record_role(
        membership=membership, actor=user, before=None, after=membership.role, event="invitation"
    )
    _publish_joined(membership)
    notify(
        recipients=[u for u in _leaders(partnership) if u.pk != user.pk],
        kind=kinds.MEMBERSHIP,
        title=format_lazy(
            gettext_lazy("{person} accepted the invitation to {partnership}"),
            person=user.get_full_name(),
            partnership=partnership.name,
        ),
        url=_members_url(partnership),
        dedup_key=f"invitation-accepted:{invitation.uuid}",
    )
    return membership


@transaction.atomic
def invitation_expire_overdue() -> int:
    """Mark pending invitations past their expiry as expired; returns how many."""
    now = timezone.now()
    return Invitation.objects.filter(status=Invitation.Status.PENDING, expires_at__lte=now).update(
        status=Invitation.Status.EXPIRED, updated_at=now
    )


# --- joining ---------------------------------------------------------------------------


@transaction.atomic
def membership_join(
    *, partnership: Partnership, user: User, message: str = ""
) -> Membership | JoinRequest:
    """Join an open partnership at once (as a viewer), or ask the leaders of a
    partnership that takes requests. Invitation-only partnerships refuse."""
    _check_approved(partnership)
    if not partnership.is_public:
        raise ApplicationError(_("This partnership is private; ask its leaders for an invitation."))
    if Membership.objects.for_partnership(partnership).filter(user=user).exists():
        raise ApplicationError(_("You are already a member of this partnership."))
    if partnership.join_policy == Partnership.JoinPolicy.INVITATION:
        raise ApplicationError(
            _(
                "This partnership takes new members by invitation only. Contact its leaders to be invited."
            )
        )
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise ApplicationError(
            _("Keep the message under %(count)s characters.") % {"count": MESSAGE_MAX_LENGTH},
            field="message",
        )

    if partnership.join_policy == Partnership.JoinPolicy.OPEN:
        membership = Membership(partnership=partnership, user=user, role=Role.VIEWER)
        membership.full_clean()
        membership.save()
        forget_roles(user)
        _record_role(
            membership=membership, actor=user, before=None, after=Role.VIEWER, event="joined"
        )
        _publish_joined(membership)
        notify(
            recipients=_leaders(partnership),
            kind=kinds.MEMBERSHIP,
            title=format_lazy(
                gettext_lazy("{person} joined {partnership}"),
                person=user.get_full_name(),
                partnership=partnership.name,
            ),
            url=_members_url(partnership),
            dedup_key=f"membership-joined:{membership.uuid}",
        )
        return membership

    if (
        JoinRequest.objects.for_partnership(partnership)
        .filter(user=user, status=JoinRequest.Status.PENDING)
        .exists()
    ):
        raise ApplicationError(
            _("You have already asked to join. The leaders will answer your request.")
        )
    join_request = JoinRequest(partnership=partnership, user=user, message=message)
    join_request.full_clean()
    join_request.save()
    notify(
        recipients=_leaders(partnership),
        kind=kinds.MEMBERSHIP,
        title=format_lazy(
            gettext_lazy("{person} asks to join {partnership}"),
            person=user.get_full_name(),
            partnership=partnership.name,
        ),
        body=message,
        url=_members_url(partnership),
        dedup_key=f"join-request:{join_request.uuid}",
    )
    return join_request


def _pending_request(join_request: JoinRequest) -> JoinRequest:
    join_request = (
        JoinRequest.objects.select_for_update()
        .select_related("partnership", "user")
        .get(pk=join_request.pk)
    )
    if join_request.status != JoinRequest.Status.PENDING:
        raise ApplicationError(_("This request has already been answered."))
    return join_request


@transaction.atomic
def join_request_approve(*, join_request: JoinRequest, actor: User, role: str) -> Membership:
    _check_role(role)
    join_request = _pending_request(join_request)
    partnership, requester = join_request.partnership, join_request.user
    if Membership.objects.for_partnership(partnership).filter(user=requester).exists():
        raise ApplicationError(
            _("%(name)s is already a member.") % {"name": requester.get_full_name()}
        )
    membership = Membership(partnership=partnership, user=requester, role=role)
    membership.full_clean()
    membership.save()
    join_request.status = JoinRequest.Status.APPROVED
    join_request.decided_by, join_request.decided_at = actor, timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    forget_roles(requester)
    _record_role(
        membership=membership, actor=actor, before=None, after=role, event="request_approved"
    )
    _publish_joined(membership)
    notify(
        recipients=[requester],
        kind=kinds.MEMBERSHIP,
        title=format_lazy(
            gettext_lazy("You are now a member of {partnership}"), partnership=partnership.name
        ),
        body=format_lazy(
            gettext_lazy("The leaders approved your request. Your role: {role}."),
            role=Role(role).label,
        ),
        url=_workspace_url(partnership),
        dedup_key=f"join-request-decided:{join_request.uuid}",
    )
    return membership


@transaction.atomic
def join_request_decline(*, join_request: JoinRequest, actor: User) -> JoinRequest:
    join_request = _pending_request(join_request)
    join_request.status = JoinRequest.Status.DECLINED
    join_request.decided_by, join_request.decided_at = actor, timezone.now()
    join_request.full_clean()
    join_request.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    partnership = join_request.partnership
    notify(
        recipients=[join_request.user],
        kind=kinds.MEMBERSHIP,
        title=format_lazy(
            gettext_lazy("Your request to join {partnership} was declined"),
            partnership=partnership.name,
        ),
        url=reverse("partnerships:profile", args=[partnership.slug]),
        dedup_key=f"join-request-decided:{join_request.uuid}",
    )
    return join_request


# --- members ---------------------------------------------------------------------------


def _locked(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update()
        .select_related("partnership", "user")
        .get(pk=membership.pk)
    )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor: User) -> Membership:
    _check_role(role)
    membership = _locked(membership)
    before = membership.role
    if before == role:
        return membership
    if role != Role.LEADER:
        _keeps_a_leader(membership=membership)
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role", "updated_at"])
    forget_roles(membership.user)
    _record_role(membership=membership, actor=actor, before=before, after=role, event="changed")
    if membership.user_id != actor.pk:
        notify(
            recipients=[membership.user],
            kind=kinds.MEMBERSHIP,
            title=format_lazy(
                gettext_lazy("Your role in {partnership} is now {role}"),
                partnership=membership.partnership.name,
                role=Role(role).label,
            ),
            url=_workspace_url(membership.partnership),
            dedup_key=f"role-changed:{membership.uuid}:{membership.updated_at.isoformat()}",
        )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    membership = _locked(membership)
    _keeps_a_leader(membership=membership)
    partnership, person = membership.partnership, membership.user
    _record_role(
        membership=membership, actor=actor, before=membership.role, after=None, event="removed"
    )
    membership.delete()
    forget_roles(person)
    if person.pk != actor.pk:
        notify(
            recipients=[person],
            kind=kinds.MEMBERSHIP,
            title=format_lazy(
                gettext_lazy("You are no longer a member of {partnership}"),
                partnership=partnership.name,
            ),
            body=gettext_lazy("A leader removed you from the partnership."),
            url=reverse("partnerships:profile", args=[partnership.slug]),
            dedup_key=f"membership-removed:{membership.uuid}",
        )


@transaction.atomic
def membership_leave(*, membership: Membership) -> None:
    membership = _locked(membership)
    _keeps_a_leader(membership=membership)
    partnership, person = membership.partnership, membership.user
    _record_role(
        membership=membership, actor=person, before=membership.role, after=None, event="left"
    )
    membership.delete()
    forget_roles(person)
    notify(
        recipients=_leaders(partnership),
        kind=kinds.MEMBERSHIP,
        title=format_lazy(
            gettext_lazy("{person} left {partnership}"),
            person=person.get_full_name(),
            partnership=partnership.name,
        ),
        url=_members_url(partnership),
        dedup_key=f"membership-left:{membership.uuid}",
    )
