from typing import Annotated

from ninja import Field, Schema

from thidua.core.schemas import MAX_SMALL, NAME, NARRATIVE, REASON, Code, Date, Id, Text, Version, Year

from .models import ProposalStatus, Track


class BatchIn(Schema):
    title: str = Text(min_length=1, max_length=NAME)
    year: Year
    track: Track = Track.REGULAR
    unit_id: Id | None = None
    cluster_term_id: Id | None = None
    submit_by: Date | None = None


class CandidateIn(Schema):
    award_code: Code
    unit_id: Id
    person_id: Id | None = None
    achievement: str = Text(min_length=1, max_length=NARRATIVE)
    leads_cluster: bool = False
    meets_flag_standard: bool = False
    override_reason: str = Text("", max_length=2000)
    source_kind: str = Text("", max_length=20)
    source_id: Id | None = None


class TransitionIn(Schema):
    target: ProposalStatus = Field(
        description="Next status; 'returned' needs a reason; 'forwarded' and 'decided' have their own operations."
    )
    reason: str = Text("", max_length=REASON)
    version: Version | None = Field(
        None, description="The proposal's version read (GET); a stale one gives 409 stale_write."
    )


class ForwardIn(Schema):
    version: Version | None = None


class CouncilVoteIn(Schema):
    version: Version = Field(
        description="The proposal's version read (GET); a stale one gives 409 stale_write."
    )
    council_members: int = Field(ge=1, le=MAX_SMALL)
    council_present: int = Field(ge=0, le=MAX_SMALL)
    voted_on: Date
    votes: dict[Id, Annotated[int, Field(ge=0, le=MAX_SMALL)]] = Field(max_length=1000)


class DecisionIn(Schema):
    number: str = Text(min_length=1, max_length=60)
    signed_on: Date
    signer_name: str = Text(min_length=1, max_length=150)
    signer_title: str = Text(min_length=1, max_length=150)
    authority: str = Text(min_length=1, max_length=160)
    summary: str = Text(min_length=1, max_length=NAME)
    batch_id: Id
    publish_from: Date | None = None
    publish_until: Date | None = None


class CheckIn(Schema):
    award_code: Code
    unit_id: Id
    person_id: Id | None = None
    year: Year
    achievement: str = Text("", max_length=NARRATIVE)
    leads_cluster: bool = False
    meets_flag_standard: bool = False
