from hub.models.audit import AuditEvent
from hub.models.base import TimeStampedModel, UUIDModel, in_language
from hub.models.jobs import IdempotencyRecord, Job
from hub.models.notifications import EmailDelivery, Notification, NotificationPreference
from hub.models.organizations import Organization
from hub.models.users import User

__all__ = [
    "AuditEvent",
    "EmailDelivery",
    "IdempotencyRecord",
    "Job",
    "Notification",
    "NotificationPreference",
    "Organization",
    "TimeStampedModel",
    "UUIDModel",
    "User",
    "in_language",
]
