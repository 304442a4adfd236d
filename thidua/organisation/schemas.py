import datetime

from ninja import Field, Schema

from thidua.core.dates import DatePrecision
from thidua.core.schemas import NAME, NOTE, OMIT, Date, Id, IdList, KnownDateOut, Omitted, Text, Year

from .models import ClusterKind, ClusterLevel, SelectionMode, SuccessionKind, UnitKind


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
    parent_id: Id | None = None
    kind: UnitKind
    name: str = Text(min_length=1, max_length=NAME)
    short_name: str = Text("", max_length=120)
    code: str = Text(min_length=1, max_length=40)
    active_from: Date | None = None
    active_to: Date | None = None


class UnitPatch(Schema):
    """Only the fields sent change; kind, name, short name and code cannot be null (NOT NULL columns)."""

    kind: UnitKind = Omitted()
    name: str = Text(OMIT, min_length=1, max_length=NAME)
    short_name: str = Text(OMIT, max_length=120)
    code: str = Text(OMIT, min_length=1, max_length=40)
    active_from: Date | None = None
    active_to: Date | None = None
    effective_date: Date | None = None


class UnitRef(Schema):
    id: int
    name: str
    short_name: str


class ClusterOut(Schema):
    id: int
    level: ClusterLevel
    kind: ClusterKind
    owner: UnitRef
    number: int | None
    name: str


class ClusterIn(Schema):
    owner_id: Id
    level: ClusterLevel
    kind: ClusterKind = ClusterKind.CUM
    number: int | None = Field(None, ge=1, le=999, description="Không bắt buộc: Khối/Cụm không đánh số")
    name: str = Text(min_length=1, max_length=NAME)


class TermOut(Schema):
    id: int
    cluster_id: int
    year: int
    name: str
    display_name: str
    leader: UnitRef | None
    deputy: UnitRef | None
    deputies: list[UnitRef]
    selection_mode: SelectionMode
    members: list[UnitRef]

    @staticmethod
    def resolve_members(obj) -> list:
        return [m.unit for m in obj.memberships.all()]


class TermIn(Schema):
    cluster_id: Id
    year: Year
    name: str = Text("", max_length=NAME)
    member_ids: IdList
    leader_id: Id | None = None
    deputy_id: Id | None = None
    deputy_ids: IdList | None = Field(None, description="Mọi Cụm phó, Cụm phó thứ nhất trước; thay deputy_id")
    selection_mode: SelectionMode = SelectionMode.ELECTED


class TermRolesIn(Schema):
    leader_id: Id | None
    deputy_id: Id | None = None
    deputy_ids: IdList | None = Field(None, description="Mọi Cụm phó, Cụm phó thứ nhất trước; thay deputy_id")
    selection_mode: SelectionMode | None = None


class TermMemberIn(Schema):
    unit_id: Id


class TermMembersIn(Schema):
    member_ids: IdList


class HandoverIn(Schema):
    new_leader_id: Id
    new_deputy_id: Id | None = None
    handed_over_on: Date
    mode: SelectionMode = SelectionMode.ELECTED
    conference_title: str = Text("", max_length=NAME)
    note: str = Text("", max_length=NOTE)


class HandoverOut(Schema):
    id: int
    from_term_id: int
    to_term_id: int
    previous_leader: UnitRef | None
    previous_deputy: UnitRef | None
    new_leader: UnitRef
    new_deputy: UnitRef | None
    handed_over_on: KnownDateOut
    handed_over_on_precision: DatePrecision
    mode: SelectionMode
    conference_title: str

    @staticmethod
    def resolve_handed_over_on(obj):
        return obj.handed_over_known


class NextTermIn(Schema):
    member_ids: IdList | None = Field(
        default=None, description="Thành viên năm sau; để trống: theo kế hoạch next-plan"
    )
    leader_id: Id | None = None
    deputy_ids: IdList | None = None


class PlanRowOut(Schema):
    unit: UnitRef
    status: str = Field(description="continues | replaced | merged_in | ended")
    successor: UnitRef | None
    ends_on: datetime.date | None
    note: str


class ReorganiseIn(Schema):
    successor_id: Id
    effective_date: Date
    kind: SuccessionKind = SuccessionKind.MERGE
    legal_basis: str = Text("", max_length=NAME)
    move_memberships: bool = True
    move_children: bool = False


class SuccessionOut(Schema):
    id: int
    predecessor: UnitRef
    successor: UnitRef
    kind: SuccessionKind
    effective_date: datetime.date
    legal_basis: str
