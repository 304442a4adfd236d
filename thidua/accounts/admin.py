from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Cán bộ"), {"fields": ("full_name", "rank", "position")}),
    )
    list_display = ("username", "full_name", "position", "is_staff", "is_active")
    search_fields = ("username", "full_name", "email")
    actions = ["unlock_login"]

    @admin.action(description=_("Mở khóa đăng nhập (xóa các lần nhập sai mật khẩu)"))
    def unlock_login(self, request, queryset):
        removed = sum(axes_reset(username=user.username) for user in queryset)
        self.message_user(
            request,
            gettext("Đã mở khóa đăng nhập (%(count)d bản ghi nhập sai được xóa).") % {"count": removed},
            messages.SUCCESS,
        )
