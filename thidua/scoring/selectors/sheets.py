"""Reads of score sheets and their lines, adjustments, comments and cross-inspections (fetch-and-check once)."""

from __future__ import annotations

from django.db.models import (
    F,
    QuerySet,
)

from thidua.accounts.models import User
from thidua.core.errors import NotFound
from thidua.emulation.models import EmulationPeriod
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm

from ..models import (
    Adjustment,
    CrossInspection,
    CrossInspectionRecord,
    ScoreLine,
    ScoreSheet,
    SheetComment,
)

# -- sheets --------------------------------------------------------------------------------------


def _sheet_queryset() -> QuerySet[ScoreSheet]:
    return ScoreSheet.objects.select_related(
        "term__cluster__owner",
        "term__leader",
        "term__deputy",
        "period",
        "unit",
        "self_submitted_by",
        "assessed_by",
    )


def sheet_get(*, actor: User, sheet_id: int) -> ScoreSheet:
    """A sheet is visible to whoever may view the cluster term (members see each other's scores)."""
    sheet = _sheet_queryset().filter(pk=sheet_id).first()
    if sheet is None or not access.can_term(actor, Action.VIEW_CLUSTER, sheet.term):
        raise NotFound()
    return sheet


def sheet_for(*, actor: User, term: ClusterTerm, period: EmulationPeriod, unit_id: int) -> ScoreSheet:
    sheet = _sheet_queryset().filter(term=term, period=period, unit_id=unit_id).first()
    if sheet is None or not access.can_term(actor, Action.VIEW_CLUSTER, sheet.term):
        raise NotFound()
    return sheet


def sheet_lines(*, sheet: ScoreSheet) -> QuerySet[ScoreLine]:
    return (
        ScoreLine.objects.filter(sheet=sheet)
        .select_related("criterion__group", "self_by", "assessed_by", "proposed_by_unit")
        .order_by("group_number", "criterion__order", "criterion_id")
    )


def line_get(*, actor: User, line_id: int) -> ScoreLine:
    line = (
        ScoreLine.objects.select_related(
            "sheet__term__cluster__owner",
            "sheet__term__leader",
            "sheet__term__deputy",
            "sheet__period",
            "sheet__unit",
            "criterion__group",
            "self_by",
            "assessed_by",
            "proposed_by_unit",
        )
        .filter(pk=line_id)
        .first()
    )
    if line is None or not access.can_term(actor, Action.VIEW_CLUSTER, line.sheet.term):
        raise NotFound()
    return line


def sheet_adjustments(*, sheet: ScoreSheet) -> QuerySet[Adjustment]:
    return sheet.adjustments.select_related("rule", "created_by").order_by("kind", "created_at", "pk")


def sheet_comments(*, sheet: ScoreSheet) -> QuerySet[SheetComment]:
    return sheet.comments.select_related("author", "line__criterion").order_by("created_at", "pk")


def adjustment_get(*, actor: User, adjustment_id: int) -> Adjustment:
    adjustment = (
        Adjustment.objects.select_related(
            "sheet__term__cluster__owner", "sheet__term__leader", "sheet__period"
        )
        .filter(pk=adjustment_id)
        .first()
    )
    if adjustment is None or not access.can_term(actor, Action.VIEW_CLUSTER, adjustment.sheet.term):
        raise NotFound()
    return adjustment


def differences(*, term: ClusterTerm, period: EmulationPeriod) -> QuerySet[ScoreLine]:
    """Lines where the cluster's assessment differs from the unit's self score (reconciliation list)."""
    return (
        ScoreLine.objects.filter(sheet__term=term, sheet__period=period, assessed_points__isnull=False)
        .exclude(self_points__isnull=True)
        .exclude(assessed_points=F("self_points"))
        .select_related("criterion", "sheet__unit", "assessed_by")
        .order_by("sheet__unit__name", "group_number", "criterion__order")
    )


def cross_inspections(*, term: ClusterTerm, period: EmulationPeriod) -> QuerySet[CrossInspection]:
    return (
        CrossInspection.objects.filter(term=term, period=period)
        .select_related("inspecting_unit", "inspected_unit", "record", "record__recorded_by")
        .order_by("inspected_unit__name")
    )


def cross_inspection_get(*, actor: User, inspection_id: int) -> CrossInspection:
    inspection = (
        CrossInspection.objects.select_related(
            "term__cluster__owner", "term__leader", "period", "inspecting_unit", "inspected_unit"
        )
        .filter(pk=inspection_id)
        .first()
    )
    if inspection is None or not access.can_term(actor, Action.VIEW_CLUSTER, inspection.term):
        raise NotFound()
    return inspection


def inspection_record(*, inspection: CrossInspection) -> CrossInspectionRecord | None:
    return CrossInspectionRecord.objects.filter(inspection=inspection).select_related("recorded_by").first()


def inspected_sheet(*, inspection: CrossInspection) -> ScoreSheet | None:
    return ScoreSheet.objects.filter(
        term_id=inspection.term_id, period_id=inspection.period_id, unit_id=inspection.inspected_unit_id
    ).first()
