from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Security-relevant events that are not row changes: logins, failed logins,
    role and permission changes, API keys, shares. Row changes are recorded by
    django-pghistory triggers."""

    class Action(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGOUT = "logout", _("Signed out")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOCKED_OUT = "locked_out", _("Locked out")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        MFA_ENABLED = "mfa_enabled", _("Two-factor enabled")
        MFA_DISABLED = "mfa_disabled", _("Two-factor disabled")
        PERMISSION_CHANGED = "permission_changed", _("Permission changed")
        ROLE_CHANGED = "role_changed", _("Role changed")
        API_KEY = "api_key", _("API key")
        SHARE = "share", _("Share")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the event was about when the actor is unknown (e.g. a failed login).
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.subject or self.actor}"
