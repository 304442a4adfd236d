"""Shared helpers of the emulation reads: rounding, percentages, who may see a unit's own submissions."""

from decimal import ROUND_HALF_UP, Decimal

from thidua.organisation import access

ON_TRACK_GOAL = Decimal("60")  # "targets on track above 60 % at the review" (DOMAIN.md §0 seed 002)
HUNDRED = Decimal("100")


def _q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _pct(part: int, whole: int) -> Decimal | None:
    return _q2(Decimal(part) * HUNDRED / Decimal(whole)) if whole else None


# the rule lives in the policy; re-exported for the selectors and pages that ask it
can_view_unit_data = access.can_view_unit_data
