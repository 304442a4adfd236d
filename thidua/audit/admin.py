from django.contrib import admin

from .models import ActivityEntry


@admin.register(ActivityEntry)
class ActivityEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the system only; old entries go with purge_activity."""

    list_display = ("at", "username", "unit", "action", "target", "client_ip", "status")
    list_filter = ("action", "at")
    search_fields = ("username", "unit", "target", "path", "client_ip")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in ActivityEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
