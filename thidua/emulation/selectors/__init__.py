"""Reads for the emulation capability: scoped, eager-loaded; progress and forecasts; document contexts.

One module per seam; every name is re-exported here, so callers keep `from thidua.emulation import selectors`.
"""

from thidua.organisation.selectors import term_get

from ._common import (
    HUNDRED,
    ON_TRACK_GOAL,
    can_view_unit_data,
)
from .covenants import (
    covenant_criteria,
    covenant_document_get,
    covenant_for_term,
    covenant_get,
    covenant_history,
    criterion_get,
    group_get,
    term_result_get,
    term_results,
)
from .documents import (
    covenant_document_context,
    period_report_document_context,
)
from .initiatives import (
    initiative_get,
    initiative_list,
)
from .periods import (
    managed_owners,
    movement_list,
    owner_periods,
    period_get,
    term_get_to_manage,
    term_list,
    term_period_queryset,
    term_periods,
)
from .progress import (
    TargetProgress,
    TermProgress,
    UnitProgress,
    expected_value,
    forecast_year_end,
    is_on_track,
    latest_reported_period,
    progress_for,
    target_progress,
    term_progress,
    unit_progress,
)
from .reminders import (
    Reminder,
    late_reports,
    reminders,
)
from .submissions import (
    MemberStatus,
    evidence_get,
    registration_for,
    registration_get,
    report_for,
    report_get,
    submission_history,
    submission_permissions,
    target_get,
    term_member_units,
    term_status,
)

__all__ = [
    "HUNDRED",
    "MemberStatus",
    "ON_TRACK_GOAL",
    "Reminder",
    "TargetProgress",
    "TermProgress",
    "UnitProgress",
    "can_view_unit_data",
    "covenant_criteria",
    "covenant_document_get",
    "term_result_get",
    "term_results",
    "covenant_document_context",
    "covenant_for_term",
    "covenant_get",
    "covenant_history",
    "criterion_get",
    "evidence_get",
    "expected_value",
    "forecast_year_end",
    "group_get",
    "initiative_get",
    "initiative_list",
    "is_on_track",
    "late_reports",
    "latest_reported_period",
    "managed_owners",
    "movement_list",
    "owner_periods",
    "period_get",
    "period_report_document_context",
    "progress_for",
    "registration_for",
    "registration_get",
    "reminders",
    "report_for",
    "report_get",
    "submission_history",
    "submission_permissions",
    "target_get",
    "target_progress",
    "term_get",
    "term_get_to_manage",
    "term_list",
    "term_member_units",
    "term_period_queryset",
    "term_periods",
    "term_progress",
    "term_status",
    "unit_progress",
]
