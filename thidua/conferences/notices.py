"""Conference invitations (issue 15.7): every planned conference to come is announced once to the member
units' officers and leaders, with its date and place; a new date or place is announced again."""

import datetime
import hashlib
from collections.abc import Iterator

from django.urls import reverse

from thidua.notifications import registry
from thidua.notifications.models import Kind
from thidua.notifications.services import Notice
from thidua.organisation.models import ClusterMembership

from .models import Conference, ConferenceStatus


def scan(today: datetime.date) -> Iterator[Notice]:
    conferences = list(
        Conference.objects.filter(status=ConferenceStatus.PLANNED, date__gte=today).select_related(
            "term__cluster", "host"
        )
    )
    members: dict[int, list[int]] = {}
    for term_id, unit_id in ClusterMembership.objects.filter(
        term_id__in={c.term_id for c in conferences}
    ).values_list("term_id", "unit_id"):
        members.setdefault(term_id, []).append(unit_id)
    for conference in conferences:
        when = str(conference.known_date or f"{conference.date:%d/%m/%Y}")
        if conference.start_time:
            when = f"{conference.start_time:%H:%M} {when}"
        place = conference.venue or (conference.host.name if conference.host else "")
        yield Notice(
            kind=Kind.INVITATION,
            key=f"conference-invitation:{conference.pk}:{conference.date:%Y%m%d}:{conference.start_time or ''}:"
            + hashlib.sha256(place.encode()).hexdigest()[:12],
            title=f"Giấy mời: {conference.title}",
            body=f"Thời gian: {when}. Địa điểm: {place or 'sẽ thông báo sau'}. Cụm: {conference.term.display_name}.",
            url=reverse("conferences:detail", args=[conference.pk]),
            unit_ids=members.get(conference.term_id, []),
        )


registry.register("conferences.invitations", scan)
