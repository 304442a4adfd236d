"""The notifications page (issue 15.7): list, mark read / mark all read, the e-mail setting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import ValidationFailed
from thidua.core.htmx import domain_errors

from . import selectors, services
from .forms import PreferenceForm

PAGE_SIZE = 30
MAX_IDS = services.MAX_IDS


def _list_context(request: AuthenticatedHttpRequest) -> dict:
    unread_only = request.GET.get("chua-doc") == "1"
    paginator = Paginator(selectors.notification_list(actor=request.user, unread_only=unread_only), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("trang"))
    return {
        "page": page,
        "notifications": list(page.object_list),
        "unread_only": unread_only,
        "preference_form": PreferenceForm(initial={"email": request.user.email_notifications}),
    }


@login_required
@require_GET
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "notifications/list.html", _list_context(request))


def _ids(request: HttpRequest) -> list[int]:
    raw = request.POST.getlist("ids")
    if len(raw) > MAX_IDS:
        raise ValidationFailed(_("Tối đa %(limit)s thông báo mỗi lần.") % {"limit": MAX_IDS}, field="ids")
    try:
        ids = [int(value) for value in raw]
    except ValueError:
        raise ValidationFailed(_("Mã thông báo không hợp lệ."), field="ids") from None
    if any(not 1 <= value <= 2**63 - 1 for value in ids):
        raise ValidationFailed(_("Mã thông báo không hợp lệ."), field="ids")
    return ids


@login_required
@require_POST
@domain_errors
def mark_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    everything = request.POST.get("all") == "1"
    try:
        ids = None if everything else _ids(request)
    except ValidationFailed as error:
        context = {**_list_context(request), "error": error}
        return render(request, "notifications/list.html", context, status=error.status)
    count = services.notifications_mark_read(actor=request.user, ids=ids)
    messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    return redirect("notifications:list")


@login_required
@require_POST
@domain_errors
def preference(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST)
    form.is_valid()
    enabled = bool(form.cleaned_data.get("email"))
    services.email_preference_set(actor=request.user, enabled=enabled)
    messages.success(
        request,
        _("Sẽ gửi thông báo qua thư điện tử.") if enabled else _("Đã tắt gửi thông báo qua thư điện tử."),
    )
    return redirect("notifications:list")
