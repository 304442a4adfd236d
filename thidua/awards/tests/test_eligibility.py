"""One test (or a pair) per eligibility rule, named after the rule and citing its clause (DOMAIN.md §7)."""

import datetime

import pytest

from thidua.awards import eligibility
from thidua.awards.eligibility import Facts, Subject
from thidua.awards.models import AwardCategory, CriterionRule, LegalBasis, Rating

from .factories import (
    AssessmentFactory,
    BatchFactory,
    CandidateFactory,
    DisciplineFactory,
    PersonFactory,
    RecordFactory,
)

pytestmark = pytest.mark.django_db


def check(award, *, unit, person=None, year=2024, **extra):
    facts = Facts(year=year, unit_ids={unit.pk}, person_ids={person.pk} if person else set())
    subject = Subject(
        award_type=award,
        unit_id=unit.pk,
        person_id=person.pk if person else None,
        achievement=extra.pop("achievement", "Thành tích riêng"),
        **extra,
    )
    return eligibility.evaluate(facts, subject)


def line(verdict, rule):
    return next(item for item in verdict.lines if item.rule == rule)


def test_r1_titles_and_forms_are_different_categories(seeded):
    """R1 (L2022 Điều 3.2–3.3): danh hiệu thi đua ≠ hình thức khen thưởng."""
    assert seeded["CSTDCS"].category == AwardCategory.TITLE
    assert seeded["BK-BCA-CN"].category == AwardCategory.FORM
    assert seeded["HCCC3-TT"].category == AwardCategory.FORM


def test_r2_cstdcs_needs_cstt_same_year_dieu_21(seeded):
    person = PersonFactory()
    AssessmentFactory(person=person, rating=Rating.EXCELLENT)
    failing = line(check(seeded["CSTDCS"], unit=person.unit, person=person), "title_same_year")
    assert failing.passed is False
    assert "Điều 21 Luật TĐKT 2022" in failing.text and "2024 ✗" in failing.text
    RecordFactory(award_type=seeded["CSTT"], person=person)
    assert line(check(seeded["CSTDCS"], unit=person.unit, person=person), "title_same_year").passed is True


def test_r2_cstt_proposed_in_same_batch_counts(seeded):
    person = PersonFactory()
    batch = BatchFactory(unit=person.unit)
    CandidateFactory(batch=batch, award_type=seeded["CSTT"], person=person)
    verdict = check(seeded["CSTDCS"], unit=person.unit, person=person)
    assert line(verdict, "title_same_year").passed is True
    assert "đang đề nghị" in line(verdict, "title_same_year").message


@pytest.mark.parametrize(
    ("fields", "passed"),
    [
        ({"rating": Rating.GOOD}, False),
        ({"rating": Rating.EXCELLENT}, True),
        ({"rating": Rating.GOOD, "initiative": "Tra cứu một cửa"}, True),
        ({"rating": Rating.GOOD, "research": "Đề tài cấp cơ sở"}, True),
        ({"rating": Rating.GOOD, "combat_ingenuity": True}, True),
    ],
)
def test_r3_cstdcs_needs_one_excellence_ground_dieu_21(seeded, fields, passed):
    person = PersonFactory()
    AssessmentFactory(person=person, **fields)
    result = line(check(seeded["CSTDCS"], unit=person.unit, person=person), "excellence_grounds")
    assert result.passed is passed
    assert result.citation == "Điều 21 Luật TĐKT 2022"


def test_r3_under_law_2003_excellent_rating_alone_is_not_enough(seeded):
    """A 2023 proposal is judged by the rules in force then (L2003 Điều 23: an initiative was required)."""
    person = PersonFactory()
    AssessmentFactory(person=person, year=2023, rating=Rating.EXCELLENT)
    result = line(check(seeded["CSTDCS"], unit=person.unit, person=person, year=2023), "excellence_grounds")
    assert result.passed is False
    assert "2003" in result.citation


def test_r4_cstdcs_quota_15_percent_of_cstt_in_unit_nd91_dieu_9(seeded):
    people = PersonFactory.create_batch(7)
    unit = people[0].unit
    for person in people[1:]:
        person.unit = unit
        person.save()
    for person in people:
        RecordFactory(award_type=seeded["CSTT"], person=person)
    batch = BatchFactory(unit=unit)
    CandidateFactory(batch=batch, award_type=seeded["CSTDCS"], person=people[0])
    # 7 CSTT → floor(1.05) = 1 CSTĐCS allowed
    assert line(check(seeded["CSTDCS"], unit=unit, person=people[0]), "quota").passed is True
    CandidateFactory(batch=batch, award_type=seeded["CSTDCS"], person=people[1])
    result = line(check(seeded["CSTDCS"], unit=unit, person=people[1]), "quota")
    assert result.passed is False
    assert "2 / tối đa 1" in result.message and result.is_verified is False


def test_r5_cstd_cand_needs_three_consecutive_cstdcs_dieu_21(seeded):
    person = PersonFactory()
    RecordFactory(award_type=seeded["CSTDCS"], person=person, year=2022)
    RecordFactory(award_type=seeded["CSTDCS"], person=person, year=2023)
    result = line(check(seeded["CSTD-CAND"], unit=person.unit, person=person), "consecutive_title")
    assert result.passed is False
    assert result.text == "cần 3 năm liên tục đạt CSTĐCS — 2022 ✓, 2023 ✓, 2024 ✗ (Điều 21 Luật TĐKT 2022)"
    RecordFactory(award_type=seeded["CSTDCS"], person=person, year=2024)
    assert (
        line(check(seeded["CSTD-CAND"], unit=person.unit, person=person), "consecutive_title").passed is True
    )


def test_r5_a_gap_breaks_the_streak(seeded):
    person = PersonFactory()
    for year in (2021, 2022, 2024):
        RecordFactory(award_type=seeded["CSTDCS"], person=person, year=year)
    assert (
        line(check(seeded["CSTD-CAND"], unit=person.unit, person=person), "consecutive_title").passed is False
    )


def test_r6_cstd_toan_quoc_needs_two_consecutive_cstd_cap_bo_dieu_21(seeded):
    """R6 as corrected in DOMAIN.md §10: two CSTĐ cấp bộ one three-year cycle apart, considered the year after."""
    person = PersonFactory()
    RecordFactory(award_type=seeded["CSTD-CAND"], person=person, year=2024)
    assert (
        line(check(seeded["CSTD-TQ"], unit=person.unit, person=person, year=2025), "consecutive_title").passed
        is False
    )
    RecordFactory(award_type=seeded["CSTD-CAND"], person=person, year=2023)  # adjacent years: impossible
    assert (
        line(check(seeded["CSTD-TQ"], unit=person.unit, person=person, year=2025), "consecutive_title").passed
        is False
    )
    RecordFactory(award_type=seeded["CSTD-CAND"], person=person, year=2021)
    result = line(check(seeded["CSTD-TQ"], unit=person.unit, person=person, year=2025), "consecutive_title")
    assert result.passed is True
    assert result.text == (
        "cần 2 lần liên tiếp đạt CSTĐ toàn lực lượng, cách nhau một chu kỳ 3 năm — 2021 ✓, 2024 ✓ "
        "(Điều 21 Luật TĐKT 2022)"
    )


def _unit_with_members(count, cstt, seeded, rating=Rating.GOOD):
    first = PersonFactory()
    unit = first.unit
    people = [first] + [PersonFactory(unit=unit) for _ in range(count - 1)]
    for index, person in enumerate(people):
        AssessmentFactory(person=person, rating=rating)
        if index < cstt:
            RecordFactory(award_type=seeded["CSTT"], person=person)
    return unit, people


def test_r7_don_vi_tien_tien_needs_more_than_half_cstt(seeded):
    """R7 (L2003 Điều 28, configurable): > 50 % members CSTT."""
    unit, _people = _unit_with_members(4, 2, seeded)
    assert line(check(seeded["DVTT"], unit=unit), "unit_share").passed is False  # exactly 50 %
    unit, _people = _unit_with_members(4, 3, seeded)
    result = line(check(seeded["DVTT"], unit=unit), "unit_share")
    assert result.passed is True and "3/4 = 75.0 %" in result.message


def test_r7_member_with_warning_sanction_blocks_don_vi_tien_tien(seeded):
    unit, people = _unit_with_members(4, 4, seeded)
    DisciplineFactory(person=people[0], level=2)
    result = line(check(seeded["DVTT"], unit=unit), "no_member_discipline")
    assert result.passed is False and people[0].full_name in result.message


def test_r7_reprimand_is_below_the_threshold(seeded):
    unit, people = _unit_with_members(4, 4, seeded)
    DisciplineFactory(person=people[0], level=1)
    assert line(check(seeded["DVTT"], unit=unit), "no_member_discipline").passed is True


def test_r8_don_vi_quyet_thang_needs_all_completed_70_percent_cstt_one_cstdcs(seeded):
    unit, people = _unit_with_members(10, 7, seeded)
    verdict = check(seeded["DVQT"], unit=unit)
    assert line(verdict, "unit_all_rated").passed is True
    assert line(verdict, "unit_share").passed is True
    assert line(verdict, "unit_min_count").passed is False
    RecordFactory(award_type=seeded["CSTDCS"], person=people[0])
    assert check(seeded["DVQT"], unit=unit).passed is True


def test_r8_one_member_not_completing_tasks_fails(seeded):
    unit, people = _unit_with_members(10, 8, seeded)
    RecordFactory(award_type=seeded["CSTDCS"], person=people[0])
    assessment = people[9].assessments.get()
    assessment.rating = Rating.NOT_COMPLETED
    assessment.save()
    assert line(check(seeded["DVQT"], unit=unit), "unit_all_rated").passed is False


def test_r9_co_cp_needs_co_bca_standard_tt12_dieu_18(seeded):
    unit = PersonFactory().unit
    result = line(check(seeded["CO-CP"], unit=unit, meets_flag_standard=True), "flag_standard")
    assert result.passed is False and result.citation == "Điều 18.1 TT 12/2019/TT-BCA"
    RecordFactory(award_type=seeded["CO-BCA"], unit=unit)
    assert line(check(seeded["CO-CP"], unit=unit), "flag_standard").passed is True


def test_r10_co_cp_needs_leading_the_cluster_tt12_dieu_18(seeded):
    """R10 (TT12 Điều 18.1): an unapproved tick box proves nothing (issue 17.8)."""
    unit = PersonFactory().unit
    assert line(check(seeded["CO-CP"], unit=unit), "leads_cluster").passed is False
    ticked = line(check(seeded["CO-CP"], unit=unit, leads_cluster=True), "leads_cluster")
    assert ticked.passed is False and "chưa được người thứ hai duyệt" in ticked.message


def test_r11_pending_review_or_running_sanction_excludes_tt12_dieu_2(seeded):
    person = PersonFactory()
    RecordFactory(award_type=seeded["CSTT"], person=person, year=2023)
    DisciplineFactory(
        person=person,
        level=None,
        pending_review=True,
        effective_from=datetime.date(2024, 10, 1),
        effective_to=None,
    )
    result = line(check(seeded["BK-BCA-CN"], unit=person.unit, person=person), "no_discipline")
    assert result.passed is False and "chờ xem xét" in result.message


def test_r11_expired_sanction_no_longer_excludes(seeded):
    person = PersonFactory()
    DisciplineFactory(
        person=person,
        level=2,
        effective_from=datetime.date(2023, 1, 1),
        effective_to=datetime.date(2024, 1, 1),
    )
    assert line(check(seeded["BK-BCA-CN"], unit=person.unit, person=person), "no_discipline").passed is True


def test_r11_unit_under_sanction_is_excluded(seeded):
    unit = PersonFactory().unit
    DisciplineFactory(person=None, unit=unit, level=2, effective_to=None)
    assert line(check(seeded["BK-BCA-TT"], unit=unit), "no_discipline").passed is False


def test_r12_one_achievement_one_award(seeded):
    """R12: without a cited source the text is compared with case and spacing ignored, tone marks kept (17.9)."""
    person = PersonFactory()
    RecordFactory(award_type=seeded["GK-GD-CN"], person=person, achievement="Phá chuyên án ma túy 3.2024")
    result = line(
        check(
            seeded["BK-BCA-CN"], unit=person.unit, person=person, achievement="Phá chuyên án  MA TÚY 3.2024"
        ),
        "unique_achievement",
    )
    assert result.passed is False
    assert (
        line(
            check(seeded["BK-BCA-CN"], unit=person.unit, person=person, achievement="Cứu nạn lũ 9.2024"),
            "unique_achievement",
        ).passed
        is True
    )


def test_r15_council_threshold_90_percent_of_all_members(seeded):
    person = PersonFactory()
    facts = Facts(year=2024, unit_ids={person.unit_id}, person_ids={person.pk})
    base = {
        "award_type": seeded["CSTD-CAND"],
        "unit_id": person.unit_id,
        "person_id": person.pk,
        "achievement": "x",
    }
    undecided = line(eligibility.evaluate(facts, Subject(**base)), "council_threshold")
    assert undecided.passed is None
    assert (
        line(
            eligibility.evaluate(facts, Subject(**base, votes_for=8, council_members=9)), "council_threshold"
        ).passed
        is False
    )
    assert (
        line(
            eligibility.evaluate(facts, Subject(**base, votes_for=9, council_members=10)), "council_threshold"
        ).passed
        is True
    )


def test_r24_co_cp_quota_20_percent_of_co_bca_units(seeded):
    units = [PersonFactory().unit for _ in range(5)]
    for unit in units:
        RecordFactory(award_type=seeded["CO-BCA"], unit=unit)
    batch = BatchFactory(unit=units[0])
    CandidateFactory(batch=batch, award_type=seeded["CO-CP"], unit=units[0])
    assert line(check(seeded["CO-CP"], unit=units[0]), "quota").passed is True  # 1 of max 1 (20 % of 5)
    CandidateFactory(batch=BatchFactory(unit=units[1]), award_type=seeded["CO-CP"], unit=units[1])
    result = line(check(seeded["CO-CP"], unit=units[1]), "quota")
    assert result.passed is False and "2 / tối đa 1" in result.message


def test_rules_are_data_versioned_by_legal_basis(seeded):
    """A rule of a basis not yet in force does not apply; editing params changes the verdict."""
    person = PersonFactory()
    for year in (2023, 2024):
        RecordFactory(award_type=seeded["CSTDCS"], person=person, year=year)
    rule = CriterionRule.objects.get(
        award_type=seeded["CSTD-CAND"], rule_key="consecutive_title", legal_basis__code="L2022"
    )
    rule.params = {"award": "CSTDCS", "times": 2}
    rule.save()
    assert (
        line(check(seeded["CSTD-CAND"], unit=person.unit, person=person), "consecutive_title").passed is True
    )
    LegalBasis.objects.filter(code="L2022").update(effective_from=datetime.date(2030, 1, 1))
    rules = [item.rule for item in check(seeded["CSTD-CAND"], unit=person.unit, person=person).lines]
    assert "consecutive_title" not in rules


def test_wrong_recipient_kind_fails(seeded):
    person = PersonFactory()
    verdict = check(seeded["DVTT"], unit=person.unit, person=person)
    assert verdict.passed is False and verdict.lines[0].rule == "recipient_kind"


def test_next_eligible_lists_person_one_year_from_ministry_title(seeded):
    close = PersonFactory()
    far = PersonFactory(unit=close.unit)
    for year in (2023, 2024):
        RecordFactory(award_type=seeded["CSTDCS"], person=close, year=year)
    RecordFactory(award_type=seeded["CSTDCS"], person=far, year=2024)
    rows = eligibility.next_eligible(unit_ids={close.unit_id}, year=2025)
    assert [(row["person"], row["target"].code) for row in rows] == [(close, "CSTD-CAND")]
    assert rows[0]["needs"] == "đạt CSTĐCS năm 2025"


def test_r10_leading_unit_taken_from_a_tallied_suy_ton_ballot(seeded, term):
    """R10 (TT12 Điều 18.1): the cluster's tallied 'dẫn đầu' ballot proves the unit leads the cluster."""
    from thidua.conferences.tests.factories import ConferenceFactory
    from thidua.voting.models import BallotStatus, OptionResult
    from thidua.voting.tests.factories import BallotFactory, BallotOptionFactory

    leader, other = term.leader, term.deputy
    ballot = BallotFactory(
        conference=ConferenceFactory(term=term),
        title="Suy tôn đơn vị dẫn đầu Cụm năm 2024",
        status=BallotStatus.TALLIED,
    )
    for unit, winner in ((leader, True), (other, False)):
        option = BallotOptionFactory(ballot=ballot, unit=unit, label=unit.name)
        OptionResult.objects.create(
            ballot=ballot, option=option, support=5 if winner else 1, base=6, passed=winner, is_winner=winner
        )
    result = line(check(seeded["CO-CP"], unit=leader), "leads_cluster")
    assert result.passed is True and "Suy tôn đơn vị dẫn đầu" in result.message
    assert line(check(seeded["CO-CP"], unit=other), "leads_cluster").passed is False


def test_r12_the_award_made_from_a_candidate_does_not_count_against_it(seeded):
    person = PersonFactory()
    candidate = CandidateFactory(
        batch=BatchFactory(unit=person.unit),
        award_type=seeded["BK-BCA-CN"],
        person=person,
        achievement="Cứu hộ",
    )
    RecordFactory(award_type=seeded["BK-BCA-CN"], person=person, achievement="Cứu hộ", candidate=candidate)
    facts = Facts(year=2024, unit_ids={person.unit_id}, person_ids={person.pk})
    assert line(eligibility.evaluate(facts, Subject.of(candidate)), "unique_achievement").passed is True
    other = Subject(
        award_type=seeded["GK-GD-CN"], unit_id=person.unit_id, person_id=person.pk, achievement="Cứu hộ"
    )
    assert line(eligibility.evaluate(facts, other), "unique_achievement").passed is False
