"""Scoring of units per cluster term × period: score sheets and lines, bonus/penalty adjustments,
cross-inspection (kiểm tra chéo), comments, period locks, and the owner's scoring configuration.

Glossary: ScoreSheet = bảng điểm của một đơn vị trong một kỳ; ScoreLine = điểm một tiêu chí;
Adjustment = điểm thưởng / điểm trừ; CrossInspection = phân công kiểm tra chéo;
CrossInspectionRecord = biên bản kiểm tra chéo; PeriodLock = khóa điểm của kỳ.

A sheet keeps its totals (criteria, bonus, penalty, total) and its last computed rank and band
denormalised, refreshed by the services on every write, so the leaderboard and the history of a
unit read one row per unit; every change of a score row is audited by simple_history.
"""

import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.models import TimeStampedModel
from thidua.core.versioning import Versioned
from thidua.emulation.models import BonusPenaltyRule, Criterion, EmulationPeriod
from thidua.organisation.models import ClusterTerm, Unit

from . import rules

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class _Points(TypedDict):
    max_digits: int
    decimal_places: int


POINTS: _Points = {"max_digits": 8, "decimal_places": 2}


class BandChoice(models.TextChoices):
    EXCELLENT = rules.Band.EXCELLENT.value, _("Xuất sắc")
    GOOD = rules.Band.GOOD.value, _("Tốt")
    FAIR = rules.Band.FAIR.value, _("Khá")
    AVERAGE = rules.Band.AVERAGE.value, _("Trung bình")
    WEAK = rules.Band.WEAK.value, _("Yếu")


class TargetFormula(models.TextChoices):
    PROPORTIONAL = rules.Formula.PROPORTIONAL.value, _("Tỷ lệ theo mức đạt chỉ tiêu")
    ALL_OR_NOTHING = rules.Formula.ALL_OR_NOTHING.value, _("Đạt chỉ tiêu mới được điểm")


class ScoringConfig(TimeStampedModel):
    """An owner's scoring settings (DOMAIN.md §5: UNVERIFIED defaults, configurable per owner)."""

    owner = models.OneToOneField(
        Unit, verbose_name=_("cơ quan quản lý"), on_delete=models.CASCADE, related_name="scoring_config"
    )
    threshold_excellent = models.DecimalField(_("ngưỡng Xuất sắc"), default=Decimal("90"), **POINTS)
    threshold_good = models.DecimalField(_("ngưỡng Tốt"), default=Decimal("80"), **POINTS)
    threshold_fair = models.DecimalField(_("ngưỡng Khá"), default=Decimal("65"), **POINTS)
    threshold_average = models.DecimalField(_("ngưỡng Trung bình"), default=Decimal("50"), **POINTS)
    serious_violation_max_band = models.CharField(
        _("xếp loại cao nhất khi có vi phạm nghiêm trọng"),
        max_length=16,
        choices=BandChoice.choices,
        default=BandChoice.GOOD,
    )
    tie_break = models.JSONField(
        _("thứ tự tiêu chí phụ khi bằng điểm"),
        default=list,
        blank=True,
        help_text=_('Ví dụ: ["group:1", "penalty", "penalty_count"]'),
    )
    bonus_cap = models.DecimalField(
        _("điểm thưởng tối đa"), null=True, blank=True, default=Decimal("5"), **POINTS
    )
    penalty_cap = models.DecimalField(
        _("điểm trừ tối đa"), null=True, blank=True, default=Decimal("10"), **POINTS
    )
    target_formula = models.CharField(
        _("cách tính điểm chỉ tiêu"),
        max_length=20,
        choices=TargetFormula.choices,
        default=TargetFormula.PROPORTIONAL,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cấu hình chấm điểm")
        verbose_name_plural = _("cấu hình chấm điểm")

    def __str__(self) -> str:
        return f"Cấu hình chấm điểm – {self.owner}"

    @property
    def thresholds(self) -> dict[rules.Band, Decimal]:
        return {
            rules.Band.EXCELLENT: self.threshold_excellent,
            rules.Band.GOOD: self.threshold_good,
            rules.Band.FAIR: self.threshold_fair,
            rules.Band.AVERAGE: self.threshold_average,
        }

    @property
    def chain(self) -> list[str]:
        return list(self.tie_break) if self.tie_break else list(rules.DEFAULT_TIE_BREAK)

    @property
    def caps(self) -> rules.Caps:
        return rules.Caps(bonus=self.bonus_cap, penalty=self.penalty_cap)

    @property
    def flag_caps(self) -> dict[rules.Flag, rules.Band]:
        return {rules.Flag.SERIOUS_VIOLATION: rules.Band(self.serious_violation_max_band)}


class CapacityChoice(models.TextChoices):
    """In what capacity someone assessed, adjusted or closed a sheet (organisation.access.Capacity)."""

    BOARD = "board", _("Thường trực Hội đồng Thi đua - Khen thưởng")
    LEADER = "leader", _("Đơn vị Cụm trưởng")
    DEPUTY = "deputy", _("Đơn vị Cụm phó (thay đơn vị Cụm trưởng được chấm)")


class _Capacity(TypedDict):
    max_length: int
    choices: "Sequence[tuple[str, StrOrPromise]]"
    blank: bool


CAPACITY: _Capacity = {"max_length": 16, "choices": CapacityChoice.choices, "blank": True}


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chấm")
    SELF_ASSESSED = "self_assessed", _("Đơn vị đã tự chấm")
    ASSESSED = "assessed", _("Cụm đã thẩm định, thống nhất")


class ScoreSheet(TimeStampedModel):
    """One unit's scores in one period of a cluster term, with denormalised totals, rank and band."""

    # term and unit lookups are served by the unique (term, period, unit) and (unit, period) indexes
    term = models.ForeignKey(
        ClusterTerm, on_delete=models.PROTECT, related_name="score_sheets", db_index=False
    )
    period = models.ForeignKey(EmulationPeriod, on_delete=models.PROTECT, related_name="score_sheets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="score_sheets", db_index=False)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    is_locked = models.BooleanField(_("đã khóa"), default=False)
    criteria_total = models.DecimalField(_("điểm tiêu chí"), default=Decimal("0"), **POINTS)
    self_total = models.DecimalField(_("điểm tự chấm"), default=Decimal("0"), **POINTS)
    bonus_raw = models.DecimalField(_("điểm thưởng (chưa giới hạn)"), default=Decimal("0"), **POINTS)
    bonus_points = models.DecimalField(_("điểm thưởng"), default=Decimal("0"), **POINTS)
    penalty_raw = models.DecimalField(_("điểm trừ (chưa giới hạn)"), default=Decimal("0"), **POINTS)
    penalty_points = models.DecimalField(_("điểm trừ"), default=Decimal("0"), **POINTS)
    penalty_count = models.PositiveSmallIntegerField(_("số lần bị trừ điểm"), default=0)
    serious_violation = models.BooleanField(_("có vi phạm nghiêm trọng"), default=False)
    total = models.DecimalField(_("tổng điểm"), default=Decimal("0"), **POINTS)
    rank = models.PositiveSmallIntegerField(_("thứ hạng"), null=True, blank=True)
    band = models.CharField(_("xếp loại"), max_length=16, choices=BandChoice.choices, blank=True)
    self_submitted_at = models.DateTimeField(_("gửi tự chấm lúc"), null=True, blank=True)
    self_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(_("thống nhất lúc"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thống nhất"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessed_as = models.CharField(_("với tư cách"), **CAPACITY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bảng điểm")
        verbose_name_plural = _("bảng điểm")
        ordering = ["term_id", "period_id", "rank", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["term", "period", "unit"], name="score_sheet_unique"),
        ]
        indexes = [models.Index(fields=["unit", "period"], name="score_sheet_unit_period")]

    def __str__(self) -> str:
        return f"Bảng điểm {self.unit} – {self.period.label}"


class LineSource(models.TextChoices):
    NONE = "none", _("Chưa có điểm")
    AUTO = "auto", _("Tính tự động từ báo cáo")
    SELF = "self", _("Đơn vị tự chấm")
    ASSESSED = "assessed", _("Cụm thẩm định")


class ScoreLine(Versioned, models.Model):
    """The points of one criterion on a sheet: automatic, self, cross-inspection, cluster, final.

    `version` rises on every write; a self-score or an assessment sent from a page or the API read
    at an older version is refused (StaleWrite, issue 13.11).

    `points` is the final value: the cluster's assessed points when set, else the automatic points
    (target-based criteria), else the unit's self points, else 0. `group_number` is the 1-based
    position of the criterion's group in the covenant (tie-break "group:n").
    """

    # served by the (sheet, group_number) and unique (sheet, criterion) indexes
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="lines", db_index=False)
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="score_lines")
    group_number = models.PositiveSmallIntegerField(default=1)
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS)
    auto_points = models.DecimalField(_("điểm tự động"), null=True, blank=True, **POINTS)
    auto_detail = models.JSONField(_("căn cứ tính điểm"), default=dict, blank=True)
    self_points = models.DecimalField(_("điểm tự chấm"), null=True, blank=True, **POINTS)
    self_note = models.CharField(_("ghi chú tự chấm"), max_length=500, blank=True)
    self_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_points = models.DecimalField(_("điểm đề xuất kiểm tra chéo"), null=True, blank=True, **POINTS)
    proposed_note = models.CharField(_("nhận xét kiểm tra chéo"), max_length=500, blank=True)
    proposed_by_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_points = models.DecimalField(_("điểm cụm thẩm định"), null=True, blank=True, **POINTS)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_as = models.CharField(_("thẩm định với tư cách"), **CAPACITY)
    difference_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    points = models.DecimalField(_("điểm"), default=Decimal("0"), **POINTS)
    source = models.CharField(
        _("nguồn điểm"), max_length=16, choices=LineSource.choices, default=LineSource.NONE
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        ordering = ["sheet_id", "group_number", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_line_unique"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_line_points_not_negative"),
        ]
        indexes = [models.Index(fields=["sheet", "group_number"], name="score_line_sheet_group")]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.points}"

    @property
    def baseline_points(self) -> Decimal | None:
        """What the cluster's assessment is compared with: the automatic or the self score."""
        return self.auto_points if self.auto_points is not None else self.self_points

    @property
    def difference(self) -> Decimal | None:
        """Assessed − self (the difference the reconciliation lists)."""
        if self.self_points is None:
            return None
        return self.points - self.self_points


class AdjustmentKind(models.TextChoices):
    BONUS = "bonus", _("Điểm thưởng")
    PENALTY = "penalty", _("Điểm trừ")


def adjustment_upload_to(instance: "Adjustment", filename: str) -> str:
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".doc", ".xlsx"}:
        extension = ".bin"
    return f"scoring/evidence/{secrets.token_hex(16)}{extension}"


class Adjustment(TimeStampedModel):
    """A bonus (điểm thưởng) or penalty (điểm trừ) entry with its reason, evidence and author."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(_("loại"), max_length=16, choices=AdjustmentKind.choices)
    rule = models.ForeignKey(
        BonusPenaltyRule,
        verbose_name=_("theo quy định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adjustments",
    )
    points = models.DecimalField(_("số điểm"), **POINTS)
    reason = models.TextField(_("lý do"))
    is_serious_violation = models.BooleanField(_("vi phạm nghiêm trọng"), default=False)
    evidence = models.FileField(_("tài liệu minh chứng"), upload_to=adjustment_upload_to, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_as = models.CharField(_("ghi với tư cách"), **CAPACITY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm thưởng / điểm trừ")
        verbose_name_plural = _("điểm thưởng / điểm trừ")
        ordering = ["sheet_id", "kind", "created_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(points__gt=0), name="adjustment_points_positive")]

    def __str__(self) -> str:
        sign = "+" if self.kind == AdjustmentKind.BONUS else "−"
        return f"{sign}{self.points}: {self.reason[:60]}"


class CrossInspection(TimeStampedModel):
    """The cluster assigns `inspecting_unit` to inspect `inspected_unit` in a period (kiểm tra chéo)."""

    term = models.ForeignKey(ClusterTerm, on_delete=models.CASCADE, related_name="cross_inspections")
    period = models.ForeignKey(EmulationPeriod, on_delete=models.PROTECT, related_name="cross_inspections")
    inspecting_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="inspections_done")
    inspected_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="inspections_received")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # not a column: set by services.cross_inspection_assign (the API answers 201 for a new row, 200 for an update)
    was_created: bool

    class Meta:
        verbose_name = _("phân công kiểm tra chéo")
        verbose_name_plural = _("phân công kiểm tra chéo")
        ordering = ["term_id", "period_id", "inspected_unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "period", "inspected_unit"], name="cross_inspection_unique"
            ),
            models.CheckConstraint(
                condition=~Q(inspecting_unit=models.F("inspected_unit")), name="cross_inspection_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspecting_unit} → {self.inspected_unit}"


class CrossInspectionRecord(TimeStampedModel):
    """The cross-inspection minutes (biên bản kiểm tra chéo): findings; proposed points go on the lines."""

    inspection = models.OneToOneField(CrossInspection, on_delete=models.CASCADE, related_name="record")
    inspected_on = models.DateField(_("ngày kiểm tra"))
    findings = models.TextField(_("kết quả kiểm tra, nhận xét"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("biên bản kiểm tra chéo")
        verbose_name_plural = _("biên bản kiểm tra chéo")

    def __str__(self) -> str:
        return f"Biên bản kiểm tra chéo {self.inspection}"


class SheetComment(models.Model):
    """A comment of the scored unit on its sheet (or one line of it) during reconciliation."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="comments")
    line = models.ForeignKey(
        ScoreLine, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("ý kiến"))
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến của đơn vị")
        verbose_name_plural = _("ý kiến của đơn vị")
        ordering = ["sheet_id", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class PeriodLock(models.Model):
    """A lock of a term's scores for a period; reopening is recorded on the same row with its reason.

    At most one open lock per term × period (a partial unique constraint).
    """

    term = models.ForeignKey(ClusterTerm, on_delete=models.CASCADE, related_name="score_locks")
    period = models.ForeignKey(EmulationPeriod, on_delete=models.PROTECT, related_name="score_locks")
    locked_at = models.DateTimeField(_("khóa lúc"), auto_now_add=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("căn cứ khóa"))
    reopened_at = models.DateTimeField(_("mở lại lúc"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True)

    class Meta:
        verbose_name = _("khóa điểm kỳ")
        verbose_name_plural = _("khóa điểm kỳ")
        ordering = ["-locked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "period"], condition=Q(reopened_at__isnull=True), name="period_lock_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"Khóa điểm {self.term} · {self.period.label}"

    @property
    def is_open(self) -> bool:
        return self.reopened_at is None
