"""Object rules of the voting capability, on top of organisation.access (the one policy).

Selectors and services call these; pages and the API do not decide."""

from typing import Any

from thidua.organisation import access
from thidua.organisation.access import Action

from .models import Ballot, BallotStatus


def require_results_visible(actor: Any, ballot: Ballot) -> None:
    """A ballot's results (and its count minutes) before publication are for the term's managers only."""
    if ballot.status != BallotStatus.PUBLISHED:
        access.require_term(actor, Action.MANAGE_TERM, ballot.conference.term)
