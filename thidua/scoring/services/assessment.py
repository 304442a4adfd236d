"""Writes: self-assessment, cross-inspection (assignment, record) and the cluster's assessment of a line."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.errors import ValidationFailed
from thidua.core.text import number
from thidua.core.versioning import version_claim
from thidua.emulation.models import (
    EmulationPeriod,
)
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterMembership, ClusterTerm, Unit

from ..errors import (
    NotAMember,
    ReasonRequired,
    SelfInspection,
)
from ..models import (
    CrossInspection,
    CrossInspectionRecord,
    ScoreLine,
    ScoreSheet,
    SheetStatus,
)
from .ranking import (
    _lock_scoring,
    _lock_sheet,
    _points,
    _refresh,
    _require_period,
    _require_unlocked,
    _settle,
)

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
