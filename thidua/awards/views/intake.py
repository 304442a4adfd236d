"""Excel intake of a proposal list into a batch (17.4): upload, preview with per-row errors, confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core import uploads
from thidua.core.htmx import domain_errors, is_htmx
from thidua.core.http import attachment

from .. import selectors
from ..errors import BatchLocked
from ..services import intake


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def batch_intake(request: AuthenticatedHttpRequest, batch_id: int) -> HttpResponse:
    """GET: the upload form. POST: a preview (nothing kept) or, with `confirm` and the preview's digest,
    the whole list added — the same service as POST /api/v1/awards/proposals/{id}/intake."""
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id, verb="draft")
    if batch.status not in batch.EDITABLE:
        raise BatchLocked(status=batch.get_status_display())
    context = {"batch": batch, "max_mb": uploads.max_upload_bytes() // uploads.MB, "limit": intake.max_rows()}
    if request.method == "GET":
        return render(request, "awards/batch_intake.html", context)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Chọn tệp Excel danh sách đề nghị."))
        return redirect("awards:batch_intake", batch_id=batch.pk)
    confirm = request.POST.get("confirm") == "1"
    result = intake.candidates_intake(
        actor=request.user,
        batch=batch,
        name=upload.name or "",
        content=upload,
        confirm=confirm,
        digest=(request.POST.get("digest") or "")[:64],
    )
    if result.saved:
        messages.success(request, _("Đã nhập %(count)s đối tượng đề nghị.") % {"count": result.created})
        if is_htmx(request):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("awards:batch_detail", args=[batch.pk])
            return response
        return redirect("awards:batch_detail", batch_id=batch.pk)
    context |= {"result": result, "confirmed": confirm}
    status = 422 if confirm else 200
    template = "awards/batch_intake.html#result" if is_htmx(request) else "awards/batch_intake.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
def intake_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    return attachment(intake.template_xlsx(), "mau-danh-sach-de-nghi.xlsx")
