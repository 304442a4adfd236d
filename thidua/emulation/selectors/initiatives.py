"""Models and initiatives (mô hình, sáng kiến)."""

from django.db.models import Q, QuerySet

from thidua.accounts.models import User
from thidua.core.errors import NotFound
from thidua.core.text import search_terms
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterMembership

from ..models import (
    ModelInitiative,
)

# -- models & initiatives ------------------------------------------------------------------------


def initiative_list(
    *, actor: User, query: str = "", year: int | None = None, kind: str = "", unit_id: int | None = None
) -> QuerySet[ModelInitiative]:
    """Models & initiatives of units the user can see or whose cluster the user can see.

    Diacritic-insensitive: "to cong tac dac biet 123" finds "Tổ công tác đặc biệt 123"."""
    initiatives = ModelInitiative.objects.select_related("unit", "period").prefetch_related("replicated_to")
    if not access.is_admin(actor):
        visible_members = ClusterMembership.objects.filter(term__in=access.terms_in_scope(actor)).values(
            "unit_id"
        )
        initiatives = initiatives.filter(
            Q(unit__in=access.units_in_scope(actor, Action.VIEW)) | Q(unit_id__in=visible_members)
        )
    for word in search_terms(query):
        initiatives = initiatives.filter(Q(search_key__contains=word) | Q(unit__search_key__contains=word))
    if year:
        initiatives = initiatives.filter(year=year)
    if kind:
        initiatives = initiatives.filter(kind=kind)
    if unit_id:
        initiatives = initiatives.filter(unit_id=unit_id)
    return initiatives.order_by("-year", "name")


def initiative_get(*, actor: User, initiative_id: int) -> ModelInitiative:
    initiative = initiative_list(actor=actor).filter(pk=initiative_id).first()
    if initiative is None:
        raise NotFound()
    return initiative
