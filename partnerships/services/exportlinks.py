"""Export links: tokenised, revocable, read-only CSV/JSON addresses of one dataset that
see what their creator may see (ADR 0011)."""

from __future__ import annotations

import datetime
import secrets
import string

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.models import User
from hub.services import ApplicationError
from partnerships.exports import dataset_get, token_hash
from partnerships.models import ExportLink, Partnership
from partnerships.roles import PartnershipPerm

PREFIX_START = "ex_"
PREFIX_ALPHABET = string.ascii_lowercase + string.digits
LAST_USED_EVERY = datetime.timedelta(minutes=1)


def _new_prefix() -> str:
    while True:
        prefix = PREFIX_START + "".join(secrets.choice(PREFIX_ALPHABET) for _i in range(8))
        if not ExportLink.objects.filter(token_prefix=prefix).exists():
            return prefix


@transaction.atomic
def exportlink_create(
    *, partnership: Partnership, actor: User, name: str, dataset: str, format: str
) -> tuple[ExportLink, str]:
    """Create a link and return it with its token, which is never stored and cannot be
    shown again. The creator must be allowed to read the dataset."""
    found = dataset_get(dataset)
    if found is None or not actor.has_perm(found.perm, partnership):
        raise ApplicationError(_("You cannot export this data."), field="dataset")
    if format not in ExportLink.Format.values:
        raise ApplicationError(_("Choose CSV or JSON."), field="format")
    prefix = _new_prefix()
    raw_token = f"{prefix}.{secrets.token_urlsafe(24)}"
    link = ExportLink(
        partnership=partnership,
        name=name.strip(),
        dataset=dataset,
        format=format,
        token_prefix=prefix,
        token_hash=token_hash(raw_token),
        created_by=actor,
    )
    link.full_clean()
    link.save()
    return link, raw_token


def can_revoke(*, link: ExportLink, actor: User) -> bool:
    return link.created_by_id == actor.pk or actor.has_perm(
        PartnershipPerm.MANAGE_SETTINGS, link.partnership
    )


@transaction.atomic
def exportlink_revoke(*, link: ExportLink, actor: User) -> ExportLink:
    """Its creator or a leader revokes a link; it answers 404 from then on."""
    if not can_revoke(link=link, actor=actor):
        raise ApplicationError(_("Only its creator or a leader can revoke this link."))
    link = ExportLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is not None:
        raise ApplicationError(_("This link is already revoked."))
    link.revoked_at = timezone.now()
    link.full_clean()
    link.save(update_fields=["revoked_at", "updated_at"])
    return link


def exportlink_touch(*, link: ExportLink) -> None:
    """Record the use (at most once a minute, to keep the row's history short)."""
    now = timezone.now()
    if link.last_used_at is None or now - link.last_used_at > LAST_USED_EVERY:
        ExportLink.objects.filter(pk=link.pk).update(last_used_at=now)
        link.last_used_at = now
