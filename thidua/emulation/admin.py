"""Admin (back office) for the emulation cycle.

Movements, periods, deadlines and models & initiatives are data: fully editable here. Covenants and
submissions are workflows run by `thidua.emulation.services`: they are opened from the app's pages, their
status and audit columns are read-only, and their content can be corrected here only while the services
would allow it (a covenant while it is a draft, a registration or report while it is a draft or returned).
Amendments of a signed covenant and evidence files are records: shown, never edited. Files are reached
only through the app's permission-checked downloads, never through a media URL.
"""

from typing import TYPE_CHECKING

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    BonusPenaltyRule,
    Covenant,
    CovenantAmendment,
    CovenantDocument,
    CovenantSignatory,
    CriteriaGroup,
    Criterion,
    EmulationPeriod,
    Evidence,
    ModelInitiative,
    Movement,
    PeriodDeadline,
    PeriodReport,
    ReportValue,
    Target,
    TargetRegistration,
    TermResult,
)

TIMESTAMPS = ("created_at", "updated_at")
SUBMISSION_WORKFLOW = (
    "status",
    "submitted_at",
    "submitted_by",
    "approved_at",
    "approved_by",
    "accepted_at",
    "accepted_by",
    "returned_at",
    "returned_by",
    "return_reason",
)


# -- shared helpers (also used by the scoring and awards admins) ----------------------------------


class ReadOnlyAdminMixin:
    """Rows written only by the services: listed and viewable, never added, changed or deleted here.

    Works for ModelAdmin and inlines alike (an inline's `obj` is the parent object).
    """

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


if TYPE_CHECKING:  # the mixins below call the admin's own checks through super()
    _InlineBase = admin.options.InlineModelAdmin
    _ModelAdminBase = admin.ModelAdmin
else:
    _InlineBase = _ModelAdminBase = object


class OpenParentInlineMixin(_InlineBase):
    """An inline editable only while its parent is open (`is_open(parent)`), read-only afterwards."""

    def is_open(self, parent) -> bool:
        return True

    def _open(self, parent) -> bool:
        return parent is None or self.is_open(parent)

    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and self._open(obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._open(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._open(obj)


class OpenObjectAdminMixin(_ModelAdminBase):
    """A ModelAdmin whose rows can be changed or deleted only while `is_open(obj)`; added from elsewhere
    (the services or the parent's inline), never from here."""

    def is_open(self, obj) -> bool:
        return True

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or self.is_open(obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or self.is_open(obj))


def download_link(url_name: str, args: list, label) -> str:
    """A link to one of the app's permission-checked download views (never to MEDIA_URL)."""
    return format_html('<a href="{}">{}</a>', reverse(url_name, args=args), label)


def covenant_is_draft(covenant: Covenant) -> bool:
    return not covenant.is_signed


def submission_is_editable(submission: TargetRegistration | PeriodReport) -> bool:
    return submission.is_editable


# -- movements, periods, deadlines ----------------------------------------------------------------


@admin.register(Movement)
class MovementAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "owner", "start_date", "end_date", "reference")
    list_filter = ("kind",)
    search_fields = ("name", "slogan", "reference", "owner__name")
    date_hierarchy = "start_date"
    raw_id_fields = ("owner", "units", "terms")
    readonly_fields = TIMESTAMPS
    list_select_related = ("owner",)


class PeriodDeadlineInline(admin.TabularInline):
    model = PeriodDeadline
    extra = 0
    raw_id_fields = ("term",)


@admin.register(EmulationPeriod)
class EmulationPeriodAdmin(admin.ModelAdmin):
    list_display = ("label", "owner", "year", "kind", "number", "start_date", "end_date", "default_deadline")
    list_filter = ("year", "kind")
    search_fields = ("owner__name", "owner__short_name")
    raw_id_fields = ("owner",)
    readonly_fields = TIMESTAMPS
    list_select_related = ("owner",)
    inlines = [PeriodDeadlineInline]

    @admin.display(description=_("kỳ báo cáo"), ordering="end_date")
    def label(self, obj: EmulationPeriod) -> str:
        return obj.label


@admin.register(PeriodDeadline)
class PeriodDeadlineAdmin(admin.ModelAdmin):
    list_display = ("term", "period", "due_date")
    list_filter = ("period__year", "period__kind")
    search_fields = ("term__cluster__name", "term__name")
    raw_id_fields = ("term", "period")
    list_select_related = ("term__cluster", "period__owner")


# -- covenant -------------------------------------------------------------------------------------


class CovenantChildInline(OpenParentInlineMixin, admin.TabularInline):
    extra = 0

    def is_open(self, parent: Covenant) -> bool:
        return covenant_is_draft(parent)


class SignatoryInline(CovenantChildInline):
    model = CovenantSignatory
    raw_id_fields = ("unit",)
    readonly_fields = ("signed",)


class CriteriaGroupInline(CovenantChildInline):
    model = CriteriaGroup
    show_change_link = True  # its criteria are edited on the group's page


class RuleInline(CovenantChildInline):
    model = BonusPenaltyRule


class AmendmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CovenantAmendment
    extra = 0
    fields = ("made_at", "made_by", "reason", "target_kind", "target_id", "before", "after")
    readonly_fields = fields


@admin.register(Covenant)
class CovenantAdmin(SimpleHistoryAdmin):
    """Drawn up and signed through the services; a signed covenant changes only by a recorded amendment."""

    list_display = ("__str__", "term", "movement", "status", "signed_on", "total_points", "updated_at")
    list_filter = ("status", "term__year", "term__cluster__level")
    search_fields = ("term__cluster__name", "term__name", "slogan")
    raw_id_fields = ("term", "movement")
    readonly_fields = ("status", "signed_on", "copied_from", *TIMESTAMPS)
    list_select_related = ("term__cluster", "movement")
    inlines = [SignatoryInline, CriteriaGroupInline, RuleInline, AmendmentInline]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "term") if obj is not None else fields

    def has_add_permission(self, request) -> bool:
        # Created by the service (one signatory line per member, or copied from last year's).
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or covenant_is_draft(obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or covenant_is_draft(obj))


@admin.register(TermResult)
class TermResultAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Recorded on the cluster term page or through the API; read here."""

    list_display = ("label", "term", "unit", "measure", "value", "qualifier")
    list_filter = ("measure", "qualifier", "term__year")
    search_fields = ("label", "unit__name", "term__cluster__name")
    list_select_related = ("term__cluster", "unit")


@admin.register(CovenantDocument)
class CovenantDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Attached through the covenant page or the API (the upload is checked there); read here."""

    list_display = ("title", "kind", "covenant", "adopted_on", "adopted_on_precision", "download")
    list_filter = ("kind", "covenant__term__year")
    search_fields = ("title", "number", "covenant__term__cluster__name")
    list_select_related = ("covenant__term__cluster",)
    exclude = ("file",)

    @admin.display(description=_("tệp"))
    def download(self, obj: CovenantDocument) -> str:
        if not obj.file:
            return "—"
        return download_link("emulation:covenant_document", [obj.covenant.term_id, obj.pk], _("Tải về"))


@admin.register(CovenantSignatory)
class CovenantSignatoryAdmin(OpenObjectAdminMixin, admin.ModelAdmin):
    list_display = ("unit", "covenant", "order", "signer_name", "signer_position", "signed")
    list_filter = ("signed", "covenant__term__year")
    search_fields = ("unit__name", "signer_name")
    raw_id_fields = ("covenant", "unit")
    readonly_fields = ("signed",)
    list_select_related = ("unit", "covenant__term__cluster")

    def is_open(self, obj: CovenantSignatory) -> bool:
        return covenant_is_draft(obj.covenant)


class CriterionInline(OpenParentInlineMixin, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = (
        "order",
        "code",
        "title",
        "max_points",
        "method",
        "cap_ratio",
        "points_per_item",
        "reference",
        "formula_hint",
    )

    def is_open(self, parent: CriteriaGroup) -> bool:
        return covenant_is_draft(parent.covenant)


@admin.register(CriteriaGroup)
class CriteriaGroupAdmin(OpenObjectAdminMixin, admin.ModelAdmin):
    list_display = ("code", "title", "covenant", "order")
    list_filter = ("covenant__term__year",)
    search_fields = ("code", "title", "covenant__term__cluster__name")
    raw_id_fields = ("covenant",)
    list_select_related = ("covenant__term__cluster",)
    inlines = [CriterionInline]

    def is_open(self, obj: CriteriaGroup) -> bool:
        return covenant_is_draft(obj.covenant)


@admin.register(Criterion)
class CriterionAdmin(OpenObjectAdminMixin, SimpleHistoryAdmin):
    list_display = ("code", "title", "group", "method", "max_points", "cap_ratio", "points_per_item")
    list_filter = ("method", "group__covenant__term__year")
    search_fields = ("code", "title", "reference", "group__title")
    raw_id_fields = ("group",)
    list_select_related = ("group",)

    def is_open(self, obj: Criterion) -> bool:
        return covenant_is_draft(obj.group.covenant)


@admin.register(BonusPenaltyRule)
class BonusPenaltyRuleAdmin(OpenObjectAdminMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "points", "cap", "covenant", "order")
    list_filter = ("kind", "covenant__term__year")
    search_fields = ("title", "reference")
    raw_id_fields = ("covenant",)
    list_select_related = ("covenant__term__cluster",)

    def is_open(self, obj: BonusPenaltyRule) -> bool:
        return covenant_is_draft(obj.covenant)


@admin.register(CovenantAmendment)
class CovenantAmendmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("covenant", "made_at", "made_by", "target_kind", "target_id", "reason")
    list_filter = ("target_kind",)
    search_fields = ("reason", "covenant__term__cluster__name")
    date_hierarchy = "made_at"
    list_select_related = ("covenant__term__cluster", "made_by")


# -- submissions ----------------------------------------------------------------------------------


class SubmissionAdmin(SimpleHistoryAdmin):
    """A registration or report: opened by the service, moved along its workflow only by the services.

    Status, who/when columns and the return reason are read-only; the content is editable only while
    the submission is a draft or returned (as on the app's pages).
    """

    list_filter: tuple[str, ...] = ("status", "term__year")
    raw_id_fields: tuple[str, ...] = ("term", "unit")
    readonly_fields: tuple[str, ...] = (*SUBMISSION_WORKFLOW, *TIMESTAMPS)
    list_select_related: tuple[str, ...] = ("term__cluster", "unit")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "term", "unit") if obj is not None else fields

    def has_add_permission(self, request) -> bool:
        return False  # opened by the service (membership, accepted registration, deadline)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or submission_is_editable(obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or submission_is_editable(obj))


class SubmissionChildInline(OpenParentInlineMixin, admin.TabularInline):
    extra = 0

    def is_open(self, parent) -> bool:
        return submission_is_editable(parent)


class TargetInline(SubmissionChildInline):
    model = Target
    raw_id_fields = ("criterion",)
    fields = (
        "order",
        "indicator",
        "unit_of_measure",
        "direction",
        "measure",
        "target_value",
        "criterion",
        "note",
    )


@admin.register(TargetRegistration)
class TargetRegistrationAdmin(SubmissionAdmin):
    list_display = ("__str__", "term", "unit", "registered_title", "status", "submitted_at", "accepted_at")
    search_fields = ("unit__name", "unit__short_name", "registered_title", "term__cluster__name")
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(OpenObjectAdminMixin, SimpleHistoryAdmin):
    list_display = ("indicator", "registration", "target_value", "unit_of_measure", "direction", "measure")
    list_filter = ("direction", "measure", "registration__term__year")
    search_fields = ("indicator", "registration__unit__name")
    raw_id_fields = ("registration", "criterion")
    list_select_related = ("registration__unit", "registration__term")

    def is_open(self, obj: Target) -> bool:
        return submission_is_editable(obj.registration)


class ReportValueInline(SubmissionChildInline):
    model = ReportValue
    raw_id_fields = ("target",)


EVIDENCE_FIELDS = (
    "original_name",
    "description",
    "content_type",
    "size",
    "uploaded_by",
    "uploaded_at",
    "download",
)


class EvidenceDownloadMixin:
    """The file as a link to the permission-checked download view, never to /media/."""

    @admin.display(description=_("tệp"))
    def download(self, obj: Evidence) -> str:
        return download_link("emulation:evidence_download", [obj.pk], _("Tải về"))


class EvidenceInline(EvidenceDownloadMixin, ReadOnlyAdminMixin, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = EVIDENCE_FIELDS
    readonly_fields = fields


@admin.register(PeriodReport)
class PeriodReportAdmin(SubmissionAdmin):
    list_display = ("__str__", "term", "unit", "period", "status", "due_date", "is_late", "submitted_at")
    list_filter = ("status", "is_late", "period__kind", "term__year")
    search_fields = ("unit__name", "unit__short_name", "term__cluster__name")
    raw_id_fields = ("term", "unit", "period")
    readonly_fields = (*SUBMISSION_WORKFLOW, "due_date", "is_late", *TIMESTAMPS)
    list_select_related = ("term__cluster", "unit", "period")
    inlines = [ReportValueInline, EvidenceInline]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "period") if obj is not None else fields


@admin.register(ReportValue)
class ReportValueAdmin(OpenObjectAdminMixin, SimpleHistoryAdmin):
    list_display = ("target", "actual_value", "report")
    list_filter = ("report__period__kind", "report__term__year")
    search_fields = ("target__indicator", "report__unit__name")
    raw_id_fields = ("report", "target")
    list_select_related = ("target", "report__unit", "report__period")

    def is_open(self, obj: ReportValue) -> bool:
        return submission_is_editable(obj.report)


@admin.register(Evidence)
class EvidenceAdmin(EvidenceDownloadMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Uploaded through the report page (size, type and content checked; random stored name)."""

    list_display = (
        "original_name",
        "report",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
        "download",
    )
    list_filter = ("content_type",)
    search_fields = ("original_name", "description", "report__unit__name")
    date_hierarchy = "uploaded_at"
    fields = ("report", *EVIDENCE_FIELDS)
    readonly_fields = fields
    list_select_related = ("report__unit", "report__period", "uploaded_by")


# -- models & initiatives -------------------------------------------------------------------------


@admin.register(ModelInitiative)
class ModelInitiativeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "unit", "year", "period", "movement")
    list_filter = ("kind", "year")
    search_fields = ("name", "search_key", "unit__name", "description")
    raw_id_fields = ("unit", "period", "movement", "replicated_to")
    readonly_fields = ("created_by", *TIMESTAMPS)
    list_select_related = ("unit", "period", "movement")

    def save_model(self, request, obj, form, change) -> None:
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
