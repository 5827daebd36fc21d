"""Rendering of notification emails and the signed one-click unsubscribe token."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from hub.notifications.kinds import kind_get

UNSUBSCRIBE_SALT = "hub.notifications.unsubscribe"


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


class InvalidUnsubscribeToken(Exception):
    pass


def absolute_url(path_or_url: str) -> str:
    if not path_or_url or "://" in path_or_url:
        return path_or_url
    return settings.SITE_URL + "/" + path_or_url.lstrip("/")


def unsubscribe_token_make(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    """Return (user id, kind) from a token made by ``unsubscribe_token_make``."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_id, kind = int(data["u"]), str(data["k"])
        kind_get(kind)
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise InvalidUnsubscribeToken from exc
    return user_id, kind


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token_make(user_id=user_id, kind=kind)
    return absolute_url(reverse("notifications:unsubscribe", args=[token]))


def notification_email_render(
    *, recipient, kind: str, title, body, url: str, context: dict | None = None
) -> RenderedEmail:
    """Render a notification email in the recipient's preferred language.

    ``title`` and ``body`` may be lazy translations: they are evaluated here, inside
    the recipient's language."""
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        title_text = " ".join(str(title).split())
        ctx = {
            "recipient": recipient,
            "kind": kind_get(kind),
            "title": title_text,
            "body": str(body),
            "url": absolute_url(url),
            "site_url": settings.SITE_URL,
            "unsubscribe_url": unsubscribe_url(user_id=recipient.pk, kind=kind),
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            **(context or {}),
        }
        return RenderedEmail(
            subject=getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "") + title_text,
            text=render_to_string("emails/notification.txt", ctx),
            html=render_to_string("emails/notification.html", ctx),
        )
