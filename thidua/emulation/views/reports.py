"""Period reports: values, actions, evidence, the Excel template and upload."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.htmx import domain_errors
from thidua.core.http import attachment, stored_file
from thidua.core.versioning import StaleWrite

from .. import excel, selectors, services
from ..errors import ExcelInvalid, RegistrationNotAccepted
from ..forms import (
    ReasonForm,
    ReportForm,
    UploadForm,
)
from ..models import PeriodReport, SubmissionStatus
from ._common import _excel_errors, _unit
from .registrations import _submission_action, _to_report

# -- reports -------------------------------------------------------------------------------------


def _report_context(request, cluster_term, unit, period, form=None) -> dict:
    report = selectors.report_for(actor=request.user, term=cluster_term, unit=unit, period=period)
    registration_obj = selectors.registration_for(actor=request.user, term=cluster_term, unit=unit)
    targets = list(registration_obj.targets.all()) if registration_obj else []
    if form is None:
        initial: dict[str, Any] = {}
        if report is not None:
            initial = {f"value_{v.target_id}": v.actual_value for v in report.values.all()}
            initial.update(
                {
                    k: getattr(report, k)
                    for k in ("narrative_professional", "narrative_emulation", "narrative_force_building")
                }
            )
        initial["version"] = report.version if report is not None else 1
        form = ReportForm(initial=initial, targets=targets)
    progress = selectors.unit_progress(actor=request.user, term=cluster_term, unit=unit, period=period)
    return {
        "term": cluster_term,
        "unit": unit,
        "period": period,
        "report": report,
        "registration": registration_obj,
        "form": form,
        "progress": progress,
        **selectors.submission_permissions(actor=request.user, unit=unit, submission=report),
        "upload_form": UploadForm(),
        "reason_form": ReasonForm(),
        "due_date": services.period_deadline(term=cluster_term, period=period),
        "history": selectors.submission_history(submission=report) if report else [],
    }


@login_required
@require_GET
@domain_errors
def report(request: AuthenticatedHttpRequest, term_id: int, unit_id: int, period_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _unit(cluster_term, unit_id)
    period = selectors.period_get(term=cluster_term, period_id=period_id)
    return render(request, "emulation/report.html", _report_context(request, cluster_term, unit, period))


@login_required
@require_POST
@domain_errors
def report_save(
    request: AuthenticatedHttpRequest, term_id: int, unit_id: int, period_id: int
) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _unit(cluster_term, unit_id)
    period = selectors.period_get(term=cluster_term, period_id=period_id)
    report_obj = services.report_open(actor=request.user, term=cluster_term, unit=unit, period=period)
    targets = list(services.report_targets(report=report_obj))
    form = ReportForm(request.POST, targets=targets)
    if not form.is_valid():
        context = _report_context(request, cluster_term, unit, period, form=form)
        return render(request, "emulation/report.html", context, status=422)
    try:
        services.report_save(
            actor=request.user,
            report=report_obj,
            values=form.values(),
            version=form.cleaned_data["version"],
            **form.narratives(),
        )
    except StaleWrite as error:  # someone saved since this page was read: show theirs, keep ours
        form.add_error(None, str(error))
        context = _report_context(request, cluster_term, unit, period, form=form)
        return render(request, "emulation/report.html", context, status=409)
    if request.POST.get("submit"):
        services.report_submit(actor=request.user, report=report_obj)
        messages.success(request, _("Đã gửi báo cáo để lãnh đạo đơn vị duyệt."))
    else:
        messages.success(request, _("Đã lưu báo cáo."))
    return redirect("emulation:report", term_id=term_id, unit_id=unit_id, period_id=period_id)


_REPORT_ACTIONS = {
    "submit": services.report_submit,
    "approve": services.report_approve,
    "accept": services.report_accept,
}


@login_required
@require_POST
@domain_errors
def report_action(request: AuthenticatedHttpRequest, report_id: int, action: str) -> HttpResponse:
    report_obj = selectors.report_get(actor=request.user, report_id=report_id)
    _submission_action(
        request, action, report=report_obj, actions=_REPORT_ACTIONS, return_service=services.report_return
    )
    return _to_report(report_obj)


@login_required
@require_POST
@domain_errors
def evidence_upload(
    request: AuthenticatedHttpRequest, term_id: int, unit_id: int, period_id: int
) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _unit(cluster_term, unit_id)
    period = selectors.period_get(term=cluster_term, period_id=period_id)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Chưa chọn tệp minh chứng."))
    else:
        report_obj = services.report_open(actor=request.user, term=cluster_term, unit=unit, period=period)
        evidence = services.evidence_upload(
            actor=request.user,
            report=report_obj,
            uploaded=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, _("Đã tải lên “%(name)s”.") % {"name": evidence.original_name})
    return redirect("emulation:report", term_id=term_id, unit_id=unit_id, period_id=period_id)


@login_required
@require_GET
@domain_errors
def evidence_download(request: AuthenticatedHttpRequest, evidence_id: int) -> FileResponse:
    evidence = selectors.evidence_get(actor=request.user, evidence_id=evidence_id)
    return stored_file(evidence.file, evidence.original_name, evidence.content_type)


@login_required
@require_POST
@domain_errors
def evidence_remove(request: AuthenticatedHttpRequest, evidence_id: int) -> HttpResponse:
    evidence = selectors.evidence_get(actor=request.user, evidence_id=evidence_id)
    report_obj = evidence.report
    services.evidence_delete(actor=request.user, evidence=evidence)
    return _to_report(report_obj)


@login_required
@require_GET
@domain_errors
def report_template(
    request: AuthenticatedHttpRequest, term_id: int, unit_id: int, period_id: int
) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _unit(cluster_term, unit_id)
    period = selectors.period_get(term=cluster_term, period_id=period_id)
    report_obj = selectors.report_for(actor=request.user, term=cluster_term, unit=unit, period=period)
    if report_obj is None:  # a blank template: nothing is written on a GET
        report_obj = PeriodReport(term=cluster_term, unit=unit, period=period)
    registration_obj = selectors.registration_for(actor=request.user, term=cluster_term, unit=unit)
    if registration_obj is None or registration_obj.status != SubmissionStatus.ACCEPTED:
        raise RegistrationNotAccepted(unit=unit)
    data = excel.report_template(
        report=report_obj,
        targets=list(registration_obj.targets.all()),
        values={v.target_id: v for v in report_obj.values.all()} if report_obj.pk else {},
    )
    return attachment(data, f"bao-cao-{period.kind}-{period.number}-{period.year}-{unit.code}.xlsx")


@login_required
@require_POST
@domain_errors
def report_upload(
    request: AuthenticatedHttpRequest, term_id: int, unit_id: int, period_id: int
) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _unit(cluster_term, unit_id)
    period = selectors.period_get(term=cluster_term, period_id=period_id)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Chưa chọn tệp Excel."))
    else:
        report_obj = services.report_open(actor=request.user, term=cluster_term, unit=unit, period=period)
        try:
            services.report_import(actor=request.user, report=report_obj, uploaded=form.cleaned_data["file"])
        except ExcelInvalid as error:
            _excel_errors(request, error)
            return redirect("emulation:report", term_id=term_id, unit_id=unit_id, period_id=period_id)
        messages.success(request, _("Đã nhập kết quả từ tệp Excel."))
    return redirect("emulation:report", term_id=term_id, unit_id=unit_id, period_id=period_id)
