"""Writes: reconciliation, lock and reopening of a period's scores."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.emulation.models import (
    EmulationPeriod,
)
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm

from ..errors import (
    DifferenceReasonMissing,
    ReasonRequired,
    ScoresNotLocked,
)
from ..models import (
    PeriodLock,
    ScoreLine,
    ScoreSheet,
    SheetStatus,
)
from .ranking import _lock_scoring, _require_period, _require_unlocked

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
