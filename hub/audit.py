"""Audit: explicit events for what row history does not show, and the context that
row history (django-pghistory triggers) attaches to changes.

- Web requests: ``hub.middleware.AuditContextMiddleware`` enters ``pghistory.context``
  with the user id and URL, and remembers the request here so that receivers without
  a request argument (``m2m_changed``) still know the actor.
- Celery tasks: the ``task_prerun``/``task_postrun`` receivers below enter
  ``pghistory.context(task=<name>, task_id=<id>)`` around every task, whatever its base
  class, so row changes made by workers say which task made them.
"""

import contextvars
import threading

import pghistory
from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from axes.helpers import get_failure_limit
from axes.signals import user_locked_out
from celery import signals as celery_signals
from django.contrib.auth import get_user_model
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from hub.models import AuditEvent

current_request: contextvars.ContextVar = contextvars.ContextVar(
    "hub_current_request", default=None
)


def client_ip(request) -> str | None:
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor=None,
    subject: str = "",
    request=None,
    partnership=None,
    data: dict | None = None,
) -> AuditEvent:
    request = request if request is not None else current_request.get()
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        subject=subject[:255],
        partnership=partnership,
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request else ""),
        data=data or {},
    )


# --- sign-in ------------------------------------------------------------------------


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
    subject = next(
        (credentials.get(k) for k in ("email", "login", "username") if credentials.get(k)), ""
    )
    audit_record(
        action=AuditEvent.Action.LOGIN_FAILED,
        actor=None,
        subject=str(subject).strip().lower(),
        request=request,
    )


@receiver(user_locked_out)
def _on_locked_out(sender, request, username, ip_address, **kwargs):
    """Recorded once, when the failure that starts the lock is counted; axes signals
    again for every attempt made while locked out, and those are LOGIN_FAILED events."""
    failures = getattr(request, "axes_failures_since_start", None)
    limit = get_failure_limit(request, getattr(request, "axes_credentials", None))
    if failures != limit:
        return
    audit_record(
        action=AuditEvent.Action.LOCKED_OUT,
        actor=None,
        subject=username or "",
        request=request,
        data={"ip_address": ip_address, "failures": failures},
    )


# --- credentials --------------------------------------------------------------------


def _on_password_event(kind: str):
    def handler(sender, request, user, **kwargs):
        audit_record(
            action=AuditEvent.Action.PASSWORD_CHANGED,
            actor=user,
            subject=user.email,
            request=request,
            data={"how": kind},
        )

    return handler


_password_changed = _on_password_event("changed")
_password_set = _on_password_event("set")
_password_reset = _on_password_event("reset")
account_signals.password_changed.connect(_password_changed, dispatch_uid="audit_password_changed")
account_signals.password_set.connect(_password_set, dispatch_uid="audit_password_set")
account_signals.password_reset.connect(_password_reset, dispatch_uid="audit_password_reset")


@receiver(mfa_signals.authenticator_added)
def _on_authenticator_added(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        return
    audit_record(
        action=AuditEvent.Action.MFA_ENABLED,
        actor=user,
        subject=user.email,
        request=request,
        data={"type": authenticator.type},
    )


@receiver(mfa_signals.authenticator_removed)
def _on_authenticator_removed(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        return
    audit_record(
        action=AuditEvent.Action.MFA_DISABLED,
        actor=user,
        subject=user.email,
        request=request,
        data={"type": authenticator.type},
    )


# --- groups and permissions ---------------------------------------------------------

_M2M_ACTIONS = {"post_add": "add", "post_remove": "remove", "pre_clear": "clear"}


def _on_access_changed(field: str):
    def handler(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action not in _M2M_ACTIONS:
            return
        clearing = action == "pre_clear"
        if reverse:
            # group.user_set.add(...), permission.user_set.clear(), ...
            users = list(
                instance.user_set.all() if clearing else model.objects.filter(pk__in=pk_set)
            )
            names = [str(instance)]
        else:
            users = [instance]
            related = (
                getattr(instance, field).all() if clearing else model.objects.filter(pk__in=pk_set)
            )
            names = [str(obj) for obj in related]
        if not names:
            return
        for user in users:
            audit_record(
                action=AuditEvent.Action.PERMISSION_CHANGED,
                subject=user.email,
                data={"field": field, "change": _M2M_ACTIONS[action], "items": sorted(names)},
            )

    return handler


_groups_changed = _on_access_changed("groups")
_permissions_changed = _on_access_changed("user_permissions")


def connect_access_receivers() -> None:
    User = get_user_model()
    m2m_changed.connect(
        _groups_changed, sender=User.groups.through, dispatch_uid="audit_groups_changed"
    )
    m2m_changed.connect(
        _permissions_changed,
        sender=User.user_permissions.through,
        dispatch_uid="audit_permissions_changed",
    )


connect_access_receivers()


# --- Celery tasks -------------------------------------------------------------------

_task_contexts = threading.local()


@celery_signals.task_prerun.connect(dispatch_uid="audit_task_prerun")
def _enter_task_context(sender=None, task_id=None, task=None, **kwargs):
    ctx = pghistory.context(task=getattr(task, "name", str(sender)), task_id=task_id)
    ctx.__enter__()
    stack = getattr(_task_contexts, "stack", None)
    if stack is None:
        stack = _task_contexts.stack = []
    stack.append((task_id, ctx))


@celery_signals.task_postrun.connect(dispatch_uid="audit_task_postrun")
def _exit_task_context(sender=None, task_id=None, **kwargs):
    stack = getattr(_task_contexts, "stack", None) or []
    while stack:
        entered_id, ctx = stack.pop()
        ctx.__exit__(None, None, None)
        if entered_id == task_id:
            break
