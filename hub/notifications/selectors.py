from django.db.models import QuerySet

from hub.models import Notification, NotificationPreference, User
from hub.notifications.kinds import KINDS


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notification_get(*, user: User, uuid) -> Notification:
    """The user's own notification; another person's answers DoesNotExist."""
    return notification_list(user=user).get(uuid=uuid)


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_email_preferences(*, user: User) -> dict[str, bool]:
    """Email on/off for every registered kind (on unless the person switched it off)."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: stored.get(kind, True) for kind in KINDS}
