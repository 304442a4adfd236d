"""Admin (back office) for awards.

The catalogue (legal bases, award types and their criterion rules, processing deadlines, holidays,
statistics forms) and the people data (people, yearly ratings, discipline) are data: fully editable here.
Proposals and decisions are workflows run by `thidua.awards.services`: created from the app's pages,
status, dates set by the workflow and audit columns read-only; a proposal's content is editable only while
it is a draft. Award records, decision files and Excel imports are records: shown, never edited (award
records are revoked on the app's page, with the reason). Files are reached only through the app's
permission-checked downloads, never through a media URL.
"""

import os

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from thidua.emulation.admin import (
    OpenObjectAdminMixin,
    OpenParentInlineMixin,
    ReadOnlyAdminMixin,
    download_link,
)

from .models import (
    AnnualAssessment,
    Annulment,
    AwardCount,
    AwardRecord,
    AwardType,
    BatchStatusLog,
    CriterionOverride,
    CriterionRule,
    Decision,
    DecisionAttachment,
    DisciplineRecord,
    Holiday,
    ImportJob,
    LegalBasis,
    Person,
    ProcessingDeadline,
    ProposalBatch,
    ProposalCandidate,
    ProposalStatus,
    StatForm,
)

TIMESTAMPS = ("created_at", "updated_at")


def batch_is_draft(batch: ProposalBatch) -> bool:
    return batch.status == ProposalStatus.DRAFT


# -- catalogue ------------------------------------------------------------------------------------


class ProcessingDeadlineInline(admin.TabularInline):
    model = ProcessingDeadline
    extra = 0


@admin.register(LegalBasis)
class LegalBasisAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "title", "effective_from", "effective_to", "is_verified")
    list_filter = ("kind", "is_verified")
    search_fields = ("code", "title", "note")
    readonly_fields = TIMESTAMPS
    inlines = [ProcessingDeadlineInline]


class CriterionRuleInline(admin.TabularInline):
    model = CriterionRule
    extra = 0
    fields = ("order", "rule_key", "params", "citation", "text", "legal_basis", "is_verified")


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "short_name",
        "category",
        "recipient_kind",
        "level",
        "rank",
        "valid_from_year",
        "valid_to_year",
    )
    list_filter = ("category", "recipient_kind", "level", "state_kind")
    search_fields = ("code", "name", "short_name", "search_key", "authority")
    readonly_fields = TIMESTAMPS
    inlines = [CriterionRuleInline]


@admin.register(CriterionRule)
class CriterionRuleAdmin(admin.ModelAdmin):
    list_display = ("rule_key", "award_type", "legal_basis", "citation", "is_verified", "order")
    list_filter = ("is_verified", "legal_basis", "award_type__category", "rule_key")
    search_fields = ("rule_key", "citation", "text", "award_type__name", "award_type__code")
    list_select_related = ("award_type", "legal_basis")


@admin.register(ProcessingDeadline)
class ProcessingDeadlineAdmin(admin.ModelAdmin):
    list_display = ("legal_basis", "kind", "working_days")
    list_filter = ("kind", "legal_basis")
    search_fields = ("legal_basis__code",)
    list_select_related = ("legal_basis",)


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")
    search_fields = ("name",)
    date_hierarchy = "date"


@admin.register(StatForm)
class StatFormAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "legal_basis", "is_verified", "note")
    list_filter = ("is_verified", "legal_basis")
    search_fields = ("code", "title", "note")
    list_select_related = ("legal_basis",)


# -- people ---------------------------------------------------------------------------------------


class AssessmentInline(admin.TabularInline):
    model = AnnualAssessment
    extra = 0
    raw_id_fields = ("unit",)


class DisciplineInline(admin.TabularInline):
    model = DisciplineRecord
    extra = 0
    raw_id_fields = ("unit",)
    fields = ("unit", "level", "effective_from", "effective_to", "pending_review", "reason")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "rank", "position", "unit", "birth_date", "service_start")
    search_fields = ("full_name", "search_key", "position", "unit__name")
    raw_id_fields = ("unit",)
    readonly_fields = TIMESTAMPS
    list_select_related = ("unit",)
    inlines = [AssessmentInline, DisciplineInline]


@admin.register(AnnualAssessment)
class AnnualAssessmentAdmin(admin.ModelAdmin):
    list_display = ("person", "unit", "year", "rating", "combat_ingenuity")
    list_filter = ("year", "rating", "combat_ingenuity")
    search_fields = ("person__full_name", "person__search_key", "unit__name", "initiative", "research")
    raw_id_fields = ("person", "unit")
    list_select_related = ("person", "unit")


@admin.register(DisciplineRecord)
class DisciplineRecordAdmin(admin.ModelAdmin):
    list_display = ("__str__", "person", "unit", "level", "effective_from", "effective_to", "pending_review")
    list_filter = ("level", "pending_review")
    search_fields = ("person__full_name", "person__search_key", "unit__name", "reason")
    date_hierarchy = "effective_from"
    raw_id_fields = ("person", "unit")
    readonly_fields = TIMESTAMPS
    list_select_related = ("person", "unit")


# -- proposals ------------------------------------------------------------------------------------

BATCH_WORKFLOW = (
    "public_id",
    "status",
    "level",
    "is_consolidated",
    "received_on",
    "due_on",
    "decided_on",
    "council_members",
    "council_present",
    "council_voted_on",
    "council_ballot",
    "publish_from",
    "publish_until",
    "created_by",
    *TIMESTAMPS,
)
CANDIDATE_RESULTS = ("status", "votes_for", "is_eligible")


class CandidateInline(OpenParentInlineMixin, admin.TabularInline):
    model = ProposalCandidate
    extra = 0
    fields = (
        "award_type",
        "unit",
        "person",
        "achievement",
        "leads_cluster",
        "meets_flag_standard",
        "source_ballot",
        *CANDIDATE_RESULTS,
    )
    raw_id_fields = ("unit", "person", "source_ballot")
    readonly_fields = CANDIDATE_RESULTS

    def is_open(self, parent: ProposalBatch) -> bool:
        return batch_is_draft(parent)


@admin.register(ProposalBatch)
class ProposalBatchAdmin(SimpleHistoryAdmin):
    """Created and moved (leader, review, council, submission, decision) by the services."""

    list_display = ("title", "proposer", "reviewer", "year", "track", "status", "due_on", "decided_on")
    list_filter = ("status", "track", "year")
    search_fields = ("title", "unit__name", "cluster_term__cluster__name", "reviewer__name")
    raw_id_fields = ("unit", "cluster_term", "reviewer")
    readonly_fields = BATCH_WORKFLOW
    list_select_related = ("unit", "cluster_term__cluster", "reviewer")
    inlines = [CandidateInline]

    @admin.display(description=_("đơn vị / cụm đề nghị"))
    def proposer(self, obj: ProposalBatch) -> str:
        return obj.proposer_name

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "unit", "cluster_term", "reviewer") if obj is not None else fields

    def has_add_permission(self, request) -> bool:
        return False  # created by the service (proposer's rights, reviewer of the proposer)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or batch_is_draft(obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or batch_is_draft(obj))


@admin.register(ProposalCandidate)
class ProposalCandidateAdmin(OpenObjectAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "batch", "award_type", "unit", "person", "status", "is_eligible", "votes_for")
    list_filter = ("status", "is_eligible", "award_type__category", "batch__year")
    search_fields = ("unit__name", "person__full_name", "achievement", "batch__title")
    raw_id_fields = ("batch", "unit", "person", "source_ballot")
    readonly_fields = ("batch", *CANDIDATE_RESULTS, "eligibility_snapshot", *TIMESTAMPS)
    list_select_related = ("batch", "award_type", "unit", "person")

    def is_open(self, obj: ProposalCandidate) -> bool:
        return batch_is_draft(obj.batch)


@admin.register(BatchStatusLog)
class BatchStatusLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The proposals' status log (17.2): written by the services, never edited."""

    list_display = ("created_at", "batch", "action", "from_status", "to_status", "actor_name", "unit")
    list_filter = ("action", "to_status")
    search_fields = ("batch__title", "actor_name", "reason")
    list_select_related = ("batch", "unit")


@admin.register(CriterionOverride)
class CriterionOverrideAdmin(admin.ModelAdmin):
    """Recorded exceptions to R9/R10: requested on the proposal form, approved by a second person there."""

    list_display = ("__str__", "rule_key", "requested_by", "approved_by", "approved_at")
    list_filter = ("rule_key",)
    search_fields = ("candidate__unit__name", "reason")
    readonly_fields = ("candidate", "rule_key", "reason", "requested_by", "approved_by", "approved_at")
    list_select_related = ("candidate__unit", "candidate__award_type", "requested_by", "approved_by")

    def has_add_permission(self, request) -> bool:
        return False  # requested through candidate_add, approved through override_approve


# -- decisions and records ------------------------------------------------------------------------


@admin.register(Annulment)
class AnnulmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """R13 annulments: recorded on the decision page / API (annulment_register), never edited here."""

    list_display = ("annulled_on", "legal_basis", "decision", "is_whole_decision", "artefacts_recovered")
    list_filter = ("is_whole_decision", "artefacts_recovered")
    search_fields = ("legal_basis", "reason", "decision__number")
    list_select_related = ("decision",)


RECORD_FIELDS = (
    "recipient_name",
    "recipient_kind",
    "award_type",
    "year",
    "unit",
    "person",
    "track",
    "source",
    "revoked_on",
)


class AttachmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DecisionAttachment
    extra = 0
    fields = ("title", "original_name", "content_type", "size", "is_public", "uploaded_by", "download")
    readonly_fields = fields

    @admin.display(description=_("tệp"))
    def download(self, obj: DecisionAttachment) -> str:
        return attachment_link(obj)


class RecordInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AwardRecord
    extra = 0
    fields = RECORD_FIELDS
    readonly_fields = fields
    show_change_link = True


def attachment_link(obj: DecisionAttachment) -> str:
    return download_link("awards:decision_attachment", [obj.decision_id, obj.pk], _("Tải về"))


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    """Registered by the service (its award records are made from the batch's accepted candidates and
    copy its number, date and authority): only the descriptive columns can be corrected here."""

    list_display = ("number", "signed_on", "authority", "summary", "issuer", "track", "batch")
    list_filter = ("track", "authority")
    search_fields = ("number", "summary", "signer_name", "authority", "issuer__name")
    date_hierarchy = "signed_on"
    raw_id_fields = ("issuer",)
    readonly_fields = (
        "public_id",
        "number",
        "signed_on",
        "authority",
        "batch",
        "track",
        "publish_from",
        "publish_until",
        "created_by",
        *TIMESTAMPS,
    )
    list_select_related = ("issuer", "batch")
    inlines = [AttachmentInline, RecordInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(DecisionAttachment)
class DecisionAttachmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Uploaded on the decision's page (size, type and content checked; random stored name)."""

    list_display = ("title", "decision", "original_name", "content_type", "size", "is_public", "download")
    list_filter = ("is_public", "content_type")
    search_fields = ("title", "original_name", "decision__number")
    fields = (
        "decision",
        "title",
        "original_name",
        "content_type",
        "size",
        "is_public",
        "uploaded_by",
        "download",
        *TIMESTAMPS,
    )
    readonly_fields = fields
    list_select_related = ("decision",)

    @admin.display(description=_("tệp"))
    def download(self, obj: DecisionAttachment) -> str:
        return attachment_link(obj)


@admin.register(AwardCount)
class AwardCountAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Counts without names: written on the app's page and the API (services.counts checks them)."""

    list_display = ("award_type", "year", "unit", "cluster_term", "count", "decision_number", "source")
    list_filter = ("year", "recipient_kind", "track")
    search_fields = ("decision_number", "source", "unit__name")
    list_select_related = ("award_type", "unit", "cluster_term__cluster")


@admin.register(AwardRecord)
class AwardRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The award history: written by decisions and imports, revoked (with the reason) on the app's page."""

    list_display = (
        "recipient_name",
        "award_type",
        "year",
        "unit",
        "recipient_kind",
        "decision_number",
        "source",
        "revoked_on",
    )
    list_filter = (
        "year",
        "recipient_kind",
        "source",
        "track",
        "award_type__category",
        ("revoked_on", admin.EmptyFieldListFilter),
    )
    search_fields = ("recipient_name", "recipient_key", "decision_number", "unit__name", "achievement")
    list_select_related = ("award_type", "unit")


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Uploaded and run on the import page (all rows or none)."""

    list_display = (
        "original_name",
        "scope",
        "status",
        "rows_total",
        "created_count",
        "error_count",
        "created_by",
        "created_at",
        "finished_at",
    )
    list_filter = ("status",)
    search_fields = ("original_name", "scope__name")
    date_hierarchy = "created_at"
    fields = (
        "original_name",
        "stored_file",
        "scope",
        "status",
        "rows_total",
        "rows_done",
        "created_count",
        "error_count",
        "errors",
        "created_by",
        "finished_at",
        *TIMESTAMPS,
    )
    readonly_fields = fields
    list_select_related = ("scope", "created_by")

    @admin.display(description=_("tệp đã lưu"))
    def stored_file(self, obj: ImportJob) -> str:
        return os.path.basename(obj.file.name or "") if obj.file else "—"
