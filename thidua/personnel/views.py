"""Account pages (issue 15.3a): list and search, create, roles, one-time password, import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core import uploads
from thidua.core.errors import ValidationFailed
from thidua.core.htmx import domain_errors
from thidua.organisation import services as organisation_services

from . import selectors, services
from .errors import ImportRejected, UsernameTaken
from .forms import AccountCreateForm, AccountImportForm, AccountSearchForm, GrantEndForm, GrantForm

PAGE_SIZE = 100


def _unit_role_kwargs(request: AuthenticatedHttpRequest) -> dict:
    return {
        "units": selectors.manageable_units(actor=request.user),
        "roles": selectors.grantable_roles(actor=request.user),
    }


def _list_context(request: AuthenticatedHttpRequest, **extra) -> dict:
    form = AccountSearchForm(request.GET)
    query, state = ("", "")
    if form.is_valid():
        query, state = form.cleaned_data["q"], form.cleaned_data["state"]
    active = {"active": True, "inactive": False}.get(state)
    accounts = list(selectors.account_list(actor=request.user, query=query, active=active)[: PAGE_SIZE + 1])
    context = {
        "search_form": form,
        "accounts": accounts[:PAGE_SIZE],
        "truncated": len(accounts) > PAGE_SIZE,
        "create_form": AccountCreateForm(**_unit_role_kwargs(request)),
        "import_form": AccountImportForm(),
    }
    context.update(extra)
    return context


@login_required
@require_GET
@domain_errors
def account_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    selectors.require_account_manager(request.user)
    return render(request, "personnel/account_list.html", _list_context(request))


@never_cache
@login_required
@require_POST
@domain_errors
def account_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    selectors.require_account_manager(request.user)
    form = AccountCreateForm(request.POST, **_unit_role_kwargs(request))
    if form.is_valid():
        try:
            account, password = services.account_create(actor=request.user, **form.cleaned_data)
        except (ValidationFailed, UsernameTaken) as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            return render(
                request, "personnel/password_shown.html", {"account": account, "password": password}
            )
    return render(
        request, "personnel/account_list.html", _list_context(request, create_form=form), status=422
    )


def _detail_context(request: AuthenticatedHttpRequest, account, **extra) -> dict:
    context = {
        "account": account,
        "grants": list(account.unit_roles.all()),
        "grant_form": GrantForm(**_unit_role_kwargs(request)),
    }
    context.update(extra)
    return context


@login_required
@require_GET
@domain_errors
def account_detail(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    account = selectors.account_get(actor=request.user, user_id=user_id)
    return render(request, "personnel/account_detail.html", _detail_context(request, account))


@login_required
@require_POST
@domain_errors
def account_state(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    account = selectors.account_get(actor=request.user, user_id=user_id)
    is_active = request.POST.get("active") == "1"
    services.account_set_active(actor=request.user, account=account, is_active=is_active)
    messages.success(
        request,
        (_("Đã mở lại tài khoản %(name)s.") if is_active else _("Đã khóa tài khoản %(name)s."))
        % {"name": account.username},
    )
    return redirect("personnel:account_detail", user_id=account.pk)


@never_cache
@login_required
@require_POST
@domain_errors
def password_reset(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    account = selectors.account_get(actor=request.user, user_id=user_id)
    password = services.account_password_reset(actor=request.user, account=account)
    return render(
        request, "personnel/password_shown.html", {"account": account, "password": password, "reset": True}
    )


@login_required
@require_POST
@domain_errors
def grant_add(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    account = selectors.account_get(actor=request.user, user_id=user_id)
    form = GrantForm(request.POST, **_unit_role_kwargs(request))
    if not form.is_valid():
        context = _detail_context(request, account, grant_form=form)
        return render(request, "personnel/account_detail.html", context, status=422)
    grant = organisation_services.role_grant(actor=request.user, user=account, **form.cleaned_data)
    messages.success(
        request,
        _("Đã cấp vai trò %(role)s tại %(unit)s.") % {"role": grant.get_role_display(), "unit": grant.unit},
    )
    return redirect("personnel:account_detail", user_id=account.pk)


@login_required
@require_POST
@domain_errors
def grant_end(request: AuthenticatedHttpRequest, grant_id: int) -> HttpResponse:
    grant = selectors.grant_get(actor=request.user, grant_id=grant_id)
    form = GrantEndForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("Ngày kết thúc không hợp lệ (dd/mm/yyyy)."), field="ended_on")
    grant = organisation_services.role_end(
        actor=request.user, grant=grant, ended_on=form.cleaned_data["ended_on"]
    )
    messages.success(
        request,
        _("Đã kết thúc vai trò %(role)s tại %(unit)s từ ngày %(day)s (lịch sử được giữ).")
        % {"role": grant.get_role_display(), "unit": grant.unit, "day": f"{grant.ended_on:%d/%m/%Y}"},
    )
    return redirect("personnel:account_detail", user_id=grant.user_id)


@never_cache
@login_required
@require_POST
@domain_errors
def account_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    selectors.require_account_manager(request.user)
    form = AccountImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request, "personnel/account_list.html", _list_context(request, import_form=form), status=422
        )
    upload = form.cleaned_data["file"]
    try:
        result = services.accounts_import(actor=request.user, name=upload.name, content=upload)
    except ImportRejected as error:
        context = _list_context(request, import_form=form, import_error=error)
        return render(request, "personnel/account_list.html", context, status=error.status)
    except (ValidationFailed, uploads.UploadRejected) as error:
        form.add_error("file", str(error))
        context = _list_context(request, import_form=form)
        return render(request, "personnel/account_list.html", context, status=error.status)
    links = [(new, request.build_absolute_uri(new.set_password_path)) for new in result.created]
    return render(request, "personnel/import_done.html", {"result": result, "links": links})


@login_required
@require_GET
@domain_errors
def import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    selectors.require_account_manager(request.user)
    response = HttpResponse(
        services.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-tai-khoan.xlsx"'
    return response
