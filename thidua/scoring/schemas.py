import datetime
from decimal import Decimal

from ninja import Field, Schema

from thidua.core.schemas import MAX_INT, NARRATIVE, REASON, Code, Date, Id, Items, Points, Text

from .models import AdjustmentKind, BandChoice, TargetFormula


class LeaderRowOut(Schema):
    sheet_id: int
    unit_id: int
    unit_name: str
    criteria_total: Decimal
    self_total: Decimal
    bonus: Decimal
    penalty: Decimal
    penalty_count: int
    total: Decimal
    serious_violation: bool
    status: str
    rank: int
    tied: bool
    tied_with: list[str]
    decided_by: str | None
    band: str
    band_label: str
    capped_by: list[str]
    official_grade: str = Field(
        "", description="Xếp loại chính thức theo kết quả bỏ phiếu đã công bố (nếu có)"
    )
    official_source: str = Field("", description="Phiếu bầu xếp loại đã công bố")


class LineOut(Schema):
    id: int
    criterion_id: int
    criterion_code: str = Field(alias="criterion.code")
    criterion_title: str = Field(alias="criterion.title")
    group_number: int
    max_points: Decimal
    auto_points: Decimal | None
    self_points: Decimal | None
    proposed_points: Decimal | None
    assessed_points: Decimal | None
    difference_reason: str
    points: Decimal
    source: str
    version: int


class AdjustmentOut(Schema):
    id: int
    kind: AdjustmentKind
    points: Decimal
    reason: str
    is_serious_violation: bool
    rule_id: int | None
    created_by_id: int | None
    created_at: datetime.datetime


class SheetOut(Schema):
    id: int
    term_id: int
    period_id: int
    unit_id: int
    status: str
    is_locked: bool
    criteria_total: Decimal
    self_total: Decimal
    bonus_points: Decimal
    penalty_points: Decimal
    total: Decimal
    rank: int | None
    band: str


class SheetDetailOut(SheetOut):
    lines: list[LineOut] = Field(alias="line_rows")
    adjustments: list[AdjustmentOut] = Field(alias="adjustment_rows")


class StepOut(Schema):
    kind: str
    title: str
    detail: str
    points: Decimal | None
    who: str
    when: str
    link: dict


class ExplanationOut(Schema):
    subject: str
    value: Decimal
    steps: list[StepOut]


class HistoryOut(Schema):
    sheet_id: int = Field(alias="pk")
    year: int = Field(alias="period.year")
    period: str = Field(alias="period.label")
    cluster: str = Field(alias="term.cluster.name")
    term_id: int
    period_id: int
    total: Decimal
    rank: int | None
    band: str
    member_count: int


class SelfScoreIn(Schema):
    points: Decimal | None = Points()
    note: str = Text("", max_length=500)
    version: int = Field(
        ge=1, le=MAX_INT, description="the line's version as read (LineOut.version); 409 if stale"
    )


class AssessIn(Schema):
    points: Decimal | None = Points()
    reason: str = Text("", max_length=REASON)
    version: int = Field(
        ge=1, le=MAX_INT, description="the line's version as read (LineOut.version); 409 if stale"
    )


class AdjustmentIn(Schema):
    kind: AdjustmentKind
    points: Decimal = Points(ge="0.01", le=1000)
    reason: str = Text(min_length=1, max_length=REASON)
    rule_id: Id | None = None
    is_serious_violation: bool = False


class CommentIn(Schema):
    text: str = Text(min_length=1, max_length=4000)
    line_id: Id | None = None


class CommentOut(Schema):
    id: int
    sheet_id: int
    line_id: int | None
    text: str
    created_at: datetime.datetime


class LockReasonIn(Schema):
    reason: str = Text(min_length=1, max_length=REASON)


class LockOut(Schema):
    id: int
    term_id: int
    period_id: int
    locked_at: datetime.datetime
    reason: str
    reopened_at: datetime.datetime | None
    reopen_reason: str


class AssignIn(Schema):
    inspecting_unit_id: Id
    inspected_unit_id: Id


class InspectionOut(Schema):
    id: int
    term_id: int
    period_id: int
    inspecting_unit_id: int
    inspected_unit_id: int


class ProposalIn(Schema):
    criterion_id: Id
    points: Decimal | None = Points()
    note: str = Text("", max_length=500)


class RecordIn(Schema):
    inspected_on: Date
    findings: str = Text(min_length=1, max_length=NARRATIVE)
    proposals: list[ProposalIn] = Items([])


class InspectionRecordOut(Schema):
    id: int
    inspection_id: int
    inspected_on: datetime.date
    findings: str


class ConfigOut(Schema):
    owner_id: int
    threshold_excellent: Decimal
    threshold_good: Decimal
    threshold_fair: Decimal
    threshold_average: Decimal
    serious_violation_max_band: BandChoice
    tie_break: list[str]
    bonus_cap: Decimal | None
    penalty_cap: Decimal | None
    target_formula: TargetFormula


class ConfigIn(Schema):
    """A field left out or null keeps its value."""

    threshold_excellent: Decimal | None = Points(None)
    threshold_good: Decimal | None = Points(None)
    threshold_fair: Decimal | None = Points(None)
    threshold_average: Decimal | None = Points(None)
    serious_violation_max_band: BandChoice | None = None
    tie_break: list[Code] | None = Items(None, max_length=20)
    bonus_cap: Decimal | None = Points(None)
    penalty_cap: Decimal | None = Points(None)
    target_formula: TargetFormula | None = None
