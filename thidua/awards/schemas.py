import datetime

from ninja import Field, Schema

from .models import ProposalStatus, Track


class BatchIn(Schema):
    title: str = Field(min_length=1, max_length=255)
    year: int = Field(ge=2000, le=2100)
    track: Track = Track.REGULAR
    unit_id: int | None = None
    cluster_term_id: int | None = None


class CandidateIn(Schema):
    award_code: str
    unit_id: int
    person_id: int | None = None
    achievement: str = Field(min_length=1)
    leads_cluster: bool = False
    meets_flag_standard: bool = False


class TransitionIn(Schema):
    target: ProposalStatus


class CouncilVoteIn(Schema):
    council_members: int = Field(ge=1)
    council_present: int = Field(ge=0)
    voted_on: datetime.date
    votes: dict[int, int]


class DecisionIn(Schema):
    number: str = Field(min_length=1, max_length=60)
    signed_on: datetime.date
    signer_name: str = Field(min_length=1, max_length=150)
    signer_title: str = Field(min_length=1, max_length=150)
    authority: str = Field(min_length=1, max_length=160)
    summary: str = Field(min_length=1, max_length=255)
    batch_id: int
    publish_from: datetime.date | None = None
    publish_until: datetime.date | None = None


class CheckIn(Schema):
    award_code: str
    unit_id: int
    person_id: int | None = None
    year: int = Field(ge=2000, le=2100)
    achievement: str = ""
    leads_cluster: bool = False
    meets_flag_standard: bool = False
