"""Reads of a term's periods and members, owners and their configuration, locks, and the page permissions."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Count,
    QuerySet,
)

from thidua.accounts.models import User
from thidua.core.errors import NotFound
from thidua.emulation.models import BonusPenaltyRule, EmulationPeriod
from thidua.emulation.selectors import term_period_queryset
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm, Unit

from .. import services
from ..models import (
    CrossInspection,
    PeriodLock,
    ScoreSheet,
    ScoringConfig,
)

# -- terms and periods ---------------------------------------------------------------------------


def term_periods(*, term: ClusterTerm) -> list[dict[str, Any]]:
    """The term's periods with their number of sheets and lock state (three queries)."""
    periods = list(term_period_queryset(term))
    counts = dict(
        ScoreSheet.objects.filter(term=term)
        .values("period_id")
        .annotate(n=Count("pk"))
        .values_list("period_id", "n")
    )
    locked = set(
        PeriodLock.objects.filter(term=term, reopened_at__isnull=True).values_list("period_id", flat=True)
    )
    return [{"period": p, "sheets": counts.get(p.pk, 0), "locked": p.pk in locked} for p in periods]


def term_members(*, term: ClusterTerm) -> QuerySet[Unit]:
    return Unit.objects.filter(cluster_memberships__term=term).order_by("name")


def sheet_list(*, actor: User, term: ClusterTerm, period: EmulationPeriod) -> QuerySet[ScoreSheet]:
    access.require_term(actor, Action.VIEW_CLUSTER, term)
    return ScoreSheet.objects.filter(term=term, period=period).order_by("rank", "unit__name")


def owner_get(*, owner_id: int) -> Unit:
    """An authority whose scoring configuration is read or changed (the services check the rights)."""
    owner = Unit.objects.filter(pk=owner_id).first()
    if owner is None:
        raise NotFound()
    return owner


def scoped_owner_get(*, actor: User, owner_id: int, action: Action) -> Unit:
    """Fetch and check once: an authority on which the actor may `action` (else NotFound)."""
    owner = owner_get(owner_id=owner_id)
    if not access.can(actor, action, owner):
        raise NotFound()
    return owner


def sheet_permissions(*, actor: User, sheet: ScoreSheet) -> dict[str, bool]:
    """What the actor may do on the sheet's page (the policy's ScoreSheet rules)."""
    return {
        "can_self": access.can_object(actor, "self_score", sheet),
        "can_assess": access.can_object(actor, "assess", sheet),
        "own_unit_manager": access.can_object(actor, "manage_own_unit", sheet),
        "can_comment": access.can_object(actor, "comment", sheet),
    }


def inspection_can_record(*, actor: User, inspection: CrossInspection) -> bool:
    return access.can_object(actor, "record", inspection)


def units_by_id(*, ids: list[int]) -> dict[int, Unit]:
    return {unit.pk: unit for unit in Unit.objects.filter(pk__in=ids)}


def rule_get(*, rule_id: int) -> BonusPenaltyRule:
    rule = BonusPenaltyRule.objects.select_related("covenant").filter(pk=rule_id).first()
    if rule is None:
        raise NotFound()
    return rule


def active_lock(*, term: ClusterTerm, period: EmulationPeriod) -> PeriodLock | None:
    return (
        PeriodLock.objects.filter(term=term, period=period, reopened_at__isnull=True)
        .select_related("locked_by")
        .first()
    )


def lock_history(*, term: ClusterTerm, period: EmulationPeriod) -> QuerySet[PeriodLock]:
    return PeriodLock.objects.filter(term=term, period=period).select_related("locked_by", "reopened_by")


def config_for(owner: Unit) -> ScoringConfig:
    return services.config_for(owner=owner)


def scoring_terms(*, actor: User) -> QuerySet[ClusterTerm]:
    return (
        ClusterTerm.objects.filter(pk__in=access.terms_in_scope(actor).values("pk"))
        .select_related("cluster__owner", "leader")
        .annotate(sheet_count=Count("score_sheets"))
        .order_by("-year", "cluster__level", "cluster__number")
    )
