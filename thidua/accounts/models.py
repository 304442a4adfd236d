from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Rights come from UnitRole grants (organisation app), not from here."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    rank = models.CharField(_("cấp bậc"), max_length=80, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    must_change_password = models.BooleanField(
        _("phải đổi mật khẩu khi đăng nhập"),
        default=False,
        help_text=_("Đặt khi mật khẩu được cấp hoặc đặt lại bằng mật khẩu dùng một lần."),
    )
    email_notifications = models.BooleanField(_("nhận thông báo qua thư điện tử"), default=True)

    _thidua_grants: list[tuple[str, str]]  # (role, unit path) cached by organisation.access for a request

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def __str__(self) -> str:
        return self.get_full_name()
