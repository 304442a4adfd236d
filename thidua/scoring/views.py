"""Pages of the scoring capability: terms, leaderboard (chart), score sheet grid (HTMX per cell),
explanations (HTMX partials), cross-inspection, unit history, comparison across clusters, Excel."""

import datetime
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import DomainError, NotFound, ValidationFailed
from thidua.core.htmx import domain_errors, is_htmx
from thidua.core.http import attachment, stored_file
from thidua.core.versioning import posted_version
from thidua.emulation.services.evidence import ALLOWED_EVIDENCE
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterLevel

from . import exports, selectors, services
from .forms import AdjustmentForm, AssignForm, CommentForm, ConfigForm, ReasonForm, RecordForm
from .official import official_classification


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


# -- score sheet grid ----------------------------------------------------------------------------


def _sheet_context(request: AuthenticatedHttpRequest, sheet) -> dict:
    return {
        "sheet": sheet,
        "lines": list(selectors.sheet_lines(sheet=sheet)),
        "adjustments": list(selectors.sheet_adjustments(sheet=sheet)),
        "comments": list(selectors.sheet_comments(sheet=sheet)),
        **selectors.sheet_permissions(actor=request.user, sheet=sheet),
        "adjustment_form": AdjustmentForm(),
        "comment_form": CommentForm(),
    }


@login_required
@require_GET
@domain_errors
def sheet_detail(request: AuthenticatedHttpRequest, sheet_id: int) -> HttpResponse:
    sheet = selectors.sheet_get(actor=request.user, sheet_id=sheet_id)
    return render(request, "scoring/sheet.html", _sheet_context(request, sheet))


@login_required
@require_GET
@domain_errors
def sheet_export(request: AuthenticatedHttpRequest, sheet_id: int) -> HttpResponse:
    sheet = selectors.sheet_get(actor=request.user, sheet_id=sheet_id)
    content = exports.sheet_xlsx(
        sheet=sheet,
        lines=selectors.sheet_lines(sheet=sheet),
        adjustments=selectors.sheet_adjustments(sheet=sheet),
    )
    return attachment(content, f"bang-diem-{sheet.unit.code}-{sheet.period.year}-{sheet.period.kind}.xlsx")


def _cell_version(data) -> int:
    """The version the cell was rendered at; 0 when absent or bad, which the service refuses after
    its permission check (so a forbidden write stays a 403 whatever the form holds)."""
    try:
        return posted_version(data)
    except ValidationFailed:
        return 0


@login_required
@require_POST
def cell_save(request: AuthenticatedHttpRequest, line_id: int, field: str) -> HttpResponse:
    """HTMX save of one grid cell (`self` or `assessed`): returns the cell, and the totals out of band."""
    try:
        line = selectors.line_get(actor=request.user, line_id=line_id)
    except NotFound:
        return HttpResponse(status=404)
    value = request.POST.get("points", "").strip()
    reason = request.POST.get("reason", "")
    error = None
    if field not in ("self", "assessed"):
        return HttpResponse(status=404)
    try:
        version = _cell_version(request.POST)  # the line as this cell showed it (13.11)
        if field == "self":
            line = services.line_self_score(actor=request.user, line=line, points=value, version=version)
        else:
            line = services.line_assess(
                actor=request.user, line=line, points=value, reason=reason, version=version
            )
    except DomainError as exc:
        if exc.status == 403:
            return HttpResponse(str(exc), status=403)
        error = str(exc)
    line = selectors.line_get(actor=request.user, line_id=line_id)
    sheet = line.sheet
    context = {
        "line": line,
        "sheet": sheet,
        "field": field,
        "error": error,
        "value": value if error else None,
        "reason": reason,
        "can_self": field == "self",
        "can_assess": field == "assessed",
        "oob": error is None,
    }
    return render(request, "scoring/sheet.html#cell_response", context)


@login_required
@require_POST
@domain_errors
def self_submit(request: AuthenticatedHttpRequest, sheet_id: int) -> HttpResponse:
    sheet = selectors.sheet_get(actor=request.user, sheet_id=sheet_id)
    services.sheet_self_submit(actor=request.user, sheet=sheet)
    messages.success(request, _("Đã gửi bảng tự chấm điểm."))
    return redirect("scoring:sheet", sheet_id=sheet_id)


@login_required
@require_POST
@domain_errors
def adjustment_add(request: AuthenticatedHttpRequest, sheet_id: int) -> HttpResponse:
    sheet = selectors.sheet_get(actor=request.user, sheet_id=sheet_id)
    form = AdjustmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect("scoring:sheet", sheet_id=sheet_id)
    data = form.cleaned_data
    services.adjustment_add(
        actor=request.user,
        sheet=sheet,
        kind=data["kind"],
        points=data["points"],
        reason=data["reason"],
        is_serious_violation=data["is_serious_violation"],
        evidence=data.get("evidence"),
    )
    messages.success(request, _("Đã ghi điểm thưởng / điểm trừ."))
    return redirect("scoring:sheet", sheet_id=sheet_id)


@login_required
@require_POST
@domain_errors
def adjustment_delete(request: AuthenticatedHttpRequest, adjustment_id: int) -> HttpResponse:
    adjustment = selectors.adjustment_get(actor=request.user, adjustment_id=adjustment_id)
    sheet_id = adjustment.sheet_id
    services.adjustment_delete(actor=request.user, adjustment=adjustment)
    messages.success(request, _("Đã xóa điểm thưởng / điểm trừ."))
    return redirect("scoring:sheet", sheet_id=sheet_id)


@login_required
@require_GET
@domain_errors
def adjustment_evidence(request: AuthenticatedHttpRequest, adjustment_id: int) -> HttpResponseBase:
    """The evidence of a bonus or penalty, for whoever may see the cluster's scores."""
    adjustment = selectors.adjustment_get(actor=request.user, adjustment_id=adjustment_id)
    if not adjustment.evidence:
        raise NotFound()
    extension = os.path.splitext(adjustment.evidence.name or "")[1].lower()
    content_type = ALLOWED_EVIDENCE.get(extension, ("", ()))[0]
    filename = f"minh-chung-{adjustment.pk}{extension}"
    return stored_file(adjustment.evidence, filename, content_type)


@login_required
@require_POST
@domain_errors
def comment_add(request: AuthenticatedHttpRequest, sheet_id: int) -> HttpResponse:
    sheet = selectors.sheet_get(actor=request.user, sheet_id=sheet_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.sheet_comment_add(actor=request.user, sheet=sheet, text=form.cleaned_data["text"])
        messages.success(request, _("Đã gửi ý kiến."))
    return redirect("scoring:sheet", sheet_id=sheet_id)


# -- explanations --------------------------------------------------------------------------------


@login_required
@require_GET
@domain_errors
def explain_line(request: AuthenticatedHttpRequest, line_id: int) -> HttpResponse:
    explanation = selectors.explain_line(actor=request.user, line_id=line_id)
    template = "scoring/_explain.html" if is_htmx(request) else "scoring/explain.html"
    return render(request, template, {"explanation": explanation})


@login_required
@require_GET
@domain_errors
def explain_sheet(request: AuthenticatedHttpRequest, sheet_id: int) -> HttpResponse:
    explanation = selectors.explain_sheet(actor=request.user, sheet_id=sheet_id)
    template = "scoring/_explain.html" if is_htmx(request) else "scoring/explain.html"
    return render(request, template, {"explanation": explanation})


# -- history and comparison ----------------------------------------------------------------------


@login_required
@require_GET
@domain_errors
def unit_history(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
    sheets = list(selectors.unit_history(actor=request.user, unit=unit))
    chart = {
        "labels": [f"{s.period.label}" for s in reversed(sheets)],
        "series": [{"label": _("Tổng điểm"), "values": [float(s.total) for s in reversed(sheets)]}],
    }
    return render(request, "scoring/unit_history.html", {"unit": unit, "sheets": sheets, "chart": chart})


@login_required
@require_GET
@domain_errors
def comparison(request: AuthenticatedHttpRequest) -> HttpResponse:
    owners = list(selectors.comparison_owners(actor=request.user))
    if not owners:
        raise NotFound()
    owner = next((o for o in owners if str(o.pk) == request.GET.get("owner")), owners[0])
    periods = list(selectors.owner_periods(owner=owner))
    period = next(
        (p for p in periods if str(p.pk) == request.GET.get("period")), periods[0] if periods else None
    )
    level = request.GET.get("level", "")
    if level not in ClusterLevel.values:
        level = ""
    rows = (
        selectors.cluster_comparison(actor=request.user, owner=owner, period=period, level=level)
        if period
        else []
    )
    context = {
        "owners": owners,
        "owner": owner,
        "periods": periods,
        "period": period,
        "level": level,
        "levels": ClusterLevel.choices,
        "rows": rows,
        "chart": {
            "labels": [r.term_name for r in rows],
            "series": [
                {"label": _("Điểm cao nhất"), "values": [float(r.best or 0) for r in rows]},
                {"label": _("Điểm trung bình"), "values": [float(r.average or 0) for r in rows]},
            ],
        },
        "leaderboard_url": reverse("scoring:index"),
    }
    template = "scoring/comparison.html#results" if is_htmx(request) else "scoring/comparison.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def config_edit(request: AuthenticatedHttpRequest, owner_id: int) -> HttpResponse:
    """The owner's board sets thresholds, tie-break chain, caps and formula (DOMAIN.md §5, R21)."""
    owner = selectors.scoped_owner_get(actor=request.user, owner_id=owner_id, action=Action.MANAGE_CLUSTERS)
    config = selectors.config_for(owner)
    initial = {field: getattr(config, field) for field in services.CONFIG_FIELDS}
    initial["tie_break"] = ", ".join(config.chain)
    form = ConfigForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scoring_config_update(actor=request.user, owner=owner, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu cấu hình chấm điểm; thứ hạng, xếp loại đã được tính lại."))
            return redirect("scoring:config", owner_id=owner.pk)
    return render(request, "scoring/config.html", {"owner": owner, "form": form})
