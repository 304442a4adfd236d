"""Writes for scoring: sheets, automatic/self/cross-inspection/cluster scores, adjustments,
reconciliation, ranking refresh, lock and reopening.

Permissions (organisation.access): the unit's officer (EDIT on its unit) self-scores and comments;
the inspecting unit's officer (EDIT) records the cross-inspection; the leader unit's staff or the
owner's board (MANAGE_TERM) compute, assess, adjust, reconcile, lock and reopen; the owner's board
(MANAGE_CLUSTERS) sets the scoring configuration.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.errors import AccessDenied, ValidationFailed
from thidua.core.text import number
from thidua.core.versioning import version_claim
from thidua.emulation.errors import CovenantNotScored
from thidua.emulation.models import (
    BonusPenaltyRule,
    Covenant,
    Criterion,
    CriterionMethod,
    Direction,
    EmulationPeriod,
    Measure,
    ReportValue,
    SubmissionStatus,
    Target,
)
from thidua.emulation.services.evidence import ALLOWED_EVIDENCE, check_upload
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterMembership, ClusterTerm, Unit

from . import rules
from .errors import (
    CovenantRequired,
    DifferenceReasonMissing,
    InvalidScoringConfig,
    NotAMember,
    PeriodNotForTerm,
    PointsOutOfRange,
    ReasonRequired,
    ScoresLocked,
    ScoresNotLocked,
    SelfInspection,
)
from .models import (
    Adjustment,
    AdjustmentKind,
    CrossInspection,
    CrossInspectionRecord,
    LineSource,
    PeriodLock,
    ScoreLine,
    ScoreSheet,
    ScoringConfig,
    SheetComment,
    SheetStatus,
    TargetFormula,
)

CONFIG_FIELDS = (
    "threshold_excellent",
    "threshold_good",
    "threshold_fair",
    "threshold_average",
    "serious_violation_max_band",
    "tie_break",
    "bonus_cap",
    "penalty_cap",
    "target_formula",
)


# -- configuration -------------------------------------------------------------------------------


def config_for(*, owner: Unit) -> ScoringConfig:
    """The owner's configuration, or the defaults (unsaved) when it has none."""
    config = ScoringConfig.objects.filter(owner=owner).first()
    return config or ScoringConfig(owner=owner, tie_break=list(rules.DEFAULT_TIE_BREAK))


@transaction.atomic
def scoring_config_update(*, actor: User, owner: Unit, **changes: Any) -> ScoringConfig:
    """Set the owner's thresholds, tie-break chain, caps and formula; re-rank the owner's sheets."""
    access.require(actor, Action.MANAGE_CLUSTERS, owner)
    unknown = set(changes) - set(CONFIG_FIELDS)
    if unknown:
        raise ValidationFailed(_("Trường không được phép sửa: {fields}"), fields=", ".join(sorted(unknown)))
    config = config_for(owner=owner)
    for field, value in changes.items():
        setattr(config, field, value)
    try:
        rules.validate_thresholds({band.value: value for band, value in config.thresholds.items()})
    except (ValueError, InvalidOperation):
        raise InvalidScoringConfig(detail=_("ngưỡng xếp loại phải giảm dần"), field="thresholds") from None
    try:
        config.tie_break = rules.validate_tie_break(config.tie_break or [])
    except ValueError as error:
        raise InvalidScoringConfig(
            detail=format_lazy(_("tiêu chí phụ “{name}”"), name=error), field="tie_break"
        ) from None
    for cap in (config.bonus_cap, config.penalty_cap):
        if cap is not None and Decimal(cap) < 0:
            raise InvalidScoringConfig(detail=_("mức tối đa không được âm"), field="caps")
    if config.serious_violation_max_band not in rules.Band.__members__.values():
        raise InvalidScoringConfig(detail=_("xếp loại"), field="serious_violation_max_band")
    config.save()
    pairs = list(
        ScoreSheet.objects.filter(term__cluster__owner=owner).values_list("term_id", "period_id").distinct()
    )
    _lock_scoring(*(term_id for term_id, _period_id in pairs))
    for term_id, period_id in pairs:
        _ranking_refresh(term_id, period_id, config)
    return config


# -- helpers -------------------------------------------------------------------------------------


def _points(value: Any, max_points: Decimal) -> Decimal:
    try:
        points = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise PointsOutOfRange(field="points", max_points=max_points) from None
    if not points.is_finite() or points < 0 or points > max_points:
        raise PointsOutOfRange(field="points", max_points=max_points)
    return rules.quantize(points)


def _require_period(term: ClusterTerm, period: EmulationPeriod) -> None:
    if period.year != term.year or period.owner_id != term.cluster.owner_id:
        raise PeriodNotForTerm(field="period", period=period.label, year=term.year)


def is_locked(*, term: ClusterTerm, period: EmulationPeriod) -> bool:
    return PeriodLock.objects.filter(term=term, period=period, reopened_at__isnull=True).exists()


def _require_unlocked(term: ClusterTerm, period: EmulationPeriod) -> None:
    if is_locked(term=term, period=period):
        raise ScoresLocked(term=term, period=period.label)


def _lock_scoring(*term_ids: int) -> None:
    """Serialise the score writes of a cluster term (issue 13.3): lock its row first, always.

    Every write re-ranks all sheets of its period, so two writers on different sheets would each
    hold their own sheet and wait for the other's (a deadlock on PostgreSQL). Taking the term row
    first, before any sheet or line, gives one fixed order; terms in ascending id when several.
    FOR NO KEY UPDATE does not block rows that merely refer to the term (reports, sheets). SQLite
    serialises writers anyway (BEGIN IMMEDIATE), where this is a no-op.
    """
    for term_id in sorted(set(term_ids)):
        ClusterTerm.objects.select_for_update(no_key=True).only("pk").get(pk=term_id)


def _lock_sheet(sheet: ScoreSheet) -> ScoreSheet:
    _lock_scoring(sheet.term_id)
    return (
        ScoreSheet.objects.select_for_update(of=("self",))
        .select_related("term__cluster__owner", "term__leader", "term__deputy", "period", "unit")
        .get(pk=sheet.pk)
    )


def _settle(line: ScoreLine) -> None:
    """Final points: cluster-assessed, else automatic, else self, else 0."""
    if line.assessed_points is not None:
        line.points, line.source = line.assessed_points, LineSource.ASSESSED
    elif line.auto_points is not None:
        line.points, line.source = line.auto_points, LineSource.AUTO
    elif line.self_points is not None:
        line.points, line.source = line.self_points, LineSource.SELF
    else:
        line.points, line.source = Decimal("0"), LineSource.NONE


def adjustments_total(*, sheet: ScoreSheet, config: ScoringConfig) -> rules.Total:
    """Totals of a sheet: Σ lines + capped bonus − capped penalty (per-rule caps, then config caps; R21)."""
    criteria = [sheet.criteria_total]
    by_rule: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    rule_caps: dict[tuple[str, int], Decimal | None] = {}
    for adjustment in sheet.adjustments.select_related("rule"):
        key = (adjustment.kind, adjustment.rule_id or -adjustment.pk)
        by_rule[key] += adjustment.points
        rule_caps[key] = adjustment.rule.cap if adjustment.rule_id and adjustment.rule else None
    bonuses: list[Decimal] = []
    penalties: list[Decimal] = []
    for key, amount in by_rule.items():
        cap = rule_caps[key]
        capped = min(amount, cap) if cap is not None else amount
        (bonuses if key[0] == AdjustmentKind.BONUS else penalties).append(capped)
    return rules.total(criteria, bonuses, penalties, config.caps)


def _sheet_refresh(sheet: ScoreSheet, config: ScoringConfig) -> ScoreSheet:
    sums = sheet.lines.aggregate(points=Sum("points"), self_points=Sum("self_points"))
    sheet.criteria_total = rules.quantize(sums["points"] or Decimal("0"))
    sheet.self_total = rules.quantize(sums["self_points"] or Decimal("0"))
    result = adjustments_total(sheet=sheet, config=config)
    adjustments = list(sheet.adjustments.values_list("kind", "is_serious_violation"))
    sheet.bonus_raw, sheet.bonus_points = result.bonus_raw, result.bonus
    sheet.penalty_raw, sheet.penalty_points = result.penalty_raw, result.penalty
    sheet.penalty_count = sum(1 for kind, _serious in adjustments if kind == AdjustmentKind.PENALTY)
    sheet.serious_violation = any(serious for _kind, serious in adjustments)
    sheet.total = result.total
    sheet.save()
    return sheet


def standings(*, term_id: int, period_id: int, chain: list[str]) -> list[rules.Standing]:
    """What ranking needs for every sheet of a term × period, in two queries (sheets, group sums)."""
    groups = sorted({int(key.split(":", 1)[1]) for key in chain if key.startswith("group:")})
    rows = list(
        ScoreSheet.objects.filter(term_id=term_id, period_id=period_id).values_list(
            "pk",
            "unit_id",
            "unit__name",
            "total",
            "penalty_points",
            "penalty_count",
            "bonus_points",
            "serious_violation",
        )
    )
    group_points: dict[int, dict[int, Decimal]] = defaultdict(dict)
    if groups and rows:
        for sheet_id, number, points in (
            ScoreLine.objects.filter(
                sheet__term_id=term_id, sheet__period_id=period_id, group_number__in=groups
            )
            .values("sheet_id", "group_number")
            .annotate(points=Sum("points"))
            .values_list("sheet_id", "group_number", "points")
        ):
            group_points[sheet_id][number] = points
    return [
        rules.Standing(
            unit_id=unit_id,
            name=name,
            total=total,
            group_points=group_points.get(pk, {}),
            penalty=penalty,
            penalty_count=penalty_count,
            bonus=bonus,
            serious_violation=serious,
        )
        for pk, unit_id, name, total, penalty, penalty_count, bonus, serious in rows
    ]


def _ranking_refresh(term_id: int, period_id: int, config: ScoringConfig) -> None:
    """Store each sheet's rank and band (read by the unit history and the API)."""
    ranked = rules.rank(standings(term_id=term_id, period_id=period_id, chain=config.chain), config.chain)
    sheets = {s.unit_id: s for s in ScoreSheet.objects.filter(term_id=term_id, period_id=period_id)}
    for row in ranked:
        sheet = sheets[row.standing.unit_id]
        flags = [rules.Flag.SERIOUS_VIOLATION] if row.standing.serious_violation else []
        sheet.rank = row.rank
        sheet.band = rules.classify(
            row.standing.total, flags=flags, thresholds=config.thresholds, flag_caps=config.flag_caps
        ).band.value
    ScoreSheet.objects.bulk_update(sheets.values(), ["rank", "band"])


def _refresh(sheet: ScoreSheet) -> ScoreSheet:
    config = config_for(owner=sheet.term.cluster.owner)
    _sheet_refresh(sheet, config)
    _ranking_refresh(sheet.term_id, sheet.period_id, config)
    sheet.refresh_from_db(fields=["rank", "band"])
    return sheet


# -- sheets and automatic scores ----------------------------------------------------------------


def _covenant(term: ClusterTerm) -> Covenant:
    covenant = Covenant.objects.filter(term=term).first()
    if covenant is None or not Criterion.objects.filter(group__covenant=covenant).exists():
        raise CovenantRequired(term=term)
    if covenant.is_qualitative:  # 16.5: signed without a point scale, nothing to score
        raise CovenantNotScored(term=term)
    return covenant


def _criteria(covenant: Covenant) -> list[tuple[Criterion, int]]:
    groups = list(covenant.groups.order_by("order", "pk").values_list("pk", flat=True))
    number = {pk: index + 1 for index, pk in enumerate(groups)}
    criteria = Criterion.objects.filter(group__covenant=covenant).select_related("group")
    return [(c, number[c.group_id]) for c in criteria.order_by("group__order", "group_id", "order", "pk")]


@transaction.atomic
def sheets_prepare(*, actor: User, term: ClusterTerm, period: EmulationPeriod) -> list[ScoreSheet]:
    """One sheet per member unit with one line per covenant criterion (idempotent)."""
    access.require_term(actor, Action.MANAGE_TERM, term)
    _require_period(term, period)
    _lock_scoring(term.pk)
    _require_unlocked(term, period)
    criteria = _criteria(_covenant(term))
    members = list(ClusterMembership.objects.filter(term=term).values_list("unit_id", flat=True))
    existing = {s.unit_id: s for s in ScoreSheet.objects.filter(term=term, period=period)}
    new = [ScoreSheet(term=term, period=period, unit_id=u) for u in members if u not in existing]
    for sheet in new:
        sheet.save()
        existing[sheet.unit_id] = sheet
    have = set(
        ScoreLine.objects.filter(sheet__term=term, sheet__period=period).values_list(
            "sheet_id", "criterion_id"
        )
    )
    ScoreLine.objects.bulk_create(
        [
            ScoreLine(sheet=sheet, criterion=criterion, group_number=number, max_points=criterion.max_points)
            for sheet in existing.values()
            for criterion, number in criteria
            if (sheet.pk, criterion.pk) not in have
        ]
    )
    return sorted(existing.values(), key=lambda s: s.unit_id)


def _expected(target: Target, period: EmulationPeriod) -> Decimal:
    """Reported values are cumulative from 1 January: a cumulative target is pro-rated to the period."""
    if target.measure == Measure.CUMULATIVE:
        return rules.quantize(target.target_value * period.year_fraction)
    return target.target_value


def _auto_score(
    criterion: Criterion, targets: list[Target], values: dict[int, ReportValue], period, config
) -> tuple[Decimal | None, dict]:
    """Automatic points of a target-based criterion from the accepted report, with the reasons."""
    if criterion.method == CriterionMethod.MANUAL or not targets:
        return None, {}
    lines = []
    results = []
    for target in targets:
        value = values.get(target.pk)
        expected = _expected(target, period)
        entry: dict[str, Any] = {
            "target_id": target.pk,
            "indicator": target.indicator,
            "unit_of_measure": target.unit_of_measure,
            "direction": target.direction,
            "measure": target.measure,
            "target_value": str(target.target_value),
            "expected": str(expected),
            "actual": None,
            "report_value_id": None,
        }
        if value is None:
            lines.append(entry)
            continue
        lower = target.direction == Direction.LOWER
        actual = value.actual_value
        if criterion.method == CriterionMethod.COUNT and criterion.points_per_item:
            result = rules.per_item(criterion.max_points, actual, criterion.points_per_item)
        elif (
            criterion.method == CriterionMethod.YES_NO
            or config.target_formula == TargetFormula.ALL_OR_NOTHING
        ):
            met = rules.target_met(target=expected, actual=actual, lower_is_better=lower)
            result = rules.all_or_nothing(criterion.max_points, met)
        elif lower:
            result = rules.lower_is_better(criterion.max_points, expected, actual)
        else:
            result = rules.proportional(criterion.max_points, expected, actual)
        entry.update(
            actual=str(actual),
            report_value_id=value.pk,
            points=str(result.points),
            formula=result.formula.value,
            formula_label=str(rules.FORMULA_LABELS[result.formula]),
            detail=result.detail,
        )
        lines.append(entry)
        results.append(result.points)
    if not results:
        return None, {"targets": lines, "missing": True}
    points = rules.quantize(sum(results, Decimal("0")) / len(results))
    return points, {"targets": lines, "points": str(points), "averaged": len(results) > 1}


@transaction.atomic
def scores_compute(*, actor: User, term: ClusterTerm, period: EmulationPeriod) -> list[ScoreSheet]:
    """Compute automatic scores from accepted reports for target-based criteria, then totals and ranks."""
    sheets = sheets_prepare(actor=actor, term=term, period=period)
    config = config_for(owner=term.cluster.owner)
    targets: dict[tuple[int, int | None], list[Target]] = defaultdict(list)
    for target in Target.objects.filter(
        registration__term=term,
        registration__status=SubmissionStatus.ACCEPTED,
        criterion__isnull=False,
    ).select_related("registration"):
        targets[(target.registration.unit_id, target.criterion_id)].append(target)
    values: dict[int, ReportValue] = {}
    reports: dict[int, int] = {}
    for value in ReportValue.objects.filter(
        report__term=term, report__period=period, report__status=SubmissionStatus.ACCEPTED
    ).select_related("report"):
        values[value.target_id] = value
        reports[value.report.unit_id] = value.report_id
    lines = list(
        ScoreLine.objects.filter(sheet__term=term, sheet__period=period).select_related("criterion", "sheet")
    )
    for line in lines:
        unit_id = line.sheet.unit_id
        points, detail = _auto_score(
            line.criterion, targets.get((unit_id, line.criterion_id), []), values, period, config
        )
        if detail:
            detail["report_id"] = reports.get(unit_id)
        before = (line.auto_points, line.auto_detail, line.max_points, line.points)
        line.auto_points, line.auto_detail = points, detail
        line.max_points = line.criterion.max_points
        _settle(line)
        if (line.auto_points, line.auto_detail, line.max_points, line.points) != before:
            line.version += 1  # a page read before the new automatic score is stale (under the term lock)
            line.save()
    for sheet in sheets:
        _sheet_refresh(sheet, config)
    _ranking_refresh(term.pk, period.pk, config)
    return list(ScoreSheet.objects.filter(pk__in=[s.pk for s in sheets]).order_by("rank", "unit__name"))


# -- self-assessment, cross-inspection, assessment ----------------------------------------------


def _lock_line(line: ScoreLine) -> ScoreLine:
    _lock_scoring(ScoreSheet.objects.filter(lines=line.pk).values_list("term_id", flat=True).get())
    return (
        ScoreLine.objects.select_for_update(of=("self",))
        .select_related(
            "sheet__term__cluster__owner",
            "sheet__term__leader",
            "sheet__term__deputy",
            "sheet__period",
            "sheet__unit",
            "criterion",
        )
        .get(pk=line.pk)
    )


def _line_summary(line: ScoreLine) -> str:
    """The newer line as a StaleWrite shows it: "Tự chấm: 18; Cụm thẩm định: 15 (lý do: …)"."""
    parts = [f"{_('Tự chấm')}: {number(line.self_points) or '—'}"]
    if line.assessed_points is not None:
        text = f"{_('Cụm thẩm định')}: {number(line.assessed_points)}"
        parts.append(f"{text} ({_('lý do')}: {line.difference_reason})" if line.difference_reason else text)
    return "; ".join(parts)


def _claim(line: ScoreLine, version: int | None) -> None:
    """Move the line to its next version if still at `version` (StaleWrite otherwise); 0 means the
    form sent none (refused here, after the permission checks)."""
    if version is not None and version < 1:
        raise ValidationFailed(
            _("Thiếu phiên bản dữ liệu của biểu mẫu: hãy tải lại trang rồi thao tác lại."), field="version"
        )
    version_claim(line, version, shown=_line_summary)


@transaction.atomic
def line_self_score(
    *, actor: User, line: ScoreLine, points: Any, note: str = "", version: int | None = None
) -> ScoreLine:
    """The unit's own score for a criterion (EDIT on the unit); None/"" clears it. `version` is the
    line's version the page or client read (a stale one raises StaleWrite; None: internal callers)."""
    line = _lock_line(line)
    sheet = line.sheet
    access.require(actor, Action.EDIT, sheet.unit)
    _require_unlocked(sheet.term, sheet.period)
    new_points = None if points in (None, "") else _points(points, line.max_points)
    _claim(line, version)
    line.self_points = new_points
    line.self_note = note.strip()[:500]
    line.self_by = actor
    _settle(line)
    line.save()
    _refresh(sheet)
    return line


@transaction.atomic
def sheet_self_submit(*, actor: User, sheet: ScoreSheet) -> ScoreSheet:
    sheet = _lock_sheet(sheet)
    access.require(actor, Action.EDIT, sheet.unit)
    _require_unlocked(sheet.term, sheet.period)
    sheet.status = SheetStatus.SELF_ASSESSED
    sheet.self_submitted_at = timezone.now()
    sheet.self_submitted_by = actor
    sheet.save()
    return sheet


@transaction.atomic
def line_assess(
    *, actor: User, line: ScoreLine, points: Any, reason: str = "", version: int | None = None
) -> ScoreLine:
    """The cluster's assessed points (MANAGE_TERM). A value differing from the unit's self score (or
    the automatic score) needs a reason; None/"" withdraws the assessment. `version` as in
    line_self_score."""
    line = _lock_line(line)
    sheet = line.sheet
    capacity = access.require_assess(actor, sheet.term, sheet.unit)
    _require_unlocked(sheet.term, sheet.period)
    reason = (reason or "").strip()
    if points in (None, ""):
        line.assessed_points = None
    else:
        value = _points(points, line.max_points)
        compared = [p for p in (line.self_points, line.auto_points) if p is not None]
        if any(value != p for p in compared) and not reason:
            raise ReasonRequired(field="reason")
        line.assessed_points = value
    _claim(line, version)
    line.assessed_by, line.assessed_as = actor, capacity
    if reason:
        line.difference_reason = reason
    _settle(line)
    line.save()
    _refresh(sheet)
    return line


@transaction.atomic
def cross_inspection_assign(
    *, actor: User, term: ClusterTerm, period: EmulationPeriod, inspecting_unit: Unit, inspected_unit: Unit
) -> CrossInspection:
    access.require_term(actor, Action.MANAGE_TERM, term)
    _require_period(term, period)
    _require_unlocked(term, period)
    if inspecting_unit.pk == inspected_unit.pk:
        raise SelfInspection(field="inspecting_unit")
    members = set(ClusterMembership.objects.filter(term=term).values_list("unit_id", flat=True))
    for unit in (inspecting_unit, inspected_unit):
        if unit.pk not in members:
            raise NotAMember(field="unit", unit=unit, term=term)
    inspection, created = CrossInspection.objects.update_or_create(
        term=term,
        period=period,
        inspected_unit=inspected_unit,
        defaults={"inspecting_unit": inspecting_unit, "assigned_by": actor},
    )
    inspection.was_created = created  # the API answers 201 for a new row, 200 for an update (16.12)
    return inspection


@transaction.atomic
def cross_inspection_record(
    *,
    actor: User,
    inspection: CrossInspection,
    inspected_on: datetime.date,
    findings: str,
    proposals: dict[int, tuple[Any, str]] | None = None,
) -> CrossInspectionRecord:
    """The inspecting unit's minutes: findings and proposed points (criterion id → (points, note))."""
    _lock_scoring(inspection.term_id)
    inspection = (
        CrossInspection.objects.select_for_update(of=("self",))
        .select_related("term__cluster", "period", "inspecting_unit", "inspected_unit")
        .get(pk=inspection.pk)
    )
    access.require(actor, Action.EDIT, inspection.inspecting_unit)
    _require_unlocked(inspection.term, inspection.period)
    if not findings.strip():
        raise ReasonRequired(field="findings")
    record, _created = CrossInspectionRecord.objects.update_or_create(
        inspection=inspection,
        defaults={"inspected_on": inspected_on, "findings": findings.strip(), "recorded_by": actor},
    )
    if proposals:
        sheet = ScoreSheet.objects.filter(
            term=inspection.term, period=inspection.period, unit=inspection.inspected_unit
        ).first()
        if sheet is None:
            raise ValidationFailed(_("Bảng điểm của đơn vị được kiểm tra chưa được lập."), field="proposals")
        lines = {line.criterion_id: line for line in sheet.lines.all()}
        for criterion_id, (points, note) in proposals.items():
            line = lines.get(int(criterion_id))
            if line is None:
                raise ValidationFailed(_("Tiêu chí không thuộc bảng điểm."), field="proposals")
            line.proposed_points = None if points in (None, "") else _points(points, line.max_points)
            line.proposed_note = (note or "").strip()[:500]
            line.proposed_by_unit = inspection.inspecting_unit
            line.version += 1  # under the term lock taken above
            line.save(
                update_fields=[
                    "proposed_points",
                    "proposed_note",
                    "proposed_by_unit",
                    "version",
                    "updated_at",
                ]
            )
    return record


# -- adjustments and comments --------------------------------------------------------------------


@transaction.atomic
def adjustment_add(
    *,
    actor: User,
    sheet: ScoreSheet,
    kind: str,
    points: Any,
    reason: str,
    rule: BonusPenaltyRule | None = None,
    is_serious_violation: bool = False,
    evidence: Any = None,
) -> Adjustment:
    """A bonus or penalty entry with its reason (and optional evidence) by the cluster (MANAGE_TERM)."""
    sheet = _lock_sheet(sheet)
    capacity = access.require_assess(actor, sheet.term, sheet.unit)
    _require_unlocked(sheet.term, sheet.period)
    if kind not in AdjustmentKind.values:
        raise ValidationFailed(_("Loại điểm không hợp lệ."), field="kind")
    if not (reason or "").strip():
        raise ReasonRequired(field="reason")
    value = _points(points, Decimal("1000"))
    if value <= 0:
        raise PointsOutOfRange(field="points", max_points=Decimal("1000"))
    if rule is not None and (rule.covenant.term_id != sheet.term_id or rule.kind != kind):
        raise ValidationFailed(_("Quy định điểm thưởng/điểm trừ không thuộc giao ước của cụm."), field="rule")
    adjustment = Adjustment(
        sheet=sheet,
        kind=kind,
        rule=rule,
        points=value,
        reason=reason.strip(),
        is_serious_violation=bool(is_serious_violation) and kind == AdjustmentKind.PENALTY,
        created_by=actor,
        created_as=capacity,
    )
    if evidence is not None:
        check_upload(uploaded=evidence, allowed=ALLOWED_EVIDENCE)  # size, extension and content signature
        adjustment.evidence = evidence
    adjustment.save()
    _refresh(sheet)
    return adjustment


@transaction.atomic
def adjustment_delete(*, actor: User, adjustment: Adjustment) -> None:
    sheet = _lock_sheet(adjustment.sheet)
    access.require_assess(actor, sheet.term, sheet.unit)
    _require_unlocked(sheet.term, sheet.period)
    adjustment.delete()
    _refresh(sheet)


@transaction.atomic
def sheet_comment_add(
    *, actor: User, sheet: ScoreSheet, text: str, line: ScoreLine | None = None
) -> SheetComment:
    """The scored unit's comment on its sheet (its officer or leader)."""
    if not (access.can(actor, Action.EDIT, sheet.unit) or access.can(actor, Action.APPROVE, sheet.unit)):
        raise AccessDenied()
    if not text.strip():
        raise ReasonRequired(field="text")
    if line is not None and line.sheet_id != sheet.pk:
        raise ValidationFailed(_("Tiêu chí không thuộc bảng điểm."), field="line")
    return SheetComment.objects.create(sheet=sheet, line=line, author=actor, text=text.strip())


# -- reconciliation, lock, reopen ----------------------------------------------------------------


@transaction.atomic
def scores_reconcile(*, actor: User, term: ClusterTerm, period: EmulationPeriod) -> list[ScoreSheet]:
    """Close the cluster's assessment: every adjusted score must carry a reason; sheets become ASSESSED.

    Only the sheets the actor may assess (never their own unit's: the leader unit's own sheet is
    closed by the deputy unit's staff or the owner's board); who closed each sheet is recorded.
    """
    _require_period(term, period)
    _lock_scoring(term.pk)
    sheets = list(ScoreSheet.objects.filter(term=term, period=period).select_related("unit"))
    capacities = {
        s.pk: capacity
        for s in sheets
        if (capacity := access.assess_capacity(actor, term, s.unit)) is not None
    }
    mine = [s for s in sheets if s.pk in capacities]
    if not mine:
        if sheets:
            access.require_assess(actor, term, sheets[0].unit)
        access.require_term(actor, Action.MANAGE_TERM, term)
    _require_unlocked(term, period)
    missing: dict[str, list[str]] = defaultdict(list)
    for line in ScoreLine.objects.filter(
        sheet__in=mine, assessed_points__isnull=False, difference_reason=""
    ).select_related("criterion", "sheet__unit"):
        compared = [p for p in (line.self_points, line.auto_points) if p is not None]
        if any(line.assessed_points != p for p in compared):
            missing[line.sheet.unit.name].append(line.criterion.code)
    if missing:
        unit, codes = sorted(missing.items())[0]
        raise DifferenceReasonMissing(unit=unit, criteria=", ".join(codes))
    now = timezone.now()
    for sheet in mine:
        if sheet.status == SheetStatus.ASSESSED and sheet.assessed_by_id:
            continue  # closed before (by whom is kept); the leader's own sheet may be closed later
        sheet.status, sheet.assessed_by, sheet.assessed_at = SheetStatus.ASSESSED, actor, now
        sheet.assessed_as = capacities[sheet.pk]  # `capacities` holds only the sheets the actor assesses
        sheet.save(update_fields=["status", "assessed_by", "assessed_at", "assessed_as", "updated_at"])
    return list(ScoreSheet.objects.filter(term=term, period=period).order_by("rank", "unit__name"))


@transaction.atomic
def scores_lock(*, actor: User, term: ClusterTerm, period: EmulationPeriod, reason: str) -> PeriodLock:
    """Lock a period's scores (e.g. after the conference's classification vote)."""
    access.require_term(actor, Action.MANAGE_TERM, term)
    _require_period(term, period)
    if not (reason or "").strip():
        raise ReasonRequired(field="reason")
    _lock_scoring(term.pk)
    _require_unlocked(term, period)
    lock = PeriodLock.objects.create(term=term, period=period, locked_by=actor, reason=reason.strip())
    for sheet in ScoreSheet.objects.filter(term=term, period=period):
        sheet.is_locked = True
        sheet.save(update_fields=["is_locked", "updated_at"])
    return lock


@transaction.atomic
def scores_reopen(*, actor: User, term: ClusterTerm, period: EmulationPeriod, reason: str) -> PeriodLock:
    """Reopen locked scores; the reason is recorded on the lock."""
    access.require_term(actor, Action.MANAGE_TERM, term)
    if not (reason or "").strip():
        raise ReasonRequired(field="reason")
    _lock_scoring(term.pk)
    lock = (
        PeriodLock.objects.select_for_update()
        .filter(term=term, period=period, reopened_at__isnull=True)
        .first()
    )
    if lock is None:
        raise ScoresNotLocked(term=term, period=period.label)
    lock.reopened_at = timezone.now()
    lock.reopened_by = actor
    lock.reopen_reason = reason.strip()
    lock.save()
    for sheet in ScoreSheet.objects.filter(term=term, period=period):
        sheet.is_locked = False
        sheet.save(update_fields=["is_locked", "updated_at"])
    return lock
