"""Awards: catalogue versioned by legal basis, working calendar, people and their award history,
proposals (đề nghị khen thưởng), decisions and Excel imports.

Catalogue, criteria, quotas and deadlines are rows (DOMAIN.md §9): a proposal is judged by the
rules whose legal basis is in force at the end of its year (`LegalBasis.in_force_on`).
"""

import datetime
import os
import uuid
from typing import ClassVar, NamedTuple

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.dates import known_date_property, precision_field
from thidua.core.models import StatusFlow, TimeStampedModel
from thidua.core.text import clean_code, fold, name_key, nfc
from thidua.core.versioning import Versioned
from thidua.organisation.models import ClusterTerm, Unit

# -- catalogue -------------------------------------------------------------------------------------


class LegalBasisKind(models.TextChoices):
    LAW = "law", _("Luật")
    DECREE = "decree", _("Nghị định")
    CIRCULAR = "circular", _("Thông tư")
    OTHER = "other", _("Văn bản khác")


class LegalBasisQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> "LegalBasisQuerySet":
        return self.filter(
            Q(effective_from__lte=day), Q(effective_to__isnull=True) | Q(effective_to__gte=day)
        )


class LegalBasis(TimeStampedModel):
    """A legal text the catalogue rests on: "L2022", "ND98/2023", "TT12/2019/TT-BCA"."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    kind = models.CharField(_("loại văn bản"), max_length=16, choices=LegalBasisKind.choices)
    title = models.CharField(_("tên văn bản"), max_length=255)
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)
    is_verified = models.BooleanField(_("đã kiểm chứng nội dung"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = LegalBasisQuerySet.as_manager()

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["-effective_from", "code"]

    def __str__(self) -> str:
        return self.code

    def is_in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class AwardCategory(models.TextChoices):
    """R1: emulation titles and commendation forms are different types (L2022 Điều 3.2–3.3)."""

    TITLE = "title", _("Danh hiệu thi đua")
    FORM = "form", _("Hình thức khen thưởng")
    # Public praise by a Director without an award decision (seed 001); counted apart from awards.
    PRAISE = "praise", _("Biểu dương (không có quyết định khen thưởng)")


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class AuthorityLevel(models.TextChoices):
    STATE = "state", _("Cấp Nhà nước (Chủ tịch nước, Thủ tướng Chính phủ)")
    MINISTRY = "ministry", _("Cấp Bộ (Bộ trưởng Bộ Công an)")
    PROVINCE = "province", _("Cấp tỉnh (Chủ tịch UBND tỉnh)")
    UNIT = "unit", _("Thủ trưởng đơn vị (Giám đốc Công an tỉnh, Cục trưởng…)")


class StateAwardKind(models.TextChoices):
    """Row groups of the state-level awards form 0702.N/BNV-TĐKT (DOMAIN.md §9)."""

    NONE = "", _("Không phải khen thưởng cấp Nhà nước")
    ORDER = "order", _("Huân chương, Huy chương")
    HCM_PRIZE = "hcm_prize", _("Giải thưởng Hồ Chí Minh")
    STATE_PRIZE = "state_prize", _("Giải thưởng Nhà nước")
    HONOUR_TITLE = "honour_title", _("Danh hiệu vinh dự Nhà nước")
    GOVERNMENT_FLAG = "government_flag", _("Cờ thi đua của Chính phủ")
    PM_MERIT = "pm_merit", _("Bằng khen của Thủ tướng Chính phủ")
    NATIONAL_FIGHTER = "national_fighter", _("Chiến sĩ thi đua toàn quốc")
    OTHER = "other", _("Khác")


class AwardType(Versioned, TimeStampedModel):
    """A title or form of the catalogue, for collectives or individuals, with its authority.

    The board adds and edits entries (16.2, `services.catalogue`). An entry that records, proposals or
    counts already use is never rewritten in what it means (name, authority, level, legal basis…): the
    edit closes it at the year before the change and opens a new version (`replaces` → the old one), so
    past decisions keep the entry they were made under. `history` keeps every in-place edit.
    """

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    category = models.CharField(_("loại"), max_length=8, choices=AwardCategory.choices)
    recipient_kind = models.CharField(_("đối tượng"), max_length=12, choices=RecipientKind.choices)
    authority = models.CharField(_("cấp có thẩm quyền quyết định"), max_length=160)
    level = models.CharField(_("cấp khen thưởng"), max_length=10, choices=AuthorityLevel.choices)
    state_kind = models.CharField(
        _("nhóm trong biểu thống kê"), max_length=20, choices=StateAwardKind.choices, blank=True, default=""
    )
    valid_from_year = models.PositiveSmallIntegerField(_("áp dụng từ năm"), null=True, blank=True)
    valid_to_year = models.PositiveSmallIntegerField(_("áp dụng đến năm"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("thứ bậc"), default=0, help_text=_("Cao hơn = cấp cao hơn"))
    min_service_years = models.PositiveSmallIntegerField(
        _("số năm công tác tối thiểu"),
        null=True,
        blank=True,
        help_text=_("Huy chương niên hạn: tính từ ngày bắt đầu công tác của cán bộ"),
    )
    is_verified = models.BooleanField(_("đã kiểm chứng"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)
    search_key = models.CharField(max_length=400, editable=False, default="")
    legal_basis = models.ForeignKey(
        LegalBasis,
        verbose_name=_("căn cứ pháp lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_types",
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("thay thế phiên bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("danh hiệu / hình thức khen thưởng")
        verbose_name_plural = _("danh mục danh hiệu, hình thức khen thưởng")
        ordering = ["category", "recipient_kind", "-rank", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.code = clean_code(self.code)
        self.name, self.short_name = nfc(self.name), nfc(self.short_name)
        self.search_key = fold(f"{self.code} {self.name} {self.short_name}")
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_valid_in(self, year: int) -> bool:
        return (self.valid_from_year is None or self.valid_from_year <= year) and (
            self.valid_to_year is None or year <= self.valid_to_year
        )


class CriterionRule(models.Model):
    """One criterion as data: a rule key of the eligibility engine + parameters + its citation.

    `award_type` empty = a cross-cutting rule (R11 discipline, R12 one achievement one award).
    """

    legal_basis = models.ForeignKey(LegalBasis, on_delete=models.PROTECT, related_name="rules")
    award_type = models.ForeignKey(
        AwardType, null=True, blank=True, on_delete=models.CASCADE, related_name="rules"
    )
    rule_key = models.CharField(_("quy tắc"), max_length=40)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    citation = models.CharField(_("trích dẫn"), max_length=255)
    text = models.TextField(_("nội dung tiêu chuẩn"), blank=True)
    is_verified = models.BooleanField(_("đã kiểm chứng"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("tiêu chuẩn")
        verbose_name_plural = _("tiêu chuẩn")
        ordering = ["award_type_id", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.rule_key} ({self.citation})"


class DeadlineKind(models.TextChoices):
    REGULAR = "regular", _("Hồ sơ thường xuyên")
    SUDDEN = "sudden", _("Hồ sơ đột xuất")
    STATE = "state", _("Hồ sơ khen thưởng cấp Nhà nước")


class ProcessingDeadline(models.Model):
    """Processing time in working days for a kind of file, per legal basis (DOMAIN.md §9)."""

    legal_basis = models.ForeignKey(LegalBasis, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("loại hồ sơ"), max_length=10, choices=DeadlineKind.choices)
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc"))

    class Meta:
        verbose_name = _("thời hạn xử lý")
        verbose_name_plural = _("thời hạn xử lý")
        constraints = [models.UniqueConstraint(fields=["legal_basis", "kind"], name="deadline_unique_kind")]

    def __str__(self) -> str:
        return f"{self.legal_basis}: {self.get_kind_display()} {self.working_days}"


class Holiday(models.Model):
    """A public holiday (day off) of the Vietnamese working calendar; weekends are always off."""

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=120)

    class Meta:
        verbose_name = _("ngày nghỉ lễ, Tết")
        verbose_name_plural = _("ngày nghỉ lễ, Tết")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


# -- people and history ----------------------------------------------------------------------------


class Person(TimeStampedModel):
    """An officer, NCO, soldier or worker, with audited changes of rank, position and unit."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    rank = models.CharField(_("cấp bậc"), max_length=80, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="people")
    # as far as known (16.3/16.9): "15/03/1980", "03/1980" or "1980"; never completed to a day
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_date_precision = precision_field(_("ngày sinh biết đến"))
    service_start = models.DateField(
        _("ngày bắt đầu công tác"), null=True, blank=True, help_text=_("Dùng để tính huy chương niên hạn")
    )
    service_start_precision = precision_field(_("ngày bắt đầu công tác biết đến"))
    search_key = models.CharField(max_length=300, editable=False, default="", db_index=True)
    history = HistoricalRecords()

    birth_known = known_date_property("birth_date", "birth_date_precision")
    service_start_known = known_date_property("service_start", "service_start_precision")

    class Meta:
        verbose_name = _("cán bộ, chiến sĩ")
        verbose_name_plural = _("cán bộ, chiến sĩ")
        ordering = ["unit_id", "full_name"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.full_name = nfc(self.full_name)
        self.search_key = fold(self.full_name)
        super().save(*args, **kwargs)


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


class AnnualAssessment(models.Model):
    """A person's yearly rating and achievements in a unit: the unit's headcount that year (R7, R8)
    and the excellence grounds of R3."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=16, choices=Rating.choices)
    initiative = models.CharField(_("sáng kiến được công nhận"), max_length=255, blank=True)
    research = models.CharField(_("đề tài, đề án đã nghiệm thu"), max_length=255, blank=True)
    combat_ingenuity = models.BooleanField(_("mưu trí, sáng tạo trong chiến đấu"), default=False)

    class Meta:
        verbose_name = _("đánh giá, xếp loại năm")
        verbose_name_plural = _("đánh giá, xếp loại năm")
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="assessment_one_per_year")]

    def __str__(self) -> str:
        return f"{self.person} {self.year}: {self.get_rating_display()}"


class SanctionLevel(models.IntegerChoices):
    REPRIMAND = 1, _("Khiển trách")
    WARNING = 2, _("Cảnh cáo")
    DEMOTION = 3, _("Giáng cấp bậc hàm / hạ bậc lương")
    DISMISSAL = 4, _("Cách chức")
    EXPULSION = 5, _("Tước danh hiệu CAND / buộc thôi việc")


class DisciplineRecord(TimeStampedModel):
    """A sanction or a pending disciplinary review of a person (or of a unit when `person` is empty)."""

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="discipline"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="discipline_records")
    level = models.PositiveSmallIntegerField(
        _("hình thức kỷ luật"), choices=SanctionLevel.choices, null=True, blank=True
    )
    effective_from = models.DateField(_("từ ngày"))
    effective_to = models.DateField(_("đến ngày"), null=True, blank=True)
    pending_review = models.BooleanField(_("đang chờ xem xét kỷ luật"), default=False)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        who = self.person or self.unit
        return f"{who}: {self.get_level_display() if self.level else _('chờ xem xét')}"

    def is_running_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class Track(models.TextChoices):
    """Award tracks (loại hình khen thưởng, DOMAIN.md §9)."""

    REGULAR = "regular", _("Thường xuyên (công trạng và thành tích)")
    CAMPAIGN = "campaign", _("Theo đợt, chuyên đề")
    SUDDEN = "sudden", _("Đột xuất")
    CONTRIBUTION = "contribution", _("Quá trình cống hiến")
    SERVICE_YEARS = "service_years", _("Niên hạn")
    FOREIGN = "foreign", _("Đối ngoại")


# -- proposals -------------------------------------------------------------------------------------


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PENDING_LEADER = "pending_leader", _("Chờ lãnh đạo đơn vị duyệt")
    SENT = "sent", _("Đã gửi, chờ cấp trên tiếp nhận")
    IN_REVIEW = "in_review", _("Cụm / Thường trực thẩm định")
    COUNCIL = "council", _("Hội đồng TĐKT xét")
    SUBMITTED = "submitted", _("Đã trình cấp có thẩm quyền")
    RETURNED = "returned", _("Bị trả lại")
    FORWARDED = "forwarded", _("Đã chuyển lên cấp trên")
    DECIDED = "decided", _("Đã có quyết định")


class ProposalLevel(models.TextChoices):
    """The level of the desk that receives a proposal (17.2). A unit's (or a cluster's) proposal goes to the
    provincial police's / the Cục's council, then the Ministry's board and council, then the Prime Minister /
    President through the Ministry of Home Affairs; a unit above a base unit may receive its own units'."""

    UNIT = "unit", _("Đơn vị cơ sở")
    PROVINCE = "province", _("Hội đồng TĐKT Công an tỉnh / Cục")
    MINISTRY = "ministry", _("Hội đồng TĐKT Bộ Công an")
    STATE = "state", _("Thủ tướng Chính phủ / Chủ tịch nước (qua Bộ Nội vụ)")


class ProposalBatch(Versioned, StatusFlow, TimeStampedModel):
    """A proposal (tờ trình + danh sách đề nghị) by a unit or by a cluster term, for one year and track."""

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        ProposalStatus.DRAFT: frozenset({ProposalStatus.PENDING_LEADER}),
        ProposalStatus.PENDING_LEADER: frozenset({ProposalStatus.SENT, ProposalStatus.DRAFT}),
        ProposalStatus.SENT: frozenset({ProposalStatus.IN_REVIEW, ProposalStatus.RETURNED}),
        ProposalStatus.IN_REVIEW: frozenset({ProposalStatus.COUNCIL, ProposalStatus.RETURNED}),
        ProposalStatus.COUNCIL: frozenset(
            {ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW, ProposalStatus.RETURNED}
        ),
        ProposalStatus.SUBMITTED: frozenset({ProposalStatus.DECIDED, ProposalStatus.FORWARDED}),
        ProposalStatus.RETURNED: frozenset({ProposalStatus.PENDING_LEADER}),
        ProposalStatus.FORWARDED: frozenset({ProposalStatus.DECIDED}),
        ProposalStatus.DECIDED: frozenset(),
    }
    # statuses in which the sender may edit the list of candidates
    EDITABLE: ClassVar[frozenset[str]] = frozenset({ProposalStatus.DRAFT, ProposalStatus.RETURNED})

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("trích yếu"), max_length=255)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_batches",
    )
    cluster_term = models.ForeignKey(
        ClusterTerm,
        verbose_name=_("cụm thi đua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_batches",
    )
    reviewer = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan thẩm định (Hội đồng TĐKT)"),
        on_delete=models.PROTECT,
        related_name="award_batches_to_review",
    )
    level = models.CharField(
        _("cấp tiếp nhận"), max_length=10, choices=ProposalLevel.choices, default=ProposalLevel.MINISTRY
    )
    is_consolidated = models.BooleanField(
        _("tổng hợp từ đề nghị cấp dưới"),
        default=False,
        help_text=_("Đề nghị do cơ quan thẩm định cấp dưới lập để chuyển lên cấp trên"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    track = models.CharField(_("loại hình"), max_length=16, choices=Track.choices, default=Track.REGULAR)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    received_on = models.DateField(_("ngày tiếp nhận hồ sơ"), null=True, blank=True)
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True)
    submit_by = models.DateField(_("hạn nộp hồ sơ đề nghị"), null=True, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    # Council vote: counts recorded here, and the ballot of the voting app when the vote was held there.
    council_members = models.PositiveSmallIntegerField(_("số thành viên Hội đồng"), null=True, blank=True)
    council_present = models.PositiveSmallIntegerField(_("số thành viên dự họp"), null=True, blank=True)
    council_voted_on = models.DateField(_("ngày Hội đồng họp xét"), null=True, blank=True)
    council_ballot = models.ForeignKey(
        "voting.Ballot",
        verbose_name=_("phiếu biểu quyết của Hội đồng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publish_from = models.DateField(_("công khai từ ngày"), null=True, blank=True)
    publish_until = models.DateField(_("công khai đến ngày"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(cluster_term__isnull=False), name="batch_has_proposer"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def proposer_name(self) -> str:
        if self.cluster_term is not None:
            return self.cluster_term.display_name
        return self.unit.name if self.unit else ""

    def is_published_on(self, day: datetime.date) -> bool:
        return bool(
            self.publish_from and self.publish_until and self.publish_from <= day <= self.publish_until
        )

    def is_late_on(self, day: datetime.date) -> bool:
        """Past the receiving desk's deadline while that desk still holds the file."""
        return bool(self.due_on and self.status in self.AT_DESK and day > self.due_on)

    # statuses in which the receiving desk holds the file (its processing deadline runs)
    AT_DESK: ClassVar[frozenset[str]] = frozenset(
        {ProposalStatus.IN_REVIEW, ProposalStatus.COUNCIL, ProposalStatus.SUBMITTED}
    )


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề nghị")
    ACCEPTED = "accepted", _("Hội đồng nhất trí")
    REJECTED = "rejected", _("Không đề nghị tiếp")
    FORWARDED = "forwarded", _("Đã chuyển cấp trên xét")
    AWARDED = "awarded", _("Đã khen thưởng")


class ProposalCandidate(TimeStampedModel):
    """A collective or an individual proposed for one award type in a batch."""

    batch = models.ForeignKey(ProposalBatch, on_delete=models.CASCADE, related_name="candidates")
    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="candidates")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="award_candidacies")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="candidacies"
    )
    achievement = models.TextField(_("tóm tắt thành tích"))
    leads_cluster = models.BooleanField(
        _("đơn vị dẫn đầu cụm (ghi nhận)"),
        default=False,
        help_text=_("Dùng khi chưa có bảng xếp hạng, kết quả suy tôn"),
    )
    meets_flag_standard = models.BooleanField(
        _("đạt tiêu chuẩn Cờ thi đua Bộ Công an (ghi nhận)"), default=False
    )
    status = models.CharField(
        _("kết quả"), max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.PROPOSED
    )
    votes_for = models.PositiveSmallIntegerField(_("số phiếu đồng ý của Hội đồng"), null=True, blank=True)
    source_ballot = models.ForeignKey(
        "voting.Ballot",
        verbose_name=_("phiếu suy tôn của cụm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Lần bỏ phiếu tại hội nghị cụm đã suy tôn đơn vị này"),
    )
    # R12: the record the achievement rests on (a period report, an initiative, a ballot, a decision)
    source_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("loại nguồn thành tích"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(_("mã nguồn thành tích"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    eligibility_snapshot = models.JSONField(default=list, blank=True, editable=False)
    is_eligible = models.BooleanField(null=True, editable=False)
    origin = models.ForeignKey(
        "self",
        verbose_name=_("đề nghị gốc của cấp dưới"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwards",
    )

    class Meta:
        verbose_name = _("đối tượng đề nghị")
        verbose_name_plural = _("đối tượng đề nghị")
        ordering = ["batch_id", "award_type__category", "-award_type__rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "award_type", "unit"],
                condition=Q(person__isnull=True),
                name="candidate_unit_once_per_type",
            ),
            models.UniqueConstraint(
                fields=["batch", "award_type", "person"],
                condition=Q(person__isnull=False),
                name="candidate_person_once_per_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} – {self.award_type}"

    @property
    def recipient_name(self) -> str:
        return self.person.full_name if self.person is not None else self.unit.name


class BatchAction(models.TextChoices):
    START = "start", _("Ghi nhận trạng thái ban đầu")
    SUBMIT = "submit", _("Trình lãnh đạo đơn vị")
    WITHDRAW = "withdraw", _("Rút về dự thảo")
    SEND = "send", _("Lãnh đạo duyệt, gửi cấp trên")
    RECEIVE = "receive", _("Tiếp nhận hồ sơ")
    APPRAISE = "appraise", _("Đưa ra Hội đồng TĐKT xét")
    BACK_TO_REVIEW = "back_to_review", _("Trả về Thường trực thẩm định")
    VOTE = "vote", _("Ghi kết quả biểu quyết của Hội đồng")
    CONCLUDE = "conclude", _("Hội đồng kết luận, trình cấp có thẩm quyền")
    RETURN = "return", _("Trả lại đơn vị gửi")
    RESUBMIT = "resubmit", _("Gửi lại sau khi bổ sung")
    FORWARD = "forward", _("Chuyển lên cấp trên")
    DECIDE = "decide", _("Quyết định khen thưởng")


class BatchStatusLog(models.Model):
    """One move of a proposal (17.2, like the peer's trạng thái hồ sơ): who, in which unit, from → to, why, when."""

    batch = models.ForeignKey(ProposalBatch, on_delete=models.CASCADE, related_name="log")
    action = models.CharField(_("thao tác"), max_length=16, choices=BatchAction.choices)
    from_status = models.CharField(
        _("từ trạng thái"), max_length=16, choices=ProposalStatus.choices, blank=True, default=""
    )
    to_status = models.CharField(_("sang trạng thái"), max_length=16, choices=ProposalStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=150, blank=True, default="")
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("lý do, ghi chú"), blank=True, default="")
    related_batch = models.ForeignKey(
        ProposalBatch,
        verbose_name=_("đề nghị liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("nhật ký trạng thái đề nghị")
        verbose_name_plural = _("nhật ký trạng thái đề nghị")
        ordering = ["batch_id", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.from_status or '—'} → {self.to_status}"


class OverrideRule(models.TextChoices):
    """Criteria that may be recorded by hand when the year's records cannot show them (R9, R10)."""

    FLAG_STANDARD = "flag_standard", _("Đạt tiêu chuẩn Cờ thi đua Bộ Công an")
    LEADS_CLUSTER = "leads_cluster", _("Đơn vị dẫn đầu cụm thi đua")


class CriterionOverride(TimeStampedModel):
    """A tick box of the proposal form as a recorded exception (issue 17.8): what is asserted, why, by
    whom, and the second person who approved it. The engine counts it only once approved; the year's
    records (a Cờ BCA result, the cluster's suy tôn ballot or locked ranking) come first."""

    candidate = models.ForeignKey(ProposalCandidate, on_delete=models.CASCADE, related_name="overrides")
    rule_key = models.CharField(_("tiêu chuẩn"), max_length=20, choices=OverrideRule.choices)
    reason = models.TextField(_("lý do ghi nhận"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("ghi nhận ngoại lệ tiêu chuẩn")
        verbose_name_plural = _("ghi nhận ngoại lệ tiêu chuẩn")
        ordering = ["candidate_id", "rule_key"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "rule_key"], name="criterion_override_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_key_display()} – {self.candidate}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


# -- decisions and records -------------------------------------------------------------------------


class Decision(TimeStampedModel):
    """An award decision (quyết định khen thưởng) with its list of awards."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    signed_on = models.DateField(_("ngày ký"))
    signed_on_precision = precision_field(_("ngày ký biết đến"))  # 16.3: "tháng 11/2017"
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150)
    authority = models.CharField(_("cơ quan, người có thẩm quyền"), max_length=160)
    issuer = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_decisions",
    )
    summary = models.CharField(_("trích yếu"), max_length=255)
    batch = models.ForeignKey(
        ProposalBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    track = models.CharField(_("loại hình"), max_length=16, choices=Track.choices, default=Track.REGULAR)
    publish_from = models.DateField(_("công khai từ ngày"), null=True, blank=True)
    publish_until = models.DateField(_("công khai đến ngày"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-signed_on", "number"]
        constraints = [models.UniqueConstraint(fields=["number", "authority"], name="decision_number_unique")]

    signed_known = known_date_property("signed_on", "signed_on_precision")

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_known.short()})"

    def is_published_on(self, day: datetime.date) -> bool:
        return bool(
            self.publish_from and self.publish_until and self.publish_from <= day <= self.publish_until
        )


def _attachment_path(instance: "DecisionAttachment", filename: str) -> str:
    """A random stored name: the original name is kept in the row, never used as a path."""
    extension = os.path.splitext(filename)[1].lower()
    return f"awards/decisions/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"


class DecisionAttachment(TimeStampedModel):
    """The signed decision (scan) or an annex; `is_public` ones are shown on the public page."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("tên tệp"), max_length=200)
    file = models.FileField(_("tệp"), upload_to=_attachment_path)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    is_public = models.BooleanField(_("công khai cùng quyết định"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tệp đính kèm quyết định")
        verbose_name_plural = _("tệp đính kèm quyết định")

    def __str__(self) -> str:
        return self.title


class Annulment(TimeStampedModel):
    """R13 (L2022 Ch. VII): a whole decision or single award records annulled — the reason, the legal basis
    (the annulling decision and its clause), and what was recovered (artefacts, money). Statistics leave the
    annulled records out from `annulled_on` (reports for an earlier date still count them)."""

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định bị hủy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annulments",
        help_text=_("Để trống khi chỉ hủy một số khen thưởng"),
    )
    is_whole_decision = models.BooleanField(_("hủy toàn bộ quyết định"), default=False)
    annulled_on = models.DateField(_("ngày hủy"))
    reason = models.TextField(_("lý do hủy"))
    legal_basis = models.CharField(_("căn cứ pháp lý (số quyết định hủy, điều khoản)"), max_length=255)
    artefacts_recovered = models.BooleanField(_("đã thu hồi hiện vật (bằng, cờ, huy hiệu)"), default=False)
    money_recovered = models.DecimalField(
        _("số tiền thưởng đã thu hồi (đồng)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    recovery_note = models.TextField(_("ghi chú thu hồi"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hủy khen thưởng")
        verbose_name_plural = _("hủy khen thưởng")
        ordering = ["-annulled_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.legal_basis} ({self.annulled_on:%d/%m/%Y})"


class RecordSource(models.TextChoices):
    DECISION = "decision", _("Từ quyết định")
    IMPORT = "import", _("Nhập từ Excel")
    MANUAL = "manual", _("Nhập tay")


class AwardRecord(models.Model):
    """One award received (a line of the award history), by a collective (person empty) or an individual.

    `recipient_key` is the recipient name's identity (`core.text.name_key`: NFC, case-folded, tone
    marks kept); with award type, year, unit and decision number it makes a record unique
    (duplicates are refused on import).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="records")
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    recipient_kind = models.CharField(_("đối tượng"), max_length=12, choices=RecipientKind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="award_records"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="award_records"
    )
    recipient_name = models.CharField(_("tên tập thể / họ tên"), max_length=255)
    recipient_key = models.CharField(max_length=255, editable=False)
    rank = models.CharField(_("cấp bậc"), max_length=80, blank=True, default="")
    position = models.CharField(_("chức vụ"), max_length=150, blank=True, default="")
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True, default="")
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    authority = models.CharField(_("cấp quyết định"), max_length=160, blank=True, default="")
    track = models.CharField(_("loại hình"), max_length=16, choices=Track.choices, default=Track.REGULAR)
    achievement = models.TextField(_("thành tích"), blank=True, default="")
    achievement_key = models.CharField(max_length=255, blank=True, default="", editable=False)
    candidate = models.OneToOneField(
        ProposalCandidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="award_record"
    )
    source = models.CharField(
        _("nguồn"), max_length=10, choices=RecordSource.choices, default=RecordSource.MANUAL
    )
    import_job = models.ForeignKey(
        "ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    annulment = models.ForeignKey(
        Annulment, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True, default="")
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("lịch sử khen thưởng")
        ordering = ["-year", "award_type_id", "recipient_name"]
        indexes = [
            models.Index(fields=["unit", "year"], name="award_record_unit_year"),
            models.Index(fields=["person", "year"], name="award_record_person_year"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["award_type", "year", "unit", "recipient_key", "decision_number"],
                name="award_record_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} – {self.award_type} {self.year}"

    def save(self, *args, **kwargs) -> None:
        self.recipient_name = nfc(self.recipient_name)
        self.decision_number = clean_code(self.decision_number, field="decision_number")
        self.recipient_key = recipient_key(self.recipient_name)
        self.achievement_key = achievement_key(self.achievement)
        super().save(*args, **kwargs)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None


class AwardCount(models.Model):
    """Awards a paper gives only as a number ("10 tập thể, 33 cá nhân được tặng Giấy khen"), for a unit or
    for a cluster term as a whole, one award type and one year (16.8).

    The paper is `decision` (registered) or its number/date/signer typed as given; a historical count may
    have none of them but then names its `source` (the report it was read from). Statistics count it like
    named records: `count` is the paper's figure, and named records of the same paper (same decision
    number, award type and year, in the count's unit or the term's members) are counted by name, so the
    count adds only the unnamed remainder (`count` − named, never below 0). `count` ≥ named is checked when
    the count is written.
    """

    named: int  # named records of the same paper, set by statistics.counts_in_scope (not stored)
    remainder: int  # what the count adds to them, set by statistics.counts_in_scope (not stored)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="counts")
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    recipient_kind = models.CharField(_("đối tượng"), max_length=12, choices=RecipientKind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_counts",
    )
    cluster_term = models.ForeignKey(
        ClusterTerm,
        verbose_name=_("cụm, khối (năm)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_counts",
    )
    count = models.PositiveIntegerField(_("số lượng"))
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="counts"
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True, default="")
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_date_precision = precision_field(_("ngày quyết định biết đến"))  # "tháng 11/2017", "năm 2019"
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True, default="")
    authority = models.CharField(
        _("cấp quyết định (ghi trên văn bản)"), max_length=160, blank=True, default=""
    )
    source = models.CharField(
        _("văn bản nguồn"),
        max_length=255,
        blank=True,
        default="",
        help_text=_("Báo cáo, quyết định hoặc bài viết nêu số lượng này"),
    )
    track = models.CharField(_("loại hình"), max_length=16, choices=Track.choices, default=Track.REGULAR)
    note = models.TextField(_("ghi chú"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("khen thưởng theo số lượng")
        verbose_name_plural = _("khen thưởng theo số lượng (không có danh sách)")
        ordering = ["-year", "award_type_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, cluster_term__isnull=True)
                | Q(unit__isnull=True, cluster_term__isnull=False),
                name="award_count_unit_or_term",
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="award_count_positive"),
            models.UniqueConstraint(
                fields=["award_type", "year", "unit", "decision_number"],
                condition=Q(unit__isnull=False),
                name="award_count_unique_unit",
            ),
            models.UniqueConstraint(
                fields=["award_type", "year", "cluster_term", "decision_number"],
                condition=Q(cluster_term__isnull=False),
                name="award_count_unique_term",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} {self.get_recipient_kind_display().lower()} {self.award_type} {self.year}"

    def save(self, *args, **kwargs) -> None:
        self.decision_number = clean_code(self.decision_number, field="decision_number")
        self.source, self.signer_name, self.authority = (
            nfc(self.source),
            nfc(self.signer_name),
            nfc(self.authority),
        )
        super().save(*args, **kwargs)

    decision_known = known_date_property("decision_date", "decision_date_precision")

    @property
    def holder_name(self) -> str:
        if self.cluster_term is not None:
            return self.cluster_term.display_name
        return self.unit.name if self.unit else ""


def recipient_key(name: str) -> str:
    """Who received it, for the uniqueness rule: tone marks kept (Hùng ≠ Hưng), case and NFC/NFD not."""
    return name_key(name)[:255]


def achievement_key(text: str) -> str:
    return fold(text)[:255]


class Achievement(NamedTuple):
    """What R12 compares (issue 17.9): ("source", content type, id) when the achievement cites its source
    record, else ("text", name_key of the text) — tone marks kept, never the folded text."""

    key: tuple
    candidate_id: int | None
    has_source: bool


def _ballot_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_by_natural_key("voting", "ballot").pk


def achievement_of(
    text: str,
    source_type_id: int | None = None,
    source_id: int | None = None,
    ballot_id: int | None = None,
    candidate_id: int | None = None,
) -> Achievement:
    if source_type_id and source_id:
        return Achievement(("source", source_type_id, source_id), candidate_id, True)
    if ballot_id:
        return Achievement(("source", _ballot_type_id(), ballot_id), candidate_id, True)
    key = name_key(" ".join((text or "").split()))[:255]
    return Achievement(("text", key) if key else (), candidate_id, False)


# -- imports ---------------------------------------------------------------------------------------


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xử lý")
    VALIDATING = "validating", _("Đang kiểm tra")
    SAVING = "saving", _("Đang ghi")
    PREVIEW = "preview", _("Chờ xác nhận tạo cán bộ mới")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Có lỗi, không ghi dòng nào")
    CANCELLED = "cancelled", _("Đã hủy, không ghi dòng nào")


class ImportJob(TimeStampedModel):
    """An uploaded commendation list and the progress/result of its import (all or nothing)."""

    file = models.FileField(_("tệp"), upload_to="awards/imports/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    scope = models.ForeignKey(
        Unit, verbose_name=_("phạm vi đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    # a worker beats while it runs; a job without a beat for THIDUA_IMPORT_STALE_MINUTES is failed
    heartbeat_at = models.DateTimeField(_("tín hiệu xử lý lúc"), null=True, blank=True)
    attempt = models.PositiveIntegerField(_("lần chạy"), default=1)
    is_interrupted = models.BooleanField(_("bị gián đoạn"), default=False)
    # 16.9: people of the list not found by name + unit wait for confirmation before they are created
    confirm_new_people = models.BooleanField(
        _("liệt kê cán bộ mới để xác nhận"),
        default=False,
        help_text=_("Không chọn: khen thưởng cá nhân chưa có hồ sơ được ghi theo tên, không gắn hồ sơ"),
    )
    new_people = models.JSONField(_("cán bộ mới sẽ tạo"), default=list, blank=True)
    new_people_count = models.PositiveIntegerField(default=0)
    people_confirmed = models.BooleanField(_("đã xác nhận tạo cán bộ mới"), default=False)
    people_created = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lượt nhập Excel")
        verbose_name_plural = _("lượt nhập Excel")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(self.rows_done * 100 / self.rows_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.CANCELLED)

    @property
    def is_waiting(self) -> bool:
        """Validated, waiting for someone to confirm the new people (nothing runs meanwhile)."""
        return self.status == ImportStatus.PREVIEW

    @property
    def can_retry(self) -> bool:
        """Interrupted (no heartbeat), not refused for its content: running it again may succeed."""
        return self.status == ImportStatus.FAILED and self.is_interrupted

    def translated_errors(self) -> list[dict]:
        """The stored errors with each message in the active language.

        An error keeps its Vietnamese `message` and, when translatable, the source `text` and `params`.
        """
        return [
            {**error, "message": gettext(error["text"]).format(**error.get("params", {}))}
            if error.get("text")
            else error
            for error in self.errors
        ]


# -- statutory statistics forms --------------------------------------------------------------------


class StatForm(models.Model):
    """A statutory yearly statistics form (e.g. "0702.N/BNV-TĐKT"), its layout tied to its circular.

    `layout` = {"rows": [{"code": "02", "label": …, "match": {"state_kind": [...]} | {"award": [...]}}],
    "columns": [...], "position_classes": [...]} — read by `statistics.statutory_form`.
    """

    code = models.CharField(_("biểu số"), max_length=40)
    legal_basis = models.ForeignKey(LegalBasis, on_delete=models.PROTECT, related_name="stat_forms")
    title = models.CharField(_("tên biểu"), max_length=255)
    layout = models.JSONField(default=dict)
    is_verified = models.BooleanField(_("đã kiểm chứng"), default=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("biểu thống kê")
        verbose_name_plural = _("biểu thống kê")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code", "legal_basis"], name="stat_form_unique")]

    def __str__(self) -> str:
        return f"{self.code} ({self.legal_basis})"
