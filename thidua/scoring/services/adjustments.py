"""Writes: bonus/penalty adjustments (with evidence) and comments on a sheet."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.errors import AccessDenied, ValidationFailed
from thidua.emulation.models import (
    BonusPenaltyRule,
)
from thidua.emulation.services.evidence import ALLOWED_EVIDENCE, check_upload
from thidua.organisation import access
from thidua.organisation.access import Action

from ..errors import (
    PointsOutOfRange,
    ReasonRequired,
)
from ..models import (
    Adjustment,
    AdjustmentKind,
    ScoreLine,
    ScoreSheet,
    SheetComment,
)
from .ranking import _lock_sheet, _points, _refresh, _require_unlocked

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
