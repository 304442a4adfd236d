"""Reads of the activity log (system admin only: organisation.access.is_admin, asked here)."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.accounts.types import Actor
from thidua.core.errors import AccessDenied
from thidua.organisation import access

from .models import ActivityEntry

ACTIVITY_SORTS: dict[str, tuple[str, ...]] = {
    "at": ("at", "id"),
    "user": ("username", "-at", "-id"),
    "unit": ("unit", "-at", "-id"),
    "action": ("action", "-at", "-id"),
    "target": ("target", "-at", "-id"),
    "client_ip": ("client_ip", "-at", "-id"),
}
ACTIVITY_DEFAULT_SORT = "-at"


@dataclass(frozen=True)
class ActivityFilter:
    user: str = ""
    unit: str = ""
    action: str = ""
    target: str = ""
    client_ip: str = ""
    date_from: date | None = None
    date_to: date | None = None


def activity_entries(f: ActivityFilter, *, actor: Actor) -> QuerySet[ActivityEntry]:
    """The log filtered by `f`, for the system admin only (AccessDenied otherwise)."""
    if not access.is_admin(actor):
        raise AccessDenied()
    entries = ActivityEntry.objects.all()
    if f.user:  # who: the login name recorded, or the person's name today
        entries = entries.filter(Q(username__icontains=f.user) | Q(user__full_name__icontains=f.user))
    if f.unit:
        entries = entries.filter(unit__icontains=f.unit)
    if f.action:
        entries = entries.filter(action=f.action)
    for word in f.target.split():  # the object: what the entry names, or the page it was on
        entries = entries.filter(Q(target__icontains=word) | Q(path__icontains=word))
    if f.client_ip:
        entries = entries.filter(client_ip=f.client_ip)
    tz = timezone.get_current_timezone()
    if f.date_from:
        entries = entries.filter(at__gte=datetime.combine(f.date_from, time.min, tz))
    if f.date_to:
        entries = entries.filter(at__lte=datetime.combine(f.date_to, time.max, tz))
    return entries.order_by("-at", "-id")
