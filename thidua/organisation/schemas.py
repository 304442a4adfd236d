import datetime

from ninja import Field, Schema

from .models import ClusterLevel, SelectionMode, UnitKind


class UnitOut(Schema):
    id: int
    parent_id: int | None
    kind: UnitKind
    name: str
    short_name: str
    code: str
    active_from: datetime.date | None
    active_to: datetime.date | None
    depth: int


class UnitIn(Schema):
    parent_id: int | None = None
    kind: UnitKind
    name: str = Field(min_length=1, max_length=255)
    short_name: str = Field("", max_length=120)
    code: str = Field(min_length=1, max_length=40)
    active_from: datetime.date | None = None
    active_to: datetime.date | None = None


class UnitPatch(Schema):
    kind: UnitKind | None = None
    name: str | None = Field(None, min_length=1, max_length=255)
    short_name: str | None = Field(None, max_length=120)
    code: str | None = Field(None, min_length=1, max_length=40)
    active_from: datetime.date | None = None
    active_to: datetime.date | None = None
    effective_date: datetime.date | None = None


class UnitRef(Schema):
    id: int
    name: str
    short_name: str


class ClusterOut(Schema):
    id: int
    level: ClusterLevel
    owner: UnitRef
    number: int
    name: str


class ClusterIn(Schema):
    owner_id: int
    level: ClusterLevel
    number: int = Field(ge=1, le=999)
    name: str = Field(min_length=1, max_length=255)


class TermOut(Schema):
    id: int
    cluster_id: int
    year: int
    name: str
    display_name: str
    leader: UnitRef | None
    deputy: UnitRef | None
    selection_mode: SelectionMode
    members: list[UnitRef]

    @staticmethod
    def resolve_members(obj) -> list:
        return [m.unit for m in obj.memberships.all()]


class TermIn(Schema):
    cluster_id: int
    year: int = Field(ge=2000, le=2100)
    name: str = ""
    member_ids: list[int]
    leader_id: int | None = None
    deputy_id: int | None = None
    selection_mode: SelectionMode = SelectionMode.ELECTED


class TermRolesIn(Schema):
    leader_id: int | None
    deputy_id: int | None = None


class TermMembersIn(Schema):
    member_ids: list[int]


class HandoverIn(Schema):
    new_leader_id: int
    new_deputy_id: int | None = None
    handed_over_on: datetime.date
    mode: SelectionMode = SelectionMode.ELECTED
    conference_title: str = Field("", max_length=255)
    note: str = ""


class HandoverOut(Schema):
    id: int
    from_term_id: int
    to_term_id: int
    previous_leader: UnitRef | None
    previous_deputy: UnitRef | None
    new_leader: UnitRef
    new_deputy: UnitRef | None
    handed_over_on: datetime.date
    mode: SelectionMode
    conference_title: str
