"""Emulation cycle: movements, periods, covenants (criteria tree), target registration, period
reports with evidence, and the registry of models & initiatives.

Glossary: Movement = phong trào thi đua; EmulationPeriod = kỳ báo cáo (quý, sơ kết, tổng kết);
Covenant = giao ước thi đua; Criterion = tiêu chí / chỉ tiêu chấm điểm; TargetRegistration =
bản đăng ký chỉ tiêu thi đua; PeriodReport = báo cáo kỳ; ModelInitiative = mô hình, sáng kiến.
"""

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.dates import known_date_property, precision_field
from thidua.core.models import StatusFlow, TimeStampedModel
from thidua.core.text import fold
from thidua.core.versioning import Versioned
from thidua.organisation.models import ClusterTerm, Unit

# -- movements & periods -------------------------------------------------------------------------


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Phong trào thường xuyên")
    SPECIAL = "special", _("Phong trào thi đua đặc biệt, chuyên đề")
    PEAK = "peak", _("Đợt thi đua cao điểm")
    PROJECT = "project", _("Thi đua thực hiện đề án, dự án")


class Movement(TimeStampedModel):
    """A movement: the regular "Vì an ninh Tổ quốc" or a special / peak campaign."""

    kind = models.CharField(_("loại phong trào"), max_length=16, choices=MovementKind.choices)
    name = models.CharField(_("tên phong trào"), max_length=255)
    slogan = models.CharField(_("khẩu hiệu hành động"), max_length=255, blank=True)
    owner = models.ForeignKey(
        Unit, verbose_name=_("cơ quan phát động"), on_delete=models.PROTECT, related_name="movements"
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    description = models.TextField(_("nội dung"), blank=True)
    reference = models.CharField(_("căn cứ (kế hoạch, chỉ thị)"), max_length=255, blank=True)
    units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị áp dụng"), blank=True, related_name="applied_movements"
    )
    terms = models.ManyToManyField(
        ClusterTerm, verbose_name=_("cụm áp dụng"), blank=True, related_name="movements"
    )

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="movement_dates_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half_year", _("Sơ kết 6 tháng")
    NINE_MONTHS = "nine_months", _("Sơ kết 9 tháng")
    YEAR = "year", _("Tổng kết năm")


# Share of the year a period covers: targets are pro-rated with it (values are cumulative).
PERIOD_MONTHS = {
    PeriodKind.HALF_YEAR: 6,
    PeriodKind.NINE_MONTHS: 9,
    PeriodKind.YEAR: 12,
}


class EmulationPeriod(TimeStampedModel):
    """A reporting period of an owner's emulation year (configurable per owner)."""

    due_date: datetime.date  # a term's deadline, set on periods read through emulation.selectors.periods

    owner = models.ForeignKey(
        Unit, verbose_name=_("cơ quan quản lý"), on_delete=models.PROTECT, related_name="emulation_periods"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại kỳ"), max_length=16, choices=PeriodKind.choices)
    number = models.PositiveSmallIntegerField(
        _("số thứ tự"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    default_deadline = models.DateField(_("hạn báo cáo"))

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["owner_id", "year", "end_date", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "year", "kind", "number"], name="period_unique"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="period_dates_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.owner.display_name})"

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.QUARTER:
            return f"Quý {self.number}/{self.year}"
        return f"{self.get_kind_display()} {self.year}"

    @property
    def months(self) -> int:
        """Months of the year covered from 1 January to the end of this period."""
        if self.kind == PeriodKind.QUARTER:
            return 3 * self.number
        return PERIOD_MONTHS[PeriodKind(self.kind)]

    @property
    def year_fraction(self) -> Decimal:
        return Decimal(self.months) / Decimal(12)


class PeriodDeadline(models.Model):
    """A cluster term's own reporting deadline for a period (overrides `default_deadline`)."""

    term = models.ForeignKey(ClusterTerm, on_delete=models.CASCADE, related_name="period_deadlines")
    period = models.ForeignKey(EmulationPeriod, on_delete=models.CASCADE, related_name="deadlines")
    due_date = models.DateField(_("hạn báo cáo"))

    class Meta:
        verbose_name = _("hạn báo cáo của cụm")
        verbose_name_plural = _("hạn báo cáo của cụm")
        constraints = [models.UniqueConstraint(fields=["term", "period"], name="period_deadline_unique")]

    def __str__(self) -> str:
        return f"{self.term} · {self.period.label}: {self.due_date:%d/%m/%Y}"


# -- covenant ------------------------------------------------------------------------------------


class CovenantStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SIGNED = "signed", _("Đã ký kết")


class CovenantScale(models.TextChoices):
    """Whether the covenant scores its criteria (thang điểm) or, as many papers record it, only states
    its slogan, content groups and targets (16.5: a qualitative covenant is still a signed covenant)."""

    POINTS = "points", _("Có thang điểm (chấm điểm từng tiêu chí)")
    QUALITATIVE = "qualitative", _("Không có thang điểm (giao ước định tính)")


class Covenant(Versioned, TimeStampedModel):
    """The emulation covenant (giao ước thi đua) of one cluster term. Locked once signed."""

    term = models.OneToOneField(ClusterTerm, on_delete=models.PROTECT, related_name="covenant")
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("phong trào"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="covenants",
    )
    slogan = models.CharField(_("khẩu hiệu"), max_length=255, blank=True)
    signed_on = models.DateField(_("ngày ký kết"), null=True, blank=True)
    signed_at_place = models.CharField(_("địa điểm ký kết"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=CovenantStatus.choices, default=CovenantStatus.DRAFT
    )
    total_points = models.DecimalField(_("tổng điểm"), max_digits=7, decimal_places=2, default=Decimal("100"))
    scale = models.CharField(
        _("thang điểm"), max_length=12, choices=CovenantScale.choices, default=CovenantScale.POINTS
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")
        ordering = ["-term__year"]

    def __str__(self) -> str:
        return f"Giao ước thi đua {self.term}"

    @property
    def is_signed(self) -> bool:
        return self.status == CovenantStatus.SIGNED

    @property
    def is_qualitative(self) -> bool:
        return self.scale == CovenantScale.QUALITATIVE


class CovenantDocumentKind(models.TextChoices):
    OPERATING_RULES = "operating_rules", _("Quy chế hoạt động của Cụm")
    SCORING_METHOD = "scoring_method", _("Tiêu chí, thang điểm, phương pháp chấm điểm")
    PLAN = "plan", _("Kế hoạch hoạt động của Cụm")
    COVENANT_TEXT = "covenant_text", _("Bản giao ước thi đua")
    OTHER = "other", _("Văn bản khác")


def covenant_document_upload_to(instance: "CovenantDocument", filename: str) -> str:
    """A random stored name (never the uploader's), keeping only the checked extension."""
    return f"covenants/{datetime.date.today():%Y}/{secrets.token_hex(16)}{instance.extension}"


class CovenantDocument(TimeStampedModel):
    """A paper adopted with the covenant (quy chế hoạt động, phương pháp chấm điểm…) and the date it
    was adopted, as far as it is known (16.5). The file is optional: a paper known only by its title
    and date is recorded as such. Downloaded through `emulation:covenant_document` only."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=CovenantDocumentKind.choices)
    title = models.CharField(_("tên văn bản"), max_length=255)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    adopted_on = models.DateField(_("ngày thông qua"))
    adopted_on_precision = precision_field(_("ngày thông qua biết đến"))
    file = models.FileField(_("tệp"), upload_to=covenant_document_upload_to, max_length=255, blank=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    content_type = models.CharField(_("kiểu tệp"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    extension = models.CharField(max_length=10, editable=False, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("văn bản kèm giao ước")
        verbose_name_plural = _("văn bản kèm giao ước")
        ordering = ["covenant_id", "adopted_on", "pk"]

    adopted_known = known_date_property("adopted_on", "adopted_on_precision")

    def __str__(self) -> str:
        return self.title


class CovenantSignatory(models.Model):
    """A member unit signing the covenant (the unit's head signs)."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="signatories")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_position = models.CharField(_("chức vụ"), max_length=160, blank=True)
    signed = models.BooleanField(_("đã ký"), default=False)

    class Meta:
        verbose_name = _("đơn vị ký giao ước")
        verbose_name_plural = _("đơn vị ký giao ước")
        ordering = ["covenant_id", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["covenant", "unit"], name="covenant_signatory_unique")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.signer_name}"


class CovenantAmendment(models.Model):
    """A recorded change to a signed covenant: who, when, why, and the values before/after."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="amendments")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    reason = models.TextField(_("lý do sửa đổi"))
    target_kind = models.CharField(_("đối tượng"), max_length=32)  # covenant / group / criterion / rule
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    before = models.JSONField(_("trước"), default=dict, blank=True)
    after = models.JSONField(_("sau"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sửa đổi giao ước")
        verbose_name_plural = _("sửa đổi giao ước")
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.covenant} · {self.made_at:%d/%m/%Y}"


class CriteriaGroup(models.Model):
    """A content group (nội dung thi đua) of the covenant's criteria tree."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="groups")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã"), max_length=20)
    title = models.CharField(_("nội dung"), max_length=255)

    class Meta:
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")
        ordering = ["covenant_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["covenant", "code"], name="criteria_group_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class CriterionMethod(models.TextChoices):
    TARGET = "target", _("Theo chỉ tiêu đăng ký")
    YES_NO = "yes_no", _("Đạt / không đạt")
    MANUAL = "manual", _("Đánh giá, chấm trực tiếp")
    COUNT = "count", _("Đếm số lượng")


class Criterion(models.Model):
    """A criterion (tiêu chí, chỉ tiêu) with its maximum points and how it is measured.

    For `target` criteria the score is `max_points × min(achievement, cap_ratio)` where
    achievement is actual/target (higher is better) or target/actual (lower is better);
    `count` criteria give `points_per_item` per item up to `max_points`.
    """

    group = models.ForeignKey(CriteriaGroup, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã"), max_length=20)
    title = models.CharField(_("tiêu chí"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=7, decimal_places=2)
    method = models.CharField(_("cách chấm"), max_length=16, choices=CriterionMethod.choices)
    reference = models.CharField(_("căn cứ (văn bản, chỉ thị)"), max_length=500, blank=True)
    cap_ratio = models.DecimalField(
        _("tỷ lệ vượt tối đa được tính"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        help_text=_("Với tiêu chí theo chỉ tiêu: mức hoàn thành tối đa được tính điểm (1,00 = 100 %)."),
    )
    points_per_item = models.DecimalField(
        _("điểm mỗi đơn vị đếm"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    formula_hint = models.CharField(_("hướng dẫn chấm"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["group__order", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class RuleKind(models.TextChoices):
    BONUS = "bonus", _("Điểm thưởng")
    PENALTY = "penalty", _("Điểm trừ")


class BonusPenaltyRule(models.Model):
    """A bonus (+) or penalty (−) rule of the covenant; `cap` limits the total per unit."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("loại"), max_length=16, choices=RuleKind.choices)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("nội dung"), max_length=500)
    points = models.DecimalField(_("điểm mỗi lần"), max_digits=7, decimal_places=2)
    cap = models.DecimalField(_("tối đa"), max_digits=7, decimal_places=2, null=True, blank=True)
    reference = models.CharField(_("căn cứ"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("điểm thưởng / điểm trừ")
        verbose_name_plural = _("điểm thưởng / điểm trừ")
        ordering = ["covenant_id", "kind", "order", "pk"]

    def __str__(self) -> str:
        sign = "+" if self.kind == RuleKind.BONUS else "−"
        return f"{sign}{self.points} {self.title}"


# -- submissions (targets, reports) --------------------------------------------------------------


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ lãnh đạo duyệt")
    APPROVED = "approved", _("Lãnh đạo đơn vị đã duyệt")
    ACCEPTED = "accepted", _("Cụm trưởng đã tiếp nhận")
    RETURNED = "returned", _("Bị trả lại")


# status -> statuses it may move to (one table for registrations and reports)
SUBMISSION_TRANSITIONS: dict[str, frozenset[str]] = {
    SubmissionStatus.DRAFT: frozenset({SubmissionStatus.SUBMITTED}),
    SubmissionStatus.SUBMITTED: frozenset({SubmissionStatus.APPROVED, SubmissionStatus.RETURNED}),
    SubmissionStatus.APPROVED: frozenset({SubmissionStatus.ACCEPTED, SubmissionStatus.RETURNED}),
    SubmissionStatus.ACCEPTED: frozenset({SubmissionStatus.RETURNED}),
    SubmissionStatus.RETURNED: frozenset({SubmissionStatus.SUBMITTED}),
}
EDITABLE_STATUSES = frozenset({SubmissionStatus.DRAFT, SubmissionStatus.RETURNED})


class Submission(StatusFlow, TimeStampedModel):
    """Shared workflow columns: officer submits, unit leader approves, cluster staff accept/return."""

    TRANSITIONS = SUBMISSION_TRANSITIONS

    status = models.CharField(
        _("trạng thái"), max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class TargetRegistration(Submission):
    """A unit's registration of emulation targets (bản đăng ký chỉ tiêu thi đua) for a term."""

    term = models.ForeignKey(ClusterTerm, on_delete=models.PROTECT, related_name="target_registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="target_registrations")
    registered_title = models.CharField(_("danh hiệu đăng ký"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đăng ký chỉ tiêu thi đua")
        verbose_name_plural = _("đăng ký chỉ tiêu thi đua")
        ordering = ["term_id", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["term", "unit"], name="target_registration_unique")]

    def __str__(self) -> str:
        return f"Đăng ký chỉ tiêu {self.unit} – {self.term.year}"


class Direction(models.TextChoices):
    HIGHER = "higher", _("Càng cao càng tốt")
    LOWER = "lower", _("Càng thấp càng tốt")


class Measure(models.TextChoices):
    CUMULATIVE = "cumulative", _("Cộng dồn (phân bổ theo kỳ)")
    LEVEL = "level", _("Tỷ lệ / mức (không phân bổ)")


class Target(Versioned):
    """One registered target. Reported values are cumulative from 1 January (lũy kế) for
    `cumulative` targets, so the period's expected value is the target pro-rated; `level`
    targets (rates, percentages) are compared to the full target each period."""

    registration = models.ForeignKey(TargetRegistration, on_delete=models.CASCADE, related_name="targets")
    criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.SET_NULL, related_name="targets"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    indicator = models.CharField(_("chỉ tiêu"), max_length=500)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=60)
    direction = models.CharField(
        _("chiều đánh giá"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    measure = models.CharField(
        _("cách tính"), max_length=12, choices=Measure.choices, default=Measure.CUMULATIVE
    )
    target_value = models.DecimalField(_("chỉ tiêu đăng ký"), max_digits=14, decimal_places=2)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["registration_id", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.target_value} {self.unit_of_measure}"


class PeriodReport(Versioned, Submission):
    """A unit's report for one period: actual values per target, narratives, evidence."""

    term = models.ForeignKey(ClusterTerm, on_delete=models.PROTECT, related_name="period_reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="period_reports")
    period = models.ForeignKey(EmulationPeriod, on_delete=models.PROTECT, related_name="reports")
    due_date = models.DateField(_("hạn báo cáo"), null=True, blank=True)
    is_late = models.BooleanField(_("nộp muộn"), default=False)
    narrative_professional = models.TextField(_("Công tác chuyên môn"), blank=True)
    narrative_emulation = models.TextField(_("Công tác thi đua – khen thưởng"), blank=True)
    narrative_force_building = models.TextField(_("Xây dựng lực lượng, hậu cần – kỹ thuật"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo kỳ")
        verbose_name_plural = _("báo cáo kỳ")
        ordering = ["term_id", "period__end_date", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["term", "unit", "period"], name="period_report_unique")
        ]

    def __str__(self) -> str:
        return f"Báo cáo {self.period.label} – {self.unit}"


class ReportValue(models.Model):
    """The actual value (cumulative from 1 January for cumulative targets) of a target in a report."""

    report = models.ForeignKey(PeriodReport, on_delete=models.CASCADE, related_name="values")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="report_values")
    actual_value = models.DecimalField(_("kết quả thực hiện"), max_digits=14, decimal_places=2)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả chỉ tiêu")
        verbose_name_plural = _("kết quả chỉ tiêu")
        constraints = [models.UniqueConstraint(fields=["report", "target"], name="report_value_unique")]

    def __str__(self) -> str:
        return f"{self.target.indicator}: {self.actual_value}"


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    """A random stored name (never the user's), keeping only a whitelisted extension."""
    extension = instance.extension
    today = datetime.date.today()
    return f"evidence/{today:%Y/%m}/{secrets.token_hex(16)}{extension}"


class Evidence(models.Model):
    """An evidence file attached to a period report."""

    report = models.ForeignKey(PeriodReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("kiểu tệp"), max_length=120)
    extension = models.CharField(max_length=10, editable=False, default="")
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["report_id", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


# -- models & initiatives ------------------------------------------------------------------------


class InitiativeKind(models.TextChoices):
    MODEL = "model", _("Mô hình")
    INITIATIVE = "initiative", _("Sáng kiến")
    WORK = "work", _("Công trình")
    TASK = "task", _("Phần việc")
    EXEMPLAR = "exemplar", _("Điển hình tiên tiến")


class ModelInitiative(TimeStampedModel):
    """A named model, initiative, work, task or exemplar (mô hình, sáng kiến, điển hình tiên tiến)."""

    kind = models.CharField(_("loại"), max_length=16, choices=InitiativeKind.choices)
    name = models.CharField(_("tên"), max_length=255)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="initiatives"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    period = models.ForeignKey(
        EmulationPeriod,
        verbose_name=_("kỳ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("phong trào"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    description = models.TextField(_("mô tả"), blank=True)
    results = models.TextField(_("kết quả, hiệu quả"), blank=True)
    replicated_to = models.ManyToManyField(
        Unit, verbose_name=_("nhân rộng tại"), blank=True, related_name="replicated_initiatives"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_key = models.CharField(max_length=1000, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("mô hình, sáng kiến")
        verbose_name_plural = _("mô hình, sáng kiến")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_key = fold(f"{self.name} {self.get_kind_display()}")[:1000]
        super().save(*args, **kwargs)


# -- results the papers count (16.7) ---------------------------------------------------------------------


class ResultMeasure(models.TextChoices):
    MONEY = "money", _("Tiền đóng góp, ủng hộ")
    HOUSES = "houses", _("Nhà xây tặng")
    GIFTS = "gifts", _("Quà tặng")
    PEOPLE_HELPED = "people_helped", _("Người được giúp đỡ, hỗ trợ")
    RATE = "rate", _("Tỷ lệ")
    VERSUS_TARGET = "versus_target", _("Vượt so với chỉ tiêu được giao")
    OTHER = "other", _("Kết quả khác")


# The unit a measure is counted in when the paper names none.
MEASURE_UNITS = {
    ResultMeasure.MONEY: "đồng",
    ResultMeasure.HOUSES: "căn",
    ResultMeasure.GIFTS: "suất quà",
    ResultMeasure.PEOPLE_HELPED: "người",
    ResultMeasure.RATE: "%",
    ResultMeasure.VERSUS_TARGET: "%",
}


class ResultQualifier(models.TextChoices):
    """How exact the paper's figure is: "gần 95 %" is stored as 95 + approximate, never as 95."""

    EXACT = "exact", _("đúng bằng")
    APPROXIMATE = "approximate", _("gần")
    ABOUT = "about", _("khoảng")
    MORE_THAN = "more_than", _("trên")
    LESS_THAN = "less_than", _("dưới")


QUALIFIER_WORDS = {
    ResultQualifier.EXACT: "",
    ResultQualifier.APPROXIMATE: "gần",
    ResultQualifier.ABOUT: "khoảng",
    ResultQualifier.MORE_THAN: "trên",
    ResultQualifier.LESS_THAN: "dưới",
}


class TermResult(TimeStampedModel):
    """A quantitative result a paper states for one member unit or for the cluster as a whole (unit
    empty): money contributed, houses built, gifts, people helped, a rate, or a figure against the
    target given by the Ministry ("vượt 15,63 % so với chỉ tiêu Bộ giao"). The figure keeps the
    paper's precision and its qualifier ("gần 95 %")."""

    term = models.ForeignKey(ClusterTerm, on_delete=models.PROTECT, related_name="results")
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị (để trống: cả cụm)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    measure = models.CharField(_("loại kết quả"), max_length=16, choices=ResultMeasure.choices)
    label = models.CharField(_("nội dung"), max_length=255)
    value = models.DecimalField(_("số liệu"), max_digits=18, decimal_places=2)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    qualifier = models.CharField(
        _("mức chính xác"), max_length=12, choices=ResultQualifier.choices, default=ResultQualifier.EXACT
    )
    target_authority = models.CharField(
        _("chỉ tiêu của"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: Bộ giao (với kết quả so với chỉ tiêu)"),
    )
    period_label = models.CharField(_("thời kỳ"), max_length=120, blank=True)
    source = models.CharField(_("nguồn (văn bản, bài báo)"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kết quả của cụm, đơn vị")
        verbose_name_plural = _("kết quả của cụm, đơn vị")
        ordering = ["term_id", "unit_id", "measure", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="term_result_value_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.figure}"

    @property
    def is_cluster_level(self) -> bool:
        return self.unit_id is None

    @property
    def figure(self) -> str:
        """As the paper says it: "gần 95 %", "1.250.000.000 đồng", "vượt 15,63 % so với chỉ tiêu Bộ giao"."""
        from thidua.core.text import number

        amount = number(self.value)
        unit = self.unit_of_measure or MEASURE_UNITS.get(ResultMeasure(self.measure), "")
        shown = f"{amount} {unit}".strip() if unit != "%" else f"{amount} %"
        word = QUALIFIER_WORDS.get(ResultQualifier(self.qualifier), "")
        if self.measure == ResultMeasure.VERSUS_TARGET:
            target = f" so với chỉ tiêu {self.target_authority}".rstrip()
            return f"vượt {word + ' ' if word else ''}{shown}{target}"
        return f"{word} {shown}".strip()
