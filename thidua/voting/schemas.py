import datetime
from typing import Annotated

from ninja import Field, Schema

from thidua.core.schemas import MAX_SMALL, NAME, REASON, Count, Id, IdList, Items, Text

from .models import BallotKind, BallotStatus, Mark, ThresholdBase, TieBreak


class OptionOut(Schema):
    id: int
    order: int
    label: str
    unit_id: int | None
    tie_break_score: float | None


class ShareOut(Schema):
    number: int
    name: str
    unit: str
    text: str = Field(description="the member's share, returned once (open / rekey); print it")


class CommitteeMemberOut(Schema):
    number: int
    name: str
    unit: str
    issued_at: datetime.datetime | None
    key_version: int


class BallotOut(Schema):
    id: int
    conference_id: int
    parent_id: int | None
    round_number: int
    kind: BallotKind
    title: str
    award_title: str
    status: BallotStatus
    votes_per_unit: int
    max_choices: int | None
    quorum_numerator: int
    quorum_denominator: int
    threshold_numerator: int
    threshold_denominator: int
    threshold_strict: bool
    threshold_base: ThresholdBase
    blank_ballot_is_valid: bool
    abstain_in_base: bool
    max_winners: int | None
    tie_max_rounds: int
    tie_break: TieBreak
    opened_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    options: list[OptionOut]
    committee_size: int
    seal_threshold: int
    public_key: str
    key_version: int
    shares_presented: int | None
    sealed_opened: int | None
    tracker_fingerprint: str
    # the count figures frozen by the tally (R18); null = not counted yet, or not stated by the paper (16.10)
    member_count: int | None
    present_unit_count: int | None
    voters_entitled: int | None
    voters_present: int | None
    issued_count: int | None
    collected_count: int | None
    valid_count: int | None
    invalid_count: int | None
    quorum_met: bool | None
    shares: list[ShareOut] = Field([], description="only in the response of open and rekey")

    @staticmethod
    def resolve_options(obj) -> list:
        return list(obj.options.all())

    @staticmethod
    def resolve_shares(obj) -> list:
        return [
            {"number": s.number, "name": s.name, "unit": s.unit, "text": s.text}
            for s in getattr(obj, "issued_shares", [])
        ]


class SharesIn(Schema):
    shares: list[Annotated[str, Text(max_length=200)]] = Items([], max_length=20)


Small = Annotated[int, Field(ge=0, le=MAX_SMALL)]  # PositiveSmallIntegerField
SmallPositive = Annotated[int, Field(ge=1, le=MAX_SMALL)]
Label = Annotated[str, Text(max_length=NAME)]


class BallotIn(Schema):
    conference_id: Id
    kind: BallotKind
    title: str = Text(min_length=1, max_length=NAME)
    award_title: str = Text("", max_length=NAME)
    unit_ids: IdList | None = None
    proposals: list[Label] = Items([], max_length=200)
    votes_per_unit: SmallPositive = 1
    max_choices: SmallPositive | None = None
    quorum_numerator: Small = 2
    quorum_denominator: SmallPositive = 3
    threshold_numerator: Small = 1
    threshold_denominator: SmallPositive = 2
    threshold_strict: bool = True
    threshold_base: ThresholdBase = ThresholdBase.VALID_BALLOTS
    blank_ballot_is_valid: bool = True
    abstain_in_base: bool = True
    max_winners: SmallPositive | None = None
    tie_max_rounds: Small = 2
    tie_break: TieBreak = TieBreak.SCORE
    committee_size: Annotated[int, Field(ge=1, le=20)] = 3
    seal_threshold: Annotated[int, Field(ge=1, le=20)] = 2
    tally_chair: str = Text("", max_length=200)
    tally_committee: list[Label] = Items([], max_length=50)


class TurnoutOut(Schema):
    issued: int
    used: int
    remaining: int
    percent: str
    electronic: int


class ResultOut(Schema):
    option_id: int
    label: str
    unit_id: int | None
    counts: dict[str, int]
    support: int
    base: int
    percent: str
    passed: bool
    is_winner: bool
    tied: bool
    grade: str
    rank: int | None
    rule_text: str
    decided_by: str
    round: int


MarkValue = Annotated[str, Text(max_length=12)]


class PaperBallotIn(Schema):
    marks: dict[Id, Mark | MarkValue] = Field({}, max_length=500)
    invalid_reason: str = Text("", max_length=NAME)


class PaperBallotsIn(Schema):
    ballots: list[PaperBallotIn] = Items(min_length=1, max_length=5000)


class PaperTotalRow(Schema):
    option_id: Id
    value: str = Text(max_length=12)
    count: Count


class PaperTotalsIn(Schema):
    collected: Count
    invalid: Count = 0
    invalid_reasons: str = Text("", max_length=REASON)
    totals: list[PaperTotalRow] = Items()


class PaperBatchOut(Schema):
    id: int
    mode: str
    collected: int
    invalid: int
    entered_by_id: int
    confirmed_by_id: int | None
    source: str = ""
    stated_entitled: int | None = None
    stated_present: int | None = None
    stated_issued: int | None = None
    collected_stated: bool = True


class PaperRecordIn(Schema):
    """The published result of a vote held on paper, as its minutes state it (16.10): no voter roll."""

    source: str = Text(max_length=255, min_length=1, description="The paper: biên bản kiểm phiếu, report")
    voters_present: Count = Field(description="Voters present as the paper states (e.g. 25 in “23/25 phiếu”)")
    valid: Count = Field(description="Valid ballots (e.g. 23 in “23/25 phiếu”)")
    voters_entitled: Count | None = Field(None, description="null = the paper does not state it")
    issued: Count | None = Field(None, description="Ballots issued; null = not stated")
    collected: Count | None = Field(None, description="Ballots collected; null = not stated")
    invalid: Count | None = Field(None, description="Invalid ballots; null = not stated")
    invalid_reasons: str = Text("", max_length=REASON)
    totals: list[PaperTotalRow] = Items(description="The per-option counts the paper gives (e.g. 21 “yes”)")


class PaperRecordOut(Schema):
    source: str
    voters_entitled: int | None
    voters_present: int | None
    issued: int | None
    collected: int | None
    valid: int
    invalid: int | None


class CastIn(Schema):
    code: str = Text(min_length=8, max_length=60)
    choices: dict[Id, MarkValue] = Field({}, max_length=500)


class ReceiptOut(Schema):
    receipt: str = Field(description="tracker: SHA-256 of the sealed ballot")
    ballot_id: int
