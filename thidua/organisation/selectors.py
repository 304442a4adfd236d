"""Reads for the organisation context, already scoped to the user and eager-loaded."""

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from thidua.core.errors import NotFound
from thidua.core.text import search_terms

from . import access
from .access import Action
from .models import Cluster, ClusterMembership, ClusterTerm, Handover, Unit, UnitRole, UnitSuccession


def unit_list(*, actor, query: str = "", kind: str = "", active_only: bool = False) -> QuerySet[Unit]:
    units = access.units_in_scope(actor, Action.VIEW).select_related("parent")
    for word in search_terms(query):
        units = units.filter(search_key__contains=word)
    if kind:
        units = units.filter(kind=kind)
    if active_only:
        units = units.filter(active_to__isnull=True)
    return units.order_by("path")


def unit_get(*, actor, unit_id: int) -> Unit:
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


def unit_children(*, actor, unit: Unit) -> QuerySet[Unit]:
    return unit_list(actor=actor).filter(parent=unit)


def unit_memberships(*, actor, unit: Unit) -> QuerySet[ClusterMembership]:
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
    return ClusterTerm.objects.select_related("cluster", "cluster__owner", "leader", "deputy").annotate(
        member_count=Coalesce(Subquery(members), 0)
    )


def term_list(*, actor, year: int | None = None, level: str = "", query: str = "") -> QuerySet[ClusterTerm]:
    terms = _term_queryset().filter(pk__in=access.terms_in_scope(actor).values("pk"))
    if year:
        terms = terms.filter(year=year)
    if level:
        terms = terms.filter(cluster__level=level)
    for word in search_terms(query):
        terms = terms.filter(cluster__search_key__contains=word)
    return terms.order_by("-year", "cluster__level", "cluster__owner__path", "cluster__number")


def term_years(*, actor) -> list[int]:
    return list(access.terms_in_scope(actor).order_by("-year").values_list("year", flat=True).distinct())


def term_get(*, actor, term_id: int, action: Action = Action.VIEW_CLUSTER) -> ClusterTerm:
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


def cluster_get(*, actor, cluster_id: int) -> Cluster:
    cluster = access.clusters_in_scope(actor).select_related("owner").filter(pk=cluster_id).first()
    if cluster is None:
        raise NotFound()
    return cluster


def cluster_list(*, actor, level: str = "") -> QuerySet[Cluster]:
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
            Prefetch(
                "memberships",
                queryset=ClusterMembership.objects.select_related("unit").order_by("unit__name"),
            )
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


def candidate_units_for_term(*, term: ClusterTerm) -> QuerySet[Unit]:
    """Units that could join the term: same kind of unit as the cluster level, active that year."""
    cluster = term.cluster
    units = Unit.objects.filter(path__startswith=cluster.owner.path).exclude(pk=cluster.owner_id)
    units = units.exclude(
        pk__in=ClusterMembership.objects.filter(
            year=term.year, level=cluster.level, owner=cluster.owner
        ).values("unit_id")
    )
    return units.filter(Q(active_to__isnull=True) | Q(active_to__year__gte=term.year)).order_by("name")


def dashboard_terms(*, actor, year: int | None = None) -> QuerySet[ClusterTerm]:
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
