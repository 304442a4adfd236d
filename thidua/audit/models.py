"""The activity log: who logged in (or failed), downloaded, exported, or was refused — never votes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Activity(models.TextChoices):
    LOGIN = "login", _("Đăng nhập")
    LOGIN_FAILED = "login_failed", _("Đăng nhập sai")
    LOGIN_LOCKED = "login_locked", _("Bị tạm khóa đăng nhập")
    LOGOUT = "logout", _("Đăng xuất")
    DOWNLOAD = "download", _("Tải tệp lưu trữ")
    EXPORT = "export", _("Xuất/tải tệp")
    REFUSED = "refused", _("Bị từ chối (không có quyền)")


class ActivityEntry(models.Model):
    """One logged event. User, unit and name are snapshots: the entry outlives renames and merges."""

    data_version_exempt = True  # a log line changes no page the page cache keeps

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True, db_index=True)
    unit = models.CharField(_("đơn vị"), max_length=255, blank=True)
    action = models.CharField(_("hành động"), max_length=20, choices=Activity.choices, db_index=True)
    target = models.CharField(_("đối tượng"), max_length=500, blank=True)
    path = models.CharField(_("địa chỉ trang"), max_length=500, blank=True)
    method = models.CharField(_("phương thức"), max_length=10, blank=True)
    status = models.PositiveSmallIntegerField(_("mã trả về"), null=True, blank=True)
    client_ip = models.GenericIPAddressField(_("địa chỉ máy"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký hoạt động")
        verbose_name_plural = _("nhật ký hoạt động")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["action", "at"], name="audit_action_at")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.username} {self.get_action_display()}"
