import datetime
import uuid

from ninja import Field, Schema

from .models import BallotKind, BallotStatus, Mark, ThresholdBase, TieBreak


class OptionOut(Schema):
    id: int
    order: int
    label: str
    unit_id: int | None
    tie_break_score: float | None


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

    @staticmethod
    def resolve_options(obj) -> list:
        return list(obj.options.all())


class BallotIn(Schema):
    conference_id: int
    kind: BallotKind
    title: str = Field(min_length=1, max_length=255)
    award_title: str = Field("", max_length=255)
    unit_ids: list[int] | None = None
    proposals: list[str] = []
    votes_per_unit: int = Field(1, ge=1)
    max_choices: int | None = Field(None, ge=1)
    quorum_numerator: int = Field(2, ge=0)
    quorum_denominator: int = Field(3, ge=1)
    threshold_numerator: int = Field(1, ge=0)
    threshold_denominator: int = Field(2, ge=1)
    threshold_strict: bool = True
    threshold_base: ThresholdBase = ThresholdBase.VALID_BALLOTS
    blank_ballot_is_valid: bool = True
    abstain_in_base: bool = True
    max_winners: int | None = Field(None, ge=1)
    tie_max_rounds: int = Field(2, ge=0)
    tie_break: TieBreak = TieBreak.SCORE
    tally_chair: str = ""
    tally_committee: list[str] = []


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


class PaperBallotIn(Schema):
    marks: dict[int, Mark | str] = {}
    invalid_reason: str = ""


class PaperBallotsIn(Schema):
    ballots: list[PaperBallotIn] = Field(min_length=1)


class PaperTotalRow(Schema):
    option_id: int
    value: str
    count: int = Field(ge=0)


class PaperTotalsIn(Schema):
    collected: int = Field(ge=0)
    invalid: int = Field(0, ge=0)
    invalid_reasons: str = ""
    totals: list[PaperTotalRow]


class PaperBatchOut(Schema):
    id: int
    mode: str
    collected: int
    invalid: int
    entered_by_id: int
    confirmed_by_id: int | None


class CastIn(Schema):
    code: str = Field(min_length=8, max_length=60)
    choices: dict[int, str] = {}


class ReceiptOut(Schema):
    receipt: uuid.UUID
    ballot_id: int
