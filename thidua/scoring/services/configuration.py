"""Writes: the owner's scoring configuration (thresholds, tie-break chain, caps, target formula)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.errors import ValidationFailed
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import Unit

from .. import rules
from ..errors import (
    InvalidScoringConfig,
)
from ..models import (
    ScoreSheet,
    ScoringConfig,
)
from .ranking import _lock_scoring, _ranking_refresh, config_for

CONFIG_FIELDS = (
    "threshold_excellent",
    "threshold_good",
    "threshold_fair",
    "threshold_average",
    "serious_violation_max_band",
    "tie_break",
    "bonus_cap",
    "penalty_cap",
    "target_formula",
)


# -- configuration -------------------------------------------------------------------------------


@transaction.atomic
def scoring_config_update(*, actor: User, owner: Unit, **changes: Any) -> ScoringConfig:
    """Set the owner's thresholds, tie-break chain, caps and formula; re-rank the owner's sheets."""
    access.require(actor, Action.MANAGE_CLUSTERS, owner)
    unknown = set(changes) - set(CONFIG_FIELDS)
    if unknown:
        raise ValidationFailed(_("Trường không được phép sửa: {fields}"), fields=", ".join(sorted(unknown)))
    config = config_for(owner=owner)
    for field, value in changes.items():
        setattr(config, field, value)
    try:
        rules.validate_thresholds({band.value: value for band, value in config.thresholds.items()})
    except (ValueError, InvalidOperation):
        raise InvalidScoringConfig(detail=_("ngưỡng xếp loại phải giảm dần"), field="thresholds") from None
    try:
        config.tie_break = rules.validate_tie_break(config.tie_break or [])
    except ValueError as error:
        raise InvalidScoringConfig(
            detail=format_lazy(_("tiêu chí phụ “{name}”"), name=error), field="tie_break"
        ) from None
    for cap in (config.bonus_cap, config.penalty_cap):
        if cap is not None and Decimal(cap) < 0:
            raise InvalidScoringConfig(detail=_("mức tối đa không được âm"), field="caps")
    if config.serious_violation_max_band not in rules.Band.__members__.values():
        raise InvalidScoringConfig(detail=_("xếp loại"), field="serious_violation_max_band")
    config.save()
    pairs = list(
        ScoreSheet.objects.filter(term__cluster__owner=owner).values_list("term_id", "period_id").distinct()
    )
    _lock_scoring(*(term_id for term_id, _period_id in pairs))
    for term_id, period_id in pairs:
        _ranking_refresh(term_id, period_id, config)
    return config
