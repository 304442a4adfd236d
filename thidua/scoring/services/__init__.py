"""Writes for scoring: sheets, automatic/self/cross-inspection/cluster scores, adjustments,
reconciliation, ranking refresh, lock and reopening.

Permissions (organisation.access): the unit's officer (EDIT on its unit) self-scores and comments;
the inspecting unit's officer (EDIT) records the cross-inspection; the leader unit's staff or the
owner's board (MANAGE_TERM) compute, assess, adjust, reconcile, lock and reopen; the owner's board
(MANAGE_CLUSTERS) sets the scoring configuration.
"""

from .adjustments import adjustment_add, adjustment_delete, sheet_comment_add
from .assessment import (
    cross_inspection_assign,
    cross_inspection_record,
    line_assess,
    line_self_score,
    sheet_self_submit,
)
from .closing import scores_lock, scores_reconcile, scores_reopen
from .configuration import CONFIG_FIELDS, scoring_config_update
from .ranking import adjustments_total, config_for, is_locked, standings
from .sheets import scores_compute, sheets_prepare

__all__ = [
    "CONFIG_FIELDS",
    "adjustment_add",
    "adjustment_delete",
    "adjustments_total",
    "config_for",
    "cross_inspection_assign",
    "cross_inspection_record",
    "is_locked",
    "line_assess",
    "line_self_score",
    "scores_compute",
    "scores_lock",
    "scores_reconcile",
    "scores_reopen",
    "scoring_config_update",
    "sheet_comment_add",
    "sheet_self_submit",
    "sheets_prepare",
    "standings",
]
