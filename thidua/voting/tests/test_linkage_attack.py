"""Issue 18: an attacker holding a dump of every table, the write-ahead log and the access log.

The attack script below does what a database administrator could: read every table raw; on
PostgreSQL read the WAL of the votes both through `pg_walinspect` (which transaction touched
which relation) and raw (`pg_read_binary_file` on the WAL segments: the bytes every replica,
backup and WAL archive holds); and read the access log (the paths of every request). It links
voters to ciphertexts (the WAL keeps, per vote, the code update next to the sealed ballot's
insert) — and no further: no plaintext ballot, no private key, no share exists anywhere in what
it holds, and fewer than k shares do not rebuild the key. The test itself plays the committee
(it records the shares handed out) to check each claim can fail.
"""

import base64
import itertools
import re

import pytest
from django.db import connection
from django.urls import reverse

from thidua.voting import sealing, services
from thidua.voting.models import SealedBallot, VoterCode
from thidua.voting.services import ballots as ballot_services
from thidua.voting.tests.factories import codes_of, shares_of

pytestmark = pytest.mark.django_db(transaction=True)  # real commits: the WAL is written and flushed

CHOICES = ["yes", "no", "yes", "abstain", "no", "yes"]


MARK_ROWS: list[tuple] = []


def _dump() -> tuple[bytes, int, int]:
    """Every row of every table, raw, as one blob (what pg_dump / a copy of the file gives)."""
    parts, tables, rows = [], 0, 0
    MARK_ROWS.clear()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            tables += 1
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                rows += 1
                if {"yes", "no"} & {v for v in row if isinstance(v, str)}:
                    MARK_ROWS.append((table, row))  # a row holding a mark value
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        parts.append(bytes(value))
                    elif value is not None:
                        parts.append(str(value).encode())
    return b"\x00".join(parts), tables, rows


def _wal_lsn() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_flush_lsn()::text")
        return cursor.fetchone()[0]


def _wal_records(start: str) -> list[tuple]:
    """(xid, relfilenodes touched) per WAL record since `start`, via pg_walinspect."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect")
        cursor.execute(
            "SELECT xid::text, coalesce(block_ref, '') FROM pg_get_wal_records_info(%s, pg_current_wal_flush_lsn())",
            [start],
        )
        return cursor.fetchall()


def _raw_wal(start: str) -> bytes:
    """The WAL bytes from `start` to the flushed end, read from the segment files themselves."""
    chunks = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT file_name, file_offset FROM pg_walfile_name_offset(%s::pg_lsn)", [start])
        first, offset = cursor.fetchone()
        cursor.execute("SELECT file_name FROM pg_walfile_name_offset(pg_current_wal_flush_lsn())")
        last = cursor.fetchone()[0]
        cursor.execute(
            "SELECT name FROM pg_ls_waldir() WHERE name >= %s AND name <= %s AND name ~ '^[0-9A-F]{24}$' ORDER BY name",
            [first, last],
        )
        for (name,) in cursor.fetchall():
            cursor.execute("SELECT pg_read_binary_file(%s)", [f"pg_wal/{name}"])
            data = bytes(cursor.fetchone()[0])
            chunks.append(data[offset:] if name == first else data)
    return b"".join(chunks)


def _encodings(secret: bytes) -> list[bytes]:
    return [
        secret,
        secret.hex().encode(),
        secret.hex().upper().encode(),
        base64.b64encode(secret),
        base64.urlsafe_b64encode(secret),
        base64.b32encode(secret).rstrip(b"="),
    ]


def _link_codes_to_trackers(blob: bytes, codes: list[str], trackers: list[str]) -> dict[str, str]:
    """The WAL attack: a vote's code update sits just before its sealed ballot's insert."""
    code_positions = sorted(
        (m.start(), code) for code in codes for m in re.finditer(re.escape(code.encode()), blob)
    )
    links = {}
    for tracker in trackers:
        first = blob.find(tracker.encode())
        before = [code for position, code in code_positions if position < first]
        if first >= 0 and before:
            links[before[-1]] = tracker
    return links


def test_a_dump_of_every_table_the_wal_and_the_access_log_link_voters_to_ciphertexts_at_most(
    client, secretary, make_ballot, monkeypatch, capsys
):
    keys = []  # the test's own view of the private key (the attacker has no such hook)
    real_new_key = sealing.new_key

    def watching(k, n):
        public, shares = real_new_key(k, n)
        keys.append(
            sealing.rebuild(shares[:k], public).encode()  # type: ignore[union-attr]
        )
        return public, shares

    monkeypatch.setattr(sealing, "new_key", watching)
    postgres = connection.vendor == "postgresql"
    start = _wal_lsn() if postgres else ""
    ballot = services.ballot_open(actor=secretary, ballot=make_ballot())
    options = list(ballot.options.order_by("order"))
    codes = codes_of(ballot)
    access_log = []
    for code, value in zip(codes, CHOICES, strict=True):
        data = {"code": code, "step": "cast", f"option_{options[0].pk}": value}
        response = client.post(reverse("voting:vote"), data)
        assert response.status_code == 200
        access_log.append(f"POST {response.request['PATH_INFO']} {response.status_code}")
    services.ballot_close(actor=secretary, ballot=ballot)
    trackers = sorted(SealedBallot.objects.filter(ballot=ballot).values_list("tracker", flat=True))
    voter_of = dict(VoterCode.objects.filter(ballot=ballot).values_list("code", "attendee__name"))

    dump, tables, rows = _dump()
    blobs = {"tables": dump, "access log": "\n".join(access_log).encode()}
    wal_records = []
    if postgres:
        wal_records = _wal_records(start)
        blobs["WAL"] = _raw_wal(start)

    # 1. what the attacker can link: voter → ciphertext (through the WAL), nothing more
    links = _link_codes_to_trackers(blobs.get("WAL", b""), codes, trackers) if postgres else {}
    joint: list[str] = []
    if postgres:
        filenodes = {}
        with connection.cursor() as cursor:
            for model in (VoterCode, SealedBallot):
                cursor.execute("SELECT pg_relation_filenode(%s)", [model._meta.db_table])
                filenodes[model] = f"/{cursor.fetchone()[0]} "
        per_xid: dict[str, set] = {}
        for xid, block_ref in wal_records:
            for model, node in filenodes.items():
                if node in block_ref + " ":
                    per_xid.setdefault(xid, set()).add(model)
        joint = [x for x, models in per_xid.items() if models == {VoterCode, SealedBallot}]
        assert len(joint) >= len(codes)  # each vote: one transaction updating a code, inserting a ciphertext
    # 2. ...but never a choice: no row with a mark, no plaintext ballot, no key, no share anywhere
    assert MARK_ROWS == []
    for name, blob in blobs.items():
        assert sealing.MAGIC not in blob, name
        for secret in keys:
            assert not any(enc in blob for enc in _encodings(secret)), f"private key in {name}"
        for share in shares_of(ballot, ballot.committee_size):
            parsed = sealing.parse_share(ballot.pk, share)
            assert share.encode() not in blob and not any(enc in blob for enc in _encodings(parsed.data)), (
                name
            )
    assert not [c for c in codes + trackers if c.encode() in blobs["access log"]]
    # 3. fewer than k shares rebuild nothing; k shares open every ballot (the test can fail)
    shares = [sealing.parse_share(ballot.pk, s) for s in shares_of(ballot, ballot.committee_size)]
    k = ballot.seal_threshold
    below = [sealing.rebuild(list(c), ballot.public_key) for c in itertools.combinations(shares, k - 1)]
    enough = [sealing.rebuild(list(c), ballot.public_key) for c in itertools.combinations(shares, k)]
    assert below and all(key is None for key in below)
    assert all(key is not None for key in enough)
    ciphertexts = [
        bytes(c) for c in SealedBallot.objects.filter(ballot=ballot).values_list("ciphertext", flat=True)
    ]
    key = enough[0]
    assert key is not None
    opened, failed = sealing.open_all(key, ballot.pk, [o.pk for o in options], ciphertexts)
    assert not failed and sorted(m.get(options[0].pk, "abstain") for m in opened) == sorted(CHOICES)
    # what the linked ciphertexts say about choices without the key: their lengths are all equal
    assert len({len(c) for c in ciphertexts}) == 1
    assert all(voter_of[code] for code in links)  # a link names a voter, and a ciphertext only
    with capsys.disabled():
        print(
            f"\nUNLINKABILITY ({connection.vendor}): dumped {tables} tables / {rows} rows ({len(dump)} bytes); "
            + (
                f"WAL: {len(wal_records)} records via pg_walinspect, {len(blobs['WAL'])} raw bytes; "
                if postgres
                else "WAL: none (SQLite); "
            )
            + f"access log: {len(access_log)} lines, no code or tracker in any URL"
            + (
                f"\n  voter→ciphertext links: {len(joint)} WAL transactions update a voter code and insert a"
                f" sealed ballot; {len(links)}/{len(codes)} codes paired with their tracker from raw WAL bytes"
                if postgres
                else "\n  voter→ciphertext links: no WAL on SQLite; live row order only while open"
            )
            + "\n  voter→choice links: 0 — no plaintext ballot, private key (6 encodings) or share in tables, WAL or log;"
            + f" all {len(ciphertexts)} ciphertexts {len(ciphertexts[0])} bytes"
            + f"\n  opening without k={k} shares: {sum(key is not None for key in below)}/{len(below)} "
            + f"subsets of {k - 1} rebuild the key; with {k}: {len(enough)}/{len(enough)} (and open {len(opened)} ballots)"
        )


def test_access_log_paths_never_carry_a_code(client, open_ballot):
    """The only voting URL a code holder requests is /bo-phieu/bau/; the code is in the body."""
    code = codes_of(open_ballot)[0]
    response = client.post(reverse("voting:vote"), {"code": code, "step": "cast"})
    assert response.status_code == 200 and code not in response.request["PATH_INFO"]
    assert response.request["PATH_INFO"] == "/bo-phieu/bau/"


def test_the_private_key_is_not_kept_by_the_service(secretary, make_ballot, monkeypatch):
    """The opened ballot carries the share slips (to print once) and the public key — no private key."""
    ballot = services.ballot_open(actor=secretary, ballot=make_ballot())
    secrets_in_object = [v for v in vars(ballot).values() if isinstance(v, bytes) and len(v) == 32]
    assert secrets_in_object == [] and len(ballot.public_key) == 64
    assert [s.number for s in ballot.issued_shares] == [1, 2, 3]
    assert not hasattr(ballot_services, "_private_key")
