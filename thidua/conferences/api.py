"""Conferences API under /api/v1/conferences (session auth, CSRF)."""

from ninja import Router, Status

from thidua.core.errors import NotFound
from thidua.core.schemas import Id, Search, Year
from thidua.emulation.models import EmulationPeriod
from thidua.organisation import selectors as organisation_selectors
from thidua.organisation.models import Unit

from . import selectors, services
from .models import Attendee
from .schemas import (
    AgendaItemIn,
    AgendaItemOut,
    AttendeeIn,
    AttendeeOut,
    AttendeePatch,
    ChairIn,
    ChairOut,
    ClusterEventIn,
    ClusterEventOut,
    ConferenceDetailOut,
    ConferenceIn,
    ConferenceOut,
    ConferenceTransitionIn,
    GuestIn,
    GuestOut,
    HostingOut,
    SideEventIn,
    SideEventOut,
    SideEventResultIn,
    SideEventResultOut,
)

router = Router(tags=["Hội nghị & bỏ phiếu"])


def _unit(unit_id: int | None) -> Unit | None:
    """Units are referenced by id; membership of the term is checked by the services."""
    return None if unit_id is None else _required_unit(unit_id)


def _required_unit(unit_id: int) -> Unit:
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise NotFound()
    return unit


def _period(term, period_id: int | None) -> EmulationPeriod | None:
    if period_id is None:
        return None
    period = EmulationPeriod.objects.filter(pk=period_id, owner_id=term.cluster.owner_id).first()
    if period is None:
        raise NotFound()
    return period


@router.get("/conferences", response=list[ConferenceOut])
def list_conferences(
    request,
    year: Year | None = None,
    term_id: Id | None = None,
    kind: Search = "",
    period_id: Id | None = None,
):
    """`period_id`: only conferences whose whole known date lies in that period (a conference known
    as "năm 2019" is in the year 2019, not in Quý I/2019)."""
    term = organisation_selectors.term_get(actor=request.user, term_id=term_id) if term_id else None
    within = None
    if period_id is not None:
        period = EmulationPeriod.objects.filter(pk=period_id).first()
        if period is None:
            raise NotFound()
        within = (period.start_date, period.end_date)
    return selectors.conference_list(actor=request.user, year=year, term=term, kind=kind, within=within)


@router.get("/conferences/host-rotation/{term_id}", response=list[HostingOut])
def host_rotation(request, term_id: int):
    term = organisation_selectors.term_get(actor=request.user, term_id=term_id)
    return selectors.host_rotation(term=term)


@router.get("/conferences/{conference_id}", response=ConferenceDetailOut)
def get_conference(request, conference_id: int):
    return selectors.conference_get(actor=request.user, conference_id=conference_id)


@router.post("/conferences", response={201: ConferenceDetailOut})
def create_conference(request, payload: ConferenceIn):
    term = organisation_selectors.term_get(actor=request.user, term_id=payload.term_id)
    conference = services.conference_create(
        actor=request.user,
        term=term,
        kind=payload.kind,
        title=payload.title,
        date=payload.date,
        period_label=payload.period_label,
        period=_period(term, payload.period_id),
        host=_unit(payload.host_id),
        venue=payload.venue,
    )
    return Status(201, selectors.conference_get(actor=request.user, conference_id=conference.pk))


@router.post("/conferences/{conference_id}/status", response=ConferenceOut)
def change_status(request, conference_id: int, payload: ConferenceTransitionIn):
    conference = selectors.conference_get(actor=request.user, conference_id=conference_id)
    return services.conference_transition(actor=request.user, conference=conference, target=payload.status)


@router.post("/conferences/{conference_id}/chairs", response={200: ChairOut, 201: ChairOut})
def set_chair(request, conference_id: int, payload: ChairIn):
    """One chair per role and unit: 201 when it is new, 200 when an existing one was updated."""
    conference = selectors.conference_get(actor=request.user, conference_id=conference_id)
    data = payload.model_dump()
    unit = _required_unit(data.pop("unit_id"))
    chair = services.chair_set(actor=request.user, conference=conference, unit=unit, **data)
    return Status(201 if chair.was_created else 200, chair)


@router.post("/conferences/{conference_id}/guests", response={201: GuestOut})
def add_guest(request, conference_id: int, payload: GuestIn):
    conference = selectors.conference_get(actor=request.user, conference_id=conference_id)
    data = payload.model_dump()
    unit = _unit(data.pop("unit_id"))
    return Status(201, services.guest_add(actor=request.user, conference=conference, unit=unit, **data))


@router.post("/conferences/{conference_id}/attendees", response={201: AttendeeOut})
def add_attendee(request, conference_id: int, payload: AttendeeIn):
    conference = selectors.conference_get(actor=request.user, conference_id=conference_id)
    data = payload.model_dump()
    unit = _required_unit(data.pop("unit_id"))
    return Status(201, services.attendee_add(actor=request.user, conference=conference, unit=unit, **data))


@router.patch("/conferences/{conference_id}/attendees/{attendee_id}", response=AttendeeOut)
def update_attendee(request, conference_id: int, attendee_id: int, payload: AttendeePatch):
    conference = selectors.conference_get(actor=request.user, conference_id=conference_id)
    attendee = Attendee.objects.filter(conference=conference, pk=attendee_id).select_related("unit").first()
    if attendee is None:
        raise NotFound()
    return services.attendee_update(actor=request.user, attendee=attendee, **payload.model_dump())


@router.post("/conferences/{conference_id}/agenda", response={201: AgendaItemOut})
def add_agenda_item(request, conference_id: int, payload: AgendaItemIn):
    conference = selectors.conference_get(actor=request.user, conference_id=conference_id)
    data = payload.model_dump()
    unit = _unit(data.pop("presenter_unit_id"))
    item = services.agenda_item_add(actor=request.user, conference=conference, presenter_unit=unit, **data)
    return Status(201, item)


@router.post("/conferences/{conference_id}/side-events", response={201: SideEventOut})
def add_side_event(request, conference_id: int, payload: SideEventIn):
    conference = selectors.conference_get(actor=request.user, conference_id=conference_id)
    data = payload.model_dump()
    host = _unit(data.pop("host_id"))
    return Status(201, services.side_event_add(actor=request.user, conference=conference, host=host, **data))


@router.post(
    "/conferences/{conference_id}/side-events/{event_id}/results", response={201: SideEventResultOut}
)
def add_side_event_result(request, conference_id: int, event_id: int, payload: SideEventResultIn):
    conference = selectors.conference_get(actor=request.user, conference_id=conference_id)
    event = selectors.side_event_get(conference=conference, event_id=event_id)
    data = payload.model_dump()
    unit = _required_unit(data.pop("unit_id"))
    return Status(
        201, services.side_event_result_add(actor=request.user, side_event=event, unit=unit, **data)
    )


# -- cluster events (16.6): side events and events standing on their own ----------------------------------


@router.get("/cluster-events", response=list[ClusterEventOut])
def list_cluster_events(
    request,
    term_id: Id | None = None,
    year: Year | None = None,
    kind: Search = "",
    standalone: bool = False,
):
    term = organisation_selectors.term_get(actor=request.user, term_id=term_id) if term_id else None
    return selectors.cluster_event_list(
        actor=request.user, term=term, year=year, kind=kind, standalone=standalone
    )


@router.post("/cluster-events", response={201: ClusterEventOut})
def create_cluster_event(request, payload: ClusterEventIn):
    data = payload.model_dump()
    term = organisation_selectors.term_get(actor=request.user, term_id=data.pop("term_id"))
    host = _unit(data.pop("host_id"))
    event = services.cluster_event_create(actor=request.user, term=term, host=host, **data)
    return Status(201, selectors.cluster_event_get(actor=request.user, event_id=event.pk))


@router.get("/cluster-events/{event_id}", response=ClusterEventOut)
def get_cluster_event(request, event_id: int):
    return selectors.cluster_event_get(actor=request.user, event_id=event_id)


@router.post("/cluster-events/{event_id}/results", response={201: SideEventResultOut})
def add_cluster_event_result(request, event_id: int, payload: SideEventResultIn):
    event = selectors.cluster_event_get(actor=request.user, event_id=event_id)
    data = payload.model_dump()
    unit = _required_unit(data.pop("unit_id"))
    return Status(
        201, services.side_event_result_add(actor=request.user, side_event=event, unit=unit, **data)
    )
