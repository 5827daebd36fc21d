"""Proposing a partnership and the hub staff's decision on it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.models import User
from hub.notifications import kinds
from hub.notifications.services import notify
from hub.services import ApplicationError
from partnerships.backends import forget_roles
from partnerships.models import Membership, Partnership
from partnerships.roles import Role
from partnerships.services.profile import rich_text_clean

SLUG_MAX_LENGTH = 80
LANGUAGE_CODE_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


def partnership_slug_make(*, name: str) -> str:
    """A slug from the name that no partnership uses yet: ``name``, ``name-2``, ..."""
    base = slugify(name)[: SLUG_MAX_LENGTH - 4].strip("-") or "partnership"
    taken = set(Partnership.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _staff() -> list[User]:
    return list(User.objects.filter(is_staff=True, is_active=True))


@transaction.atomic
def partnership_propose(
    *,
    proposer: User,
    name: str,
    short_description: str = "",
    description: str = "",
    countries: Iterable[str] = (),
    working_languages: Iterable[str] = (),
    contact_email: str = "",
    website: str = "",
    visibility: str = Partnership.Visibility.PUBLIC,
    join_policy: str = Partnership.JoinPolicy.REQUEST,
    year_established: int | None = None,
) -> Partnership:
    """Create a partnership waiting for the hub staff's approval, with the proposer
    as its first leader, and tell hub staff about it."""
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError(_("Give the partnership a name."), field="name")
    languages = list(dict.fromkeys(working_languages))
    unknown = [code for code in languages if not LANGUAGE_CODE_RE.match(str(code))]
    if unknown:
        raise ApplicationError(
            _("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)},
            field="working_languages",
        )
    if year_established is not None and not (1900 <= year_established <= timezone.now().year):
        raise ApplicationError(
            _("The year established must be between 1900 and this year."),
            field="year_established",
        )
    partnership = Partnership(
        name=name,
        slug=partnership_slug_make(name=name),
        short_description=(short_description or "").strip(),
        description=rich_text_clean(description),
        countries=list(dict.fromkeys(countries)),
        working_languages=languages,
        contact_email=(contact_email or "").strip(),
        website=(website or "").strip(),
        visibility=visibility,
        join_policy=join_policy,
        year_established=year_established,
        status=Partnership.Status.FORMING,
        approval=Partnership.Approval.PROPOSED,
        proposed_by=proposer,
    )
    partnership.full_clean()
    partnership.save()
    membership = Membership(partnership=partnership, user=proposer, role=Role.LEADER)
    membership.full_clean()
    membership.save()
    forget_roles(proposer)

    notify(
        recipients=_staff(),
        kind=kinds.PARTNERSHIP_PROPOSAL,
        title=format_lazy(gettext_lazy("New partnership proposed: {name}"), name=partnership.name),
        body=format_lazy(
            gettext_lazy("{person} proposed “{name}”. Review it and approve or decline it."),
            person=proposer.get_full_name(),
            name=partnership.name,
        ),
        url=reverse("partnerships-public:proposal-list"),
        dedup_key=f"partnership-proposed:{partnership.uuid}",
    )
    return partnership


def _decide(*, partnership: Partnership, approval: str) -> Partnership:
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if partnership.approval != Partnership.Approval.PROPOSED:
        raise ApplicationError(_("This proposal has already been decided."))
    partnership.approval = approval
    partnership.full_clean()
    partnership.save(update_fields=["approval", "updated_at"])
    return partnership


@transaction.atomic
def partnership_approve(*, partnership: Partnership, actor: User) -> Partnership:
    partnership = _decide(partnership=partnership, approval=Partnership.Approval.APPROVED)
    if partnership.proposed_by is not None:
        notify(
            recipients=[partnership.proposed_by],
            kind=kinds.PARTNERSHIP_PROPOSAL,
            title=format_lazy(
                gettext_lazy("Your partnership “{name}” was approved"), name=partnership.name
            ),
            body=gettext_lazy(
                "Hub staff approved your proposal. Invite your members and complete the profile."
            ),
            url=reverse("partnerships:workspace", args=[partnership.slug]),
            dedup_key=f"partnership-decided:{partnership.uuid}",
        )
    return partnership


@transaction.atomic
def partnership_decline(*, partnership: Partnership, actor: User, reason: str) -> Partnership:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Tell the proposer why the proposal is declined."), field="reason")
    partnership = _decide(partnership=partnership, approval=Partnership.Approval.DECLINED)
    if partnership.proposed_by is not None:
        notify(
            recipients=[partnership.proposed_by],
            kind=kinds.PARTNERSHIP_PROPOSAL,
            title=format_lazy(
                gettext_lazy("Your partnership “{name}” was declined"), name=partnership.name
            ),
            body=format_lazy(gettext_lazy("Reason given by hub staff: {reason}"), reason=reason),
            url=reverse("partnerships:workspace", args=[partnership.slug]),
            dedup_key=f"partnership-decided:{partnership.uuid}",
        )
    return partnership
