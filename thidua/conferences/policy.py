"""Object rules of the conferences capability, registered with the one policy (organisation.access).

A conference and the cluster's events are managed by the managers of their cluster term (the leader
unit's staff, the owner's board). Whether a finished conference is still editable is the service's
state check (ConferenceLocked), not a right. Services and selectors ask
`access.can_object(actor, "manage", obj)`; pages and the API do not decide. Loaded by ConferencesConfig.ready."""

from thidua.accounts.types import Actor
from thidua.organisation import access
from thidua.organisation.access import Action

from .models import Conference, SideEvent


@access.rule(Conference, "manage")
def can_manage(actor: Actor, conference: Conference) -> bool:
    return access.can_term(actor, Action.MANAGE_TERM, conference.term)


@access.rule(SideEvent, "manage")
def can_manage_event(actor: Actor, event: SideEvent) -> bool:
    """A side event of a conference or a cluster event on its own: the managers of its term (a side
    event's term is its conference's)."""
    return access.can_term(actor, Action.MANAGE_TERM, event.term)
