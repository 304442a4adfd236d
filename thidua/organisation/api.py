from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from thidua.accounts.models import User
from thidua.core.errors import ValidationFailed
from thidua.core.schemas import Offset, Search, Year

from . import access, selectors, services
from .access import Action
from .models import Unit
from .schemas import (
    ClusterIn,
    ClusterOut,
    HandoverIn,
    HandoverOut,
    NextTermIn,
    PlanRowOut,
    ReorganiseIn,
    SuccessionOut,
    TermIn,
    TermMemberIn,
    TermMembersIn,
    TermOut,
    TermRolesIn,
    UnitIn,
    UnitOut,
    UnitPatch,
)

router = Router(tags=["Tổ chức & cụm thi đua"])


def _units(actor: User, ids: list[int], field: str) -> list[Unit]:
    units = list(selectors.unit_list(actor=actor).filter(pk__in=ids)) if ids else []
    if len(units) != len(set(ids)):
        missing = sorted(set(ids) - {u.pk for u in units})
        raise ValidationFailed(_("Không tìm thấy đơn vị có mã số {ids}."), field=field, ids=missing)
    return units


def _deputies(actor: User, ids: list[int] | None) -> list[Unit] | None:
    """The deputies in the order given (the first is the first Cụm phó); None: not sent."""
    if ids is None:
        return None
    by_id = {unit.pk: unit for unit in _units(actor, ids, "deputy_ids")}
    return [by_id[pk] for pk in ids]


def _unit_or_none(actor: User, unit_id: int | None, field: str) -> Unit | None:
    if unit_id is None:
        return None
    return _units(actor, [unit_id], field)[0]


@router.get("/units", response=list[UnitOut])
def list_units(
    request, q: Search = "", kind: Search = "", limit: int = Query(200, ge=1, le=1000), offset: Offset = 0
):
    return selectors.unit_list(actor=request.user, query=q, kind=kind)[offset : offset + limit]


@router.get("/units/{unit_id}", response=UnitOut)
def get_unit(request, unit_id: int):
    return selectors.unit_get(actor=request.user, unit_id=unit_id)


@router.post("/units", response={201: UnitOut})
def create_unit(request, payload: UnitIn):
    data = payload.model_dump()
    parent = _unit_or_none(request.user, data.pop("parent_id"), "parent_id")
    return Status(201, services.unit_create(actor=request.user, parent=parent, **data))


@router.patch("/units/{unit_id}", response=UnitOut)
def update_unit(request, unit_id: int, payload: UnitPatch):
    unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
    changes = payload.model_dump(exclude_unset=True)
    effective_date = changes.pop("effective_date", None)
    return services.unit_update(actor=request.user, unit=unit, effective_date=effective_date, **changes)


@router.post("/units/{unit_id}/reorganise", response={201: SuccessionOut})
def reorganise_unit(request, unit_id: int, payload: ReorganiseIn):
    """Record that the unit merges into `successor_id` or stops, its tasks passing to it (17.13)."""
    unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
    access.require_reorganise(request.user, unit)  # before looking at the body's successor
    successor = _units(request.user, [payload.successor_id], "successor_id")[0]
    data = payload.model_dump(exclude={"successor_id"})
    return Status(201, services.unit_reorganise(actor=request.user, unit=unit, successor=successor, **data))


@router.get("/clusters", response=list[ClusterOut])
def list_clusters(request, level: Search = ""):
    return selectors.cluster_list(actor=request.user, level=level)


@router.post("/clusters", response={201: ClusterOut})
def create_cluster(request, payload: ClusterIn):
    owner = _units(request.user, [payload.owner_id], "owner_id")[0]
    return Status(
        201,
        services.cluster_create(
            actor=request.user,
            owner=owner,
            level=payload.level,
            kind=payload.kind,
            number=payload.number,
            name=payload.name,
        ),
    )


@router.get("/cluster-terms", response=list[TermOut])
def list_terms(request, year: Year | None = None, level: Search = "", q: Search = ""):
    return selectors.term_list(actor=request.user, year=year, level=level, query=q).prefetch_related(
        "memberships__unit"
    )


@router.get("/cluster-terms/{term_id}", response=TermOut)
def get_term(request, term_id: int):
    return selectors.term_get(actor=request.user, term_id=term_id)


@router.post("/cluster-terms", response={201: TermOut})
def create_term(request, payload: TermIn):
    cluster = selectors.cluster_get(actor=request.user, cluster_id=payload.cluster_id)
    term = services.term_create(
        actor=request.user,
        cluster=cluster,
        year=payload.year,
        name=payload.name,
        members=_units(request.user, payload.member_ids, "member_ids"),
        leader=_unit_or_none(request.user, payload.leader_id, "leader_id"),
        deputy=_unit_or_none(request.user, payload.deputy_id, "deputy_id"),
        deputies=_deputies(request.user, payload.deputy_ids),
        selection_mode=payload.selection_mode,
    )
    return Status(201, selectors.term_get(actor=request.user, term_id=term.pk))


@router.put("/cluster-terms/{term_id}/members", response=TermOut)
def set_members(request, term_id: int, payload: TermMembersIn):
    term = selectors.term_get(actor=request.user, term_id=term_id)
    services.term_set_members(
        actor=request.user, term=term, members=_units(request.user, payload.member_ids, "member_ids")
    )
    return selectors.term_get(actor=request.user, term_id=term_id)


@router.put("/cluster-terms/{term_id}/roles", response=TermOut)
def set_roles(request, term_id: int, payload: TermRolesIn):
    term = selectors.term_get(actor=request.user, term_id=term_id)
    services.term_set_roles(
        actor=request.user,
        term=term,
        leader=_unit_or_none(request.user, payload.leader_id, "leader_id"),
        deputy=_unit_or_none(request.user, payload.deputy_id, "deputy_id"),
        deputies=_deputies(request.user, payload.deputy_ids),
        selection_mode=payload.selection_mode,
    )
    return selectors.term_get(actor=request.user, term_id=term_id)


@router.post("/cluster-terms/{term_id}/members", response=TermOut)
def add_member(request, term_id: int, payload: TermMemberIn):
    term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _units(request.user, [payload.unit_id], "unit_id")[0]
    services.term_member_add(actor=request.user, term=term, unit=unit)
    return selectors.term_get(actor=request.user, term_id=term_id)


@router.delete("/cluster-terms/{term_id}/members/{unit_id}", response=TermOut)
def remove_member(request, term_id: int, unit_id: int):
    term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _units(request.user, [unit_id], "unit_id")[0]
    services.term_member_remove(actor=request.user, term=term, unit=unit)
    return selectors.term_get(actor=request.user, term_id=term_id)


@router.get("/cluster-terms/{term_id}/next-plan", response=list[PlanRowOut])
def next_term_plan(request, term_id: int):
    """What becomes of each member next year (merged units replaced by their successor): the wizard's preview."""
    term = selectors.term_get(actor=request.user, term_id=term_id, action=Action.MANAGE_CLUSTERS)
    return selectors.next_term_plan(term=term)


@router.post("/cluster-terms/{term_id}/next", response={201: TermOut})
def create_next_term(request, term_id: int, payload: NextTermIn | None = None):
    """Next year's term: without `member_ids`, the members of the plan (GET …/next-plan)."""
    term = selectors.term_get(actor=request.user, term_id=term_id)
    payload = payload or NextTermIn()
    new_term = services.term_create_next(
        actor=request.user,
        term=term,
        members=_units(request.user, payload.member_ids, "member_ids")
        if payload.member_ids is not None
        else None,
        leader=_unit_or_none(request.user, payload.leader_id, "leader_id"),
        deputies=_deputies(request.user, payload.deputy_ids),
    )
    return Status(201, selectors.term_get(actor=request.user, term_id=new_term.pk))


@router.post("/cluster-terms/{term_id}/handover", response={201: HandoverOut})
def hand_over(request, term_id: int, payload: HandoverIn):
    term = selectors.term_get(actor=request.user, term_id=term_id)
    # membership of next year's term is checked by the service (LeaderNotMember / DeputyNotMember)
    leader = get_object_or_404(Unit, pk=payload.new_leader_id)
    deputy = get_object_or_404(Unit, pk=payload.new_deputy_id) if payload.new_deputy_id else None
    return Status(
        201,
        services.term_hand_over(
            actor=request.user,
            term=term,
            new_leader=leader,
            new_deputy=deputy,
            handed_over_on=payload.handed_over_on,
            mode=payload.mode,
            conference_title=payload.conference_title,
            note=payload.note,
        ),
    )
