"""17.3 — the council's vote on a proposal is taken from its ballot when it meets in the system, or typed in
from its minutes; the R15 threshold (≥ 90 % of all council members for CSTĐ, ND91 Điều 45.8) is checked
either way."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.awards import services
from thidua.awards.models import CandidateStatus, ProposalBatch, ProposalStatus, Rating
from thidua.conferences.tests.factories import ConferenceFactory
from thidua.core.errors import AccessDenied, ValidationFailed
from thidua.organisation.models import Role, UnitKind
from thidua.organisation.tests.factories import UnitFactory
from thidua.voting.models import Ballot, BallotKind, BallotOption, BallotStatus, OptionResult

from .factories import AssessmentFactory, PersonFactory, RecordFactory

pytestmark = pytest.mark.django_db
S = ProposalStatus


@pytest.fixture
def department(provinces):
    return UnitFactory(
        parent=provinces[1], kind=UnitKind.PROVINCIAL_DEPARTMENT, name="Phòng Cảnh sát hình sự"
    )


@pytest.fixture
def desk(make_user, provinces):
    return make_user(Role.BOARD, provinces[1])


@pytest.fixture
def person(seeded, department):
    person = PersonFactory(unit=department, full_name="Nguyễn Văn Hùng")
    AssessmentFactory(person=person, rating=Rating.EXCELLENT)
    RecordFactory(award_type=seeded["CSTT"], person=person)
    for year in (2022, 2023, 2024):
        RecordFactory(award_type=seeded["CSTDCS"], person=person, year=year)
    return person


@pytest.fixture
def at_council(seeded, users, department, desk, person):
    batch = services.batch_create(
        actor=users["officer"], title="Đề nghị CSTĐ 2024", year=2024, unit=department
    )
    candidate = services.candidate_add(
        actor=users["officer"],
        batch=batch,
        award_type=seeded["CSTD-CAND"],
        unit=department,
        person=person,
        achievement="Ba năm liên tục Chiến sĩ thi đua cơ sở",
    )
    services.batch_transition(actor=users["officer"], batch=batch, target=S.PENDING_LEADER)
    services.batch_transition(actor=users["unit_leader"], batch=batch, target=S.SENT)
    for target in (S.IN_REVIEW, S.COUNCIL):
        services.batch_transition(actor=desk, batch=batch, target=target)
    return batch, candidate


def _council_ballot(host, label, support, *, entitled=11, present=10, unit=None, status=BallotStatus.TALLIED):
    conference = ConferenceFactory(host=host, title="Phiên họp Hội đồng TĐKT Công an tỉnh tháng 12/2024")
    ballot = Ballot.objects.create(
        conference=conference,
        kind=BallotKind.YES_NO,
        title="Biểu quyết đề nghị Chiến sĩ thi đua toàn lực lượng CAND",
        status=status,
        voters_entitled=entitled,
        voters_present=present,
        tallied_at=timezone.now(),
    )
    option = BallotOption.objects.create(ballot=ballot, order=1, label=label, unit=unit)
    OptionResult.objects.create(ballot=ballot, option=option, support=support, base=present)
    return ballot


def _threshold(candidate):
    candidate.refresh_from_db()
    return next(line for line in candidate.eligibility_snapshot if line["rule"] == "council_threshold")


@pytest.mark.parametrize(("support", "passes"), [(9, False), (10, True)])
def test_r15_threshold_on_the_councils_ballot_in_the_system(at_council, desk, provinces, support, passes):
    """R15 (ND91 Điều 45.8): 9 of 11 members = 81.8 % < 90 % fails; 10 of 11 = 90.9 % passes."""
    batch, candidate = at_council
    ballot = _council_ballot(provinces[1], "Nguyễn Văn Hùng", support)
    batch = services.council_vote_from_ballot(actor=desk, batch=batch, ballot=ballot)
    candidate.refresh_from_db()
    assert (batch.council_members, batch.council_present, candidate.votes_for) == (11, 10, support)
    assert batch.council_ballot == ballot and batch.council_voted_on == timezone.localdate()
    row = batch.log.get(action="vote")
    assert "Biểu quyết trên hệ thống" in row.reason and "10/11" in row.reason
    services.batch_transition(actor=desk, batch=batch, target=S.SUBMITTED)
    assert _threshold(candidate)["passed"] is passes
    if not passes:
        assert candidate.status == CandidateStatus.REJECTED


def test_r15_threshold_on_votes_typed_in_from_the_minutes(at_council, desk):
    batch, candidate = at_council
    services.council_vote_record(
        actor=desk,
        batch=batch,
        council_members=11,
        council_present=11,
        voted_on=datetime.date(2024, 12, 5),
        votes={candidate.pk: 9},
    )
    batch.refresh_from_db()
    assert (
        batch.council_ballot is None
        and "Nhập từ biên bản họp ngày 05/12/2024" in batch.log.get(action="vote").reason
    )
    services.batch_transition(actor=desk, batch=batch, target=S.SUBMITTED)
    assert _threshold(candidate)["passed"] is False


def test_a_ballot_that_is_not_the_councils_is_refused_and_changes_nothing(
    at_council, desk, provinces, department
):
    batch, candidate = at_council
    refused = [
        _council_ballot(provinces[2], "Nguyễn Văn Hùng", 11),  # another unit's meeting
        _council_ballot(provinces[1], "Nguyễn Văn Hùng", 11, status=BallotStatus.OPEN),  # not counted yet
        _council_ballot(provinces[1], "Nguyễn Văn Hưng", 11),  # another name: tone marks distinguish
        _council_ballot(provinces[1], "Nguyễn Văn Hùng", 11, unit=provinces[3]),  # same name, other unit
    ]
    for ballot in refused:
        with pytest.raises(ValidationFailed):
            services.council_vote_from_ballot(actor=desk, batch=batch, ballot=ballot)
    batch.refresh_from_db(), candidate.refresh_from_db()
    assert (batch.council_members, batch.council_ballot, candidate.votes_for) == (None, None, None)
    assert not batch.log.filter(action="vote").exists()


def test_only_the_desk_takes_the_vote(at_council, users, provinces):
    batch, _candidate = at_council
    ballot = _council_ballot(provinces[1], "Nguyễn Văn Hùng", 11)
    for role in ("board", "officer", "unit_leader"):
        with pytest.raises(AccessDenied):
            services.council_vote_from_ballot(actor=users[role], batch=batch, ballot=ballot)


def test_page_and_api_take_the_vote_from_the_ballot(client, at_council, desk, users, provinces):
    batch, candidate = at_council
    ballot = _council_ballot(provinces[1], "nguyễn văn hùng", 10)  # case and NFC do not matter
    client.force_login(desk)
    page = client.get(reverse("awards:batch_detail", args=[batch.pk])).content.decode()
    assert 'id="council-ballot-form"' in page and ballot.title in page
    response = client.post(
        reverse("awards:batch_action", args=[batch.pk, "vote-ballot"]),
        {"ballot": ballot.pk, "version": ProposalBatch.objects.get(pk=batch.pk).version},
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.votes_for == 10
    url = f"/api/v1/awards/proposals/{batch.pk}/council-vote/from-ballot"
    again = client.post(url, {"ballot_id": ballot.pk}, content_type="application/json")
    assert again.status_code == 200 and again.json()["status"] == "council"
    stale = client.post(url, {"ballot_id": ballot.pk, "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    other = _council_ballot(provinces[2], "Nguyễn Văn Hùng", 11)
    assert client.post(url, {"ballot_id": other.pk}, content_type="application/json").status_code == 404
    for hostile in (2**40, -1, "1; DROP TABLE", None):
        assert client.post(url, {"ballot_id": hostile}, content_type="application/json").status_code in (
            404,
            422,
        )
    client.force_login(users["foreign_officer"])
    assert client.post(url, {"ballot_id": ballot.pk}, content_type="application/json").status_code == 404
