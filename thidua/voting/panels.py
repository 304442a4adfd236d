"""Dashboard panel of the voting capability (listed in settings.THIDUA_DASHBOARD_PANELS)."""

from . import selectors
from .models import BallotStatus


def summary(request) -> dict | None:
    ballots = list(
        selectors.ballot_list(actor=request.user).filter(
            status__in=[BallotStatus.OPEN, BallotStatus.CLOSED, BallotStatus.TALLIED]
        )[:5]
    )
    if not ballots:
        return None
    return {"template": "voting/_panel.html", "ballots": ballots}
