from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Cluster,
    ClusterMembership,
    ClusterTerm,
    Handover,
    Unit,
    UnitName,
    UnitRole,
    UnitSuccession,
)


class UnitNameInline(admin.TabularInline):
    model = UnitName
    extra = 0


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "code", "kind", "parent", "active_from", "active_to")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "code", "search_key")
    raw_id_fields = ("parent",)
    inlines = [UnitNameInline]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "kind", "effective_date", "legal_basis")
    raw_id_fields = ("predecessor", "successor")


@admin.register(UnitRole)
class UnitRoleAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__name")
    raw_id_fields = ("user", "unit")


class MembershipInline(admin.TabularInline):
    model = ClusterMembership
    extra = 0
    raw_id_fields = ("unit",)
    readonly_fields = ("year", "level", "owner")


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ("name", "level", "owner", "number")
    list_filter = ("level",)
    search_fields = ("name",)


@admin.register(ClusterTerm)
class ClusterTermAdmin(SimpleHistoryAdmin):
    list_display = ("cluster", "year", "leader", "deputy")
    list_filter = ("year", "cluster__level")
    raw_id_fields = ("leader", "deputy")
    inlines = [MembershipInline]

    def has_add_permission(self, request):
        # Terms are created through the service (rules on members, leader and deputy).
        return False


@admin.register(Handover)
class HandoverAdmin(admin.ModelAdmin):
    list_display = ("from_term", "to_term", "new_leader", "new_deputy", "handed_over_on", "mode")
    readonly_fields = [f.name for f in Handover._meta.fields]

    def has_add_permission(self, request):
        return False
