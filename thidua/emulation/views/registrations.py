"""Target registrations: targets, actions, the Excel template and upload."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import NotFound
from thidua.core.htmx import domain_errors, is_htmx
from thidua.core.http import attachment
from thidua.core.versioning import StaleWrite

from .. import excel, selectors, services
from ..errors import ExcelInvalid
from ..forms import (
    ReasonForm,
    TargetEditForm,
    TargetForm,
    UploadForm,
)
from ._common import _excel_errors, _unit

# -- registration --------------------------------------------------------------------------------


def _registration_context(request, cluster_term, unit, form=None) -> dict:
    registration = selectors.registration_for(actor=request.user, term=cluster_term, unit=unit)
    criteria = selectors.covenant_criteria(term=cluster_term)
    return {
        "term": cluster_term,
        "unit": unit,
        "registration": registration,
        "targets": list(registration.targets.all()) if registration else [],
        **selectors.submission_permissions(actor=request.user, unit=unit, submission=registration),
        "form": form or TargetForm(criteria=criteria),
        "upload_form": UploadForm(),
        "reason_form": ReasonForm(),
        "history": selectors.submission_history(submission=registration) if registration else [],
    }


@login_required
@require_GET
@domain_errors
def registration(request: AuthenticatedHttpRequest, term_id: int, unit_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _unit(cluster_term, unit_id)
    return render(request, "emulation/registration.html", _registration_context(request, cluster_term, unit))


@login_required
@require_POST
@domain_errors
def target_create(request: AuthenticatedHttpRequest, term_id: int, unit_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _unit(cluster_term, unit_id)
    criteria = selectors.covenant_criteria(term=cluster_term)
    form = TargetForm(request.POST, criteria=criteria)
    template = "emulation/registration.html#body" if is_htmx(request) else "emulation/registration.html"
    if not form.is_valid():
        context = _registration_context(request, cluster_term, unit, form=form)
        return render(request, template, context, status=200 if is_htmx(request) else 422)
    data = form.cleaned_data
    criterion_id = data.pop("criterion")
    data["criterion"] = next((c for c in criteria if c.pk == criterion_id), None)
    registration_obj = services.registration_open(actor=request.user, term=cluster_term, unit=unit)
    services.target_add(actor=request.user, registration=registration_obj, **data)
    if is_htmx(request):
        return render(request, template, _registration_context(request, cluster_term, unit))
    return redirect("emulation:registration", term_id=term_id, unit_id=unit_id)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def target_edit(request: AuthenticatedHttpRequest, target_id: int) -> HttpResponse:
    """Correct one registered target while the registration is still a draft or returned."""
    target = selectors.target_get(actor=request.user, target_id=target_id, verb="edit")
    registration_obj = target.registration
    cluster_term, unit = registration_obj.term, registration_obj.unit
    criteria = selectors.covenant_criteria(term=cluster_term)
    if request.method == "GET":
        initial = {field: getattr(target, field) for field in ("indicator", "unit_of_measure", "note")}
        initial |= {
            "criterion": target.criterion_id,
            "direction": target.direction,
            "measure": target.measure,
            "target_value": target.target_value,
        }
        form = TargetEditForm(criteria=criteria, initial=initial | {"version": target.version})
    else:
        form = TargetEditForm(request.POST, criteria=criteria)
        if form.is_valid():
            data = form.cleaned_data
            criterion_id = data.pop("criterion")
            data["criterion"] = next((c for c in criteria if c.pk == criterion_id), None)
            try:
                services.target_update(actor=request.user, target=target, **data)
            except StaleWrite as error:  # someone saved since this form was read: show theirs, keep ours
                form.add_error(None, str(error))
            else:
                if is_htmx(request):
                    return render(
                        request,
                        "emulation/registration.html#body",
                        _registration_context(request, cluster_term, unit),
                    )
                messages.success(request, _("Đã sửa chỉ tiêu."))
                return redirect("emulation:registration", term_id=cluster_term.pk, unit_id=unit.pk)
    context = {"term": cluster_term, "unit": unit, "target": target, "form": form}
    template = "emulation/target_edit.html#form" if is_htmx(request) else "emulation/target_edit.html"
    status = _form_error_status(form) if form.is_bound and not is_htmx(request) else 200
    return render(request, template, context, status=status)


@login_required
@require_POST
@domain_errors
def target_remove(request: AuthenticatedHttpRequest, target_id: int) -> HttpResponse:
    target = selectors.target_get(actor=request.user, target_id=target_id)
    registration_obj = target.registration
    services.target_delete(actor=request.user, target=target)
    return redirect(
        "emulation:registration", term_id=registration_obj.term_id, unit_id=registration_obj.unit_id
    )


_REGISTRATION_ACTIONS = {
    "submit": services.registration_submit,
    "approve": services.registration_approve,
    "accept": services.registration_accept,
}
_MESSAGES = {
    "submit": gettext_lazy("Đã gửi lãnh đạo đơn vị duyệt."),
    "approve": gettext_lazy("Lãnh đạo đơn vị đã duyệt, chuyển Cụm trưởng tiếp nhận."),
    "accept": gettext_lazy("Cụm trưởng đã tiếp nhận."),
    "return": gettext_lazy("Đã trả lại kèm lý do."),
}


def _to_report(report_obj) -> HttpResponse:
    return redirect(
        "emulation:report",
        term_id=report_obj.term_id,
        unit_id=report_obj.unit_id,
        period_id=report_obj.period_id,
    )


def _submission_action(request: HttpRequest, action: str, *, actions, return_service, **submission) -> None:
    """Submit / approve / accept (from `actions`) or return with a reason; `submission` is
    `registration=…` or `report=…`, the keyword the services take."""
    if action == "return":
        form = ReasonForm(request.POST)
        form.is_valid()
        return_service(actor=request.user, reason=form.cleaned_data.get("reason", ""), **submission)
    elif action in actions:
        actions[action](actor=request.user, **submission)
    else:
        raise NotFound()
    messages.success(request, _MESSAGES[action])


@login_required
@require_POST
@domain_errors
def registration_action(request: AuthenticatedHttpRequest, registration_id: int, action: str) -> HttpResponse:
    registration_obj = selectors.registration_get(actor=request.user, registration_id=registration_id)
    _submission_action(
        request,
        action,
        registration=registration_obj,
        actions=_REGISTRATION_ACTIONS,
        return_service=services.registration_return,
    )
    return redirect(
        "emulation:registration", term_id=registration_obj.term_id, unit_id=registration_obj.unit_id
    )


@login_required
@require_GET
@domain_errors
def registration_template(request: AuthenticatedHttpRequest, term_id: int, unit_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _unit(cluster_term, unit_id)
    registration_obj = selectors.registration_for(actor=request.user, term=cluster_term, unit=unit)
    data = excel.registration_template(
        term=cluster_term,
        unit=unit,
        targets=list(registration_obj.targets.all()) if registration_obj else [],
        criteria=selectors.covenant_criteria(term=cluster_term),
    )
    return attachment(data, f"dang-ky-chi-tieu-{cluster_term.year}-{unit.code}.xlsx")


@login_required
@require_POST
@domain_errors
def registration_upload(request: AuthenticatedHttpRequest, term_id: int, unit_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _unit(cluster_term, unit_id)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Chưa chọn tệp Excel."))
    else:
        try:
            registration_obj = services.registration_import(
                actor=request.user, term=cluster_term, unit=unit, uploaded=form.cleaned_data["file"]
            )
        except ExcelInvalid as error:
            _excel_errors(request, error)
            return redirect("emulation:registration", term_id=term_id, unit_id=unit_id)
        messages.success(
            request,
            _("Đã nhập %(count)s chỉ tiêu từ tệp Excel.") % {"count": registration_obj.targets.count()},
        )
    return redirect("emulation:registration", term_id=term_id, unit_id=unit_id)


def _form_error_status(form) -> int:
    """409 when the form was refused as stale (13.11: a form-wide error), 422 for field errors."""
    return 409 if form.has_error(NON_FIELD_ERRORS) else 422
