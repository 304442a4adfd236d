"""Concurrent score writes on different sheets of one cluster period all succeed (issue 13.3).

Every write re-ranks the whole period, so writers on different sheets meet on the same rows: each
thread runs on its own database connection with real transactions. PostgreSQL shows the deadlocks
(row locks taken in different orders: 42 of 48 bonus entries and 11 of 24 self-scores failed before
the fix); SQLite serialises writers (BEGIN IMMEDIATE), where the same test checks that nobody
fails and the final ranks agree with the totals. That needs a file database: the in-memory test
database shares one cache between threads, whose table locks fail at once instead of waiting, so
on SQLite the test runs only with THIDUA_TEST_DB=var/<name>.sqlite3.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from thidua.organisation.models import Role
from thidua.scoring import services
from thidua.scoring.models import AdjustmentKind, ScoreLine, ScoreSheet

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WRITES = 8


@pytest.fixture(autouse=True)
def _real_database():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]  # the stub types the base wrapper; SQLite's has it
        pytest.skip("needs a file database on SQLite (THIDUA_TEST_DB=var/<name>.sqlite3)")


def _race(jobs_per_thread):
    """Start one thread per list of callables at the same moment; each runs its list in order."""
    barrier = threading.Barrier(len(jobs_per_thread))
    outcomes: list[list] = [[] for _ in jobs_per_thread]

    def run(index, jobs):
        try:
            barrier.wait()
            for job in jobs:
                try:
                    outcomes[index].append(job())
                except Exception as error:  # noqa: BLE001 — the outcome is what we assert on
                    outcomes[index].append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, jobs)) for i, jobs in enumerate(jobs_per_thread)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return [outcome for outcomes_of_thread in outcomes for outcome in outcomes_of_thread]


def _failures(outcomes):
    return [repr(o) for o in outcomes if isinstance(o, Exception)]


def _assert_ranks_follow_totals(term, period):
    sheets = list(ScoreSheet.objects.filter(term=term, period=period).order_by("-total", "unit__name"))
    ranks = [sheet.rank for sheet in sheets if sheet.rank is not None]
    assert len(ranks) == len(sheets)
    assert ranks == sorted(ranks), [(s.unit_id, s.total, s.rank) for s in sheets]
    for better, worse in zip(sheets, sheets[1:], strict=False):
        if better.total > worse.total:
            assert better.rank is not None and worse.rank is not None and better.rank < worse.rank


@pytest.fixture
def computed(users, term, period, reports):
    services.scores_compute(actor=users["board"], term=term, period=period)
    return {s.unit_id: s for s in ScoreSheet.objects.filter(term=term, period=period)}


def test_bonus_entries_on_every_sheet_of_a_period_at_once_all_succeed(users, term, period, computed):
    board = users["board"]
    sheets = list(computed.values())
    jobs = [
        [
            lambda sheet=sheet, n=n: services.adjustment_add(
                actor=board, sheet=sheet, kind=AdjustmentKind.BONUS, points="0.25", reason=f"Thưởng lần {n}"
            )
            for n in range(WRITES)
        ]
        for sheet in sheets
    ]
    outcomes = _race(jobs)
    assert len(outcomes) == len(sheets) * WRITES
    assert _failures(outcomes) == []
    for sheet in ScoreSheet.objects.filter(term=term, period=period):
        assert sheet.bonus_points == Decimal("2.00")
        assert sheet.total == computed[sheet.unit_id].total + Decimal("2.00")
    _assert_ranks_follow_totals(term, period)


def test_officers_self_scoring_their_own_sheets_at_once_all_succeed(
    make_user, term, period, computed, provinces, covenant
):
    units = provinces[1:4]
    officers = {unit.pk: make_user(Role.OFFICER, unit) for unit in units}
    jobs = []
    for unit in units:
        line = ScoreLine.objects.get(sheet=computed[unit.pk], criterion=covenant.criteria.a2)
        jobs.append(
            [
                lambda line=line, officer=officers[unit.pk], n=n: services.line_self_score(
                    actor=officer, line=line, points=str(10 + n)
                )
                for n in range(WRITES)
            ]
        )
    outcomes = _race(jobs)
    assert len(outcomes) == len(units) * WRITES
    assert _failures(outcomes) == []
    for unit in units:
        sheet = ScoreSheet.objects.get(pk=computed[unit.pk].pk)
        assert sheet.criteria_total == computed[unit.pk].criteria_total + Decimal(10 + WRITES - 1)
    _assert_ranks_follow_totals(term, period)
