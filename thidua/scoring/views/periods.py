"""Pages of a term and period: leaderboard (chart, export), compute, reconcile, lock, reopen, cross-inspection."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import NotFound
from thidua.core.htmx import domain_errors
from thidua.core.http import attachment
from thidua.organisation import access
from thidua.organisation.access import Action

from .. import exports, selectors, services
from ..forms import AssignForm, ReasonForm, RecordForm
from ..official import official_classification


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    terms = selectors.scoring_terms(actor=request.user)[:200]
    return render(
        request,
        "scoring/index.html",
        {"terms": terms, "can_compare": selectors.comparison_owners(actor=request.user).exists()},
    )


@login_required
@require_GET
@domain_errors
def term(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
    """The term's scoring entry page: its periods with sheet counts and lock state."""
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    rows = selectors.term_periods(term=cluster_term)
    return render(
        request,
        "scoring/term.html",
        {
            "term": cluster_term,
            "rows": rows,
            "can_manage": access.can_term(request.user, Action.MANAGE_TERM, cluster_term),
        },
    )


def _period_context(request: AuthenticatedHttpRequest, term_id: int, period_id: int) -> dict:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    period = selectors.period_get(term=cluster_term, period_id=period_id)
    rows = selectors.leaderboard(actor=request.user, term=cluster_term, period=period)
    can_manage = access.can_term(request.user, Action.MANAGE_TERM, cluster_term)
    members = selectors.term_members(term=cluster_term)
    return {
        "term": cluster_term,
        "period": period,
        "rows": rows,
        "chart": {
            "labels": [r.unit_short_name for r in rows],
            "series": [
                {"label": _("Tổng điểm"), "values": [float(r.total) for r in rows]},
                # a unit that has not self-scored has no bar (not a 0 that drags the axis down)
                {
                    "label": _("Điểm tự chấm"),
                    "values": [float(r.self_total) if r.self_total else None for r in rows],
                },
            ],
        },
        "lock": selectors.active_lock(term=cluster_term, period=period),
        "official": official_classification(term=cluster_term, period=period),
        "locks": selectors.lock_history(term=cluster_term, period=period),
        "differences": selectors.differences(term=cluster_term, period=period),
        "inspections": selectors.cross_inspections(term=cluster_term, period=period),
        "config": selectors.config_for(cluster_term.cluster.owner),
        "can_manage": can_manage,
        "assign_form": AssignForm(members=members) if can_manage else None,
        "reason_form": ReasonForm(),
    }


@login_required
@require_GET
@domain_errors
def leaderboard(request: AuthenticatedHttpRequest, term_id: int, period_id: int) -> HttpResponse:
    return render(request, "scoring/leaderboard.html", _period_context(request, term_id, period_id))


@login_required
@require_GET
@domain_errors
def leaderboard_export(request: AuthenticatedHttpRequest, term_id: int, period_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    period = selectors.period_get(term=cluster_term, period_id=period_id)
    rows = selectors.leaderboard(actor=request.user, term=cluster_term, period=period)
    content = exports.leaderboard_xlsx(
        title=f"BẢNG TỔNG HỢP ĐIỂM, XẾP HẠNG – {cluster_term.display_name.upper()}",
        subtitle=f"{period.label} · {cluster_term.year}",
        rows=rows,
    )
    return attachment(content, f"xep-hang-cum-{cluster_term.cluster.number}-{period.year}-{period.kind}.xlsx")


def _term_period(request: AuthenticatedHttpRequest, term_id: int, period_id: int):
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    return cluster_term, selectors.period_get(term=cluster_term, period_id=period_id)


def _back(term_id: int, period_id: int) -> HttpResponse:
    return redirect("scoring:leaderboard", term_id=term_id, period_id=period_id)


@login_required
@require_POST
@domain_errors
def compute(request: AuthenticatedHttpRequest, term_id: int, period_id: int) -> HttpResponse:
    cluster_term, period = _term_period(request, term_id, period_id)
    sheets = services.scores_compute(actor=request.user, term=cluster_term, period=period)
    messages.success(request, _("Đã tính điểm tự động cho %(n)s đơn vị.") % {"n": len(sheets)})
    return _back(term_id, period_id)


@login_required
@require_POST
@domain_errors
def reconcile(request: AuthenticatedHttpRequest, term_id: int, period_id: int) -> HttpResponse:
    cluster_term, period = _term_period(request, term_id, period_id)
    services.scores_reconcile(actor=request.user, term=cluster_term, period=period)
    messages.success(request, _("Đã thống nhất kết quả chấm điểm của cụm."))
    return _back(term_id, period_id)


@login_required
@require_POST
@domain_errors
def lock(request: AuthenticatedHttpRequest, term_id: int, period_id: int) -> HttpResponse:
    cluster_term, period = _term_period(request, term_id, period_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Phải ghi căn cứ khóa điểm."))
        return _back(term_id, period_id)
    services.scores_lock(
        actor=request.user, term=cluster_term, period=period, reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("Đã khóa điểm kỳ %(period)s.") % {"period": period.label})
    return _back(term_id, period_id)


@login_required
@require_POST
@domain_errors
def reopen(request: AuthenticatedHttpRequest, term_id: int, period_id: int) -> HttpResponse:
    cluster_term, period = _term_period(request, term_id, period_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Phải ghi lý do mở lại."))
        return _back(term_id, period_id)
    services.scores_reopen(
        actor=request.user, term=cluster_term, period=period, reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("Đã mở lại điểm kỳ %(period)s.") % {"period": period.label})
    return _back(term_id, period_id)


@login_required
@require_POST
@domain_errors
def inspection_assign(request: AuthenticatedHttpRequest, term_id: int, period_id: int) -> HttpResponse:
    cluster_term, period = _term_period(request, term_id, period_id)
    access.require_term(request.user, Action.MANAGE_TERM, cluster_term)
    members = selectors.term_members(term=cluster_term)
    form = AssignForm(request.POST, members=members)
    if not form.is_valid():
        messages.error(request, _("Chọn đơn vị kiểm tra và đơn vị được kiểm tra."))
        return _back(term_id, period_id)
    services.cross_inspection_assign(
        actor=request.user, term=cluster_term, period=period, **form.cleaned_data
    )
    messages.success(request, _("Đã phân công kiểm tra chéo."))
    return _back(term_id, period_id)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def inspection_record(request: AuthenticatedHttpRequest, inspection_id: int) -> HttpResponse:
    """The inspecting unit writes the biên bản kiểm tra chéo: findings and proposed points per criterion."""
    inspection = selectors.cross_inspection_get(actor=request.user, inspection_id=inspection_id)
    record = selectors.inspection_record(inspection=inspection)
    sheet = selectors.inspected_sheet(inspection=inspection)
    lines = list(selectors.sheet_lines(sheet=sheet)) if sheet else []
    can_record = selectors.inspection_can_record(actor=request.user, inspection=inspection)
    initial: dict[str, object] = {"inspected_on": datetime.date.today()}
    if record:
        initial = {"inspected_on": record.inspected_on, "findings": record.findings}
    form = RecordForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_record:
            raise NotFound()
        if form.is_valid():
            proposals = {
                line.criterion_id: (
                    request.POST.get(f"proposed-{line.pk}", ""),
                    request.POST.get(f"note-{line.pk}", ""),
                )
                for line in lines
                if f"proposed-{line.pk}" in request.POST
            }
            services.cross_inspection_record(
                actor=request.user, inspection=inspection, proposals=proposals, **form.cleaned_data
            )
            messages.success(request, _("Đã lưu biên bản kiểm tra chéo."))
            return redirect("scoring:inspection", inspection_id=inspection.pk)
    return render(
        request,
        "scoring/inspection.html",
        {"inspection": inspection, "record": record, "lines": lines, "form": form, "can_record": can_record},
    )
