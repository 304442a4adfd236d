import datetime

import pytest

from thidua.awards import services
from thidua.awards.errors import (
    BatchLocked,
    CandidateDuplicate,
    CandidateMismatch,
    CouncilVoteMissing,
    RecordAlreadyRevoked,
)
from thidua.awards.models import AwardRecord, CandidateStatus, ProposalLevel, ProposalStatus, Rating
from thidua.core.errors import AccessDenied, InvalidTransition
from thidua.organisation import access
from thidua.organisation.models import Role, UnitKind
from thidua.organisation.tests.factories import UnitFactory

from .factories import AssessmentFactory, PersonFactory, RecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(provinces):
    return provinces[1]  # Tiền Giang: officer, unit_leader and viewer grants sit here


@pytest.fixture
def batch(seeded, users, unit):
    return services.batch_create(
        actor=users["officer"], title="Đề nghị khen thưởng năm 2024", year=2024, unit=unit
    )


def _ready_person(seeded, unit, rating=Rating.EXCELLENT):
    person = PersonFactory(unit=unit)
    AssessmentFactory(person=person, rating=rating)
    RecordFactory(award_type=seeded["CSTT"], person=person)
    return person


def test_officer_drafts_for_own_unit_only(seeded, users, unit, other_province):
    batch = services.batch_create(actor=users["officer"], title="Đề nghị", year=2024, unit=unit)
    assert batch.reviewer.code == "BCA" and batch.status == ProposalStatus.DRAFT
    with pytest.raises(AccessDenied):
        services.batch_create(actor=users["officer"], title="Đề nghị", year=2024, unit=other_province)
    for role in ("unit_leader", "viewer", "foreign_officer", "nobody"):
        with pytest.raises(AccessDenied):
            services.batch_create(actor=users[role], title="Đề nghị", year=2024, unit=unit)


def test_candidate_must_match_recipient_kind_and_be_unique(seeded, users, unit, batch):
    person = _ready_person(seeded, unit)
    with pytest.raises(CandidateMismatch):
        services.candidate_add(
            actor=users["officer"],
            batch=batch,
            award_type=seeded["DVTT"],
            unit=unit,
            person=person,
            achievement="x",
        )
    services.candidate_add(
        actor=users["officer"],
        batch=batch,
        award_type=seeded["CSTDCS"],
        unit=unit,
        person=person,
        achievement="Phá án",
    )
    with pytest.raises(CandidateDuplicate):
        services.candidate_add(
            actor=users["officer"],
            batch=batch,
            award_type=seeded["CSTDCS"],
            unit=unit,
            person=person,
            achievement="Khác",
        )


def test_full_flow_from_draft_to_decision_updates_history(seeded, users, unit, make_user):
    """A department's CSTĐCS climbs to its provincial council, whose Director decides it (17.2)."""
    department = UnitFactory(parent=unit, kind=UnitKind.PROVINCIAL_DEPARTMENT, name="Phòng Cảnh sát hình sự")
    province_board = make_user(Role.BOARD, unit)
    batch = services.batch_create(
        actor=users["officer"], title="Đề nghị khen thưởng năm 2024", year=2024, unit=department
    )
    assert batch.reviewer == unit and batch.level == ProposalLevel.PROVINCE
    person = _ready_person(seeded, department)
    for _ in range(6):  # 7 CSTT in the unit → 1 CSTĐCS allowed (R4)
        _ready_person(seeded, department, rating=Rating.GOOD)
    services.candidate_add(
        actor=users["officer"],
        batch=batch,
        award_type=seeded["CSTDCS"],
        unit=department,
        person=person,
        achievement="Phá chuyên án",
    )
    services.batch_transition(actor=users["officer"], batch=batch, target=ProposalStatus.PENDING_LEADER)
    with pytest.raises(AccessDenied):
        services.batch_transition(actor=users["officer"], batch=batch, target=ProposalStatus.SENT)
    services.batch_transition(actor=users["unit_leader"], batch=batch, target=ProposalStatus.SENT)
    for outsider in ("unit_leader", "board"):  # the Ministry's board is not the receiving level's desk
        with pytest.raises(AccessDenied):
            services.batch_transition(actor=users[outsider], batch=batch, target=ProposalStatus.IN_REVIEW)
    batch = services.batch_transition(
        actor=province_board,
        batch=batch,
        target=ProposalStatus.IN_REVIEW,
        today=datetime.date(2024, 11, 20),
    )
    # 30 working days from Wed 20/11/2024 (regular file, ND 98/2023)
    assert batch.received_on == datetime.date(2024, 11, 20) and batch.due_on == datetime.date(2025, 1, 2)
    services.batch_transition(actor=province_board, batch=batch, target=ProposalStatus.COUNCIL)
    batch = services.batch_transition(actor=province_board, batch=batch, target=ProposalStatus.SUBMITTED)
    candidate = batch.candidates.get()
    assert candidate.status == CandidateStatus.ACCEPTED and candidate.is_eligible is True
    decision = services.decision_register(
        actor=province_board,
        number="123/QĐ-CAT",
        signed_on=datetime.date(2025, 1, 10),
        signer_name="Nguyễn Văn A",
        signer_title="Giám đốc",
        authority="Giám đốc Công an tỉnh Tiền Giang",  # CSTĐCS is the Director's (17.1)
        summary="Tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2024",
        batch=batch,
    )
    batch.refresh_from_db()
    assert batch.status == ProposalStatus.DECIDED
    record = AwardRecord.objects.get(decision=decision)
    assert (record.person, record.award_type.code, record.year) == (person, "CSTDCS", 2024)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.AWARDED
    assert [row.action for row in batch.log.order_by("pk")] == [
        "start",
        "submit",
        "send",
        "receive",
        "appraise",
        "conclude",
        "decide",
    ]


def test_invalid_transition_raises(seeded, users, batch):
    with pytest.raises(InvalidTransition):
        services.batch_transition(actor=users["officer"], batch=batch, target=ProposalStatus.SUBMITTED)


def test_batch_locked_after_sending(seeded, users, unit, batch):
    person = _ready_person(seeded, unit)
    services.candidate_add(
        actor=users["officer"],
        batch=batch,
        award_type=seeded["CSTDCS"],
        unit=unit,
        person=person,
        achievement="a",
    )
    services.batch_transition(actor=users["officer"], batch=batch, target=ProposalStatus.PENDING_LEADER)
    with pytest.raises(BatchLocked):
        services.candidate_add(
            actor=users["officer"],
            batch=batch,
            award_type=seeded["CSTT"],
            unit=unit,
            person=person,
            achievement="b",
        )


def _to_council(seeded, users, unit, batch, award="CSTD-CAND"):
    person = _ready_person(seeded, unit)
    for year in (2022, 2023, 2024):
        RecordFactory(award_type=seeded["CSTDCS"], person=person, year=year)
    candidate = services.candidate_add(
        actor=users["officer"],
        batch=batch,
        award_type=seeded[award],
        unit=unit,
        person=person,
        achievement="Ba năm CSTĐCS",
    )
    services.batch_transition(actor=users["officer"], batch=batch, target=ProposalStatus.PENDING_LEADER)
    services.batch_transition(actor=users["unit_leader"], batch=batch, target=ProposalStatus.SENT)
    services.batch_transition(actor=users["board"], batch=batch, target=ProposalStatus.IN_REVIEW)
    services.batch_transition(actor=users["board"], batch=batch, target=ProposalStatus.COUNCIL)
    return candidate


def test_r15_council_vote_must_be_recorded_and_reach_90_percent(seeded, users, unit, batch):
    candidate = _to_council(seeded, users, unit, batch)
    with pytest.raises(CouncilVoteMissing):
        services.batch_transition(actor=users["board"], batch=batch, target=ProposalStatus.SUBMITTED)
    services.council_vote_record(
        actor=users["board"],
        batch=batch,
        council_members=11,
        council_present=10,
        voted_on=datetime.date(2024, 12, 5),
        votes={candidate.pk: 9},
    )
    services.batch_transition(actor=users["board"], batch=batch, target=ProposalStatus.SUBMITTED)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REJECTED  # 9/11 = 81.8 % < 90 %


def test_sudden_track_gets_15_working_days(seeded, users, unit):
    batch = services.batch_create(
        actor=users["officer"], title="Đột xuất", year=2024, unit=unit, track="sudden"
    )
    person = _ready_person(seeded, unit)
    services.candidate_add(
        actor=users["officer"],
        batch=batch,
        award_type=seeded["BK-BCA-CN"],
        unit=unit,
        person=person,
        achievement="Cứu người",
    )
    services.batch_transition(actor=users["officer"], batch=batch, target=ProposalStatus.PENDING_LEADER)
    services.batch_transition(actor=users["unit_leader"], batch=batch, target=ProposalStatus.SENT)
    batch = services.batch_transition(
        actor=users["board"],
        batch=batch,
        target=ProposalStatus.IN_REVIEW,
        today=datetime.date(2024, 8, 26),
    )
    assert batch.due_on == datetime.date(2024, 9, 18)  # 2 and 3/9 are holidays
    rows = services.batches_due(batches=[batch], today=datetime.date(2024, 9, 19))
    assert rows[0]["is_late"] is True and rows[0]["working_days_left"] == -1


def test_r13_revocation_records_reason_and_only_board(seeded, users, unit):
    record = RecordFactory(award_type=seeded["BK-BCA-TT"], unit=unit)
    with pytest.raises(AccessDenied):
        services.award_record_revoke(actor=users["officer"], record=record, reason="Khai man")
    services.award_record_revoke(actor=users["board"], record=record, reason="Hồ sơ khai man thành tích")
    record.refresh_from_db()
    assert record.is_revoked and record.revoked_reason == "Hồ sơ khai man thành tích"
    with pytest.raises(RecordAlreadyRevoked):
        services.award_record_revoke(actor=users["board"], record=record, reason="Lần hai")


def test_cluster_batch_is_drafted_by_leader_staff_and_reviewed_by_owner_board(seeded, users, term, make_user):
    batch = services.batch_create(
        actor=users["cluster_staff"], title="Cụm 11 đề nghị", year=2024, cluster_term=term
    )
    assert batch.reviewer == term.cluster.owner
    with pytest.raises(AccessDenied):
        services.batch_create(actor=users["officer"], title="x", year=2024, cluster_term=term)
    leader = make_user(Role.UNIT_LEADER, term.leader)
    services.candidate_add(
        actor=users["cluster_staff"],
        batch=batch,
        award_type=seeded["CO-BCA"],
        unit=term.leader,
        achievement="Dẫn đầu cụm",
    )
    services.batch_transition(actor=users["cluster_staff"], batch=batch, target=ProposalStatus.PENDING_LEADER)
    services.batch_transition(actor=leader, batch=batch, target=ProposalStatus.SENT)
    assert access.can_object(users["board"], "review", batch) and not access.can_object(
        users["cluster_staff"], "review", batch
    )
