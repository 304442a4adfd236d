"""JSON API of scoring: sheets, scores, ranking, explanations, cross-inspection, lock, configuration."""

from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from thidua.core.errors import ValidationFailed
from thidua.organisation.access import Action

from . import selectors, services
from .official import official_classification
from .schemas import (
    AdjustmentIn,
    AdjustmentOut,
    AssessIn,
    AssignIn,
    CommentIn,
    CommentOut,
    ConfigIn,
    ConfigOut,
    ExplanationOut,
    HistoryOut,
    InspectionOut,
    InspectionRecordOut,
    LeaderRowOut,
    LineOut,
    LockOut,
    LockReasonIn,
    RecordIn,
    SelfScoreIn,
    SheetDetailOut,
    SheetOut,
)

router = Router(tags=["Chấm điểm"])


def _term_period(request, term_id: int, period_id: int):
    term = selectors.term_get(actor=request.user, term_id=term_id)
    return term, selectors.period_get(term=term, period_id=period_id)


@router.get("/scoring/terms/{term_id}/periods/{period_id}/leaderboard", response=list[LeaderRowOut])
def get_leaderboard(request, term_id: int, period_id: int):
    """The ranking; when a classification ballot of the period is published, each row also carries
    the vote's grade as `official_grade` (the score band stays in `band_label`, for reference)."""
    term, period = _term_period(request, term_id, period_id)
    rows = selectors.leaderboard(actor=request.user, term=term, period=period)
    official = official_classification(term=term, period=period)
    if official is None:
        return rows
    return [
        dict(
            row._asdict(),
            official_grade=official.grades.get(row.unit_id, ""),
            official_source=official.source,
        )
        for row in rows
    ]


@router.get("/scoring/terms/{term_id}/periods/{period_id}/sheets", response=list[SheetOut])
def list_sheets(request, term_id: int, period_id: int):
    term, period = _term_period(request, term_id, period_id)
    return selectors.sheet_list(actor=request.user, term=term, period=period)


@router.post("/scoring/terms/{term_id}/periods/{period_id}/compute", response=list[SheetOut])
def compute(request, term_id: int, period_id: int):
    term, period = _term_period(request, term_id, period_id)
    return services.scores_compute(actor=request.user, term=term, period=period)


@router.post("/scoring/terms/{term_id}/periods/{period_id}/reconcile", response=list[SheetOut])
def reconcile(request, term_id: int, period_id: int):
    term, period = _term_period(request, term_id, period_id)
    return services.scores_reconcile(actor=request.user, term=term, period=period)


@router.post("/scoring/terms/{term_id}/periods/{period_id}/lock", response={201: LockOut})
def lock(request, term_id: int, period_id: int, payload: LockReasonIn):
    term, period = _term_period(request, term_id, period_id)
    return Status(
        201, services.scores_lock(actor=request.user, term=term, period=period, reason=payload.reason)
    )


@router.post("/scoring/terms/{term_id}/periods/{period_id}/reopen", response=LockOut)
def reopen(request, term_id: int, period_id: int, payload: LockReasonIn):
    term, period = _term_period(request, term_id, period_id)
    return services.scores_reopen(actor=request.user, term=term, period=period, reason=payload.reason)


@router.post(
    "/scoring/terms/{term_id}/periods/{period_id}/cross-inspections",
    response={200: InspectionOut, 201: InspectionOut},
)
def assign_inspection(request, term_id: int, period_id: int, payload: AssignIn):
    term, period = _term_period(request, term_id, period_id)
    units = selectors.units_by_id(ids=[payload.inspecting_unit_id, payload.inspected_unit_id])
    if payload.inspecting_unit_id not in units or payload.inspected_unit_id not in units:
        raise ValidationFailed(_("Không tìm thấy đơn vị."), field="unit")
    created = services.cross_inspection_assign(
        actor=request.user,
        term=term,
        period=period,
        inspecting_unit=units[payload.inspecting_unit_id],
        inspected_unit=units[payload.inspected_unit_id],
    )
    return Status(201 if created.was_created else 200, created)  # an update of the pair: 200


@router.put("/scoring/cross-inspections/{inspection_id}/record", response=InspectionRecordOut)
def save_record(request, inspection_id: int, payload: RecordIn):
    inspection = selectors.cross_inspection_get(actor=request.user, inspection_id=inspection_id)
    return services.cross_inspection_record(
        actor=request.user,
        inspection=inspection,
        inspected_on=payload.inspected_on,
        findings=payload.findings,
        proposals={p.criterion_id: (p.points, p.note) for p in payload.proposals},
    )


@router.get("/scoring/sheets/{sheet_id}", response=SheetDetailOut)
def get_sheet(request, sheet_id: int):
    sheet = selectors.sheet_get(actor=request.user, sheet_id=sheet_id)
    sheet.line_rows = list(selectors.sheet_lines(sheet=sheet))  # type: ignore[attr-defined]  # read by SheetDetailOut
    sheet.adjustment_rows = list(selectors.sheet_adjustments(sheet=sheet))  # type: ignore[attr-defined]  # read by SheetDetailOut
    return sheet


@router.put("/scoring/lines/{line_id}/self", response=LineOut)
def self_score(request, line_id: int, payload: SelfScoreIn):
    line = selectors.line_get(actor=request.user, line_id=line_id)
    return services.line_self_score(
        actor=request.user, line=line, points=payload.points, note=payload.note, version=payload.version
    )


@router.put("/scoring/lines/{line_id}/assessment", response=LineOut)
def assess(request, line_id: int, payload: AssessIn):
    line = selectors.line_get(actor=request.user, line_id=line_id)
    return services.line_assess(
        actor=request.user, line=line, points=payload.points, reason=payload.reason, version=payload.version
    )


@router.post("/scoring/sheets/{sheet_id}/self-submit", response=SheetOut)
def self_submit(request, sheet_id: int):
    sheet = selectors.sheet_get(actor=request.user, sheet_id=sheet_id)
    return services.sheet_self_submit(actor=request.user, sheet=sheet)


@router.post("/scoring/sheets/{sheet_id}/adjustments", response={201: AdjustmentOut})
def add_adjustment(request, sheet_id: int, payload: AdjustmentIn):
    sheet = selectors.sheet_get(actor=request.user, sheet_id=sheet_id)
    rule = None
    if payload.rule_id is not None:
        rule = selectors.rule_get(rule_id=payload.rule_id)
    created = services.adjustment_add(
        actor=request.user,
        sheet=sheet,
        kind=payload.kind,
        points=payload.points,
        reason=payload.reason,
        rule=rule,
        is_serious_violation=payload.is_serious_violation,
    )
    return Status(201, created)


@router.delete("/scoring/adjustments/{adjustment_id}", response={204: None})
def delete_adjustment(request, adjustment_id: int):
    adjustment = selectors.adjustment_get(actor=request.user, adjustment_id=adjustment_id)
    services.adjustment_delete(actor=request.user, adjustment=adjustment)
    return Status(204, None)


@router.post("/scoring/sheets/{sheet_id}/comments", response={201: CommentOut})
def add_comment(request, sheet_id: int, payload: CommentIn):
    sheet = selectors.sheet_get(actor=request.user, sheet_id=sheet_id)
    line = None
    if payload.line_id is not None:
        line = selectors.line_get(actor=request.user, line_id=payload.line_id)
    return Status(
        201, services.sheet_comment_add(actor=request.user, sheet=sheet, text=payload.text, line=line)
    )


@router.get("/scoring/lines/{line_id}/explanation", response=ExplanationOut)
def explain_line(request, line_id: int):
    return selectors.explain_line(actor=request.user, line_id=line_id)


@router.get("/scoring/sheets/{sheet_id}/explanation", response=ExplanationOut)
def explain_sheet(request, sheet_id: int):
    return selectors.explain_sheet(actor=request.user, sheet_id=sheet_id)


@router.get("/scoring/units/{unit_id}/history", response=list[HistoryOut])
def unit_history(request, unit_id: int):
    unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
    return selectors.unit_history(actor=request.user, unit=unit)


@router.get("/scoring/config/{owner_id}", response=ConfigOut)
def get_config(request, owner_id: int):
    owner = selectors.scoped_owner_get(actor=request.user, owner_id=owner_id, action=Action.VIEW_CLUSTER)
    return services.config_for(owner=owner)


@router.patch("/scoring/config/{owner_id}", response=ConfigOut)
def update_config(request, owner_id: int, payload: ConfigIn):
    owner = selectors.owner_get(owner_id=owner_id)
    return services.scoring_config_update(
        actor=request.user, owner=owner, **payload.model_dump(exclude_none=True)
    )
