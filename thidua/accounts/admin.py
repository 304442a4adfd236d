from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Cán bộ"), {"fields": ("full_name", "rank", "position")}),
    )
    list_display = ("username", "full_name", "position", "is_staff", "is_active")
    search_fields = ("username", "full_name", "email")
