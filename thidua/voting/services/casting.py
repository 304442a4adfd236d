"""Casting a ballot with a one-time code (the receipt side and the vote side are never linked)."""

from collections.abc import Mapping

from django.db import transaction

from ..errors import (
    BallotNotOpen,
    CodeAlreadyUsed,
    InvalidCode,
)
from ..models import (
    Ballot,
    BallotMark,
    BallotOption,
    BallotSource,
    BallotStatus,
    CastBallot,
    VoterCode,
)
from ._common import _clean_marks, normalise_code

VOTE_BALLOT_FIELDS = ("status", "kind", "max_choices", "blank_ballot_is_valid", "title", "round_number")


@transaction.atomic
def vote_cast(*, code: str, choices: Mapping[int, str]) -> CastBallot:
    """Cast a ballot with a one-time code. The code is the credential; no session, no voter stored.

    One transaction: lock the code row, check it is unused and the ballot open, mark it used,
    store the ballot and its marks. A second request with the same code waits for the lock and
    then finds the code used. `ballot_close` locks the unused codes, so it waits for votes in
    flight and every vote that starts later sees the ballot closed.
    """
    key = normalise_code(code)
    for _attempt in range(2):
        voter_code = (
            VoterCode.objects.select_for_update().only("pk", "ballot_id", "used").filter(code=key).first()
        )
        # closing rewrites the code rows: a vote that waited on the lock finds its row gone; read it again
        if voter_code is not None or not VoterCode.objects.filter(code=key).exists():
            break
    if voter_code is None:
        raise InvalidCode()
    if voter_code.used:
        raise CodeAlreadyUsed()
    # the ballot and its options, read after the lock (a fresh statement sees a close committed meanwhile)
    options = list(
        BallotOption.objects.filter(ballot_id=voter_code.ballot_id)
        .select_related("ballot")
        .only(*(f"ballot__{f}" for f in VOTE_BALLOT_FIELDS))
    )
    ballot = options[0].ballot if options else Ballot.objects.get(pk=voter_code.ballot_id)
    if ballot.status != BallotStatus.OPEN:
        raise BallotNotOpen(ballot=ballot)
    option_ids = {option.pk for option in options}
    marks, invalid_reason = _clean_marks(ballot, option_ids, choices)
    if VoterCode.objects.filter(pk=voter_code.pk, used=False).update(used=True) != 1:
        raise CodeAlreadyUsed()
    cast = CastBallot.objects.create(
        ballot_id=ballot.pk,
        source=BallotSource.ELECTRONIC,
        is_valid=not invalid_reason,
        invalid_reason=invalid_reason,
    )
    BallotMark.objects.bulk_create(
        [BallotMark(cast=cast, option_id=option_id, value=value) for option_id, value in marks.items()]
    )
    return cast


def vote_check(*, code: str, choices: Mapping[int, str]) -> dict[int, str]:
    """The confirmation step: the choices checked as `vote_cast` would, nothing written.

    Returns the marks (abstentions left out); raises what `vote_cast` would raise.
    """
    voter_code = VoterCode.objects.select_related("ballot").filter(code=normalise_code(code)).first()
    if voter_code is None:
        raise InvalidCode()
    if voter_code.used:
        raise CodeAlreadyUsed()
    ballot = voter_code.ballot
    if ballot.status != BallotStatus.OPEN:
        raise BallotNotOpen(ballot=ballot)
    option_ids = set(BallotOption.objects.filter(ballot=ballot).values_list("pk", flat=True))
    marks, _invalid_reason = _clean_marks(ballot, option_ids, choices)
    return marks
