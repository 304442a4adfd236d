"""In-app notifications, one per recipient and event (issue 15.7)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DUE = "due", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    INVITATION = "invitation", _("Giấy mời hội nghị")
    BALLOT = "ballot", _("Mở bỏ phiếu")
    DECISION = "decision", _("Quyết định khen thưởng")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("chờ gửi")
    SENDING = "sending", _("đang gửi")
    SENT = "sent", _("đã gửi")
    SKIPPED = "skipped", _("không gửi")  # no address, or the user turned e-mail off
    FAILED = "failed", _("gửi lỗi")


class Notification(models.Model):
    """`key` names the event (“report-due:7:12:3:7”): unique per recipient, so an event notifies each
    person once however many workers scan at the same time (INSERT … ON CONFLICT DO NOTHING)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=200)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đọc lúc"), null=True, blank=True)
    email_status = models.CharField(
        _("thư điện tử"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["email_status"], condition=Q(email_status="pending"), name="notification_mail_queue"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
