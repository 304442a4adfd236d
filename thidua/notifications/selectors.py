from django.db.models import QuerySet

from thidua.accounts.models import User

from .models import Notification


def notification_list(*, actor: User, unread_only: bool = False) -> QuerySet[Notification]:
    """The actor's own notifications, newest first (nobody reads another's)."""
    notifications = Notification.objects.filter(recipient=actor)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-pk")


def unread_count(*, actor: User) -> int:
    if not getattr(actor, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()
