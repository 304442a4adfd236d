"""Writes of the notifications (issue 15.7): create once per recipient × event, mark read, send e-mail.

Callers describe an event as a `Notice` (kind, key, title, text, link, recipient units and roles);
`notify()` stores one row per recipient with INSERT … ON CONFLICT DO NOTHING on the unique
(recipient, key), so two workers scanning at once, or a service retried, never notify twice.
E-mail goes out afterwards, row by row, each claimed by an UPDATE … WHERE email_status='pending'
that only one worker can win (no deadlock: one row, no other lock held), so a message is sent at
most once; a person with no address or who turned e-mail off gets the in-app notification only.
"""

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.errors import ValidationFailed
from thidua.organisation.models import Role, UnitRole

from .models import EmailStatus, Notification
from .registry import SCANNERS

log = logging.getLogger(__name__)

UNIT_WORK_ROLES = (Role.OFFICER, Role.UNIT_LEADER)  # who hears about a unit's own submissions


@dataclass
class Notice:
    kind: str
    key: str
    title: str
    body: str = ""
    url: str = ""
    unit_ids: Sequence[int] = ()  # recipients: active holders of `roles` at these units (exactly there)
    roles: Sequence[str] = UNIT_WORK_ROLES
    user_ids: Sequence[int] = field(default_factory=tuple)  # and/or these people


def due_days() -> list[int]:
    """Days before a deadline when a reminder goes out (THIDUA_NOTIFY_DUE_DAYS, default 7 and 1)."""
    return sorted({int(d) for d in getattr(settings, "THIDUA_NOTIFY_DUE_DAYS", (7, 1))}, reverse=True)


def overdue_window() -> datetime.timedelta:
    """Deadlines older than this are not notified as overdue (they stay on the to-do list)."""
    return datetime.timedelta(days=int(getattr(settings, "THIDUA_NOTIFY_OVERDUE_WINDOW_DAYS", 90)))


def _recipients(notice: Notice) -> set[int]:
    people = set(notice.user_ids)
    if notice.unit_ids:
        people |= set(
            UnitRole.objects.filter(
                unit_id__in=list(notice.unit_ids),
                role__in=list(notice.roles),
                ended_on__isnull=True,
                user__is_active=True,
            ).values_list("user_id", flat=True)
        )
    return people


def notify(*, notices: Iterable[Notice]) -> int:
    """Store each notice once per recipient; returns how many rows were new."""
    rows: list[Notification] = []
    wanted: list[tuple[int, str]] = []
    for notice in notices:
        for user_id in _recipients(notice):
            wanted.append((user_id, notice.key[:200]))
            rows.append(
                Notification(
                    recipient_id=user_id,
                    key=notice.key[:200],
                    kind=notice.kind,
                    title=notice.title[:255],
                    body=notice.body,
                    url=notice.url[:500],
                )
            )
    if not rows:
        return 0
    mail = dict(User.objects.filter(pk__in={u for u, _k in wanted}).values_list("pk", "email_notifications"))
    addresses = set(User.objects.filter(pk__in=list(mail)).exclude(email="").values_list("pk", flat=True))
    for row in rows:
        if not (mail.get(row.recipient_id) and row.recipient_id in addresses):
            row.email_status = EmailStatus.SKIPPED
    before = Notification.objects.filter(recipient_id__in=list(mail)).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return Notification.objects.filter(recipient_id__in=list(mail)).count() - before


def notify_on_commit(*, notice: Notice) -> None:
    """For services: the event is notified once their transaction commits (never for a rolled-back one)."""
    transaction.on_commit(lambda: notify(notices=[notice]))


def emails_send(*, limit: int = 500) -> int:
    """Send the pending e-mails; each row is claimed by one worker only. Returns how many were sent."""
    sent = 0
    pending = list(
        Notification.objects.filter(email_status=EmailStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in pending:
        claimed = Notification.objects.filter(pk=pk, email_status=EmailStatus.PENDING).update(
            email_status=EmailStatus.SENDING
        )
        if not claimed:
            continue  # another worker has it
        notification = Notification.objects.select_related("recipient").get(pk=pk)
        recipient = notification.recipient
        if not recipient.email or not recipient.email_notifications or not recipient.is_active:
            Notification.objects.filter(pk=pk).update(email_status=EmailStatus.SKIPPED)
            continue
        link = f"{settings.THIDUA_PUBLIC_BASE_URL.rstrip('/')}{notification.url}" if notification.url else ""
        text = "\n\n".join(part for part in (notification.body, link) if part)
        try:
            send_mail(
                subject=f"[thidua] {notification.title}",
                message=text or notification.title,
                from_email=None,
                recipient_list=[recipient.email],
            )
        except Exception:  # noqa: BLE001 — an SMTP failure must not stop the others
            log.exception("notification e-mail %s failed", pk)
            Notification.objects.filter(pk=pk).update(email_status=EmailStatus.FAILED)
            continue
        Notification.objects.filter(pk=pk).update(email_status=EmailStatus.SENT, emailed_at=timezone.now())
        sent += 1
    return sent


def notifications_run(*, today: datetime.date | None = None) -> dict[str, int]:
    """One periodic run: every registered scanner (deadlines, invitations), then the e-mails."""
    today = today or timezone.localdate()
    created = 0
    for _name, scan in sorted(SCANNERS.items()):
        created += notify(notices=list(scan(today)))
    return {"created": created, "emailed": emails_send()}


MAX_IDS = 1000


@transaction.atomic
def notifications_mark_read(*, actor: User, ids: Sequence[int] | None = None) -> int:
    """Mark the actor's notifications read: the given ids (others' ids are ignored), or all (`ids=None`)."""
    mine = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        if len(ids) > MAX_IDS:
            raise ValidationFailed(_("Tối đa {limit} thông báo mỗi lần."), field="ids", limit=MAX_IDS)
        mine = mine.filter(pk__in=list(ids))
    return mine.update(read_at=timezone.now())


@transaction.atomic
def email_preference_set(*, actor: User, enabled: bool):
    """The user's own choice: notifications by e-mail too, or in the application only."""
    User.objects.filter(pk=actor.pk).update(email_notifications=enabled)
    actor.email_notifications = enabled
    return actor
