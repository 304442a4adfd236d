"""Reads for conferences, scoped through the permission policy and eager-loaded."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from thidua.core.dates import known_within, precision_rank
from thidua.core.errors import NotFound
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterMembership, ClusterTerm, Unit

from .models import (
    Attendee,
    Conference,
    ConferenceChair,
    ConferenceDocument,
    ConferenceKind,
    Guest,
    SideEvent,
    SideEventResult,
)


def _base() -> QuerySet[Conference]:
    return Conference.objects.select_related("term", "term__cluster", "term__cluster__owner", "host")


def conference_list(
    *,
    actor: Any,
    year: int | None = None,
    term: ClusterTerm | None = None,
    kind: str = "",
    within: tuple[datetime.date, datetime.date] | None = None,
) -> QuerySet[Conference]:
    """`within` (a period's first and last day) keeps the conferences whose whole known date lies in it:
    one known as "năm 2019" matches the year 2019, not its first quarter (16.3)."""
    conferences = _base().filter(term__in=access.terms_in_scope(actor).values("pk"))
    if year:
        conferences = conferences.filter(term__year=year)
    if term is not None:
        conferences = conferences.filter(term=term)
    if kind:
        conferences = conferences.filter(kind=kind)
    if within is not None:
        conferences = conferences.filter(known_within("date", "date_precision", *within))
    return conferences.annotate(
        attendee_count=Count("attendees", distinct=True), date_rank=precision_rank("date_precision")
    ).order_by("-date", "date_rank", "-pk")


def conference_years(*, actor: Any) -> list[int]:
    terms = access.terms_in_scope(actor).values("pk")
    years = Conference.objects.filter(term__in=terms).values_list("term__year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def conference_get(*, actor: Any, conference_id: int, action: Action = Action.VIEW_CLUSTER) -> Conference:
    """Fetch and check in one call: absent and out of scope both raise NotFound."""
    conference = (
        _base()
        .select_related("term__leader", "term__deputy")
        .prefetch_related(
            Prefetch("chairs", queryset=ConferenceChair.objects.select_related("unit")),
            Prefetch("guests", queryset=Guest.objects.select_related("unit")),
            Prefetch("attendees", queryset=Attendee.objects.select_related("unit")),
            "agenda_items__presenter_unit",
            "documents",
            "featured_models__unit",
            Prefetch(
                "side_events",
                queryset=SideEvent.objects.select_related("host").prefetch_related(
                    Prefetch("results", queryset=SideEventResult.objects.select_related("unit"))
                ),
            ),
        )
        .filter(pk=conference_id)
        .first()
    )
    if conference is None or not access.can_term(actor, action, conference.term):
        raise NotFound()
    return conference


def conference_permissions(*, actor: Any, conference: Conference) -> dict[str, bool]:
    """What the conference's page offers: its details while editable (`can_manage`), its status moves."""
    can_manage = access.can_object(actor, "manage", conference)
    return {"can_manage": can_manage and conference.is_editable, "can_transition": can_manage}


def event_can_manage(*, actor: Any, event: SideEvent) -> bool:
    """The event's page offers results while its managers may and its conference (if any) is editable."""
    return access.can_object(actor, "manage", event) and (
        event.conference is None or event.conference.is_editable
    )


def side_event_get(*, conference: Conference, event_id: int) -> SideEvent:
    """A side event of an already fetched-and-checked conference; another conference's event is NotFound."""
    event = SideEvent.objects.filter(conference=conference, pk=event_id).first()
    if event is None:
        raise NotFound()
    return event


def _events() -> QuerySet[SideEvent]:
    return SideEvent.objects.select_related("term__cluster__owner", "conference", "host").prefetch_related(
        Prefetch("results", queryset=SideEventResult.objects.select_related("unit"))
    )


def cluster_event_list(
    *,
    actor: Any,
    term: ClusterTerm | None = None,
    year: int | None = None,
    kind: str = "",
    standalone: bool = False,
) -> QuerySet[SideEvent]:
    """Cluster events in the actor's scope (side events and, 16.6, events standing on their own),
    newest first by the known part of their date."""
    events = _events().filter(term__in=access.terms_in_scope(actor).values("pk"))
    if term is not None:
        events = events.filter(term=term)
    if year:
        events = events.filter(term__year=year)
    if kind:
        events = events.filter(kind=kind)
    if standalone:
        events = events.filter(conference__isnull=True)
    return events.annotate(date_rank=precision_rank("date_precision")).order_by("-date", "date_rank", "-pk")


def cluster_event_get(*, actor: Any, event_id: int) -> SideEvent:
    """Fetch and check in one call: absent and out of scope both raise NotFound."""
    event = _events().filter(pk=event_id).first()
    if event is None or not access.can_term(actor, Action.VIEW_CLUSTER, event.term):
        raise NotFound()
    return event


def conference_document_get(*, actor: Any, conference_id: int, document_id: int) -> ConferenceDocument:
    """An attachment for download: only to who may see the conference (VIEW_CLUSTER on its term);
    absent, of another conference or out of scope all raise NotFound."""
    document = (
        ConferenceDocument.objects.select_related(
            "conference__term__cluster__owner", "conference__term__leader"
        )
        .filter(pk=document_id, conference_id=conference_id)
        .first()
    )
    if document is None or not access.can_term(actor, Action.VIEW_CLUSTER, document.conference.term):
        raise NotFound()
    return document


def terms_manageable(*, actor: Any) -> list[ClusterTerm]:
    """Terms on which the user may plan conferences (MANAGE_TERM)."""
    terms = (
        ClusterTerm.objects.filter(pk__in=access.terms_in_scope(actor).values("pk"))
        .select_related("cluster", "cluster__owner", "leader", "deputy")
        .order_by("-year", "cluster__level", "cluster__number")
    )
    return [t for t in terms if access.can_term(actor, Action.MANAGE_TERM, t)]


def term_members(*, term: ClusterTerm) -> QuerySet[Unit]:
    return Unit.objects.filter(cluster_memberships__term=term).order_by("name")


@dataclass(frozen=True)
class HostingRecord:
    unit: Unit
    last_hosted: datetime.date | None
    last_title: str
    times: int


def host_rotation(*, term: ClusterTerm) -> list[HostingRecord]:
    """Member units ordered by who should host next: never hosted first, then least recently.

    History covers every conference of the cluster in every year (all terms), so the rotation
    continues across years.
    """
    members = list(term_members(term=term))
    hosted: dict[int, list[Conference]] = {}
    for conference in (
        Conference.objects.filter(term__cluster_id=term.cluster_id, host__in=members)
        .only("pk", "host_id", "date", "title")
        .order_by("-date")
    ):
        hosted.setdefault(conference.host_id, []).append(conference)  # type: ignore[arg-type]
    records = [
        HostingRecord(
            unit=unit,
            last_hosted=hosted[unit.pk][0].date if unit.pk in hosted else None,
            last_title=hosted[unit.pk][0].title if unit.pk in hosted else "",
            times=len(hosted.get(unit.pk, [])),
        )
        for unit in members
    ]
    records.sort(key=lambda r: (r.last_hosted is not None, r.last_hosted or datetime.date.min, r.unit.name))
    return records


def host_suggestion(*, term: ClusterTerm) -> Unit | None:
    rotation = host_rotation(term=term)
    return rotation[0].unit if rotation else None


def _person(name: str, rank: str, position: str) -> str:
    return ", ".join(part for part in (" ".join(p for p in (rank, name) if p), position) if part)


def _minutes_conference(conference: Conference) -> Conference:
    """The conference with everything its minutes print, in a fixed number of queries."""
    return (
        Conference.objects.select_related("term__cluster__owner", "term__leader", "term__deputy", "host")
        .prefetch_related(
            Prefetch("chairs", queryset=ConferenceChair.objects.select_related("unit")),
            Prefetch("guests", queryset=Guest.objects.select_related("unit")),
            Prefetch("attendees", queryset=Attendee.objects.select_related("unit")),
            "agenda_items__presenter_unit",
            "featured_models__unit",
            "documents",
            Prefetch(
                "side_events",
                queryset=SideEvent.objects.select_related("host").prefetch_related(
                    Prefetch("results", queryset=SideEventResult.objects.select_related("unit"))
                ),
            ),
        )
        .get(pk=conference.pk)
    )


def _attendance(conference: Conference, members: list[ClusterMembership]) -> list[dict[str, Any]]:
    """Each member unit: present or not, and its delegates."""
    attendees = list(conference.attendees.all())
    by_unit: dict[int, list[Attendee]] = {}
    for attendee in attendees:
        by_unit.setdefault(attendee.unit_id, []).append(attendee)
    return [
        {
            "unit": m.unit.name,
            "present": any(a.present for a in by_unit.get(m.unit_id, [])),
            "delegates": [
                {
                    "name": a.name,
                    "rank": a.rank,
                    "position": a.position,
                    "role": a.get_role_display(),
                    "present": a.present,
                    "text": _person(a.name, a.rank, a.position),
                }
                for a in by_unit.get(m.unit_id, [])
            ],
        }
        for m in members
    ]


def _handover(conference: Conference) -> dict[str, Any] | None:
    """The leader/deputy hand-over approved at this conference, if any."""
    handover = None
    link = getattr(conference, "handover_link", None)  # RelatedObjectDoesNotExist is an AttributeError
    if link is not None:
        h = link.handover
        handover = {
            "year": h.to_term.year,
            "new_leader": h.new_leader.name,
            "new_deputy": h.new_deputy.name if h.new_deputy is not None else "",
            "mode": h.get_mode_display(),
            "date": h.handed_over_on if h.handed_over_known.is_day else h.handed_over_known.iso(),
        }
    return handover


def _chairs(conference: Conference) -> list[dict[str, Any]]:
    return [
        {
            "role": c.get_role_display(),
            "unit": c.unit.name,
            "name": c.name,
            "rank": c.rank,
            "position": c.position,
            "text": _person(c.name, c.rank, c.position) or c.unit.name,
        }
        for c in conference.chairs.all()
    ]


def _guests(conference: Conference) -> list[dict[str, Any]]:
    return [
        {
            "name": g.name,
            "rank": g.rank,
            "position": g.position,
            "unit": g.organisation_name,
            "text": _person(g.name, g.rank, g.position),
        }
        for g in conference.guests.all()
    ]


def _agenda(conference: Conference) -> list[dict[str, Any]]:
    return [
        {
            "order": item.order,
            "kind": item.get_kind_display(),
            "title": item.title,
            "presenter": _person(item.presenter_name, "", item.presenter_position),
            "presenter_unit": item.presenter_unit.name if item.presenter_unit is not None else "",
            "summary": item.summary,
        }
        for item in conference.agenda_items.all()
    ]


def _side_events(conference: Conference) -> list[dict[str, Any]]:
    return [
        {
            "kind": e.get_kind_display(),
            "title": e.title,
            "date": e.date if e.known_date.is_day else e.known_date.iso(),  # 16.3: only what is known
            "date_known": str(e.known_date),
            "venue": e.venue,
            "host": e.host.name if e.host is not None else "",
            "delegations": e.delegations,
            "description": e.description,
            "results": [
                {
                    "discipline": r.discipline,
                    "unit": r.unit.name,
                    "placing": r.placing,
                    "prize": r.prize,
                    "score": r.score,
                }
                for r in e.results.all()
            ],
        }
        for e in conference.side_events.all()
    ]


def conference_document_context(conference: Conference) -> dict[str, Any]:
    """Everything the conference minutes (biên bản hội nghị) need, as plain data.

    Contract for the Documents capability. Results of the conference's ballots come from the
    voting capability (it sits above conferences, so it is imported inside the function).
    """
    conference = _minutes_conference(conference)
    term = conference.term
    members = list(ClusterMembership.objects.filter(term=term).select_related("unit").order_by("unit__name"))
    attendance = _attendance(conference, members)
    # voting sits above conferences: imported here, not at module level (no "may be absent" guard)
    from thidua.voting.selectors import conference_ballot_results

    results = conference_ballot_results(conference)
    handover = _handover(conference)
    return {
        "conference_id": conference.pk,
        "title": conference.title,
        "kind": conference.kind,
        "kind_label": ConferenceKind(conference.kind).label,
        "status": conference.get_status_display(),
        "period": {"year": conference.period_year, "label": conference.period_label},
        "cluster": {
            "name": term.display_name,
            "year": term.year,
            "level": term.cluster.get_level_display(),
            "owner": term.cluster.owner.name,
            "leader": term.leader.name if term.leader is not None else "",
            "deputy": term.deputy.name if term.deputy is not None else "",
        },
        # a date known only to the month or the year goes to the papers as ISO "2019-11" / "2019" (16.3)
        "date": conference.date if conference.known_date.is_day else conference.known_date.iso(),
        "date_precision": conference.date_precision,
        "date_known": str(conference.known_date),
        "start_time": conference.start_time,
        "venue": conference.venue,
        "host": conference.host.name if conference.host is not None else "",
        "chairs": _chairs(conference),
        "guests": _guests(conference),
        "member_units": [m.unit.name for m in members],
        "member_count": len(members),
        "present_unit_count": sum(1 for row in attendance if row["present"]),
        "attendance": attendance,
        "agenda": _agenda(conference),
        "named_models": [
            {"unit": f.unit.name, "name": f.name, "description": f.description}
            for f in conference.featured_models.all()
        ],
        "side_events": _side_events(conference),
        "documents": [d.title for d in conference.documents.all()],
        "results": results,
        "handover": handover,
        "conclusions": conference.conclusions,
    }
