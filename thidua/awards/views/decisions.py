"""Decision pages: list, detail, attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.htmx import domain_errors
from thidua.core.http import stored_file
from thidua.documents.qr import public_url
from thidua.emulation.errors import UploadRejected

from .. import selectors, services
from ..forms import (
    AnnulForm,
    AttachmentForm,
)
from ._common import _int


@login_required
@require_GET
def decision_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"))
    decisions = selectors.decision_list(actor=request.user, year=year)[:300]
    return render(request, "awards/decision_list.html", {"decisions": decisions, "year": year})


@login_required
@require_GET
@domain_errors
def decision_detail(request: AuthenticatedHttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_get(actor=request.user, decision_id=decision_id)
    return _decision_page(request, decision)


def _decision_page(
    request: AuthenticatedHttpRequest,
    decision,
    form: AttachmentForm | None = None,
    annul_form: AnnulForm | None = None,
) -> HttpResponse:
    permissions = selectors.decision_permissions(actor=request.user, decision=decision)
    can_manage, can_annul = permissions["can_manage"], permissions["can_annul"]
    records = list(selectors.decision_records(decision=decision))
    context = {
        "decision": decision,
        "records": records,
        "annulments": list(decision.annulments.all()),
        "annul_form": (
            annul_form or AnnulForm(records=records, initial={"annulled_on": timezone.localdate()})
        )
        if can_annul and any(not r.is_revoked for r in records)
        else None,
        "attachments": list(decision.attachments.order_by("created_at")),
        "public_url": public_url("awards:public_decision", decision.public_id),
        "is_published": decision.is_published_on(timezone.localdate()),
        "can_manage": can_manage,
        "attachment_form": (form or AttachmentForm()) if can_manage else None,
    }
    errors = (form is not None and form.errors) or (annul_form is not None and annul_form.errors)
    return render(request, "awards/decision_detail.html", context, status=422 if errors else 200)


@login_required
@require_POST
@domain_errors
def decision_annul(request: AuthenticatedHttpRequest, decision_id: int) -> HttpResponse:
    """R13: annul the decision or some of its records (reason, legal basis, recovery)."""
    decision = selectors.decision_get(actor=request.user, decision_id=decision_id, verb="annul")
    records = list(selectors.decision_records(decision=decision))
    form = AnnulForm(request.POST, records=records)
    if not form.is_valid():
        return _decision_page(request, decision, annul_form=form)
    data = form.cleaned_data
    wanted = set(data.pop("records"))
    chosen = [r for r in records if str(r.pk) in wanted]
    services.annulment_register(
        actor=request.user, decision=None if chosen else decision, records=chosen, **data
    )
    messages.success(request, _("Đã ghi nhận việc hủy khen thưởng."))
    return redirect("awards:decision_detail", decision_id=decision.pk)


@login_required
@require_POST
@domain_errors
def decision_attach(request: AuthenticatedHttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_get(actor=request.user, decision_id=decision_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _decision_page(request, decision, form)
    try:
        services.decision_attach(
            actor=request.user,
            decision=decision,
            uploaded=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            is_public=form.cleaned_data["is_public"],
        )
    except UploadRejected as error:
        form.add_error("file", str(error))
        return _decision_page(request, decision, form)
    messages.success(request, _("Đã đính kèm tệp vào quyết định."))
    return redirect("awards:decision_detail", decision_id=decision.pk)


@login_required
@require_GET
@domain_errors
def decision_attachment(
    request: AuthenticatedHttpRequest, decision_id: int, attachment_id: int
) -> FileResponse:
    attachment = selectors.decision_attachment_get(
        actor=request.user, decision_id=decision_id, attachment_id=attachment_id
    )
    return stored_file(attachment.file, attachment.original_name, attachment.content_type)


@login_required
@require_POST
@domain_errors
def decision_attachment_remove(
    request: AuthenticatedHttpRequest, decision_id: int, attachment_id: int
) -> HttpResponse:
    attachment = selectors.decision_attachment_get(
        actor=request.user, decision_id=decision_id, attachment_id=attachment_id
    )
    services.decision_attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("Đã xóa tệp đính kèm."))
    return redirect("awards:decision_detail", decision_id=decision_id)
