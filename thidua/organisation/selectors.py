"""Reads for the organisation context, already scoped to the user and eager-loaded."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.core.errors import NotFound
from thidua.core.text import search_terms

from . import access
from .access import Action
from .models import (
    Cluster,
    ClusterMembership,
    ClusterTerm,
    Handover,
    Unit,
    UnitKind,
    UnitRole,
    UnitSuccession,
)


def unit_list(*, actor: User, query: str = "", kind: str = "", active_only: bool = False) -> QuerySet[Unit]:
    units = access.units_in_scope(actor, Action.VIEW).select_related("parent")
    for word in search_terms(query):
        units = units.filter(search_key__contains=word)
    if kind:
        units = units.filter(kind=kind)
    if active_only:
        units = units.filter(active_to__isnull=True)
    return units.order_by("path")


def unit_get(*, actor: User, unit_id: int) -> Unit:
    """Fetch and check in one call: absent and out-of-scope both give NotFound."""
    unit = (
        Unit.objects.select_related("parent")
        .prefetch_related(
            "names",
            Prefetch("successions_in", queryset=UnitSuccession.objects.select_related("predecessor")),
            Prefetch("successions_out", queryset=UnitSuccession.objects.select_related("successor")),
        )
        .filter(pk=unit_id)
        .first()
    )
    if unit is None or not access.can_see_unit(actor, unit):
        raise NotFound()
    return unit


def unit_children(*, actor: User, unit: Unit) -> QuerySet[Unit]:
    return unit_list(actor=actor).filter(parent=unit)


def unit_memberships(*, actor: User, unit: Unit) -> QuerySet[ClusterMembership]:
    """The unit's clusters year by year; a cluster partner sees only the terms it may view."""
    memberships = ClusterMembership.objects.filter(unit=unit)
    if not access.can(actor, Action.VIEW, unit):
        memberships = memberships.filter(term__in=access.terms_in_scope(actor))
    return memberships.select_related("term__cluster", "term__leader", "term__deputy").order_by(
        "-year", "level"
    )


def _term_queryset() -> QuerySet[ClusterTerm]:
    # a correlated count instead of JOIN + GROUP BY over every selected column
    members = (
        ClusterMembership.objects.filter(term=OuterRef("pk"))
        .order_by()
        .values("term")
        .annotate(n=Count("*"))
        .values("n")
    )
    return (
        ClusterTerm.objects.select_related("cluster", "cluster__owner", "leader", "deputy")
        .prefetch_related("additional_deputies")
        .annotate(member_count=Coalesce(Subquery(members), 0))
    )


def term_list(
    *, actor: User, year: int | None = None, level: str = "", query: str = ""
) -> QuerySet[ClusterTerm]:
    terms = _term_queryset().filter(pk__in=access.terms_in_scope(actor).values("pk"))
    if year:
        terms = terms.filter(year=year)
    if level:
        terms = terms.filter(cluster__level=level)
    for word in search_terms(query):
        terms = terms.filter(cluster__search_key__contains=word)
    return terms.order_by("-year", "cluster__level", "cluster__owner__path", "cluster__number")


def term_years(*, actor: User) -> list[int]:
    return list(access.terms_in_scope(actor).order_by("-year").values_list("year", flat=True).distinct())


def term_get(*, actor: User, term_id: int, action: Action = Action.VIEW_CLUSTER) -> ClusterTerm:
    term = (
        _term_queryset()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=ClusterMembership.objects.select_related("unit").order_by("unit__name"),
            )
        )
        .filter(pk=term_id)
        .first()
    )
    if term is None or not access.can_term(actor, action, term):
        raise NotFound()
    return term


def cluster_get(*, actor: User, cluster_id: int) -> Cluster:
    cluster = access.clusters_in_scope(actor).select_related("owner").filter(pk=cluster_id).first()
    if cluster is None:
        raise NotFound()
    return cluster


def cluster_list(*, actor: User, level: str = "") -> QuerySet[Cluster]:
    clusters = access.clusters_in_scope(actor).select_related("owner")
    if level:
        clusters = clusters.filter(level=level)
    return clusters.order_by("level", "owner__path", "number")


def cluster_history(*, cluster: Cluster) -> QuerySet[ClusterTerm]:
    """Every year of the cluster with its members, leader and deputy (for the history table)."""
    return (
        ClusterTerm.objects.filter(cluster=cluster)
        .select_related("cluster", "leader", "deputy")
        .prefetch_related(
            "additional_deputies",
            Prefetch(
                "memberships",
                queryset=ClusterMembership.objects.select_related("unit").order_by("unit__name"),
            ),
        )
        .order_by("-year")
    )


def handover_list(*, cluster: Cluster) -> QuerySet[Handover]:
    return (
        Handover.objects.filter(from_term__cluster=cluster)
        .select_related(
            "from_term",
            "to_term",
            "previous_leader",
            "previous_deputy",
            "new_leader",
            "new_deputy",
            "recorded_by",
        )
        .order_by("-handed_over_on")
    )


def member_candidates(*, cluster: Cluster, year: int, term: ClusterTerm | None = None) -> QuerySet[Unit]:
    """Units that may be members of the cluster in `year`: the owner's direct units active some day
    that year and in no other cluster of the same level and owner that year."""
    owner = cluster.owner
    taken = ClusterMembership.objects.filter(year=year, level=cluster.level, owner=owner)
    if term is not None:
        taken = taken.exclude(term=term)
    return (
        Unit.objects.filter(parent=owner)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=datetime.date(year, 1, 1)))
        .filter(Q(active_from__isnull=True) | Q(active_from__lte=datetime.date(year, 12, 31)))
        .exclude(pk__in=taken.values("unit_id"))
        .order_by("name")
    )


@dataclass(frozen=True)
class PlanRow:
    """One of last year's members as it goes into next year's term (the new-year wizard, 15.3)."""

    unit: Unit  # last year's member
    status: str  # "continues" | "replaced" (by its successor) | "merged_in" (successor listed) | "ended"
    successor: Unit | None = None  # the unit that takes its place (replaced)
    ends_on: datetime.date | None = None  # last day of activity, when it ends before next year is over
    note: str = ""

    @property
    def joins(self) -> Unit | None:
        """The unit that goes into next year's list for this row (None: none)."""
        if self.status == "continues":
            return self.unit
        return self.successor if self.status == "replaced" else None


def _final_successor(unit: Unit, year_end: datetime.date) -> Unit | None:
    """Follow the unit's succession until a unit still active at the end of the year (None: none)."""
    seen = {unit.pk}
    current = unit
    while current.active_to is not None and current.active_to < year_end:
        record = (
            UnitSuccession.objects.filter(predecessor=current)
            .select_related("successor")
            .order_by("-effective_date")
            .first()
        )
        if record is None or record.successor_id in seen:
            return None
        seen.add(record.successor_id)
        current = record.successor
    return current if current.pk != unit.pk else None


def next_term_plan(*, term: ClusterTerm) -> list[PlanRow]:
    """Last year's members and what becomes of each next year: a unit that stops before next year ends
    (merged on 01/07/2025, district police on 01/03/2025) is replaced by its successor, once, unless
    the successor is already in the list or in another cluster of that level next year."""
    year = term.year + 1
    year_end = datetime.date(year, 12, 31)
    cluster = term.cluster
    taken = dict(
        ClusterMembership.objects.filter(year=year, level=cluster.level, owner=cluster.owner)
        .exclude(term__cluster=cluster)
        .values_list("unit_id", "term__cluster__name")
    )
    members = [m.unit for m in term.memberships.select_related("unit").order_by("unit__name")]
    staying = {u.pk for u in members if u.active_to is None or u.active_to >= year_end}
    rows: list[PlanRow] = []
    placed: set[int] = set()
    for unit in members:
        if unit.pk in staying:
            if unit.pk in taken:
                rows.append(
                    PlanRow(
                        unit, "ended", note=_("đã thuộc %(c)s năm %(y)s") % {"c": taken[unit.pk], "y": year}
                    )
                )
                continue
            rows.append(PlanRow(unit, "continues"))
            placed.add(unit.pk)
            continue
        successor = _final_successor(unit, year_end)
        if successor is None:
            rows.append(
                PlanRow(
                    unit, "ended", ends_on=unit.active_to, note=_("ngừng hoạt động, không có đơn vị kế thừa")
                )
            )
        elif successor.pk in staying or successor.pk in placed:
            rows.append(
                PlanRow(
                    unit,
                    "merged_in",
                    successor=successor,
                    ends_on=unit.active_to,
                    note=_("đơn vị kế thừa đã có trong danh sách"),
                )
            )
        elif successor.pk in taken:
            rows.append(
                PlanRow(
                    unit,
                    "ended",
                    successor=successor,
                    ends_on=unit.active_to,
                    note=_("đơn vị kế thừa đã thuộc %(c)s năm %(y)s") % {"c": taken[successor.pk], "y": year},
                )
            )
        else:
            rows.append(PlanRow(unit, "replaced", successor=successor, ends_on=unit.active_to))
            placed.add(successor.pk)
    return rows


def cluster_owners(*, actor: User) -> QuerySet[Unit]:
    """Units whose clusters the user may set up (ministry, provincial police: their boards)."""
    return (
        access.units_in_scope(actor, Action.MANAGE_CLUSTERS)
        .filter(kind__in=[UnitKind.MINISTRY, UnitKind.PROVINCIAL_POLICE], active_to__isnull=True)
        .order_by("path")
    )


def cluster_detail_get(*, actor: User, cluster_id: int) -> Cluster:
    """A cluster and its years (for the set-up page): the owner's board only."""
    cluster = (
        Cluster.objects.select_related("owner")
        .prefetch_related(
            Prefetch(
                "terms",
                queryset=ClusterTerm.objects.select_related("leader", "deputy")
                .prefetch_related("additional_deputies")
                .annotate(member_count=Count("memberships"))
                .order_by("-year"),
            )
        )
        .filter(pk=cluster_id)
        .first()
    )
    if cluster is None or not access.can(actor, Action.MANAGE_CLUSTERS, cluster.owner):
        raise NotFound()
    return cluster


def managed_clusters(*, actor: User) -> QuerySet[Cluster]:
    owners = access.units_in_scope(actor, Action.MANAGE_CLUSTERS).values("pk")
    return (
        Cluster.objects.filter(owner__in=owners)
        .select_related("owner")
        .annotate(years=Count("terms"), last_year=Max("terms__year"))
        .order_by("level", "owner__path", "kind", "number", "name")
    )


def dashboard_terms(*, actor: User, year: int | None = None) -> QuerySet[ClusterTerm]:
    terms = term_list(actor=actor)
    if year is None:
        year = access.terms_in_scope(actor).aggregate(latest=Max("year"))["latest"]
    return terms.filter(year=year) if year else terms.none()


def user_grants(*, user) -> list[UnitRole]:
    """The roles a signed-in user holds, with their units (for the page header)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        UnitRole.objects.filter(user=user, ended_on__isnull=True)
        .select_related("unit")
        .order_by("unit__depth", "role", "pk")
    )


def leader_staff(*, term: ClusterTerm) -> list:
    """The people who manage the term as its leader unit's staff (access.LEADER_STAFF_ROLES at the
    leader unit or inside it): after a hand-over, the new leader's officers are listed at once."""
    if term.leader is None:
        return []
    grants = (
        UnitRole.objects.filter(
            role__in=access.LEADER_STAFF_ROLES, ended_on__isnull=True, unit__path__startswith=term.leader.path
        )
        .select_related("user", "unit")
        .order_by("unit__path", "user__full_name")
    )
    return [grant for grant in grants if grant.user.is_active]


def successor_candidates(*, unit: Unit) -> QuerySet[Unit]:
    """Who may take over a unit's tasks: its active sibling units and the unit above it (district police
    passed theirs to the provincial police and to commune police)."""
    siblings = Q(parent_id=unit.parent_id) if unit.parent_id else Q(parent__isnull=True)
    return (
        Unit.objects.filter(siblings | Q(pk=unit.parent_id))
        .exclude(pk=unit.pk)
        .filter(active_to__isnull=True)
        .order_by("depth", "name")
    )
