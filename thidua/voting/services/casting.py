"""Casting a ballot with a one-time code: checked against the rules, sealed, stored as ciphertext only."""

from collections.abc import Mapping

from django.db import connection, transaction

from .. import sealing
from ..errors import (
    BallotNotOpen,
    BallotNotSealed,
    CodeAlreadyUsed,
    InvalidCode,
)
from ..models import (
    Ballot,
    BallotOption,
    BallotStatus,
    SealedBallot,
    VoterCode,
)
from ._common import _clean_marks, normalise_code

VOTE_BALLOT_FIELDS = (
    "status",
    "kind",
    "max_choices",
    "blank_ballot_is_valid",
    "title",
    "round_number",
    "public_key",
)


@transaction.atomic
def vote_cast(*, code: str, choices: Mapping[int, str]) -> SealedBallot:
    """Cast a ballot with a one-time code. The code is the credential; no session, no voter stored.

    One transaction: lock the code row, check it is unused and the ballot open, check the marks
    against the ballot's rules (so the box only holds well-formed ballots), seal them under the
    ballot's public key and store the ciphertext and its tracker, mark the code used. The
    database (and its WAL, backups, replicas) never sees the marks; the returned tracker is the
    voter's receipt. Any refusal raised after the code was marked rolls the mark back.

    The first statement marks the code used and locks its row (UPDATE … RETURNING), so a second
    request with the same code waits for the lock and then finds the code used. `ballot_close`
    locks the unused codes, so it waits for votes in flight and every vote that starts later
    sees the ballot closed. Three statements per vote: mark, read the ballot, insert.
    """
    key = normalise_code(raw=code)
    ballot_id = _consume(key)
    if ballot_id is None:  # unknown, used, or rewritten by a close this vote waited for
        row = VoterCode.objects.filter(code=key).values_list("used", flat=True).first()
        if row is None:
            raise InvalidCode()
        if row:
            raise CodeAlreadyUsed()
        ballot_id = _consume(key)  # the row closing re-inserted: lock it (the ballot is then closed)
        if ballot_id is None:
            raise CodeAlreadyUsed()
    # the ballot and its options, read after the lock (a fresh statement sees a close committed meanwhile)
    options = list(
        BallotOption.objects.filter(ballot_id=ballot_id)
        .select_related("ballot")
        .only(*(f"ballot__{f}" for f in VOTE_BALLOT_FIELDS))
    )
    ballot = options[0].ballot if options else Ballot.objects.get(pk=ballot_id)
    if ballot.status != BallotStatus.OPEN:
        raise BallotNotOpen(ballot=ballot)
    if not ballot.public_key:
        raise BallotNotSealed()
    option_ids = {option.pk for option in options}
    marks, _blank_invalid = _clean_marks(
        ballot, option_ids, choices
    )  # a blank ballot is counted at the tally
    ciphertext = sealing.seal(ballot.public_key, ballot.pk, option_ids, marks)
    return SealedBallot.objects.create(
        ballot_id=ballot.pk, ciphertext=ciphertext, tracker=sealing.tracker(ciphertext)
    )


def _consume(key: str) -> int | None:
    """Mark the code used if it is unused; its ballot id, or None. Locks the row until the commit."""
    table = connection.ops.quote_name(VoterCode._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET used = %s WHERE code = %s AND used = %s RETURNING ballot_id",  # noqa: S608
            [True, key, False],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def vote_check(*, code: str, choices: Mapping[int, str]) -> dict[int, str]:
    """The confirmation step: the choices checked as `vote_cast` would, nothing written.

    Returns the marks (abstentions left out); raises what `vote_cast` would raise.
    """
    voter_code = VoterCode.objects.select_related("ballot").filter(code=normalise_code(raw=code)).first()
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
