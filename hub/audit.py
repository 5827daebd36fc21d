"""Explicit audit events for what row history does not show: logins and the like."""

from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from hub.models import AuditEvent


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(*, action: str, actor=None, subject: str = "", request=None, partnership=None,
                 data: dict | None = None) -> AuditEvent:  # fmt: skip
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        subject=subject[:255],
        partnership=partnership,
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request else ""),
        data=data or {},
    )


@receiver(auth_signals.user_logged_in)
def _on_login(sender, request, user, **kwargs):
    audit_record(action=AuditEvent.Action.LOGIN, actor=user, subject=user.email, request=request)


@receiver(auth_signals.user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            action=AuditEvent.Action.LOGOUT, actor=user, subject=user.email, request=request
        )


@receiver(auth_signals.user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    subject = (
        credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    )
    audit_record(action=AuditEvent.Action.LOGIN_FAILED, subject=str(subject), request=request)
