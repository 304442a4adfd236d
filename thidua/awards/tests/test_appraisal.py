"""Issue 17.7: no "eligible" without a rule. An award type without encoded criteria (no CriterionRule of its
own in the legal basis in force) gets "cần thẩm định hồ sơ" — neither ✓ nor ✗ (DOMAIN.md §7 R1–R27 encode
only some titles; the rest are judged on the file)."""

import pytest
from django.urls import reverse

from thidua.awards import eligibility, services
from thidua.awards.eligibility import Facts, Subject
from thidua.awards.models import CandidateStatus, CriterionRule, Rating

from .factories import AssessmentFactory, BatchFactory, CandidateFactory, DisciplineFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _check(award, person):
    facts = Facts(year=2024, unit_ids={person.unit_id}, person_ids={person.pk})
    return eligibility.evaluate(
        facts, Subject(award_type=award, unit_id=person.unit_id, person_id=person.pk, achievement="Cứu hộ lũ")
    )


def test_an_award_type_without_rules_needs_appraisal_never_passes(seeded):
    award = seeded["BK-BCA-CN"]
    assert not CriterionRule.objects.filter(award_type=award).exists()
    verdict = _check(award, PersonFactory())
    assert verdict.eligible is None and verdict.passed is False and verdict.failed is False
    assert verdict.status == "manual" and verdict.needs_appraisal
    manual = next(line for line in verdict.lines if line.manual)
    assert manual.rule == eligibility.MANUAL and manual.passed is None
    assert "cần thẩm định hồ sơ" in manual.text and "Bằng khen của Bộ trưởng Bộ Công an" in manual.text
    # the cross-cutting rules still apply (R11 TT12 Điều 2.1, R12) and are shown
    assert {line.rule for line in verdict.lines} >= {"no_discipline", "unique_achievement"}


def test_a_cross_cutting_failure_still_fails_an_unencoded_award_tt12_dieu_2(seeded):
    person = PersonFactory()
    DisciplineFactory(person=person)  # a running cảnh cáo
    verdict = _check(seeded["BK-BCA-CN"], person)
    assert verdict.eligible is False and verdict.status == "failed"


def test_an_encoded_award_still_passes_dieu_24(seeded):
    person = PersonFactory()
    AssessmentFactory(person=person, rating=Rating.GOOD)
    verdict = _check(seeded["CSTT"], person)
    assert verdict.eligible is True and verdict.passed and not any(line.manual for line in verdict.lines)


def test_an_unknown_rule_key_needs_appraisal_too(seeded):
    person = PersonFactory()
    AssessmentFactory(person=person, rating=Rating.GOOD)
    rule = CriterionRule.objects.filter(award_type=seeded["CSTT"], legal_basis__code="L2022").first()
    assert rule is not None
    CriterionRule.objects.create(
        legal_basis=rule.legal_basis, award_type=seeded["CSTT"], rule_key="tu_luc", citation="Điều 24"
    )
    assert _check(seeded["CSTT"], person).eligible is None


def test_the_snapshot_keeps_the_appraisal_verdict(seeded):
    verdict = _check(seeded["BK-BCA-CN"], PersonFactory())
    again = eligibility.Verdict.from_snapshot(verdict.subject, verdict.as_list())
    assert again.eligible is None
    legacy = [{"rule": "no_rules", "passed": None, "message": "x", "citation": "Danh mục"}]
    assert eligibility.Verdict.from_snapshot(verdict.subject, legacy).eligible is None


def test_council_keeps_an_appraisal_candidate_without_calling_it_eligible(seeded, users, provinces):
    person = PersonFactory(unit=provinces[1])
    batch = BatchFactory(unit=provinces[1], reviewer=provinces[1].parent)
    CandidateFactory(batch=batch, award_type=seeded["BK-BCA-CN"], person=person)
    services._finish_council(batch)
    candidate = batch.candidates.get()
    assert candidate.status == CandidateStatus.ACCEPTED and candidate.is_eligible is None


def test_batch_page_and_api_show_can_tham_dinh_ho_so(client, seeded, users, provinces):
    person = PersonFactory(unit=provinces[1])
    AssessmentFactory(person=person, rating=Rating.GOOD)
    batch = BatchFactory(unit=provinces[1], reviewer=provinces[1].parent)
    CandidateFactory(batch=batch, award_type=seeded["BK-BCA-CN"], person=person)
    client.force_login(users["officer"])
    page = client.get(reverse("awards:batch_detail", args=[batch.pk])).content.decode()
    assert "Cần thẩm định hồ sơ" in page and "cần thẩm định hồ sơ" in page
    assert 'badge badge-ok">Đủ điều kiện' not in page
    rows = client.get(f"/api/v1/awards/proposals/{batch.pk}/eligibility").json()
    assert rows[0]["eligible"] is None and rows[0]["verdict"] == "manual"
    assert any(check["manual"] and "cần thẩm định hồ sơ" in check["text"] for check in rows[0]["checks"])
    checked = client.post(
        "/api/v1/awards/eligibility/check",
        {"award_code": "BK-BCA-CN", "unit_id": provinces[1].pk, "person_id": person.pk, "year": 2024},
        content_type="application/json",
    ).json()
    assert [c["rule"] for c in checked if c["manual"]] == ["manual_appraisal"]
