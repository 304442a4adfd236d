from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, Attendee, Conference, ConferenceChair, Guest, SideEvent


class ChairInline(admin.TabularInline):
    model = ConferenceChair
    extra = 0
    raw_id_fields = ("unit",)


class GuestInline(admin.TabularInline):
    model = Guest
    extra = 0
    raw_id_fields = ("unit",)


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    raw_id_fields = ("presenter_unit",)


@admin.register(Conference)
class ConferenceAdmin(SimpleHistoryAdmin):
    list_display = ("title", "date", "kind", "status", "host")
    list_filter = ("kind", "status")
    search_fields = ("title",)
    raw_id_fields = ("term", "host", "period", "created_by")
    inlines = [ChairInline, GuestInline, AgendaInline]


@admin.register(Attendee)
class AttendeeAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "conference", "role", "is_voter", "present")
    list_filter = ("role", "is_voter", "present")
    raw_id_fields = ("conference", "unit")


@admin.register(SideEvent)
class SideEventAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "date", "date_precision", "term", "conference")
    raw_id_fields = ("term", "conference", "host")
