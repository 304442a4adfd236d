"""The board's catalogue pages (16.2): add an entry, edit it or open a new version — the API's services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import AccessDenied, DomainError

from .. import selectors
from ..forms import AwardTypeCreateForm, AwardTypeEditForm
from ..policy import can_manage_catalogue
from ..services import catalogue as catalogue_services

FIELDS = (
    "name",
    "short_name",
    "category",
    "recipient_kind",
    "authority",
    "level",
    "state_kind",
    "legal_basis",
    "valid_from_year",
    "valid_to_year",
    "rank",
    "min_service_years",
    "is_verified",
    "note",
)


def _refused(request, error: DomainError) -> HttpResponse:
    request.thidua_refused = error  # type: ignore[attr-defined]  # the activity log records it
    return render(request, "core/error.html", {"error": error}, status=error.status)


def _add_error(form, error: DomainError) -> None:
    field = error.field or ""
    form.add_error(field if field in form.fields else None, str(error))


@login_required
@require_http_methods(["GET", "POST"])
def award_type_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_manage_catalogue(request.user):
        return _refused(request, AccessDenied())
    form = AwardTypeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = catalogue_services.award_type_create(
                actor=request.user,
                code=data["code"],
                state_kind=data.get("state_kind") or "",
                **{name: data[name] for name in FIELDS if name != "state_kind"},
            )
        except DomainError as error:
            if error.status in (403, 404):
                return _refused(request, error)
            _add_error(form, error)
        else:
            messages.success(request, _("Đã thêm “%(name)s” vào danh mục.") % {"name": created.name})
            return redirect(f"{redirect('awards:catalogue').url}#type-{created.pk}")
    return render(
        request,
        "awards/award_type_form.html",
        {"form": form, "award": None},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def award_type_edit(request: AuthenticatedHttpRequest, award_type_id: int) -> HttpResponse:
    try:
        award = selectors.award_type_get(award_type_id=award_type_id)
    except DomainError as error:
        return _refused(request, error)
    if not can_manage_catalogue(request.user):
        return _refused(request, AccessDenied())
    initial = {name: getattr(award, name) for name in FIELDS} | {"version": award.version}
    form = AwardTypeEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in FIELDS}
        changes["state_kind"] = changes["state_kind"] or ""
        try:
            saved = catalogue_services.award_type_update(
                actor=request.user,
                award_type=award,
                version=data["version"],
                effective_year=data["effective_year"],
                new_code=data["new_code"],
                **changes,
            )
        except DomainError as error:
            if error.status in (403, 404):
                return _refused(request, error)
            _add_error(form, error)
        else:
            if saved.pk != award.pk and saved.valid_from_year is not None:
                text = _(
                    "Đã tạo phiên bản mới “%(code)s” áp dụng từ năm %(year)s; “%(old)s” giữ nguyên đến năm %(end)s."
                )
                messages.success(
                    request,
                    text
                    % {
                        "code": saved.code,
                        "year": saved.valid_from_year,
                        "old": award.code,
                        "end": saved.valid_from_year - 1,
                    },
                )
            else:
                messages.success(request, _("Đã lưu “%(name)s”.") % {"name": saved.name})
            return redirect(f"{redirect('awards:catalogue').url}#type-{saved.pk}")
    context = {"form": form, "award": award, "uses": catalogue_services.award_type_uses(award_type=award)}
    return render(request, "awards/award_type_form.html", context, status=422 if form.errors else 200)
