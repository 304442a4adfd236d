"""Pages of the scoring capability: terms, leaderboard (chart), score sheet grid (HTMX per cell),
explanations (HTMX partials), cross-inspection, unit history, comparison across clusters, Excel.
"""

from .explanations import explain_line, explain_sheet
from .history import comparison, config_edit, unit_history
from .periods import (
    compute,
    index,
    inspection_assign,
    inspection_record,
    leaderboard,
    leaderboard_export,
    lock,
    reconcile,
    reopen,
    term,
)
from .sheets import (
    adjustment_add,
    adjustment_delete,
    adjustment_evidence,
    cell_save,
    comment_add,
    self_submit,
    sheet_detail,
    sheet_export,
)

__all__ = [
    "adjustment_add",
    "adjustment_delete",
    "adjustment_evidence",
    "cell_save",
    "comment_add",
    "comparison",
    "compute",
    "config_edit",
    "explain_line",
    "explain_sheet",
    "index",
    "inspection_assign",
    "inspection_record",
    "leaderboard",
    "leaderboard_export",
    "lock",
    "reconcile",
    "reopen",
    "self_submit",
    "sheet_detail",
    "sheet_export",
    "term",
    "unit_history",
]
