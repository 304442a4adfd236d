"""Reads across periods: a unit's history, the owner's clusters compared, the dashboard's sheets."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    Avg,
    Count,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from thidua.accounts.models import User
from thidua.core.errors import NotFound
from thidua.emulation.models import EmulationPeriod
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterMembership, ClusterTerm, Unit

from ..models import (
    ScoreLine,
    ScoreSheet,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


# -- history and comparison ----------------------------------------------------------------------


class HistoryAnnotations(TypedDict):
    member_count: int  # units in the sheet's cluster term


def unit_history(*, actor: User, unit: Unit) -> QuerySet[WithAnnotations[ScoreSheet, HistoryAnnotations]]:
    """The unit's sheets across periods and years with stored rank and band, one query.

    A cluster partner (no VIEW on the unit) sees the sheets of the terms it shares, as on the leaderboard."""
    if not access.can_see_unit(actor, unit):
        raise NotFound()
    sheets = ScoreSheet.objects.filter(unit=unit)
    if not access.can(actor, Action.VIEW, unit):
        sheets = sheets.filter(term__in=access.terms_in_scope(actor))
    members = (
        ClusterMembership.objects.filter(term_id=OuterRef("term_id"))
        .order_by()
        .values("term_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        sheets.select_related("term__cluster", "period")
        .annotate(member_count=Subquery(members, output_field=IntegerField()))
        .order_by("-period__year", "-period__end_date", "term__cluster__number")
    )


@dataclass
class ComparisonRow:
    term_id: int
    term_name: str
    leader: str
    units: int
    average: Decimal | None
    best: Decimal | None
    worst: Decimal | None
    excellent: int
    locked: bool
    sheets: int


def comparison_owners(*, actor: User) -> QuerySet[Unit]:
    """Authorities whose clusters the user may compare (boards of owners, admins)."""
    owners = Unit.objects.filter(owned_clusters__isnull=False).distinct().order_by("path")
    if access.is_admin(actor):
        return owners
    return owners.filter(pk__in=access.units_in_scope(actor, Action.MANAGE_CLUSTERS).values("pk"))


def cluster_comparison(
    *, actor: User, owner: Unit, period: EmulationPeriod, level: str = ""
) -> list[ComparisonRow]:
    """Every cluster of the owner in the period's year, side by side (owner's board only)."""
    access.require(actor, Action.MANAGE_CLUSTERS, owner)
    terms = ClusterTerm.objects.filter(cluster__owner=owner, year=period.year)
    if level:
        terms = terms.filter(cluster__level=level)
    in_period = Q(score_sheets__period=period)
    terms = (
        terms.select_related("cluster", "leader")
        .annotate(
            units=Count("memberships", distinct=True),
            sheets=Count("score_sheets", filter=in_period, distinct=True),
            average=Avg("score_sheets__total", filter=in_period),
            best=Max("score_sheets__total", filter=in_period),
            worst=Min("score_sheets__total", filter=in_period),
            excellent=Count(
                "score_sheets", filter=in_period & Q(score_sheets__band="excellent"), distinct=True
            ),
            locked=Count(
                "score_locks",
                filter=Q(score_locks__period=period, score_locks__reopened_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("cluster__level", "cluster__number")
    )
    return [
        ComparisonRow(
            term_id=t.pk,
            term_name=t.display_name,
            leader=t.leader.display_name if t.leader else "",
            units=t.units,
            average=Decimal(t.average).quantize(Decimal("0.01")) if t.average is not None else None,
            best=t.best,
            worst=t.worst,
            excellent=t.excellent,
            locked=bool(t.locked),
            sheets=t.sheets,
        )
        for t in terms
    ]


def owner_periods(*, owner: Unit) -> QuerySet[EmulationPeriod]:
    return EmulationPeriod.objects.filter(owner=owner).order_by("-year", "-end_date")


def prefetch_lines() -> Prefetch:
    return Prefetch(
        "lines",
        queryset=ScoreLine.objects.select_related("criterion__group").order_by(
            "group_number", "criterion__order"
        ),
    )


def dashboard_sheets(*, actor: User) -> QuerySet[ScoreSheet]:
    """The latest scored period of a cluster the user can see, best first (dashboard panel)."""
    visible = ScoreSheet.objects.filter(term__in=access.terms_in_scope(actor).values("pk"))
    latest = (
        visible.order_by("-period__end_date", "-term__year", "term_id").values("term_id", "period_id").first()
    )
    if latest is None:
        return ScoreSheet.objects.none()
    return (
        ScoreSheet.objects.filter(term_id=latest["term_id"], period_id=latest["period_id"])
        .select_related("unit", "term__cluster", "period")
        .order_by("rank", "unit__name")
    )
