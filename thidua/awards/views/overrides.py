"""The second person's approval of a recorded exception to R9/R10 (issue 17.8)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.htmx import domain_errors

from .. import selectors, services


@login_required
@require_POST
@domain_errors
def override_approve(request: AuthenticatedHttpRequest, batch_id: int, override_id: int) -> HttpResponse:
    override = selectors.override_get(actor=request.user, batch_id=batch_id, override_id=override_id)
    override = services.override_approve(actor=request.user, override=override)
    messages.success(
        request, _("Đã duyệt ghi nhận ngoại lệ “%(rule)s”.") % {"rule": override.get_rule_key_display()}
    )
    return redirect("awards:batch_detail", batch_id=batch_id)
