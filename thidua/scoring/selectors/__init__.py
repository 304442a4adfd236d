"""Reads for scoring, scoped through organisation.access and eager-loaded (no N+1).

- `leaderboard(*, actor, term, period)`: ranked rows, live from the owner's configuration
- `unit_history(*, actor, unit)`: the unit's totals, ranks and bands across periods and years
- `cluster_comparison(*, actor, owner, year)`: the owner's clusters side by side (board view)
- `explain_line` / `explain_sheet`: every number with the steps that produced it
"""

from thidua.emulation.selectors import period_get
from thidua.organisation.selectors import term_get, unit_get

from .explanations import Explanation, Step, explain_line, explain_sheet
from .history import (
    ComparisonRow,
    HistoryAnnotations,
    cluster_comparison,
    comparison_owners,
    dashboard_sheets,
    owner_periods,
    prefetch_lines,
    unit_history,
)
from .ranking import LEADER_FIELDS, LeaderRow, leaderboard
from .sheets import (
    adjustment_get,
    cross_inspection_get,
    cross_inspections,
    differences,
    inspected_sheet,
    inspection_record,
    line_get,
    sheet_adjustments,
    sheet_comments,
    sheet_for,
    sheet_get,
    sheet_lines,
)
from .terms import (
    active_lock,
    config_for,
    inspection_can_record,
    lock_history,
    owner_get,
    rule_get,
    scoped_owner_get,
    scoring_terms,
    sheet_list,
    sheet_permissions,
    term_members,
    term_periods,
    units_by_id,
)

# term_get, unit_get and period_get are the organisation/emulation selectors (fetch-and-check once)
__all__ = [
    "period_get",
    "term_get",
    "unit_get",
    "ComparisonRow",
    "Explanation",
    "HistoryAnnotations",
    "LEADER_FIELDS",
    "LeaderRow",
    "Step",
    "active_lock",
    "adjustment_get",
    "cluster_comparison",
    "comparison_owners",
    "config_for",
    "cross_inspection_get",
    "cross_inspections",
    "dashboard_sheets",
    "differences",
    "explain_line",
    "explain_sheet",
    "inspected_sheet",
    "inspection_can_record",
    "inspection_record",
    "leaderboard",
    "line_get",
    "lock_history",
    "owner_get",
    "owner_periods",
    "prefetch_lines",
    "rule_get",
    "scoped_owner_get",
    "scoring_terms",
    "sheet_adjustments",
    "sheet_comments",
    "sheet_for",
    "sheet_get",
    "sheet_lines",
    "sheet_list",
    "sheet_permissions",
    "term_members",
    "term_periods",
    "unit_history",
    "units_by_id",
]
