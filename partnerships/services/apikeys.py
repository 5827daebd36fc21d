"""API keys of a partnership: created and revoked by leaders, audited (ADR 0005)."""

from __future__ import annotations

import datetime
import secrets
import string

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.audit import audit_record
from hub.models import AuditEvent, User
from hub.services import ApplicationError
from partnerships.models import ApiKey, Partnership
from partnerships.roles import PartnershipPerm
from partnerships.selectors.apikeys import apikey_hash

PREFIX_START = "lh_"
PREFIX_ALPHABET = string.ascii_lowercase + string.digits
MAX_LIFETIME_DAYS = 365


def _new_prefix() -> str:
    while True:
        prefix = PREFIX_START + "".join(secrets.choice(PREFIX_ALPHABET) for _i in range(8))
        if not ApiKey.objects.filter(prefix=prefix).exists():
            return prefix


def _end_of_day(day: datetime.date) -> datetime.datetime:
    """A key valid "until" a date works through that whole day (current time zone)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


@transaction.atomic
def apikey_create(
    *,
    partnership: Partnership,
    actor: User,
    name: str,
    scope: str,
    expires_on: datetime.date | None = None,
) -> tuple[ApiKey, str]:
    """Create a key and return it with the full key text, which is never stored and
    cannot be shown again. Without ``expires_on`` the key lasts the longest allowed."""
    if not actor.has_perm(PartnershipPerm.MANAGE_SETTINGS, partnership):
        raise PermissionDenied
    today = timezone.localdate()
    latest = today + datetime.timedelta(days=MAX_LIFETIME_DAYS)
    if expires_on is None:
        expires_on = latest
    if expires_on < today:
        raise ApplicationError(_("The expiry date is in the past."), field="expires_on")
    if expires_on > latest:
        raise ApplicationError(
            _("A key may last at most one year: choose %(date)s or earlier.")
            % {"date": latest.isoformat()},
            field="expires_on",
        )
    prefix = _new_prefix()
    raw_key = f"{prefix}.{secrets.token_urlsafe(32)}"
    key = ApiKey(
        partnership=partnership,
        name=name.strip(),
        prefix=prefix,
        key_hash=apikey_hash(raw_key),
        scope=scope,
        created_by=actor,
        expires_at=_end_of_day(expires_on),
    )
    key.full_clean()
    key.save()
    audit_record(
        action=AuditEvent.Action.API_KEY,
        actor=actor,
        subject=f"{key.name} ({prefix})",
        partnership=partnership,
        data={
            "event": "created",
            "key": str(key.uuid),
            "prefix": prefix,
            "scope": scope,
            "expires_at": key.expires_at.isoformat(),
        },
    )
    return key, raw_key


@transaction.atomic
def apikey_revoke(*, key: ApiKey, actor: User) -> ApiKey:
    if not actor.has_perm(PartnershipPerm.MANAGE_SETTINGS, key.partnership):
        raise PermissionDenied
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is not None:
        raise ApplicationError(_("This key is already revoked."))
    key.revoked_at = timezone.now()
    key.full_clean()
    key.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        action=AuditEvent.Action.API_KEY,
        actor=actor,
        subject=f"{key.name} ({key.prefix})",
        partnership=key.partnership,
        data={"event": "revoked", "key": str(key.uuid), "prefix": key.prefix},
    )
    return key
