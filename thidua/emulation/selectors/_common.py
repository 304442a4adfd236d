"""Shared helpers of the emulation reads: rounding, percentages, who may see a unit's own submissions."""

from decimal import ROUND_HALF_UP, Decimal

from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm, Unit

ON_TRACK_GOAL = Decimal("60")  # "targets on track above 60 % at the review" (DOMAIN.md §0 seed 002)
HUNDRED = Decimal("100")


def _q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _pct(part: int, whole: int) -> Decimal | None:
    return _q2(Decimal(part) * HUNDRED / Decimal(whole)) if whole else None


# -- access helpers ------------------------------------------------------------------------------


def can_view_unit_data(actor, term: ClusterTerm, unit: Unit) -> bool:
    """A unit's own submissions: its own scope, the term's managers (the leader's staff, the board),
    or the deputy unit's staff for the leader unit's own submissions (they accept them, 13.8)."""
    return (
        access.can(actor, Action.VIEW, unit)
        or access.can_term(actor, Action.MANAGE_TERM, term)
        or access.can_assess(actor, term, unit)
    )
