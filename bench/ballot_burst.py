"""Ballot burst (Conferences & voting issue §8): 1,000 code holders vote at once, plus 200 replays.

The app runs under gunicorn (4 workers) on its own PostgreSQL database. 1,000 voters on the roll of
one open ballot (3 proposals, yes/no) post to the voting endpoint /api/v1/voting/cast from up to 50
concurrent keep-alive connections, mixed with 200 replays of codes (duplicates), in random order.
Checks afterwards, in the database: ballots stored, duplicates accepted (must be 0), accepted
votes lost (must be 0), and that the tally counts 1,000 ballots. The floor is the RPS of /healthz
measured with the same concurrency in the same run.

Ballots are sealed (issue 18): every accepted vote is stored as a SealedBox ciphertext under the
ballot's public key; the tally rebuilds the key from 2 of the 3 committee shares and opens them.
`seal_ms` is the median cost of sealing one ballot, `open_ms` the time of the tally (read the box,
rebuild the key, open and count the 1,000 ballots, store the totals). Targets: ratio ≥ 0.15,
open_ms < 2000.

Last line: BENCH ballot_burst voters=1000 stored=… lost=… double=… p50_ms=… p99_ms=… rps=… floor_rps=… ratio=… seal_ms=… open_ms=…
"""

import contextlib
import http.client
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import Gunicorn, fresh_database, load, manage, server_env  # noqa: E402

VOTERS = int(os.environ.get("BENCH_VOTERS", "1000"))
REPLAYS = int(os.environ.get("BENCH_REPLAYS", "200"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "50"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))  # sync workers: the best p99 in our runs
UNITS = 10
BUDGET_SECONDS = 60.0


def populate(env: dict[str, str]) -> tuple[int, list[str], list[int], list[str]]:
    """One cluster term of 10 units, 100 voting delegates each; an open yes/no ballot with 1,000 codes."""
    os.environ.update(env)
    import django

    django.setup()
    import datetime

    from django.contrib.auth import get_user_model

    from thidua.conferences.models import Attendee, AttendeeRole, Conference, ConferenceKind
    from thidua.organisation.models import (
        Cluster,
        ClusterLevel,
        ClusterMembership,
        ClusterTerm,
        Role,
        Unit,
        UnitKind,
        UnitRole,
    )
    from thidua.voting import services
    from thidua.voting.models import BallotKind, VoterCode

    ministry = Unit.objects.create(kind=UnitKind.MINISTRY, name="Bộ Công an", code="BCA")
    units = [
        Unit.objects.create(
            parent=ministry, kind=UnitKind.PROVINCIAL_POLICE, name=f"Công an tỉnh Thứ {i}", code=f"P{i}"
        )
        for i in range(UNITS)
    ]
    cluster = Cluster.objects.create(
        owner=ministry, level=ClusterLevel.MINISTRY, number=1, name="Cụm thi đua số 1"
    )
    term = ClusterTerm.objects.create(cluster=cluster, year=2024, leader=units[0], deputy=units[1])
    ClusterMembership.objects.bulk_create(
        [ClusterMembership(term=term, unit=u, year=2024, level=cluster.level, owner=ministry) for u in units]
    )
    secretary = get_user_model().objects.create_user("thuky", password="bench-password-123")
    UnitRole.objects.create(user=secretary, unit=units[0], role=Role.CLUSTER_STAFF)
    conference = Conference.objects.create(
        term=term,
        kind=ConferenceKind.YEAR_END,
        title="Hội nghị tổng kết (bench)",
        period_year=2024,
        date=datetime.date(2024, 11, 14),
    )
    per_unit = VOTERS // UNITS
    Attendee.objects.bulk_create(
        [
            Attendee(
                conference=conference,
                unit=u,
                name=f"Đại biểu {i} {u.code}",
                role=AttendeeRole.DELEGATE,
                is_voter=True,
            )
            for u in units
            for i in range(per_unit)
        ]
    )
    ballot = services.ballot_create(
        actor=secretary,
        conference=conference,
        kind=BallotKind.YES_NO,
        title="Biểu quyết đề nghị danh hiệu (bench)",
        units=units[:3],
        votes_per_unit=per_unit,
    )
    opened = services.ballot_open(actor=secretary, ballot=ballot)
    shares = [slip.text for slip in opened.issued_shares]  # the committee's slips (printed once)
    codes = list(VoterCode.objects.filter(ballot=ballot).values_list("code", flat=True))
    options = list(ballot.options.values_list("pk", flat=True))
    from django.db import connections

    connections.close_all()
    return ballot.pk, codes, options, shares


@contextlib.contextmanager
def _stderr_to(path: Path):
    """The server inherits this process's stderr: send it to a file (one warning per refused replay)."""
    sys.stderr.flush()
    saved = os.dup(2)
    target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(target, 2)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(target)


def burst(port: int, requests: list[tuple[str, dict]]) -> tuple[list[tuple[str, int, str, float]], float]:
    """POST every (code, choices) from CONCURRENCY keep-alive connections; (code, status, receipt, seconds)."""
    queue = list(enumerate(requests))
    lock = threading.Lock()
    results: list[tuple[str, int, str, float]] = []

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while True:
            with lock:
                if not queue:
                    break
                _index, (code, choices) = queue.pop()
            body = json.dumps({"code": code, "choices": choices})
            started = time.perf_counter()
            try:
                conn.request(
                    "POST", "/api/v1/voting/cast", body=body, headers={"Content-Type": "application/json"}
                )
                response = conn.getresponse()
                payload = response.read()
                status = response.status
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status, payload = 0, b"{}"
            elapsed = time.perf_counter() - started
            receipt = json.loads(payload or b"{}").get("receipt", "") if status == 201 else ""
            mine.append((code, status, receipt, elapsed))
        with lock:
            results.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - began


def seal_cost(ballot_id: int, options: list[int]) -> float:
    """Median milliseconds to seal one ballot under the ballot's public key (as vote_cast does)."""
    from thidua.voting import sealing
    from thidua.voting.models import Ballot

    public_key = Ballot.objects.get(pk=ballot_id).public_key
    timings = []
    for i in range(1000):
        marks = {o: ("yes", "no")[(i + j) % 2] for j, o in enumerate(options) if (i + j) % 3}
        started = time.perf_counter()
        sealing.seal(public_key, ballot_id, options, marks)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def verify(ballot_id: int, receipts: set[str], shares: list[str]) -> tuple[int, int, int, float]:
    """(ballots stored, accepted receipts missing, ballots the tally counts, tally milliseconds)."""
    from django.contrib.auth import get_user_model
    from django.db import connections

    from thidua.voting import services
    from thidua.voting.models import Ballot, SealedBallot

    connections.close_all()
    stored_ids = set(SealedBallot.objects.filter(ballot_id=ballot_id).values_list("tracker", flat=True))
    secretary = get_user_model().objects.get(username="thuky")
    ballot = Ballot.objects.get(pk=ballot_id)
    services.ballot_close(actor=secretary, ballot=ballot)
    started = time.perf_counter()
    ballot = services.ballot_tally(actor=secretary, ballot=ballot, shares=shares[1:])  # 2 of 3
    open_ms = (time.perf_counter() - started) * 1000
    assert ballot.sealed_opened == len(stored_ids)
    return len(stored_ids), len(receipts - stored_ids), ballot.collected_count or 0, open_ms


def main() -> None:
    database_url = fresh_database("bench_ballot_burst")
    static_root = tempfile.mkdtemp(prefix="bench-ballot-static-")
    env = server_env(database_url, static_root)
    manage(env, "migrate", "--noinput", "-v0")
    ballot_id, codes, options, shares = populate(env)
    rng = random.Random(20240716)
    requests = [(code, {str(o): rng.choice(["yes", "no", "abstain"]) for o in options}) for code in codes]
    requests += [(rng.choice(codes), {}) for _ in range(REPLAYS)]
    rng.shuffle(requests)

    server_log = Path(static_root) / "gunicorn.log"
    with _stderr_to(server_log), Gunicorn(env, workers=WORKERS, threads=THREADS) as server:
        load(server.port, "/healthz", seconds=1.0, concurrency=CONCURRENCY)  # warm the workers
        floor = load(server.port, "/healthz", seconds=4.0, concurrency=CONCURRENCY)
        results, elapsed = burst(server.port, requests)
    server_errors = [line for line in server_log.read_text(errors="replace").splitlines() if "Error" in line]

    accepted = [r for r in results if r[1] == 201]
    refused_duplicates = sum(1 for r in results if r[1] == 409)
    errors = Counter(r[1] for r in results if r[1] not in (201, 409))
    per_code = Counter(r[0] for r in accepted)
    double = sum(n - 1 for n in per_code.values() if n > 1)
    receipts = {r[2] for r in accepted}
    stored, missing, tallied, open_ms = verify(ballot_id, receipts, shares)
    seal_ms = seal_cost(ballot_id, options)
    voted_codes = len(per_code)
    lost = missing + (VOTERS - voted_codes)  # accepted but not stored, or a voter who could not vote
    double = max(double, stored - voted_codes)
    latencies = sorted(r[3] for r in results)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    rps = len(results) / elapsed
    print(
        f"gunicorn: {WORKERS} workers × {THREADS} threads; {CONCURRENCY} concurrent connections; PostgreSQL {database_url.rsplit('/', 1)[1]}"
    )
    print(
        f"requests: {len(results)} ({VOTERS} voters + {REPLAYS} replays) in {elapsed:.2f} s (budget {BUDGET_SECONDS:.0f} s)"
    )
    print(
        f"accepted (201): {len(accepted)}; duplicates refused (409): {refused_duplicates}; other: {dict(errors) or 0}"
    )
    print(f"stored ballots: {stored}; counted by the tally: {tallied}; accepted receipts missing: {missing}")
    print(
        f"sealing: {seal_ms:.3f} ms per ballot (median of 1,000); tally with 2 of 3 shares "
        f"(open and count {stored} sealed ballots): {open_ms:.0f} ms (target < 2000 ms)"
    )
    print(f"cast latency p50 {p50:.1f} ms, p99 {p99:.1f} ms (target < 250 ms); {rps:.0f} req/s")
    print(
        f"server log: {server_log} ({len(server_errors)} error lines; the 409 warnings are the refused replays)"
    )
    print(f"machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other work shares them)")
    print(
        f"floor /healthz: {floor['rps']:.0f} req/s (p50 {floor['p50_ms']:.1f} ms, p99 {floor['p99_ms']:.1f} ms)"
    )
    ok = (
        lost == 0
        and double == 0
        and tallied == stored == VOTERS
        and elapsed <= BUDGET_SECONDS
        and not server_errors
        and open_ms < 2000
    )
    print("result:", "OK" if ok else "FAILED")
    print(
        f"BENCH ballot_burst voters={VOTERS} stored={stored} lost={lost} double={double} "
        f"p50_ms={p50:.1f} p99_ms={p99:.1f} rps={rps:.1f} floor_rps={floor['rps']:.1f} ratio={rps / floor['rps']:.3f} "
        f"seal_ms={seal_ms:.3f} open_ms={open_ms:.0f}"
    )
    if not ok:
        sys.exit(1)
    shutil.rmtree(static_root, ignore_errors=True)  # keep the server log only when the run failed


if __name__ == "__main__":
    main()
