"""Fixtures of the voting tests: the Cụm 11 conference with one voting head per member unit."""

import pytest

from thidua.conferences.tests.factories import AttendeeFactory, ConferenceFactory
from thidua.voting import services
from thidua.voting.models import BallotKind
from thidua.voting.services import ballots as ballot_services
from thidua.voting.tests.factories import ISSUED_SHARES


@pytest.fixture(autouse=True)
def record_shares(monkeypatch):
    """Keep the share slips of every key made in a test, as the committee members would (paper)."""
    real = ballot_services._new_key

    def recording(*, actor, ballot):
        slips = real(actor=actor, ballot=ballot)
        ISSUED_SHARES[ballot.pk] = [slip.text for slip in slips]
        return slips

    monkeypatch.setattr(ballot_services, "_new_key", recording)
    ISSUED_SHARES.clear()
    yield
    ISSUED_SHARES.clear()


@pytest.fixture
def conference(term):
    return ConferenceFactory(term=term, host=term.memberships.first().unit)


@pytest.fixture
def attendees(conference, provinces):
    return [
        AttendeeFactory(conference=conference, unit=unit, name=f"Đại biểu {unit.short_name}")
        for unit in provinces
    ]


@pytest.fixture
def secretary(users):
    return users["cluster_staff"]


@pytest.fixture
def make_ballot(conference, attendees, secretary):
    def make(kind=BallotKind.YES_NO, **kwargs):
        return services.ballot_create(
            actor=secretary, conference=conference, kind=kind, title="Biểu quyết", **kwargs
        )

    return make


@pytest.fixture
def open_ballot(make_ballot, secretary):
    ballot = make_ballot()
    return services.ballot_open(actor=secretary, ballot=ballot)
