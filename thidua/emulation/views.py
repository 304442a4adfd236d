"""Pages of the emulation capability: thin — parse, call a service/selector, render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.errors import NotFound
from thidua.core.htmx import domain_errors, is_htmx
from thidua.core.http import attachment, stored_file
from thidua.core.versioning import StaleWrite, posted_version
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import Unit

from . import excel, selectors, services
from .errors import ExcelInvalid, RegistrationNotAccepted
from .forms import (
    AmendForm,
    CovenantForm,
    CriterionForm,
    DeadlineForm,
    GroupForm,
    InitiativeForm,
    InitiativeSearchForm,
    MovementForm,
    ReasonForm,
    ReportForm,
    RuleForm,
    SignForm,
    TargetEditForm,
    TargetForm,
    UploadForm,
)
from .models import PeriodReport, SubmissionStatus


def _form_errors(form) -> str:
    return "; ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}" for f, e in form.errors.items()
    )


def _excel_errors(request, error: ExcelInvalid, limit: int = 30) -> None:
    """Every problem of a refused Excel file as its own message (nothing was saved)."""
    messages.error(request, _("Tệp Excel có %(count)s lỗi, chưa lưu gì:") % {"count": len(error.errors)})
    for text in error.errors[:limit]:
        messages.error(request, text)


def _unit(term, unit_id: int) -> Unit:
    for unit in selectors.term_member_units(term=term):
        if unit.pk == unit_id:
            return unit
    raise NotFound()


def _years(request: HttpRequest) -> list[int]:
    return sorted(set(selectors.term_list(actor=request.user).values_list("year", flat=True)), reverse=True)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    years = _years(request)
    try:
        year = int(request.GET.get("year") or (years[0] if years else datetime.date.today().year))
    except ValueError:
        year = years[0] if years else datetime.date.today().year
    return render(request, "emulation/index.html", _index_context(request, year, years))


def _index_context(request: HttpRequest, year: int, years: list[int], movement_form=None) -> dict:
    owners = selectors.managed_owners(actor=request.user)
    terms = list(selectors.term_list(actor=request.user, year=year))
    if movement_form is None and owners:
        movement_form = _movement_form(owners, terms, year)
    return {
        "year": year,
        "years": years,
        "terms": terms,
        "movements": selectors.movement_list(actor=request.user, year=year),
        "owners": [(owner, list(selectors.owner_periods(owner=owner, year=year))) for owner in owners],
        "movement_form": movement_form,
    }


def _movement_form(owners: list[Unit], terms: list, year: int, data=None) -> MovementForm:
    """The launch form: the user's boards, and the clusters of `terms` (that year's) those boards own."""
    owner_ids = {owner.pk for owner in owners}
    owned = [t for t in terms if t.cluster.owner_id in owner_ids]
    initial = {"start_date": datetime.date(year, 1, 1), "end_date": datetime.date(year, 12, 31)}
    return MovementForm(data, owners=owners, terms=owned, initial=initial)


@login_required
@require_POST
@domain_errors
def movement_create(request: HttpRequest) -> HttpResponse:
    """The board launches a movement (regular, special, peak campaign, project) for its clusters."""
    owners = selectors.managed_owners(actor=request.user)
    if not owners:
        raise NotFound()
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = datetime.date.today().year
    terms = list(selectors.term_list(actor=request.user, year=year))
    form = _movement_form(owners, terms, year, data=request.POST)
    if not form.is_valid():
        context = _index_context(request, year, _years(request), movement_form=form)
        return render(request, "emulation/index.html", context, status=422)
    data = form.cleaned_data
    owner = form.owners[data.pop("owner")]
    terms = [form.terms_by_id[pk] for pk in data.pop("terms")]
    movement = services.movement_create(actor=request.user, owner=owner, terms=terms, **data)
    messages.success(request, _("Đã phát động phong trào “%(name)s”.") % {"name": movement.name})
    return redirect(f"{reverse('emulation:index')}?year={year}")


@login_required
@require_POST
@domain_errors
def periods_standard(request: HttpRequest) -> HttpResponse:
    """The owner's board creates Q1–Q4, the 6-month and the year-end review for a year."""
    owner_id, year = request.POST.get("owner", ""), request.POST.get("year", "")
    owner = next((o for o in selectors.managed_owners(actor=request.user) if str(o.pk) == owner_id), None)
    if owner is None or not year.isdigit():
        raise NotFound()
    services.periods_create_standard(actor=request.user, owner=owner, year=int(year))
    messages.success(request, _("Đã tạo các kỳ báo cáo năm %(year)s.") % {"year": year})
    return redirect(f"{reverse('emulation:index')}?year={year}")


@login_required
@require_POST
@domain_errors
def deadline_set(request: HttpRequest, term_id: int, period_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    period = selectors.period_get(term=cluster_term, period_id=period_id)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ngày không hợp lệ (dd/mm/yyyy)."))
    else:
        services.period_deadline_set(
            actor=request.user, term=cluster_term, period=period, **form.cleaned_data
        )
        messages.success(request, _("Đã đặt hạn báo cáo %(period)s.") % {"period": period.label})
    return redirect("emulation:term", term_id=term_id)


# -- term ----------------------------------------------------------------------------------------


@login_required
@require_GET
@domain_errors
def term(request: HttpRequest, term_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    periods = selectors.term_periods(term=cluster_term)
    period = selectors.latest_reported_period(term=cluster_term)
    context = {
        "term": cluster_term,
        "covenant": selectors.covenant_for_term(actor=request.user, term=cluster_term),
        "statuses": selectors.term_status(term=cluster_term),
        "viewable": {
            u.pk
            for u in selectors.term_member_units(term=cluster_term)
            if selectors.can_view_unit_data(request.user, cluster_term, u)
        },
        "periods": periods,
        "progress": selectors.term_progress(actor=request.user, term=cluster_term, period=period)
        if period
        else None,
        "can_manage": access.can_term(request.user, Action.MANAGE_TERM, cluster_term),
    }
    return render(request, "emulation/term.html", context)


# -- covenant ------------------------------------------------------------------------------------


def _covenant_context(request, cluster_term, **forms) -> dict:
    covenant = selectors.covenant_for_term(actor=request.user, term=cluster_term)
    can_manage = access.can_term(request.user, Action.MANAGE_TERM, cluster_term)
    groups = list(covenant.groups.all()) if covenant else []
    criteria = [c for g in groups for c in g.criteria.all()]
    context = {
        "term": cluster_term,
        "covenant": covenant,
        "groups": groups,
        "can_manage": can_manage,
        "points": sum((c.max_points for c in criteria), 0),
        "history": selectors.covenant_history(covenant=covenant) if covenant else [],
    }
    if can_manage:
        context.update(
            covenant_form=forms.get("covenant_form") or CovenantForm(),
            group_form=forms.get("group_form") or GroupForm(),
            criterion_form=forms.get("criterion_form") or CriterionForm(groups=groups),
            rule_form=forms.get("rule_form") or RuleForm(),
            sign_form=forms.get("sign_form") or SignForm(initial={"signed_on": datetime.date.today()}),
            amend_form=forms.get("amend_form") or AmendForm(criteria=criteria),
        )
    return context


@login_required
@require_GET
@domain_errors
def covenant(request: HttpRequest, term_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    return render(request, "emulation/covenant.html", _covenant_context(request, cluster_term))


@login_required
@require_POST
@domain_errors
def covenant_action(request: HttpRequest, term_id: int, action: str) -> HttpResponse:
    """create / copy / group / criterion / rule / sign / amend — each a service call."""
    actor = request.user
    cluster_term = selectors.term_get(actor=actor, term_id=term_id)
    target = reverse("emulation:covenant", args=[term_id])
    if action == "copy":
        services.covenant_copy_from_previous(actor=actor, term=cluster_term)
        messages.success(request, _("Đã sao chép giao ước năm trước làm dự thảo."))
        return redirect(target)
    if action == "create":
        form = CovenantForm(request.POST)
        if form.is_valid():
            services.covenant_create(actor=actor, term=cluster_term, **form.cleaned_data)
            messages.success(request, _("Đã lập dự thảo giao ước."))
            return redirect(target)
        return render(
            request,
            "emulation/covenant.html",
            _covenant_context(request, cluster_term, covenant_form=form),
            status=422,
        )
    covenant_obj = selectors.covenant_for_term(actor=actor, term=cluster_term)
    if covenant_obj is None:
        raise NotFound()
    groups = list(covenant_obj.groups.all())
    criteria = [c for g in groups for c in g.criteria.all()]
    version = posted_version(request.POST)  # the covenant as this page showed it (13.11)
    forms_by_action = {
        "group": ("group_form", GroupForm(request.POST)),
        "criterion": ("criterion_form", CriterionForm(request.POST, groups=groups)),
        "rule": ("rule_form", RuleForm(request.POST)),
        "sign": ("sign_form", SignForm(request.POST)),
        "amend": ("amend_form", AmendForm(request.POST, criteria=criteria)),
    }
    if action == "criterion-delete":
        criterion = next((c for c in criteria if str(c.pk) == request.POST.get("criterion", "")), None)
        if criterion is None:
            raise NotFound()
        services.criterion_delete(actor=actor, criterion=criterion, version=version)
        return redirect(target)
    if action == "signatory":
        signatory = next(
            (x for x in covenant_obj.signatories.all() if str(x.pk) == request.POST.get("signatory", "")),
            None,
        )
        if signatory is None:
            raise NotFound()
        services.signatory_update(
            actor=actor,
            signatory=signatory,
            signer_name=request.POST.get("signer_name", "")[:120],
            signer_position=request.POST.get("signer_position", "")[:160],
            version=version,
        )
        return redirect(target)
    if action not in forms_by_action:
        raise NotFound()
    name, form = forms_by_action[action]
    if not form.is_valid():
        context = _covenant_context(request, cluster_term, **{name: form})
        return render(request, "emulation/covenant.html", context, status=422)
    data = form.cleaned_data
    if action == "group":
        services.group_add(actor=actor, covenant=covenant_obj, version=version, **data)
    elif action == "criterion":
        group = next(g for g in groups if g.pk == data.pop("group"))
        services.criterion_add(actor=actor, group=group, version=version, **data)
    elif action == "rule":
        services.rule_add(actor=actor, covenant=covenant_obj, version=version, **data)
    elif action == "sign":
        services.covenant_sign(
            actor=actor, covenant=covenant_obj, signed_on=data["signed_on"], version=version
        )
        messages.success(request, _("Giao ước đã được ký kết và khóa."))
    elif action == "amend":
        services.covenant_amend(
            actor=actor, covenant=covenant_obj, reason=data["reason"], changes=form.changes(), version=version
        )
        messages.success(request, _("Đã ghi nhận sửa đổi, bổ sung giao ước."))
    return redirect(target)


# -- registration --------------------------------------------------------------------------------


def _registration_context(request, cluster_term, unit, form=None) -> dict:
    registration = selectors.registration_for(actor=request.user, term=cluster_term, unit=unit)
    criteria = selectors.covenant_criteria(term=cluster_term)
    can_edit = access.can(request.user, Action.EDIT, unit)
    return {
        "term": cluster_term,
        "unit": unit,
        "registration": registration,
        "targets": list(registration.targets.all()) if registration else [],
        "can_edit": can_edit and (registration is None or registration.is_editable),
        "can_approve": registration is not None
        and registration.status == SubmissionStatus.SUBMITTED
        and access.can(request.user, Action.APPROVE, unit)
        and registration.submitted_by_id != request.user.pk,
        "can_accept": registration is not None
        and registration.status in (SubmissionStatus.APPROVED, SubmissionStatus.ACCEPTED)
        and access.can_assess(request.user, cluster_term, unit),
        "form": form or TargetForm(criteria=criteria),
        "upload_form": UploadForm(),
        "reason_form": ReasonForm(),
        "history": selectors.submission_history(submission=registration) if registration else [],
    }


@login_required
@require_GET
@domain_errors
def registration(request: HttpRequest, term_id: int, unit_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _unit(cluster_term, unit_id)
    return render(request, "emulation/registration.html", _registration_context(request, cluster_term, unit))


@login_required
@require_POST
@domain_errors
def target_create(request: HttpRequest, term_id: int, unit_id: int) -> HttpResponse:
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
def target_edit(request: HttpRequest, target_id: int) -> HttpResponse:
    """Correct one registered target while the registration is still a draft or returned."""
    target = selectors.target_get(actor=request.user, target_id=target_id)
    registration_obj = target.registration
    cluster_term, unit = registration_obj.term, registration_obj.unit
    access.require(request.user, Action.EDIT, unit)
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
def target_remove(request: HttpRequest, target_id: int) -> HttpResponse:
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
def registration_action(request: HttpRequest, registration_id: int, action: str) -> HttpResponse:
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
def registration_template(request: HttpRequest, term_id: int, unit_id: int) -> HttpResponse:
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
def registration_upload(request: HttpRequest, term_id: int, unit_id: int) -> HttpResponse:
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


# -- reports -------------------------------------------------------------------------------------


def _report_context(request, cluster_term, unit, period, form=None) -> dict:
    report = selectors.report_for(actor=request.user, term=cluster_term, unit=unit, period=period)
    registration_obj = selectors.registration_for(actor=request.user, term=cluster_term, unit=unit)
    targets = list(registration_obj.targets.all()) if registration_obj else []
    if form is None:
        initial = {}
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
    can_edit = access.can(request.user, Action.EDIT, unit)
    progress = selectors.unit_progress(actor=request.user, term=cluster_term, unit=unit, period=period)
    return {
        "term": cluster_term,
        "unit": unit,
        "period": period,
        "report": report,
        "registration": registration_obj,
        "form": form,
        "progress": progress,
        "can_edit": can_edit and (report is None or report.is_editable),
        "can_approve": report is not None
        and report.status == SubmissionStatus.SUBMITTED
        and access.can(request.user, Action.APPROVE, unit)
        and report.submitted_by_id != request.user.pk,
        "can_accept": report is not None
        and report.status in (SubmissionStatus.APPROVED, SubmissionStatus.ACCEPTED)
        and access.can_assess(request.user, cluster_term, unit),
        "upload_form": UploadForm(),
        "reason_form": ReasonForm(),
        "due_date": services.period_deadline(term=cluster_term, period=period),
        "history": selectors.submission_history(submission=report) if report else [],
    }


@login_required
@require_GET
@domain_errors
def report(request: HttpRequest, term_id: int, unit_id: int, period_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _unit(cluster_term, unit_id)
    period = selectors.period_get(term=cluster_term, period_id=period_id)
    return render(request, "emulation/report.html", _report_context(request, cluster_term, unit, period))


@login_required
@require_POST
@domain_errors
def report_save(request: HttpRequest, term_id: int, unit_id: int, period_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _unit(cluster_term, unit_id)
    period = selectors.period_get(term=cluster_term, period_id=period_id)
    report_obj = services.report_open(actor=request.user, term=cluster_term, unit=unit, period=period)
    targets = list(services.report_targets(report_obj))
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
def report_action(request: HttpRequest, report_id: int, action: str) -> HttpResponse:
    report_obj = selectors.report_get(actor=request.user, report_id=report_id)
    _submission_action(
        request, action, report=report_obj, actions=_REPORT_ACTIONS, return_service=services.report_return
    )
    return _to_report(report_obj)


@login_required
@require_POST
@domain_errors
def evidence_upload(request: HttpRequest, term_id: int, unit_id: int, period_id: int) -> HttpResponse:
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
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = selectors.evidence_get(actor=request.user, evidence_id=evidence_id)
    return stored_file(evidence.file, evidence.original_name, evidence.content_type)


@login_required
@require_POST
@domain_errors
def evidence_remove(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = selectors.evidence_get(actor=request.user, evidence_id=evidence_id)
    report_obj = evidence.report
    services.evidence_delete(actor=request.user, evidence=evidence)
    return _to_report(report_obj)


@login_required
@require_GET
@domain_errors
def report_template(request: HttpRequest, term_id: int, unit_id: int, period_id: int) -> HttpResponse:
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
def report_upload(request: HttpRequest, term_id: int, unit_id: int, period_id: int) -> HttpResponse:
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
def progress(request: HttpRequest, term_id: int) -> HttpResponse:
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
def progress_unit(request: HttpRequest, term_id: int, unit_id: int) -> HttpResponse:
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


@login_required
@require_GET
@domain_errors
def progress_export(request: HttpRequest, term_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    _periods, period = _period_from_query(request, cluster_term)
    term_progress = selectors.term_progress(actor=request.user, term=cluster_term, period=period)
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
    data = excel.table_workbook(
        title=f"Tiến độ {period.label} – {cluster_term}",
        sheets=[
            (
                "Đơn vị",
                [
                    "Đơn vị",
                    "Số chỉ tiêu",
                    "Đã báo cáo",
                    "Đạt tiến độ",
                    "Tỷ lệ đạt (%)",
                    "Dự báo cả năm đạt (%)",
                    "Trạng thái báo cáo",
                ],
                units,
            ),
            (
                "Chỉ tiêu",
                [
                    "Đơn vị",
                    "Chỉ tiêu",
                    "Đơn vị tính",
                    "Chỉ tiêu năm",
                    "Mức cần đạt theo kỳ",
                    "Kết quả",
                    "% chỉ tiêu năm",
                    "Đánh giá",
                    "Dự báo cuối năm",
                ],
                targets,
            ),
        ],
    )
    return attachment(
        data,
        f"tien-do-{cluster_term.year}-cum-{cluster_term.cluster.number}-{period.kind}-{period.number}.xlsx",
    )


# -- models & initiatives ------------------------------------------------------------------------


@login_required
@domain_errors
def initiatives(request: HttpRequest) -> HttpResponse:
    units = list(access.units_in_scope(request.user, Action.EDIT).order_by("path")[:300])
    if request.method == "POST":
        form = InitiativeForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            unit_id = data.pop("unit")  # once: inside the generator it was popped again per unit
            unit = next(u for u in units if u.pk == unit_id)
            services.initiative_create(actor=request.user, unit=unit, **data)
            messages.success(request, _("Đã thêm vào danh mục mô hình, sáng kiến."))
            return redirect("emulation:initiatives")
    else:
        form = InitiativeForm(units=units, initial={"year": datetime.date.today().year})
    search = InitiativeSearchForm(request.GET)
    filters = search.cleaned_data if search.is_valid() else {}
    items = selectors.initiative_list(
        actor=request.user,
        query=filters.get("q") or "",
        kind=filters.get("kind") or "",
        year=filters.get("year"),
    )[:200]
    context = {"search": search, "items": items, "form": form if units else None}
    template = (
        "emulation/initiatives.html#results"
        if is_htmx(request) and request.method == "GET"
        else "emulation/initiatives.html"
    )
    return render(request, template, context, status=422 if request.method == "POST" else 200)
