"""Ballots API under /api/v1/ballots (session auth, CSRF) and the code holders' endpoint /api/v1/voting/cast.

The cast endpoint has no session and no CSRF check: the one-time code in the body is the
credential (a forged cross-site request would need the code itself).
"""

from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router, Status
from pydantic import Field

from thidua.conferences import selectors as conference_selectors
from thidua.core.errors import NotFound
from thidua.core.schemas import Id, IdList, Search
from thidua.organisation.access import Action
from thidua.organisation.models import Unit

from . import selectors, services, throttle
from .errors import InvalidCode
from .models import BallotStatus
from .schemas import (
    BallotIn,
    BallotOut,
    CastIn,
    CommitteeMemberOut,
    PaperBallotsIn,
    PaperBatchOut,
    PaperRecordIn,
    PaperRecordOut,
    PaperTotalsIn,
    ReceiptOut,
    ResultOut,
    SharesIn,
    TurnoutOut,
)

router = Router(tags=["Bỏ phiếu"])


@router.get("/ballots", response=list[BallotOut])
def list_ballots(request, conference_id: Id | None = None, status: Search = ""):
    conference = (
        conference_selectors.conference_get(actor=request.user, conference_id=conference_id)
        if conference_id
        else None
    )
    return selectors.ballot_list(actor=request.user, conference=conference, status=status).prefetch_related(
        "options"
    )


@router.get("/ballots/{ballot_id}", response=BallotOut)
def get_ballot(request, ballot_id: int):
    return selectors.ballot_get(actor=request.user, ballot_id=ballot_id)


@router.post("/ballots", response={201: BallotOut})
def create_ballot(request, payload: BallotIn):
    conference = conference_selectors.conference_get(actor=request.user, conference_id=payload.conference_id)
    data = payload.model_dump()
    data.pop("conference_id")
    unit_ids = data.pop("unit_ids")
    units = None
    if unit_ids is not None:
        units = list(Unit.objects.filter(pk__in=unit_ids))
        if len(units) != len(set(unit_ids)):
            raise NotFound()
    ballot = services.ballot_create(actor=request.user, conference=conference, units=units, **data)
    return Status(201, selectors.ballot_get(actor=request.user, ballot_id=ballot.pk))


def _act(request, ballot_id: int, action) -> object:
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    action(actor=request.user, ballot=ballot)
    return selectors.ballot_get(actor=request.user, ballot_id=ballot_id)


@router.post("/ballots/{ballot_id}/open", response=BallotOut)
def open_ballot(
    request,
    ballot_id: int,
    committee: IdList | None = Query(None),  # noqa: B008 — attendee ids of the count committee
    threshold: Annotated[int, Field(ge=1, le=100)] | None = None,
):
    """Open the vote: quorum check, one code per present voter, the count committee and the ballot's key.

    The response's `shares` are the committee members' key shares: returned this once, never stored.
    """
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    opened = services.ballot_open(actor=request.user, ballot=ballot, committee=committee, threshold=threshold)
    result = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    result.issued_shares = opened.issued_shares
    return result


@router.post("/ballots/{ballot_id}/rekey", response=BallotOut)
def rekey_ballot(request, ballot_id: int):
    """A new key and new shares for every committee member (a share was lost); only while the box is empty."""
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    rekeyed = services.ballot_rekey(actor=request.user, ballot=ballot)
    result = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    result.issued_shares = rekeyed.issued_shares
    return result


@router.post("/ballots/{ballot_id}/close", response=BallotOut)
def close_ballot(request, ballot_id: int):
    return _act(request, ballot_id, services.ballot_close)


@router.post("/ballots/{ballot_id}/tally", response=BallotOut)
def tally_ballot(request, ballot_id: int, payload: SharesIn):
    """Open the sealed box with at least k committee shares (in the body, never the URL) and count."""
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    services.ballot_tally(actor=request.user, ballot=ballot, shares=payload.shares)
    return selectors.ballot_get(actor=request.user, ballot_id=ballot_id)


@router.post("/ballots/{ballot_id}/recount", response=BallotOut)
def recount_ballot(request, ballot_id: int, payload: SharesIn):
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    services.ballot_recount(actor=request.user, ballot=ballot, shares=payload.shares)
    return selectors.ballot_get(actor=request.user, ballot_id=ballot_id)


@router.get("/ballots/{ballot_id}/committee", response=list[CommitteeMemberOut])
def committee(request, ballot_id: int):
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    return selectors.seal_committee(ballot=ballot)


@router.get("/ballots/{ballot_id}/trackers", response=list[str])
def trackers(request, ballot_id: int):
    """Every tracker in the box, once the vote is closed."""
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    return selectors.ballot_trackers(ballot=ballot)


@router.post("/ballots/{ballot_id}/publish", response=BallotOut)
def publish_ballot(request, ballot_id: int):
    return _act(request, ballot_id, services.ballot_publish)


@router.get("/ballots/{ballot_id}/turnout", response=TurnoutOut)
def turnout(request, ballot_id: int):
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id, action=Action.MANAGE_TERM)
    return selectors.ballot_turnout(ballot)


@router.get("/ballots/{ballot_id}/results", response=list[ResultOut])
def results(request, ballot_id: int):
    ballot = selectors.ballot_results_get(actor=request.user, ballot_id=ballot_id)
    return selectors.ballot_results(ballot)


@router.get("/ballots/{ballot_id}/receipts", response=list[str])
def receipts(request, ballot_id: int):
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    return selectors.counted_receipts(ballot=ballot) if ballot.status == BallotStatus.PUBLISHED else []


@router.post("/ballots/{ballot_id}/paper-ballots", response={201: PaperBatchOut})
def enter_paper_ballots(request, ballot_id: int, payload: PaperBallotsIn):
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    entries = [entry.model_dump() for entry in payload.ballots]
    return Status(201, services.paper_batch_enter_ballots(actor=request.user, ballot=ballot, ballots=entries))


@router.post("/ballots/{ballot_id}/paper-totals", response={201: PaperBatchOut})
def enter_paper_totals(request, ballot_id: int, payload: PaperTotalsIn):
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    batch = services.paper_batch_enter_totals(
        actor=request.user,
        ballot=ballot,
        collected=payload.collected,
        invalid=payload.invalid,
        invalid_reasons=payload.invalid_reasons,
        totals=[(row.option_id, row.value, row.count) for row in payload.totals],
    )
    return Status(201, batch)


@router.post("/ballots/{ballot_id}/paper-record", response={201: PaperBatchOut})
def enter_paper_record(request, ballot_id: int, payload: PaperRecordIn):
    """Record a vote held on paper from its minutes (“23/25 phiếu, 21 đồng ý”), without a voter roll: a
    draft ballot with no paper batch. A second committee member confirms it (`…/confirm`, which closes the
    ballot); then tally it. Figures the paper does not give stay null."""
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    data = payload.model_dump()
    totals = [(row["option_id"], row["value"], row["count"]) for row in data.pop("totals")]
    return Status(201, services.paper_record_enter(actor=request.user, ballot=ballot, totals=totals, **data))


@router.get("/ballots/{ballot_id}/paper-record", response=PaperRecordOut)
def get_paper_record(request, ballot_id: int):
    """The confirmed paper record a ballot's result comes from (404 when its result has none)."""
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    record = selectors.paper_record(ballot=ballot)
    if record is None:
        raise NotFound()
    return record


@router.post("/ballots/{ballot_id}/paper-issue", response={200: dict})
def issue_paper(request, ballot_id: int, attendee_ids: IdList | None = Query(None)):  # noqa: B008
    """Hand paper ballots to the listed voters (all who have not voted when no list is given)."""
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    return {
        "issued": services.ballot_issue_paper(actor=request.user, ballot=ballot, attendee_ids=attendee_ids)
    }


@router.post("/ballots/{ballot_id}/paper-batches/{batch_id}/confirm", response=PaperBatchOut)
def confirm_paper_batch(request, ballot_id: int, batch_id: int):
    batch = selectors.paper_batch_get(actor=request.user, ballot_id=ballot_id, batch_id=batch_id)
    return services.paper_batch_confirm(actor=request.user, batch=batch)


@router.post("/ballots/{ballot_id}/options/{option_id}/decide", response=ResultOut)
def decide_tie(request, ballot_id: int, option_id: int):
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    option = selectors.ballot_option_get(ballot=ballot, option_id=option_id)
    services.ballot_decide_tie(actor=request.user, ballot=ballot, option=option)
    return next(row for row in selectors.ballot_results(ballot) if row["option_id"] == option.pk)


@router.post("/voting/cast", auth=None, response={201: ReceiptOut})
def cast(request: HttpRequest, payload: CastIn):
    """Cast a ballot with a one-time code. No login and no CSRF: the code is the credential."""
    try:
        sealed = services.vote_cast(code=payload.code, choices=payload.choices)
    except InvalidCode:
        throttle.refuse(request)  # raises TooManyAttempts (429) while this source backs off
        raise
    return Status(201, {"receipt": sealed.tracker, "ballot_id": sealed.ballot_id})
