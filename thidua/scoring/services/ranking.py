"""Helpers shared by the writes: row locks, totals, the ranking refresh of a period, the owner's configuration."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Sum

from thidua.emulation.models import (
    EmulationPeriod,
)
from thidua.organisation.models import ClusterTerm, Unit

from .. import rules
from ..errors import (
    PeriodNotForTerm,
    PointsOutOfRange,
    ScoresLocked,
)
from ..models import (
    AdjustmentKind,
    LineSource,
    PeriodLock,
    ScoreLine,
    ScoreSheet,
    ScoringConfig,
)

# -- helpers -------------------------------------------------------------------------------------


def config_for(*, owner: Unit) -> ScoringConfig:
    """The owner's configuration, or the defaults (unsaved) when it has none."""
    config = ScoringConfig.objects.filter(owner=owner).first()
    return config or ScoringConfig(owner=owner, tie_break=list(rules.DEFAULT_TIE_BREAK))


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
