"""A code can never vote twice, even with concurrent requests (real transactions on PostgreSQL)."""

import threading
from collections.abc import Callable
from functools import partial

import pytest
from django.db import connection, connections

from thidua.voting import services
from thidua.voting.errors import BallotNotOpen, CodeAlreadyUsed
from thidua.voting.models import BallotStatus, SealedBallot, VoterCode
from thidua.voting.tests.factories import codes_of, shares_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (select_for_update)")


def _race(jobs):
    """Run the callables at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            outcomes[index] = job()
        except Exception as error:  # noqa: BLE001 — the outcome is what we assert on
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def test_the_same_code_sent_concurrently_stores_exactly_one_ballot(open_ballot):
    code = codes_of(open_ballot)[0]
    option = open_ballot.options.first()
    outcomes = _race([lambda: services.vote_cast(code=code, choices={option.pk: "yes"}) for _ in range(8)])
    stored = [o for o in outcomes if isinstance(o, SealedBallot)]
    refused = [o for o in outcomes if isinstance(o, CodeAlreadyUsed)]
    assert len(stored) == 1 and len(refused) == 7
    assert SealedBallot.objects.filter(ballot=open_ballot).count() == 1


def test_concurrent_votes_of_all_codes_each_twice_store_one_ballot_per_code(open_ballot):
    codes = codes_of(open_ballot)
    jobs = [lambda c=code: services.vote_cast(code=c, choices={}) for code in codes for _ in range(2)]
    outcomes = _race(jobs)
    assert sum(isinstance(o, SealedBallot) for o in outcomes) == len(codes)
    assert sum(isinstance(o, CodeAlreadyUsed) for o in outcomes) == len(codes)
    assert SealedBallot.objects.filter(ballot=open_ballot).count() == len(codes)
    assert VoterCode.objects.filter(ballot=open_ballot, used=True).count() == len(codes)


def test_closing_during_a_burst_loses_no_accepted_ballot(open_ballot, secretary):
    codes = codes_of(open_ballot)
    jobs: list[Callable[[], object]] = [partial(services.vote_cast, code=code, choices={}) for code in codes]
    jobs.append(lambda: services.ballot_close(actor=secretary, ballot=open_ballot))
    outcomes = _race(jobs)
    accepted = sum(isinstance(o, SealedBallot) for o in outcomes)
    assert all(isinstance(o, SealedBallot | BallotNotOpen) for o in outcomes[:-1])
    open_ballot.refresh_from_db()
    assert open_ballot.status == BallotStatus.CLOSED
    assert SealedBallot.objects.filter(ballot=open_ballot).count() == accepted
    assert VoterCode.objects.filter(ballot=open_ballot, used=True).count() == accepted


def test_rekeying_during_a_burst_never_leaves_a_ballot_sealed_under_a_dropped_key(open_ballot, secretary):
    codes = codes_of(open_ballot)
    jobs: list[Callable[[], object]] = [partial(services.vote_cast, code=code, choices={}) for code in codes]
    jobs.append(lambda: services.ballot_rekey(actor=secretary, ballot=open_ballot))
    outcomes = _race(jobs)
    open_ballot.refresh_from_db()
    rekeyed = not isinstance(outcomes[-1], Exception)
    # either the rekey ran before every vote (all sealed under the new key) or it was refused
    assert rekeyed == (open_ballot.key_version == 2)
    services.ballot_close(actor=secretary, ballot=open_ballot)
    ballot = services.ballot_tally(actor=secretary, ballot=open_ballot, shares=shares_of(open_ballot))
    assert ballot.sealed_opened == SealedBallot.objects.filter(ballot=open_ballot).count() == len(codes)
