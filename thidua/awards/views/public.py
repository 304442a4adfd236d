"""Public disclosure pages (no login)."""

import datetime

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from thidua.core.htmx import domain_errors
from thidua.core.http import stored_file

from .. import selectors

# -- public disclosure (no login) ------------------------------------------------------------------


def _public_day(request: HttpRequest) -> datetime.date:
    return timezone.localdate()


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    return render(request, "awards/public_index.html", selectors.public_listing(today=_public_day(request)))


@require_GET
@domain_errors
def public_decision(request: HttpRequest, public_id) -> HttpResponse:
    decision = selectors.public_decision_get(public_id=public_id, today=_public_day(request))
    context = {
        "decision": decision,
        "records": selectors.decision_records(decision=decision),
        "attachments": decision.attachments.filter(is_public=True).order_by("created_at"),
    }
    return render(request, "awards/public_decision.html", context)


@require_GET
@domain_errors
def public_decision_file(request: HttpRequest, public_id, attachment_id: int) -> FileResponse:
    attachment = selectors.public_attachment_get(
        public_id=public_id, attachment_id=attachment_id, today=_public_day(request)
    )
    return stored_file(attachment.file, attachment.original_name, attachment.content_type)


@require_GET
@domain_errors
def public_award(request: HttpRequest, public_id) -> HttpResponse:
    record = selectors.public_award_get(public_id=public_id, today=_public_day(request))
    return render(request, "awards/public_award.html", {"record": record})


@require_GET
@domain_errors
def public_batch(request: HttpRequest, public_id) -> HttpResponse:
    batch = selectors.public_batch_get(public_id=public_id, today=_public_day(request))
    return render(
        request,
        "awards/public_batch.html",
        {"batch": batch, "candidates": selectors.batch_candidates(batch=batch)},
    )


@require_GET
@domain_errors
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """The QR code of a certificate or a decision (issue 17.11): genuine for as long as the award stands,
    whatever the disclosure window; "đã bị hủy" once annulled; 404 for a forged token."""
    return render(request, "awards/verify.html", selectors.verification_get(token=token))
