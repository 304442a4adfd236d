"""Object rules of the proposal pipeline (17.2), on top of organisation.access (the one policy).

A proposal is received, appraised, returned or forwarded by the desk of the level that receives it
(the emulation board of the batch's reviewing unit — not a board above or below it), never by someone
working in the proposing unit; the level whose authority is competent for an award decides it.
Services and selectors call these, through `access.can_object(actor, "<verb>", obj)` for the rules
registered below; pages and the API do not decide. Loaded by AwardsConfig.ready.
"""

from typing import Any

from thidua.accounts.types import Actor
from thidua.core.errors import AccessDenied
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm, Unit, UnitKind

from .authority import is_competent
from .models import AwardCount, AwardType, Decision, ProposalBatch, ProposalLevel

OWN_PROPOSAL_REFUSED = access.OWN_UNIT_REFUSED

# The authority each receiving level holds (the catalogue's "authority" texts, see authority.is_competent).
_PROVINCE_HEAD: dict[str, str] = {UnitKind.MINISTRY_DEPARTMENT: "Cục trưởng"}
LEVEL_AUTHORITIES: dict[str, tuple[str, ...]] = {
    ProposalLevel.UNIT: ("Thủ trưởng đơn vị cơ sở",),
    ProposalLevel.PROVINCE: ("Giám đốc Công an tỉnh",),
    ProposalLevel.MINISTRY: ("Bộ trưởng Bộ Công an",),
    ProposalLevel.STATE: ("Thủ tướng Chính phủ", "Chủ tịch nước"),
}


def level_of(reviewer: Unit) -> str:
    """The level of a receiving unit's desk, from its kind."""
    if reviewer.kind == UnitKind.MINISTRY:
        return ProposalLevel.MINISTRY
    if reviewer.kind in (UnitKind.PROVINCIAL_POLICE, UnitKind.MINISTRY_DEPARTMENT):
        return ProposalLevel.PROVINCE
    return ProposalLevel.UNIT


def authorities_of(batch: ProposalBatch) -> tuple[str, ...]:
    if batch.level == ProposalLevel.PROVINCE and batch.reviewer.kind in _PROVINCE_HEAD:
        return (_PROVINCE_HEAD[batch.reviewer.kind],)
    return LEVEL_AUTHORITIES.get(batch.level, ())


def decides_here(batch: ProposalBatch, award_type: AwardType) -> bool:
    """Is the receiving level's authority competent for this award (catalogue authority)?"""
    return any(is_competent(authority, award_type.authority) for authority in authorities_of(batch))


def upper_level(batch: ProposalBatch) -> tuple[Unit, str] | None:
    """(receiving unit, level) of the desk above the batch's one; None at the top (state level)."""
    if batch.level == ProposalLevel.STATE:
        return None
    if batch.level == ProposalLevel.MINISTRY:
        return (
            batch.reviewer,
            ProposalLevel.STATE,
        )  # the Ministry submits through the Ministry of Home Affairs
    parent = batch.reviewer.parent
    if parent is None:
        return None
    return parent, level_of(parent)


def proposer_unit(batch: ProposalBatch) -> Unit | None:
    """The unit whose people prepared the proposal (a cluster's: its leader unit)."""
    if batch.cluster_term is not None:
        return batch.cluster_term.leader
    return batch.unit


def is_desk(actor: Any, batch: ProposalBatch) -> bool:
    """The receiving level's desk: the board of the reviewing unit itself (or an administrator)."""
    if access.is_admin(actor):
        return True
    return access.has_grant_at(actor, Action.MANAGE_CLUSTERS, batch.reviewer)


def can_act_as_desk(actor: Any, batch: ProposalBatch) -> bool:
    return is_desk(actor, batch) and not _is_own(actor, batch)


def _is_own(actor: Any, batch: ProposalBatch) -> bool:
    # at the state level the Ministry's desk records the steps taken outside (Ministry of Home Affairs)
    return batch.level != ProposalLevel.STATE and access.is_own_unit(actor, proposer_unit(batch))


def require_desk(actor: Any, batch: ProposalBatch) -> None:
    """Receive, appraise, return or forward: only the receiving level's desk, never on its own unit's proposal."""
    if not is_desk(actor, batch):
        raise AccessDenied()
    if _is_own(actor, batch):
        raise AccessDenied(OWN_PROPOSAL_REFUSED)


# -- the catalogue (16.2) -------------------------------------------------------------------------------
# The catalogue is one for the whole installation: its board at the top of the unit tree (the Ministry's,
# or a province's own installation's) and the system administrators add and edit entries; a board lower
# in the tree would change the titles every other unit is judged by.


def can_manage_catalogue(actor: Any) -> bool:
    if access.is_admin(actor):
        return True
    return access.units_in_scope(actor, Action.MANAGE_CLUSTERS).filter(parent__isnull=True).exists()


def require_manage_catalogue(actor: Any) -> None:
    if not can_manage_catalogue(actor):
        raise AccessDenied()


@access.rule(AwardType, "edit")
def can_edit_award_type(actor: Any, award_type: AwardType) -> bool:
    return can_manage_catalogue(actor)


# -- the proposing side of a batch -----------------------------------------------------------------


@access.rule(ProposalBatch, "draft")
def can_draft(actor: Actor, batch: ProposalBatch) -> bool:
    """Unit officer drafts for own unit; for a cluster batch, the leader unit's staff or the board; a
    consolidated batch to the level above is prepared by the forwarding unit's desk (its board)."""
    if batch.cluster_term is not None:
        return access.can_term(actor, Action.MANAGE_TERM, batch.cluster_term)
    if batch.is_consolidated and access.has_grant_at(actor, Action.MANAGE_CLUSTERS, batch.unit):
        return True
    return access.can(actor, Action.EDIT, batch.unit)


@access.rule(ProposalBatch, "approve")
def can_approve(actor: Actor, batch: ProposalBatch) -> bool:
    """Unit leader approves own unit's proposal; a cluster proposal is approved by the leader unit's head."""
    if batch.cluster_term is not None:
        return access.can(actor, Action.APPROVE, batch.cluster_term.leader) or access.can_term(
            actor, Action.MANAGE_CLUSTERS, batch.cluster_term
        )
    return access.can(actor, Action.APPROVE, batch.unit)


@access.rule(ProposalBatch, "review")
def can_review(actor: Actor, batch: ProposalBatch) -> bool:
    """The board (MANAGE_CLUSTERS) of the reviewing authority; for a cluster batch, MANAGE_TERM staff review too."""
    if access.can(actor, Action.MANAGE_CLUSTERS, batch.reviewer):
        return True
    return batch.cluster_term is not None and access.can_term(
        actor, Action.MANAGE_CLUSTERS, batch.cluster_term
    )


@access.rule(ProposalBatch, "withdraw")
def can_withdraw(actor: Actor, batch: ProposalBatch) -> bool:
    """Take a proposal back from the unit leader: the leader or the one who drafts it."""
    return can_approve(actor, batch) or can_draft(actor, batch)


@access.rule(ProposalBatch, "approve_override")
def can_approve_override(actor: Actor, batch: ProposalBatch) -> bool:
    """A recorded exception (R9/R10) is approved by the unit leader or the reviewing board."""
    return can_approve(actor, batch) or can_review(actor, batch)


# -- decisions and counts --------------------------------------------------------------------------


@access.rule(Decision, "annul")
@access.rule(Decision, "publish")
def is_issuer_board(actor: Actor, decision: Decision) -> bool:
    """R13: the board over the issuing authority publishes or annuls (the same right as registering it)."""
    return decision.issuer_id is not None and access.can(actor, Action.MANAGE_CLUSTERS, decision.issuer)


@access.rule(Decision, "manage_files")
def can_manage_decision(actor: Actor, decision: Decision) -> bool:
    """Whoever may review the decided batch, or the board of the issuing authority."""
    if decision.batch is not None and can_review(actor, decision.batch):
        return True
    return is_issuer_board(actor, decision)


def can_keep_counts(actor: Actor, unit: Unit | None, cluster_term: ClusterTerm | None) -> bool:
    """Award counts without names (16.8) of a unit: its board; of a cluster year: the cluster's board."""
    if unit is not None:
        return access.can(actor, Action.MANAGE_CLUSTERS, unit)
    return cluster_term is not None and access.can_term(actor, Action.MANAGE_CLUSTERS, cluster_term)


def require_keep_counts(actor: Actor, unit: Unit | None, cluster_term: ClusterTerm | None) -> None:
    if not can_keep_counts(actor, unit, cluster_term):
        raise AccessDenied()


@access.rule(AwardCount, "change")
def can_change_count(actor: Actor, award_count: AwardCount) -> bool:
    return can_keep_counts(actor, award_count.unit, award_count.cluster_term)
