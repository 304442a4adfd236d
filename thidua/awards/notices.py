"""An award decision (issue 15.7): the units it awards (and the proposing unit) hear of it on the commit."""

from django.urls import reverse

from thidua.notifications.models import Kind
from thidua.notifications.services import Notice, notify_on_commit

from .models import AwardRecord, Decision


def decision_registered(decision: Decision) -> None:
    def units() -> list[int]:
        awarded = set(AwardRecord.objects.filter(decision=decision).values_list("unit_id", flat=True))
        if decision.batch is not None and decision.batch.unit_id:
            awarded.add(decision.batch.unit_id)
        return [u for u in awarded if u]

    notify_on_commit(
        notice=Notice(
            kind=Kind.DECISION,
            key=f"award-decision:{decision.pk}",
            title=f"Quyết định khen thưởng số {decision.number} ngày {decision.signed_on:%d/%m/%Y}",
            body=f"{decision.authority}: {decision.summary}",
            url=reverse("awards:decision_detail", args=[decision.pk]),
            unit_ids=units(),
        )
    )
