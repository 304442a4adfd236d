"""A ballot opened (issue 15.7): the member units' officers and leaders hear of it on the commit."""

from django.urls import reverse

from thidua.notifications.models import Kind
from thidua.notifications.services import Notice, notify_on_commit
from thidua.organisation.models import ClusterMembership

from .models import Ballot


def ballot_opened(ballot: Ballot) -> None:
    conference = ballot.conference
    notify_on_commit(
        notice=Notice(
            kind=Kind.BALLOT,
            key=f"ballot-opened:{ballot.pk}:{ballot.opened_at.timestamp() if ballot.opened_at else 0:.0f}",
            title=f"Mở bỏ phiếu: {ballot.title}",
            body=f"Hội nghị: {conference.title}. Đại biểu nhận mã bỏ phiếu tại hội nghị.",
            url=reverse("voting:ballot_detail", args=[ballot.pk]),
            unit_ids=list(
                ClusterMembership.objects.filter(term_id=conference.term_id).values_list("unit_id", flat=True)
            ),
        )
    )
