"""Issue 17.1: who may confer what — a decision's authority must be competent for every award in it
(DOMAIN.md §10 "Authority"; DOMAIN.md §3 columns "Authority")."""

import datetime

import pytest

from thidua.awards import services
from thidua.awards.authority import is_competent, normalise_authority
from thidua.awards.errors import AuthorityNotCompetent
from thidua.awards.models import AwardRecord, CandidateStatus, Decision, ProposalStatus

from .factories import BatchFactory, CandidateFactory, PersonFactory


@pytest.mark.parametrize(
    ("decision", "award", "competent"),
    [
        ("Bộ trưởng Bộ Công an", "Bộ trưởng Bộ Công an", True),
        ("  BỘ TRƯỞNG   bộ công an ", "Bộ trưởng Bộ Công an", True),
        ("Bộ trưởng BCA", "Bộ trưởng Bộ Công an", True),
        ("Giám đốc Công an tỉnh Hà Tĩnh", "Giám đốc Công an tỉnh", True),
        ("Cục trưởng Cục Cảnh sát hình sự", "Giám đốc Công an tỉnh", True),
        ("Thủ trưởng Cục An ninh mạng", "Giám đốc Công an tỉnh", True),
        ("Giám đốc Công an tỉnh Hà Tĩnh", "Thủ trưởng đơn vị cơ sở", True),
        ("Thủ trưởng đơn vị cơ sở", "Thủ trưởng đơn vị cơ sở", True),
        ("Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh", "Chủ tịch UBND tỉnh", True),
        ("Giám đốc Công an tỉnh Hà Tĩnh", "Bộ trưởng Bộ Công an", False),
        ("Bộ trưởng Bộ Công an", "Thủ tướng Chính phủ", False),
        ("Bộ trưởng Bộ Công an", "Giám đốc Công an tỉnh", False),
        ("Thủ trưởng đơn vị cơ sở", "Giám đốc Công an tỉnh", False),
        ("Chủ tịch UBND tỉnh Hà Tĩnh", "Giám đốc Công an tỉnh", False),
        ("Phó Thủ tướng", "Thủ tướng Chính phủ", False),
        ("", "Bộ trưởng Bộ Công an", False),
    ],
)
def test_competence_compares_the_decisions_authority_with_the_catalogue(decision, award, competent):
    assert is_competent(decision, award) is competent


def test_normalisation_is_nfc_casefolded_single_spaced():
    decomposed = "Gia\u0301m đô\u0301c  Công an\ttỉnh"
    assert normalise_authority(decomposed) == "giám đốc công an tỉnh"


def _decision(**fields):
    base = {
        "number": "2350/QĐ-CAT",
        "signed_on": datetime.date(2024, 12, 30),
        "signer_name": "Nguyễn Hồng Phong",
        "signer_title": "Giám đốc",
        "authority": "Giám đốc Công an tỉnh",
        "summary": "Về việc tặng danh hiệu thi đua năm 2024",
    }
    return base | fields


@pytest.mark.django_db
def test_a_director_cannot_give_a_ministry_flag_in_direct_awards(seeded, users, provinces):
    with pytest.raises(AuthorityNotCompetent) as caught:
        services.decision_register(
            actor=users["admin"],
            issuer=provinces[1],
            awards=[
                {"award_type": seeded["DVTT"], "unit": provinces[1], "achievement": "Phá án"},
                {"award_type": seeded["CO-BCA"], "unit": provinces[1], "achievement": "Dẫn đầu cụm"},
            ],
            **_decision(),
        )
    assert str(caught.value) == (
        "Quyết định của Giám đốc Công an tỉnh không thể tặng “Cờ thi đua của Bộ Công an”: "
        "thẩm quyền của Bộ trưởng Bộ Công an."
    )
    assert not Decision.objects.exists() and not AwardRecord.objects.exists()


@pytest.mark.django_db
def test_the_competent_authority_registers_the_same_awards(seeded, users, provinces, ministry):
    decision = services.decision_register(
        actor=users["admin"],
        issuer=ministry,
        awards=[{"award_type": seeded["CO-BCA"], "unit": provinces[1], "achievement": "Dẫn đầu cụm"}],
        **_decision(number="118/QĐ-BCA", authority="Bộ trưởng Bộ Công an", signer_title="Bộ trưởng"),
    )
    assert decision.records.get().award_type.code == "CO-BCA"


@pytest.mark.django_db
def test_api_refuses_a_batch_decision_beyond_the_authority_and_changes_nothing(
    client, seeded, users, provinces
):
    batch = BatchFactory(unit=provinces[1], status=ProposalStatus.SUBMITTED)
    person = PersonFactory(unit=provinces[1])
    for award, who in ((seeded["CSTDCS"], person), (seeded["CSTD-CAND"], person)):
        CandidateFactory(batch=batch, award_type=award, person=who, status=CandidateStatus.ACCEPTED)
    client.force_login(users["board"])
    payload = _decision(
        signed_on="2024-12-30", authority="Giám đốc Công an tỉnh Tiền Giang", batch_id=batch.pk
    )
    response = client.post("/api/v1/awards/decisions", payload, content_type="application/json")
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "authority_not_competent"
    assert "Chiến sĩ thi đua toàn lực lượng Công an nhân dân" in body["message"]
    assert "Bộ trưởng Bộ Công an" in body["message"]
    batch.refresh_from_db()
    assert batch.status == ProposalStatus.SUBMITTED
    assert not Decision.objects.exists() and not AwardRecord.objects.exists()
    assert set(batch.candidates.values_list("status", flat=True)) == {CandidateStatus.ACCEPTED}
