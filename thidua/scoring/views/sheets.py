"""Pages of a score sheet: the grid (HTMX per cell), self-submit, adjustments, evidence, comments."""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import DomainError, NotFound, ValidationFailed
from thidua.core.htmx import domain_errors
from thidua.core.http import attachment, stored_file
from thidua.core.versioning import posted_version
from thidua.emulation.services.evidence import ALLOWED_EVIDENCE

from .. import exports, selectors, services
from ..forms import AdjustmentForm, CommentForm

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
