import datetime

from ninja import Field, Schema

from thidua.core.dates import DatePrecision
from thidua.core.schemas import NAME, NARRATIVE, Id, KnownDateIn, KnownDateOut, SmallCount, Text, Version
from thidua.organisation.schemas import UnitRef

from .models import AgendaKind, AttendeeRole, ChairRole, ConferenceKind, ConferenceStatus, SideEventKind


class ChairOut(Schema):
    role: ChairRole
    unit: UnitRef
    name: str
    rank: str
    position: str


class GuestOut(Schema):
    id: int
    name: str
    rank: str
    position: str
    organisation_name: str


class AttendeeOut(Schema):
    id: int
    unit: UnitRef
    name: str
    rank: str
    position: str
    role: AttendeeRole
    is_voter: bool
    present: bool
    version: int


class AgendaItemOut(Schema):
    id: int
    order: int
    kind: AgendaKind
    title: str
    presenter_name: str
    presenter_position: str
    presenter_unit: UnitRef | None


class SideEventResultOut(Schema):
    discipline: str
    unit: UnitRef
    placing: int | None
    prize: str
    score: str


class SideEventOut(Schema):
    id: int
    kind: SideEventKind
    title: str
    date: KnownDateOut
    date_precision: DatePrecision
    venue: str
    host: UnitRef | None
    delegations: int | None
    results: list[SideEventResultOut]

    @staticmethod
    def resolve_date(obj):
        return obj.known_date

    @staticmethod
    def resolve_results(obj) -> list:
        return list(obj.results.all())


class ConferenceOut(Schema):
    id: int
    term_id: int
    kind: ConferenceKind
    title: str
    period_id: int | None
    period_year: int
    period_label: str
    host: UnitRef | None
    date: KnownDateOut
    date_precision: DatePrecision
    venue: str
    status: ConferenceStatus
    conclusions: str

    @staticmethod
    def resolve_date(obj):
        return obj.known_date


class ConferenceDetailOut(ConferenceOut):
    chairs: list[ChairOut]
    guests: list[GuestOut]
    attendees: list[AttendeeOut]
    agenda: list[AgendaItemOut]
    side_events: list[SideEventOut]

    @staticmethod
    def resolve_chairs(obj) -> list:
        return list(obj.chairs.all())

    @staticmethod
    def resolve_guests(obj) -> list:
        return list(obj.guests.all())

    @staticmethod
    def resolve_attendees(obj) -> list:
        return list(obj.attendees.all())

    @staticmethod
    def resolve_agenda(obj) -> list:
        return list(obj.agenda_items.all())

    @staticmethod
    def resolve_side_events(obj) -> list:
        return list(obj.side_events.all())


class ConferenceIn(Schema):
    term_id: Id
    kind: ConferenceKind
    title: str = Text(min_length=1, max_length=NAME)
    date: KnownDateIn
    period_label: str = Text("", max_length=120)
    period_id: Id | None = None
    host_id: Id | None = None
    venue: str = Text("", max_length=NAME)


class ConferenceTransitionIn(Schema):
    status: ConferenceStatus


class ChairIn(Schema):
    role: ChairRole
    unit_id: Id
    name: str = Text("", max_length=150)
    rank: str = Text("", max_length=80)
    position: str = Text("", max_length=150)


class GuestIn(Schema):
    name: str = Text("", max_length=150)
    rank: str = Text("", max_length=80)
    position: str = Text(min_length=1, max_length=150)
    unit_id: Id | None = None
    organisation: str = Text("", max_length=NAME)


class AttendeeIn(Schema):
    unit_id: Id
    name: str = Text(min_length=1, max_length=150)
    rank: str = Text("", max_length=80)
    position: str = Text("", max_length=150)
    role: AttendeeRole = AttendeeRole.DELEGATE
    is_voter: bool = False
    present: bool = True


class AttendeePatch(Schema):
    """A field left out or null keeps its value."""

    version: Version = Field(
        description="The attendee's version read (GET); a stale one gives 409 stale_write."
    )
    present: bool | None = None
    is_voter: bool | None = None


class AgendaItemIn(Schema):
    title: str = Text(min_length=1, max_length=NAME)
    kind: AgendaKind = AgendaKind.REPORT
    presenter_name: str = Text("", max_length=150)
    presenter_position: str = Text("", max_length=150)
    presenter_unit_id: Id | None = None
    summary: str = Text("", max_length=NARRATIVE)


class SideEventIn(Schema):
    kind: SideEventKind
    title: str = Text(min_length=1, max_length=NAME)
    date: KnownDateIn
    venue: str = Text("", max_length=NAME)
    host_id: Id | None = None
    delegations: SmallCount | None = None
    description: str = Text("", max_length=NARRATIVE)


class ClusterEventIn(SideEventIn):
    """A cluster event standing on its own (16.6): báo công, dâng hương / tri ân, sports, charity."""

    term_id: Id


class ClusterEventOut(SideEventOut):
    term_id: int
    conference_id: int | None
    is_standalone: bool
    description: str


class SideEventResultIn(Schema):
    discipline: str = Text(min_length=1, max_length=NAME)
    unit_id: Id
    placing: int | None = Field(None, ge=1, le=32767)
    prize: str = Text("", max_length=120)
    score: str = Text("", max_length=120)


class HostingOut(Schema):
    unit: UnitRef
    last_hosted: datetime.date | None
    last_title: str
    times: int
