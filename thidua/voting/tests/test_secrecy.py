"""R14 / STYLE.md R3 / issue 18: after a vote nothing in the database links a voter to a choice.

The checks are generic: every table of the database (including simple_history's historical
tables and Django's own) is read raw, so a future column or audit log that leaks the link fails
this test without anyone having to remember it. `test_linkage_attack.py` goes further (the WAL).
"""

import uuid

import pytest
from django.apps import apps
from django.db import connection, models

from thidua.voting import services
from thidua.voting.models import BallotMark, CastBallot, SealedBallot, VoterCode
from thidua.voting.services import storage
from thidua.voting.tests.factories import codes_of

pytestmark = pytest.mark.django_db

VOTE_MODELS = (SealedBallot, CastBallot, BallotMark)


def _all_rows():
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — table names from introspection
            for row in cursor.fetchall():
                yield table, columns, row


def _as_text(value) -> str:
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return str(value).replace("-", "")


@pytest.fixture
def voted(open_ballot, attendees):
    """Three voters vote differently, in a known order."""
    options = list(open_ballot.options.order_by("order"))
    codes = codes_of(open_ballot)
    receipts = []
    for code, value in zip(codes[:3], ["yes", "no", "abstain"], strict=True):
        receipts.append(services.vote_cast(code=code, choices={options[0].pk: value}))
    return open_ballot, codes[:3], receipts


def test_no_row_of_any_table_holds_both_a_voter_and_a_ballot(voted, attendees):
    ballot, codes, receipts = voted
    ballot_ids = {r.pk.hex for r in receipts} | {r.tracker for r in receipts}
    voter_code_ids = set(VoterCode.objects.filter(code__in=codes).values_list("pk", flat=True))
    voter_texts = set(codes) | {a.name for a in attendees}
    leaks: list[tuple] = []
    rows_with_ballot = 0
    for table, _columns, row in _all_rows():
        texts = [_as_text(v) for v in row if v is not None]
        has_ballot = any(t in ballot_ids for t in texts)
        has_voter = any(t in voter_texts for t in texts)
        rows_with_ballot += has_ballot
        if has_ballot and has_voter:
            leaks.append((table, row))
        if has_ballot and table not in {m._meta.db_table for m in VOTE_MODELS}:
            leaks.append((table, "ballot id outside the vote tables", row))
    assert leaks == []
    assert rows_with_ballot == 3  # the scan sees the 3 sealed ballots, and nothing else
    assert voter_code_ids


def test_vote_tables_reference_no_voter_and_keep_no_time_nor_sequence():
    voter_side = {VoterCode, apps.get_model("conferences", "Attendee"), apps.get_model("accounts", "User")}
    for model in VOTE_MODELS:
        for field in model._meta.concrete_fields:
            if field.is_relation:
                assert field.related_model not in voter_side, f"{model.__name__}.{field.name}"
            assert not isinstance(field, models.DateTimeField | models.DateField | models.TimeField), (
                field.name
            )
            assert not isinstance(field, models.AutoField | models.BigAutoField), field.name
        assert isinstance(model._meta.pk, models.UUIDField)


def test_no_audit_history_is_kept_for_codes_or_ballots():
    historical = [m for m in apps.get_models() if m.__name__.startswith("Historical")]
    recorded = {getattr(m, "instance_type", None) for m in historical}
    assert not recorded & {VoterCode, SealedBallot, CastBallot, BallotMark}


def test_storage_order_does_not_follow_voting_order(voted):
    """Keys are random UUIDs (version 4); the default ordering is by the tracker, not by arrival."""
    _ballot, _codes, receipts = voted
    assert all(r.pk.version == 4 for r in receipts)
    assert SealedBallot._meta.ordering == ["tracker"]


def test_the_code_side_records_only_that_a_code_was_used(voted):
    ballot, codes, _receipts = voted
    fields = {f.name for f in VoterCode._meta.concrete_fields}
    assert fields == {"id", "ballot", "attendee", "code", "used"}
    assert VoterCode.objects.filter(ballot=ballot, used=True).count() == 3


def _stored_order(ballot_id: int) -> tuple[list[str], set[str]]:
    """Sealed ballot ids in the storage engine's own order (ctid / rowid), and their transaction ids."""
    table = SealedBallot._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT ctid::text, xmin::text, id FROM {table} WHERE ballot_id = %s", [ballot_id]
            )  # noqa: S608
            rows = [
                (tuple(int(n) for n in ctid.strip("()").split(",")), xid, str(pk))
                for ctid, xid, pk in cursor.fetchall()
            ]
        else:
            cursor.execute(f"SELECT rowid, '', id FROM {table} WHERE ballot_id = %s", [ballot_id])  # noqa: S608
            rows = list(cursor.fetchall())
    return [_as_text(pk) for _pos, _xid, pk in sorted(rows)], {xid for _pos, xid, _pk in rows}


def test_closing_rewrites_the_vote_tables_in_random_order_under_one_transaction(
    voted, secretary, monkeypatch
):
    ballot, _codes, receipts = voted
    arrival = [r.pk.hex for r in receipts]
    assert _stored_order(ballot.pk)[0] == arrival  # what the engine remembers before closing
    monkeypatch.setattr(storage, "_shuffled", lambda rows: list(reversed(rows)))  # a known "random" order
    services.ballot_close(actor=secretary, ballot=ballot)
    order, xids = _stored_order(ballot.pk)
    by_tracker = [r.pk.hex for r in sorted(receipts, key=lambda r: r.tracker)]
    assert order == list(reversed(by_tracker))  # the order the shuffle gave (rows are read by tracker)
    assert VoterCode.objects.filter(ballot=ballot, used=True).count() == 3
    if connection.vendor == "postgresql":
        codes_xids = set()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT xmin::text FROM voting_votercode WHERE ballot_id = %s", [ballot.pk]
            )
            codes_xids = {row[0] for row in cursor.fetchall()}
        assert len(xids | codes_xids) == 1  # every code and ballot now carries the closing transaction
