"""Admin (back office) for scoring.

The owner's scoring configuration is data: editable here, saved through `services.scoring_config_update`
(same checks as the app, and the owner's sheets are re-ranked). Score sheets, their lines, adjustments,
comments and period locks are kept consistent by the services (denormalised totals, rank and band are
refreshed on every write; locks flag every sheet), so the admin only shows them. Cross-inspection
assignments and minutes carry no derived data: their text can be corrected here.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from thidua.accounts.types import Actor
from thidua.emulation.admin import ReadOnlyAdminMixin, download_link
from thidua.organisation import access
from thidua.organisation.access import Action

from . import rules, services
from .models import (
    Adjustment,
    CrossInspection,
    CrossInspectionRecord,
    PeriodLock,
    ScoreLine,
    ScoreSheet,
    ScoringConfig,
    SheetComment,
)

TIMESTAMPS = ("created_at", "updated_at")

# -- configuration --------------------------------------------------------------------------------


class ScoringConfigForm(forms.ModelForm):
    """The checks of `services.scoring_config_update`, reported on the form instead of raised."""

    actor: Actor = AnonymousUser()  # set per request by ScoringConfigAdmin.get_form

    class Meta:
        model = ScoringConfig
        fields = ["owner", *services.CONFIG_FIELDS]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        owner = cleaned.get("owner") if "owner" in self.fields else self.instance.owner
        if owner is not None and not access.can(self.actor, Action.MANAGE_CLUSTERS, owner):
            raise forms.ValidationError(_("Bạn không có quyền sửa cấu hình chấm điểm của đơn vị này."))
        thresholds = {
            band: cleaned.get(f"threshold_{band.value}")
            for band in (rules.Band.EXCELLENT, rules.Band.GOOD, rules.Band.FAIR, rules.Band.AVERAGE)
        }
        given = {band.value: value for band, value in thresholds.items() if value is not None}
        if len(given) == len(thresholds):
            try:
                rules.validate_thresholds(given)
            except ValueError:
                self.add_error(
                    "threshold_good", _("Các ngưỡng xếp loại phải giảm dần từ Xuất sắc đến Trung bình.")
                )
        chain = cleaned.get("tie_break")
        if chain is not None:
            if not isinstance(chain, list):
                self.add_error("tie_break", _('Nhập một danh sách, ví dụ ["group:1", "penalty"].'))
            else:
                try:
                    cleaned["tie_break"] = rules.validate_tie_break(chain)
                except ValueError as error:
                    self.add_error("tie_break", _("Tiêu chí phụ không hợp lệ: %(key)s") % {"key": error})
        for field in ("bonus_cap", "penalty_cap"):
            value = cleaned.get(field)
            if value is not None and value < 0:
                self.add_error(field, _("Mức tối đa không được âm."))
        return cleaned


@admin.register(ScoringConfig)
class ScoringConfigAdmin(SimpleHistoryAdmin):
    form = ScoringConfigForm
    list_display = (
        "owner",
        "threshold_excellent",
        "threshold_good",
        "threshold_fair",
        "threshold_average",
        "serious_violation_max_band",
        "bonus_cap",
        "penalty_cap",
        "target_formula",
    )
    list_filter = ("target_formula", "serious_violation_max_band")
    search_fields = ("owner__name", "owner__short_name")
    raw_id_fields = ("owner",)
    readonly_fields = TIMESTAMPS
    list_select_related = ("owner",)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "owner") if obj is not None else fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # a fresh class per request (modelform_factory)
        return form

    def save_model(self, request, obj, form, change) -> None:
        """Save through the service: the same validation, then the owner's sheets are re-ranked."""
        config = services.scoring_config_update(
            actor=request.user,
            owner=obj.owner,
            **{field: getattr(obj, field) for field in services.CONFIG_FIELDS},
        )
        obj.pk, obj.created_at, obj.updated_at = config.pk, config.created_at, config.updated_at
        obj._state.adding = False


# -- score sheets ---------------------------------------------------------------------------------


class ScoreLineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ScoreLine
    extra = 0
    fields = (
        "criterion",
        "max_points",
        "auto_points",
        "self_points",
        "proposed_points",
        "assessed_points",
        "points",
        "source",
        "difference_reason",
    )
    readonly_fields = fields


class AdjustmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Adjustment
    extra = 0
    fields = ("kind", "points", "rule", "reason", "is_serious_violation", "created_by", "created_at", "file")
    readonly_fields = fields

    @admin.display(description=_("tài liệu minh chứng"))
    def file(self, obj: Adjustment) -> str:
        return adjustment_file(obj)


class CommentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SheetComment
    extra = 0
    fields = ("created_at", "author", "line", "text")
    readonly_fields = fields


def adjustment_file(obj: Adjustment) -> str:
    if not obj.evidence:
        return "—"
    return download_link("scoring:adjustment_evidence", [obj.pk], _("Tải minh chứng"))


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Prepared, computed, self-scored, assessed and locked by the services (totals, rank and band are
    denormalised and refreshed on every write): shown here, changed only on the scoring pages."""

    list_display = ("unit", "term", "period", "status", "total", "rank", "band", "is_locked")
    list_filter = ("status", "band", "is_locked", "period__kind", "term__year")
    search_fields = ("unit__name", "unit__short_name", "term__cluster__name")
    list_select_related = ("unit", "term__cluster", "period")
    inlines = [ScoreLineInline, AdjustmentInline, CommentInline]


@admin.register(ScoreLine)
class ScoreLineAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "criterion",
        "sheet",
        "max_points",
        "auto_points",
        "self_points",
        "assessed_points",
        "points",
    )
    list_filter = ("source", "sheet__period__kind", "sheet__term__year")
    search_fields = ("criterion__code", "criterion__title", "sheet__unit__name")
    list_select_related = ("criterion", "sheet__unit", "sheet__period")


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "sheet", "kind", "points", "is_serious_violation", "created_by", "created_at")
    list_filter = ("kind", "is_serious_violation", "sheet__term__year")
    search_fields = ("reason", "sheet__unit__name")
    fields = (
        "sheet",
        "kind",
        "rule",
        "points",
        "reason",
        "is_serious_violation",
        "file",
        "created_by",
        *TIMESTAMPS,
    )
    readonly_fields = fields
    list_select_related = ("sheet__unit", "sheet__period", "created_by")

    @admin.display(description=_("tài liệu minh chứng"))
    def file(self, obj: Adjustment) -> str:
        return adjustment_file(obj)


@admin.register(SheetComment)
class SheetCommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "sheet", "line", "author", "created_at")
    search_fields = ("text", "sheet__unit__name")
    date_hierarchy = "created_at"
    list_select_related = ("sheet__unit", "sheet__period", "line__criterion", "author")


@admin.register(PeriodLock)
class PeriodLockAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Locked and reopened by the services, which also flag every sheet of the term × period."""

    list_display = ("term", "period", "locked_at", "locked_by", "reopened_at", "reopened_by")
    list_filter = ("period__kind", "term__year")
    search_fields = ("term__cluster__name", "reason", "reopen_reason")
    date_hierarchy = "locked_at"
    list_select_related = ("term__cluster", "period", "locked_by", "reopened_by")


# -- cross-inspection -----------------------------------------------------------------------------


def scores_open(inspection: CrossInspection) -> bool:
    """Assignments and minutes are corrected only while the term × period's scores are not locked."""
    return not services.is_locked(term=inspection.term, period=inspection.period)


class CrossInspectionRecordInline(admin.StackedInline):
    model = CrossInspectionRecord
    extra = 0
    max_num = 1
    fields = ("inspected_on", "findings", "recorded_by", *TIMESTAMPS)
    readonly_fields = ("recorded_by", *TIMESTAMPS)

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # the inspecting unit records the minutes (with proposed points) on its page

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or scores_open(obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CrossInspection)
class CrossInspectionAdmin(admin.ModelAdmin):
    list_display = ("inspecting_unit", "inspected_unit", "term", "period", "assigned_by")
    list_filter = ("period__kind", "term__year")
    search_fields = ("inspecting_unit__name", "inspected_unit__name", "term__cluster__name")
    raw_id_fields = ("term", "period", "inspecting_unit", "inspected_unit")
    readonly_fields = ("assigned_by", *TIMESTAMPS)
    list_select_related = ("inspecting_unit", "inspected_unit", "term__cluster", "period")
    inlines = [CrossInspectionRecordInline]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "term", "period") if obj is not None else fields

    def has_add_permission(self, request) -> bool:
        return False  # assigned by the service (both units members of the term, period not locked)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or scores_open(obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or scores_open(obj))


@admin.register(CrossInspectionRecord)
class CrossInspectionRecordAdmin(SimpleHistoryAdmin):
    list_display = ("inspection", "inspected_on", "recorded_by", "updated_at")
    search_fields = ("findings", "inspection__inspected_unit__name", "inspection__inspecting_unit__name")
    date_hierarchy = "inspected_on"
    fields = ("inspection", "inspected_on", "findings", "recorded_by", *TIMESTAMPS)
    readonly_fields = ("inspection", "recorded_by", *TIMESTAMPS)
    list_select_related = ("inspection__inspecting_unit", "inspection__inspected_unit")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or scores_open(obj.inspection))

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
