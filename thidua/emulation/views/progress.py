"""Progress against targets: the term, one unit, the Excel export."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.dbrouting import reads_from_replica
from thidua.core.errors import NotFound
from thidua.core.htmx import domain_errors
from thidua.core.http import attachment

from .. import excel, selectors
from ._common import _unit

# -- progress ------------------------------------------------------------------------------------


def _period_from_query(request, cluster_term):
    periods = selectors.term_periods(term=cluster_term)
    period = selectors.latest_reported_period(term=cluster_term)
    raw = request.GET.get("period")
    if raw and raw.isdigit():
        period = next((p for p in periods if p.pk == int(raw)), period)
    if period is None:
        raise NotFound(_("Chưa khai báo kỳ báo cáo cho năm thi đua này."))
    return periods, period


@login_required
@require_GET
@domain_errors
@reads_from_replica
def progress(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    periods, period = _period_from_query(request, cluster_term)
    term_progress = selectors.term_progress(actor=request.user, term=cluster_term, period=period)
    context = {
        "term": cluster_term,
        "periods": periods,
        "period": period,
        "progress": term_progress,
        "chart": term_progress.chart(),
    }
    return render(request, "emulation/progress.html", context)


@login_required
@require_GET
@domain_errors
@reads_from_replica
def progress_unit(request: AuthenticatedHttpRequest, term_id: int, unit_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _unit(cluster_term, unit_id)
    periods, period = _period_from_query(request, cluster_term)
    unit_progress = selectors.unit_progress(actor=request.user, term=cluster_term, unit=unit, period=period)
    chart = {
        "labels": [t.target.indicator[:40] for t in unit_progress.targets],
        "percent": [float(t.percent_of_year or 0) for t in unit_progress.targets],
        "expected": [float(period.year_fraction * 100)] * len(unit_progress.targets),
    }
    context = {
        "term": cluster_term,
        "unit": unit,
        "periods": periods,
        "period": period,
        "progress": unit_progress,
        "chart": chart,
        "can_open_report": selectors.can_view_unit_data(request.user, cluster_term, unit),
    }
    return render(request, "emulation/progress_unit.html", context)


UNIT_COLUMNS = [
    "Đơn vị",
    "Số chỉ tiêu",
    "Đã báo cáo",
    "Đạt tiến độ",
    "Tỷ lệ đạt (%)",
    "Dự báo cả năm đạt (%)",
    "Trạng thái báo cáo",
]
TARGET_COLUMNS = [
    "Đơn vị",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Chỉ tiêu năm",
    "Mức cần đạt theo kỳ",
    "Kết quả",
    "% chỉ tiêu năm",
    "Đánh giá",
    "Dự báo cuối năm",
]


@login_required
@require_GET
@domain_errors
@reads_from_replica
def progress_export(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    _periods, period = _period_from_query(request, cluster_term)
    term_progress = selectors.term_progress(actor=request.user, term=cluster_term, period=period)
    data = excel.table_workbook(
        title=f"Tiến độ {period.label} – {cluster_term}",
        sheets=[
            ("Đơn vị", UNIT_COLUMNS, _unit_rows(term_progress)),
            ("Chỉ tiêu", TARGET_COLUMNS, _target_rows(term_progress)),
        ],
    )
    return attachment(
        data,
        f"tien-do-{cluster_term.year}-cum-{cluster_term.cluster.number}-{period.kind}-{period.number}.xlsx",
    )


def _unit_rows(term_progress: selectors.TermProgress) -> list[list]:
    """One row per unit, then the cluster's."""
    units = [
        [
            u.unit.name,
            u.total,
            u.reported,
            u.on_track,
            u.share,
            u.forecast_share,
            u.report.get_status_display() if u.report else "",
        ]
        for u in term_progress.units
    ]
    units.append(
        [
            _("Toàn cụm"),
            term_progress.total,
            None,
            term_progress.on_track,
            term_progress.share,
            term_progress.forecast_share,
            "",
        ]
    )
    return units


def _target_rows(term_progress: selectors.TermProgress) -> list[list]:
    """One row per target of each unit."""
    targets = [
        [
            u.unit.name,
            t.target.indicator,
            t.target.unit_of_measure,
            t.target.target_value,
            t.expected,
            t.actual,
            t.percent_of_year,
            _("Đạt tiến độ") if t.on_track else _("Chậm"),
            t.forecast,
        ]
        for u in term_progress.units
        for t in u.targets
    ]
    return targets
