"""Who runs the exchange between installations, on top of organisation.access (the one policy).

The exchange is the installation's and is run by its boards: a proposal is sent by the board of its
unit; the inbox, the outbox and answers are for any board. Services and selectors call these (the pages
and the API ask `services.require_board` before reading a form); nothing else decides.
Loaded by ExchangeConfig.ready."""

from thidua.accounts.types import Actor
from thidua.awards.models import ProposalBatch
from thidua.core.errors import AccessDenied
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import Unit


def is_board(actor: Actor) -> bool:
    """A board of some unit (or the admin): sees the inbox and the outbox."""
    return access.units_in_scope(actor, Action.MANAGE_CLUSTERS).exists()


def can_run(actor: Actor, unit: Unit | None = None) -> bool:
    """The board of `unit`, or, when no unit is concerned, of any unit."""
    if unit is not None:
        return access.can(actor, Action.MANAGE_CLUSTERS, unit)
    return is_board(actor)


def require_board(actor: Actor, unit: Unit | None = None) -> None:
    if not can_run(actor, unit):
        raise AccessDenied()


@access.rule(ProposalBatch, "send")
def can_send(actor: Actor, batch: ProposalBatch) -> bool:
    """A proposal goes to the level above by the board of its unit."""
    return can_run(actor, batch.unit)
