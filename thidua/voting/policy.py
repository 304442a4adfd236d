"""Object rules of the voting capability, registered with the one policy (organisation.access).

A conference's ballots are prepared, opened, tallied, entered from paper and published by the managers
of its cluster term; before publication only they see a ballot's results (and its count minutes).
Selectors and services ask `access.can_object(actor, "<verb>", obj)`; pages and the API do not decide.
Loaded by VotingConfig.ready."""

from thidua.accounts.types import Actor
from thidua.conferences.models import Conference
from thidua.core.errors import AccessDenied
from thidua.organisation import access
from thidua.organisation.access import Action

from .models import Ballot, BallotStatus


@access.rule(Conference, "manage_ballots")
def can_manage_ballots(actor: Actor, conference: Conference) -> bool:
    """Draw up a ballot at the conference: the managers of its term."""
    return access.can_term(actor, Action.MANAGE_TERM, conference.term)


@access.rule(Ballot, "manage")
def can_manage(actor: Actor, ballot: Ballot) -> bool:
    """Options, opening, closing, tallying, paper entry, publication: the managers of the ballot's term."""
    return access.can_term(actor, Action.MANAGE_TERM, ballot.conference.term)


@access.rule(Ballot, "see_results")
def can_see_results(actor: Actor, ballot: Ballot) -> bool:
    """A published ballot's results are for whoever sees the ballot; before that, the term's managers only."""
    return ballot.status == BallotStatus.PUBLISHED or can_manage(actor, ballot)


def require_results_visible(actor: Actor, ballot: Ballot) -> None:
    if not can_see_results(actor, ballot):
        raise AccessDenied()
