"""Award history, the Excel import and export of award records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core import uploads
from thidua.core.dbrouting import reads_from_replica
from thidua.core.htmx import domain_errors, is_htmx
from thidua.core.http import attachment
from thidua.core.listing import filter_int, list_errors, paginate, search_query
from thidua.organisation import access
from thidua.organisation.access import Action

from .. import selectors
from ..services import importing
from ._common import _int


@login_required
@require_GET
@list_errors
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Award history of a unit (collective and its people) or of one person, newest first."""
    year = filter_int(request.GET.get("year"), label=_("Năm"), low=1900, high=2200)
    unit_id = filter_int(request.GET.get("unit"), label=_("Đơn vị"))
    person_id = filter_int(request.GET.get("person"), label=_("Cá nhân"))
    query = search_query(request.GET.get("q"))
    records = selectors.record_list(
        actor=request.user, year=year, unit_id=unit_id, person_id=person_id, query=query
    )
    listing = paginate(request, records, sorts=selectors.RECORD_SORTS, default=selectors.RECORD_DEFAULT_SORT)
    units = (
        access.units_in_scope(request.user, Action.VIEW)
        .filter(award_records__isnull=False)
        .distinct()
        .order_by("path")[:300]
    )
    context = {
        "listing": listing,
        "records": listing.rows,
        "units": units,
        "unit_id": unit_id,
        "person_id": person_id,
        "year": year,
        "query": query,
    }
    return render(request, "awards/history.html", context)


# -- Excel -----------------------------------------------------------------------------------------


def _import_scopes(user):
    return access.units_in_scope(user, Action.MANAGE_CLUSTERS).filter(depth__lte=2).order_by("path")[:50]


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    scopes = list(_import_scopes(request.user))
    if request.method == "POST":
        upload = request.FILES.get("file")
        scope = next((u for u in scopes if u.pk == _int(request.POST.get("scope"))), None)
        if upload is None or scope is None:
            messages.error(request, _("Cần chọn phạm vi đơn vị và tệp Excel."))
            return redirect("awards:import_upload")
        from ..errors import ImportRefused

        try:  # checks (size before reading, type, package) and the task enqueued on commit: the service
            job = importing.job_create(
                actor=request.user,
                scope=scope,
                name=upload.name or "",
                content=upload,
                confirm_new_people=request.POST.get("new_people") == "confirm",
            )
        except importing.Refused as refused:
            raise ImportRefused(reason=refused.translated()) from None
        return redirect("awards:import_status", job_id=job.pk)
    return render(
        request,
        "awards/import.html",
        {"scopes": scopes, "max_mb": uploads.max_upload_bytes() // 1048576},
    )


@login_required
@require_GET
@domain_errors
def import_status(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    if importing.is_stale(job=job):  # its worker stopped beating: show it failed (and retryable) now
        importing.jobs_fail_stale()
        job.refresh_from_db()
    template = "awards/import_status.html#progress" if is_htmx(request) else "awards/import_status.html"
    return render(request, template, {"job": job})


@login_required
@require_POST
@domain_errors
def import_retry(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    importing.job_retry(actor=request.user, job=job)
    messages.success(request, _("Đã chạy lại lượt nhập."))
    return redirect("awards:import_status", job_id=job.pk)


@login_required
@require_POST
@domain_errors
def import_confirm(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    """Confirm the new people of a validated list (16.9): they are created with the records."""
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    importing.job_confirm_people(actor=request.user, job=job)
    messages.success(request, _("Đã xác nhận; đang ghi danh sách."))
    return redirect("awards:import_status", job_id=job.pk)


@login_required
@require_POST
@domain_errors
def import_cancel(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    importing.job_cancel(actor=request.user, job=job)
    messages.success(request, _("Đã hủy lượt nhập; không ghi dòng nào."))
    return redirect("awards:import_status", job_id=job.pk)


@login_required
@require_GET
@domain_errors
def import_errors(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    return attachment(importing.error_report_xlsx(job=job), f"loi-nhap-{job.pk}.xlsx")


@login_required
@require_GET
def import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    return attachment(importing.template_xlsx(), "mau-danh-sach-khen-thuong.xlsx")


@login_required
@require_GET
@reads_from_replica
def records_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"))
    records = selectors.record_list(actor=request.user, year=year)[:100000]
    return attachment(
        importing.export_xlsx(records=records), f"danh-sach-khen-thuong-{year or 'tat-ca'}.xlsx"
    )
