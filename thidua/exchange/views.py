"""Pages of the exchange: outbox and inbox, send a batch upward, receive a package file, preview and
import it, answer it. Thin: parse → service/selector → page."""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.awards import selectors as awards_selectors
from thidua.core import uploads
from thidua.core.errors import DomainError
from thidua.core.htmx import domain_errors
from thidua.documents import selectors as documents_selectors
from thidua.organisation import selectors as organisation_selectors

from . import selectors, services
from .forms import AnswerForm, ReceiveForm, SendForm
from .models import Direction, PackageStatus


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    packages = selectors.package_list(actor=request.user)[:200]
    return render(
        request,
        "exchange/index.html",
        {
            "outbox": [p for p in packages if p.direction == Direction.OUT],
            "inbox": [p for p in packages if p.direction == Direction.IN],
            "partners": selectors.partner_list(actor=request.user),
            "terms": selectors.sendable_terms(actor=request.user),
            "installation": services.installation_code(),
            "receive_form": ReceiveForm(),
        },
    )


def _send_page(
    request: AuthenticatedHttpRequest,
    *,
    send: Callable[..., Any],
    done: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The “Gửi lên cấp trên” form of either package kind: pick the partner and one's own key, type
    the passphrase; `send(partner=…, identity=…, passphrase=…)` builds and signs the package. A refusal
    the user can mend (wrong passphrase, key not in use…) is shown on the form with its status."""
    form = SendForm(
        request.POST or None,
        partners=selectors.partner_list(actor=request.user),
        identities=documents_selectors.signing_identities_of(actor=request.user),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                package = send(
                    partner=form.cleaned_data["partner"],
                    identity=form.cleaned_data["identity"],
                    passphrase=form.cleaned_data["passphrase"],
                )
            except DomainError as error:
                if error.status in (403, 404):
                    raise
                form.add_error(None, str(error))
                status = error.status
            else:
                messages.success(request, done)
                return redirect("exchange:detail", package_id=package.pk)
        else:
            status = 422
    return render(request, template, context | {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def send(request: AuthenticatedHttpRequest, batch_id: int) -> HttpResponse:
    batch = awards_selectors.batch_get(actor=request.user, batch_id=batch_id)
    services.require_board(actor=request.user, unit=batch.unit)
    return _send_page(
        request,
        send=functools.partial(services.package_send, actor=request.user, batch=batch),
        done=_("Đã lập và ký gói hồ sơ. Tải tệp gói để chuyển đi, hoặc gửi qua mạng."),
        template="exchange/send.html",
        context={"batch": batch},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def send_term(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
    """“Gửi lên cấp trên” for a cluster's year: the term, conferences, ballots' totals, scores, reports."""
    term = organisation_selectors.term_get(actor=request.user, term_id=term_id)
    services.require_board(actor=request.user, unit=term.cluster.owner)
    return _send_page(
        request,
        send=functools.partial(services.package_send_cluster_year, actor=request.user, term=term),
        done=_("Đã lập và ký gói năm của cụm. Tải tệp gói để chuyển đi, hoặc gửi qua mạng."),
        template="exchange/send_term.html",
        context={"term": term},
    )


@login_required
@require_POST
@domain_errors
def receive(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.require_board(actor=request.user)
    form = ReceiveForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Chọn tệp gói để nhận."))
        return redirect("exchange:index")
    upload = form.cleaned_data["file"]
    package = services.package_receive(
        actor=request.user, data=uploads.read_bytes(upload, max_bytes=services.max_package_bytes())
    )
    messages.success(request, _("Đã nhận gói và kiểm tra chữ ký số của người gửi."))
    return redirect("exchange:detail", package_id=package.pk)


@login_required
@require_GET
@domain_errors
def detail(request: AuthenticatedHttpRequest, package_id: int) -> HttpResponse:
    package = selectors.package_get(actor=request.user, package_id=package_id)
    preview = None
    if package.direction == Direction.IN and package.kind in services.ANSWERABLE:
        preview = services.package_preview(actor=request.user, package=package)
    identities = documents_selectors.signing_identities_of(actor=request.user)
    answer_form = (
        AnswerForm(identities=identities)
        if package.direction == Direction.IN and package.kind in services.ANSWERABLE and identities
        else None
    )
    return render(
        request,
        "exchange/detail.html",
        {
            "package": package,
            "preview": preview,
            "answer_form": answer_form,
            "can_import": preview is not None
            and not preview["missing"]
            and package.status == PackageStatus.RECEIVED,
        },
    )


@login_required
@require_GET
@domain_errors
def download(request: AuthenticatedHttpRequest, package_id: int) -> HttpResponseBase:
    package = selectors.package_get(actor=request.user, package_id=package_id)
    return FileResponse(
        package.archive.open("rb"),
        as_attachment=True,
        filename=f"thidua-{package.kind}-{package.package_id}.zip",
        content_type="application/zip",
    )


@login_required
@require_POST
@domain_errors
def import_package(request: AuthenticatedHttpRequest, package_id: int) -> HttpResponse:
    package = selectors.package_get(actor=request.user, package_id=package_id)
    if package.kind == services.KIND_CLUSTER_YEAR:
        services.package_import_cluster_year(actor=request.user, package=package)
        messages.success(request, _("Đã nhập năm của cụm vào hệ thống."))
        return redirect("exchange:detail", package_id=package.pk)
    batch = services.package_import(actor=request.user, package=package)
    messages.success(request, _("Đã nhập hồ sơ đề nghị vào hệ thống."))
    return redirect("awards:batch_detail", batch_id=batch.pk)


@login_required
@require_POST
@domain_errors
def answer(request: AuthenticatedHttpRequest, package_id: int) -> HttpResponse:
    package = selectors.package_get(actor=request.user, package_id=package_id)
    form = AnswerForm(request.POST, identities=documents_selectors.signing_identities_of(actor=request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("exchange:detail", package_id=package.pk)
    out = services.answer_send(
        actor=request.user,
        package=package,
        answer=form.cleaned_data["answer"],
        reason=form.cleaned_data["reason"],
        identity=form.cleaned_data["identity"],
        passphrase=form.cleaned_data["passphrase"],
    )
    messages.success(request, _("Đã lập gói trả lời. Tải tệp gói để gửi lại cho cấp dưới."))
    return redirect("exchange:detail", package_id=out.pk)
