"""Writes: sheets prepared for a period and the automatic scores computed from the accepted reports."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction

from thidua.accounts.models import User
from thidua.emulation.errors import CovenantNotScored
from thidua.emulation.models import (
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
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterMembership, ClusterTerm

from .. import rules
from ..errors import (
    CovenantRequired,
)
from ..models import (
    ScoreLine,
    ScoreSheet,
    TargetFormula,
)
from .configuration import config_for
from .ranking import (
    _lock_scoring,
    _ranking_refresh,
    _require_period,
    _require_unlocked,
    _settle,
    _sheet_refresh,
)

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
