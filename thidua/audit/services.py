"""Writes of the activity log: record one entry, purge old ones."""

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from thidua.core.http import client_ip
from thidua.organisation.models import UnitRole

from .models import ActivityEntry

# Views whose requests are never logged: whatever happens there could link a voter to a ballot.
NEVER_LOGGED = frozenset({"voting:vote"})


def _unit_of(user) -> str:
    if user is None or not getattr(user, "pk", None):
        return ""
    names = (
        UnitRole.objects.filter(user=user, ended_on__isnull=True)
        .order_by("unit__path")
        .values_list("unit__short_name", flat=True)
        .distinct()
    )
    return ", ".join(n for n in names if n)[:255]


def _address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        return None


def _kept(value: str, length: int) -> str:
    """A request's text as the log keeps it: cut to the column, a NUL shown as U+FFFD (PostgreSQL text
    cannot hold NUL, and the line of a hostile request is the one most worth keeping)."""
    return value.replace("\x00", "\ufffd")[:length]


def activity_record(
    *,
    request: HttpRequest | None,
    action: str,
    user=None,
    username: str = "",
    target: str = "",
    status: int | None = None,
) -> ActivityEntry | None:
    """Record one event (autocommit: a refused or failed request still leaves its line)."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in NEVER_LOGGED:
        return None
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return ActivityEntry.objects.create(
        user=user,
        username=_kept(username or (user.get_username() if user else ""), 150),
        unit=_unit_of(user),
        action=action,
        target=_kept(target, 500),
        path=_kept(request.path if request is not None else "", 500),
        method=_kept(request.method or "", 10) if request is not None else "",
        status=status,
        client_ip=_address(request),
    )


@transaction.atomic
def activity_purge(*, now=None, days: int | None = None) -> int:
    """Delete entries older than THIDUA_ACTIVITY_RETENTION_DAYS; returns how many went."""
    keep = settings.THIDUA_ACTIVITY_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=keep)
    deleted, _ = ActivityEntry.objects.filter(at__lt=cutoff).delete()
    return deleted
