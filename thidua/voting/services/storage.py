"""Erase what the storage engine itself remembers about the order of the votes.

Since issue 18 a vote is stored only as a sealed ciphertext, so what the engine remembers (and
the WAL, which this rewrite cannot reach) links a voter at most to a ciphertext, never to a
choice. The rewrite still removes that link from the live tables once the vote closes.

Marking a code used and storing the ballot happen in one transaction (so a code can never vote
twice). The database then keeps traces of that transaction that no column shows: on PostgreSQL
both rows carry the same transaction id (`xmin`) and new tuples sit in arrival order (`ctid`); on
SQLite the hidden `rowid` of the ballots follows arrival order. When the vote closes, the codes,
ballots and marks of the ballot are rewritten in one transaction, in a random order: every row
then carries the closing transaction's id and a shuffled position. After the commit, PostgreSQL's
VACUUM lets the old row versions be reclaimed.
"""

import logging
import secrets
from typing import Any

from django.db import DatabaseError, connection, transaction

from ..models import Ballot, BallotMark, CastBallot, SealedBallot, VoterCode

logger = logging.getLogger(__name__)
_random = secrets.SystemRandom()
VOTE_TABLES = (VoterCode, SealedBallot, CastBallot, BallotMark)


def _shuffled(rows: list[Any]) -> list[Any]:
    _random.shuffle(rows)
    return rows


def _fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def rewrite_vote_storage(*, ballot: Ballot) -> None:
    """Delete and re-insert the ballot's codes, cast ballots and marks in random order (same ids)."""
    code_rows = list(VoterCode.objects.filter(ballot=ballot).values(*_fields(VoterCode)))
    sealed_rows = list(SealedBallot.objects.filter(ballot=ballot).values(*_fields(SealedBallot)))
    cast_rows = list(CastBallot.objects.filter(ballot=ballot).values(*_fields(CastBallot)))
    mark_rows = list(BallotMark.objects.filter(cast__ballot=ballot).values(*_fields(BallotMark)))
    BallotMark.objects.filter(cast__ballot=ballot).delete()
    CastBallot.objects.filter(ballot=ballot).delete()
    SealedBallot.objects.filter(ballot=ballot).delete()
    VoterCode.objects.filter(ballot=ballot).delete()
    VoterCode.objects.bulk_create([VoterCode(**row) for row in _shuffled(code_rows)])
    SealedBallot.objects.bulk_create([SealedBallot(**row) for row in _shuffled(sealed_rows)])
    CastBallot.objects.bulk_create([CastBallot(**row) for row in _shuffled(cast_rows)])
    BallotMark.objects.bulk_create([BallotMark(**row) for row in _shuffled(mark_rows)])
    if connection.vendor == "postgresql":
        transaction.on_commit(_vacuum)


def _vacuum() -> None:
    if connection.in_atomic_block:
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in VOTE_TABLES)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {tables}")  # noqa: S608 — table names from the models
    except DatabaseError:  # not the owner, or inside a transaction: the next autovacuum will do it
        logger.warning("VACUUM of the vote tables did not run", exc_info=True)
