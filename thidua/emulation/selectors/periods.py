"""Periods of a term (one order for every page and API), owners' periods, movements, terms."""

from django.db.models import Case, Count, Q, QuerySet, Value, When

from thidua.accounts.models import User
from thidua.core.errors import NotFound
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm, Unit
from thidua.organisation.selectors import term_get

from ..models import (
    EmulationPeriod,
    Movement,
    PeriodDeadline,
    PeriodKind,
)

# -- periods, movements --------------------------------------------------------------------------


def term_get_to_manage(*, actor: User, term_id: int) -> ClusterTerm:
    """A term the actor sees (404 otherwise) and manages (403 otherwise): the year-start page."""
    term = term_get(actor=actor, term_id=term_id)
    access.require_term(actor, Action.MANAGE_TERM, term)
    return term


def term_period_queryset(term: ClusterTerm) -> QuerySet[EmulationPeriod]:
    """The periods of a term's year set by its cluster's owner, in the one order every page and API uses:
    by end date, a quarter before the summary period ending the same day (Q2 before the half-year)."""
    quarter_first = Case(When(kind=PeriodKind.QUARTER, then=Value(0)), default=Value(1))
    return (
        EmulationPeriod.objects.filter(owner_id=term.cluster.owner_id, year=term.year)
        .select_related("owner")
        .order_by("end_date", quarter_first, "number")
    )


def _with_deadlines(term: ClusterTerm, periods: list[EmulationPeriod]) -> list[EmulationPeriod]:
    deadlines = dict(PeriodDeadline.objects.filter(term=term).values_list("period_id", "due_date"))
    for period in periods:
        period.due_date = deadlines.get(period.pk, period.default_deadline)
    return periods


def term_periods(*, term: ClusterTerm) -> list[EmulationPeriod]:
    """The term's periods, each with its `due_date` (the term's own deadline or the period's default)."""
    return _with_deadlines(term, list(term_period_queryset(term)))


def managed_owners(*, actor: User) -> list[Unit]:
    """Authorities owning clusters whose emulation board the user belongs to (they configure periods)."""
    owners = Unit.objects.filter(owned_clusters__isnull=False).distinct().order_by("path")
    return [owner for owner in owners if access.can(actor, Action.MANAGE_CLUSTERS, owner)]


def owner_periods(*, owner: Unit, year: int) -> QuerySet[EmulationPeriod]:
    return EmulationPeriod.objects.filter(owner=owner, year=year).order_by("end_date", "kind")


def period_get(*, term: ClusterTerm, period_id: int) -> EmulationPeriod:
    """Fetch and check once: a period of another owner or year is NotFound."""
    period = term_period_queryset(term).filter(pk=period_id).first()
    if period is None:
        raise NotFound()
    return _with_deadlines(term, [period])[0]


def movement_list(*, actor: User, year: int | None = None) -> QuerySet[Movement]:
    """Movements launched by an authority above or at the user's units (a movement applies downwards)."""
    movements = Movement.objects.select_related("owner").prefetch_related("terms__cluster", "units")
    if not access.is_admin(actor):
        paths = list(access.units_in_scope(actor, Action.VIEW).values_list("path", flat=True)[:200])
        owners = {p[: i + 7] for p in paths for i in range(0, len(p), 7)}
        movements = movements.filter(
            Q(owner__path__in=owners) | Q(owner__in=access.units_in_scope(actor, Action.VIEW))
        )
    if year:
        movements = movements.filter(start_date__year__lte=year, end_date__year__gte=year)
    return movements.order_by("-start_date", "name")


def term_list(*, actor: User, year: int | None = None) -> QuerySet[ClusterTerm]:
    terms = (
        ClusterTerm.objects.filter(pk__in=access.terms_in_scope(actor).values("pk"))
        .select_related("cluster__owner", "leader", "deputy", "covenant")
        .annotate(member_count=Count("memberships", distinct=True))
    )
    if year:
        terms = terms.filter(year=year)
    return terms.order_by("-year", "cluster__level", "cluster__owner__path", "cluster__number")
