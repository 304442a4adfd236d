"""From a record to a paper's context, through the registry (registry.py).

`build(actor, kind, source_id)` fetches the record of the kind's source model and calls the context
function the owning app registered in its papers.py; that function checks the actor's right (the
helpers `for_term` / `for_unit`: MANAGE_TERM on the cluster term for cluster papers, the board or the
unit's officer for a unit's papers) and returns a `SourceContext`: the paper's keys plus the owner
unit and cluster term the document is filed under. `term_facts` / `place_of` give the header facts
every cluster paper shares.
"""

from thidua.accounts.models import User
from thidua.core.errors import AccessDenied, NotFound
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm, Unit

from . import registry, wording


class SourceContext(dict):
    """A context dict plus where it came from."""

    def __init__(
        self,
        data: dict,
        *,
        owner: Unit | None = None,
        cluster_term: ClusterTerm | None = None,
        is_sample: bool = False,
        source_app: str = "",
        source_id: int | None = None,
    ) -> None:
        super().__init__(data)
        self.owner = owner
        self.cluster_term = cluster_term
        self.is_sample = is_sample
        self.source_app = source_app
        self.source_id = source_id


# -- cluster term facts -------------------------------------------------------------------------

PROVINCE_PREFIXES = ("Công an tỉnh ", "Công an thành phố ", "Công an Thành phố ")


def place_of(unit: Unit | None) -> str:
    """The place name printed before the date: the province of the unit (Hà Nội for the Ministry)."""
    node = unit
    while node is not None:
        for prefix in PROVINCE_PREFIXES:
            if node.name.startswith(prefix):
                return node.name[len(prefix) :]
        if node.parent_id is None:
            break
        node = node.parent
    return "Hà Nội"


def term_facts(term: ClusterTerm) -> dict:
    members = [m.unit.name for m in term.memberships.select_related("unit").order_by("unit__name")]
    cluster_name = term.display_name
    leader = term.leader
    return {
        "issuer_parent": wording.upper(term.cluster.owner.name),
        "issuer": wording.upper(cluster_name),
        "issuer_unit": leader.name if leader else "",
        "issuer_code": f"CTĐ{term.cluster.number}",
        "cluster_name": cluster_name,
        "owner_name": term.cluster.owner.name,
        "year": term.year,
        "members": members,
        "leader": leader.name if leader else "",
        "deputy": term.deputy.name if term.deputy is not None else "",
        "place": place_of(leader or term.cluster.owner),
        "signer_authority": f"TM. {wording.upper(cluster_name)}",
        "signer_position": "CỤM TRƯỞNG",
    }


def term_for_manage(actor: User, term_id: int) -> ClusterTerm:
    """A term the actor may see (else NotFound) and manage (else AccessDenied)."""
    term = ClusterTerm.objects.select_related("cluster__owner", "leader", "deputy").filter(pk=term_id).first()
    if term is None or not access.can_term(actor, Action.VIEW_CLUSTER, term):
        raise NotFound()
    access.require_term(actor, Action.MANAGE_TERM, term)
    return term


def for_term(actor: User, term: ClusterTerm) -> tuple[Unit, ClusterTerm]:
    """A cluster paper: the actor must see the term (else NotFound) and manage it (else AccessDenied).
    Returns (owner unit, term): the leader unit files it, else the cluster's owner."""
    if not access.can_term(actor, Action.VIEW_CLUSTER, term):
        raise NotFound()
    access.require_term(actor, Action.MANAGE_TERM, term)
    return term.leader or term.cluster.owner, term


def for_unit(actor: User, unit: Unit | None) -> Unit | None:
    """A unit's paper: the board or the unit's officer (VIEW else NotFound); no unit: the admin only."""
    if unit is None:
        if not access.is_admin(actor):
            raise AccessDenied()
        return None
    if not access.can(actor, Action.VIEW, unit):
        raise NotFound()
    if not (access.can(actor, Action.MANAGE_CLUSTERS, unit) or access.can(actor, Action.EDIT, unit)):
        raise AccessDenied()
    return unit


def from_record(
    data: dict, record, *, owner: Unit | None, term: ClusterTerm | None = None, is_sample: bool = False
) -> SourceContext:
    return SourceContext(
        data,
        owner=owner,
        cluster_term=term,
        is_sample=is_sample,
        source_app=registry.source_label(type(record)),
        source_id=record.pk,
    )


# -- through the registry -----------------------------------------------------------------------


def build(actor: User, kind: str, source_id: int, **params) -> SourceContext:
    """The context of a `kind` paper about record `source_id` of the kind's source model."""
    paper = registry.get(kind)
    record = paper.source._default_manager.filter(pk=source_id).first()
    if record is None:
        raise NotFound()
    return paper.context(actor, record, **params)


def rebuild(actor: User, kind: str, source_app: str, source_id: int, **params) -> SourceContext | None:
    """Fresh data for a stored document, or None when its source is not the kind's source model."""
    paper = registry.PAPERS.get(kind)
    if paper is None or source_app != registry.source_label(paper.source):
        return None
    return build(actor, kind, source_id, **params)
