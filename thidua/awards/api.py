"""JSON API: catalogue, proposals with eligibility explanations, decisions, statistics."""

from ninja import Router, Schema

from . import selectors
from . import statistics as stats
from .models import AwardType

router = Router(tags=["Khen thưởng"])


class AwardTypeOut(Schema):
    id: int
    code: str
    name: str
    category: str
    recipient_kind: str
    authority: str
    level: str
    valid_from_year: int | None
    valid_to_year: int | None


class BatchOut(Schema):
    id: int
    title: str
    year: int
    track: str
    status: str
    unit_id: int | None
    cluster_term_id: int | None
    reviewer_id: int
    due_on: str | None = None

    @staticmethod
    def resolve_due_on(obj) -> str | None:
        return obj.due_on.isoformat() if obj.due_on else None


class CheckOut(Schema):
    rule: str
    passed: bool | None
    message: str
    citation: str
    is_verified: bool
    text: str


class CandidateOut(Schema):
    id: int
    recipient: str
    award_code: str
    unit_id: int
    person_id: int | None
    status: str
    eligible: bool
    checks: list[CheckOut]


class DecisionOut(Schema):
    id: int
    public_id: str
    number: str
    signed_on: str
    signer_name: str
    authority: str
    summary: str

    @staticmethod
    def resolve_public_id(obj) -> str:
        return str(obj.public_id)

    @staticmethod
    def resolve_signed_on(obj) -> str:
        return obj.signed_on.isoformat()


class CountOut(Schema):
    code: str
    award: str
    authority: str
    recipient_kind: str
    count: int


@router.get("/awards/catalogue", response=list[AwardTypeOut])
def list_catalogue(request, year: int | None = None):
    return list(selectors.catalogue(year=year)) if year else list(AwardType.objects.all())


@router.get("/awards/proposals", response=list[BatchOut])
def list_proposals(request, year: int | None = None, status: str = ""):
    return selectors.batch_list(actor=request.user, year=year, status=status)[:500]


@router.get("/awards/proposals/{batch_id}/eligibility", response=list[CandidateOut])
def proposal_eligibility(request, batch_id: int):
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    review = selectors.batch_review(batch=batch)
    return [
        {
            "id": row["candidate"].pk,
            "recipient": row["candidate"].recipient_name,
            "award_code": row["candidate"].award_type.code,
            "unit_id": row["candidate"].unit_id,
            "person_id": row["candidate"].person_id,
            "status": row["candidate"].status,
            "eligible": row["verdict"].passed,
            "checks": row["verdict"].as_list(),
        }
        for row in review["rows"]
    ]


@router.get("/awards/decisions", response=list[DecisionOut])
def list_decisions(request, year: int | None = None):
    return selectors.decision_list(actor=request.user, year=year)[:500]


@router.get("/awards/statistics", response=list[CountOut])
def award_statistics(request, year: int | None = None):
    return stats.award_counts(stats.records_in_scope(actor=request.user, year=year))
