"""Dashboard panel: proposals in progress and late files in the user's scope."""

from django.utils import timezone

from . import selectors
from .models import ProposalStatus


def summary(request) -> dict | None:
    batches = list(selectors.batch_list(actor=request.user).exclude(status=ProposalStatus.DECIDED)[:6])
    if not batches:
        return None
    today = timezone.localdate()
    return {
        "template": "awards/_panel.html",
        "batches": batches,
        # to-do: the proposals that came back to the sender, with the desk's reason (17.2)
        "returned": selectors.returned_to_me(actor=request.user),
        "open": selectors.batch_list(actor=request.user).exclude(status=ProposalStatus.DECIDED).count(),
        "late": sum(1 for b in batches if b.is_late_on(today)),
    }
