"""Reads of the exchange capability: the outbox and inbox a board may see, partners."""

from django.db.models import QuerySet

from thidua.accounts.models import User
from thidua.core.errors import NotFound
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm

from . import policy
from .models import Package, Partner


def package_list(*, actor: User) -> QuerySet[Package]:
    """Every package for a board (the exchange is the installation's, run by its boards); none else."""
    if not policy.is_board(actor):
        return Package.objects.none()
    return Package.objects.select_related("partner", "batch", "term__cluster").order_by("-created_at")


def package_get(*, actor: User, package_id: int) -> Package:
    package = package_list(actor=actor).filter(pk=package_id).first()
    if package is None:
        raise NotFound()
    return package


def partner_list(*, actor: User) -> QuerySet[Partner]:
    if not getattr(actor, "is_authenticated", False):
        return Partner.objects.none()
    return Partner.objects.filter(is_active=True).order_by("name")


def sendable_terms(*, actor: User, limit: int = 30) -> list[ClusterTerm]:
    """The cluster years whose owner's board the actor is (they may send them upward), latest first."""
    owners = access.units_in_scope(actor, Action.MANAGE_CLUSTERS)
    return list(
        ClusterTerm.objects.filter(cluster__owner__in=owners)
        .select_related("cluster")
        .order_by("-year", "cluster__level", "cluster__number", "cluster__name")[:limit]
    )
