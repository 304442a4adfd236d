"""R27 (DOMAIN.md §7, configurable): a unit receives at most one collective emulation title per level per
year, checked at proposal and at decision; R12 (L2022 nguyên tắc): an achievement is the record it cites."""

import datetime

import pytest
from django.test import override_settings

from thidua.awards import eligibility, services
from thidua.awards.eligibility import Facts, Subject
from thidua.awards.errors import SourceInvalid, TitleLimitReached
from thidua.awards.models import AwardRecord
from thidua.emulation.tests.factories import InitiativeFactory

from .factories import BatchFactory, CandidateFactory, PersonFactory, RecordFactory

pytestmark = pytest.mark.django_db
ONE_PER_LEVEL = override_settings(THIDUA_TITLES_PER_LEVEL_PER_YEAR={"default": 1})


@pytest.fixture
def batch(seeded, users, provinces):
    return services.batch_create(actor=users["officer"], title="Đề nghị 2024", year=2024, unit=provinces[1])


def _decide(users, ministry, awards, number="7/QĐ-BCA"):
    return services.decision_register(
        actor=users["admin"],
        number=number,
        signed_on=datetime.date(2025, 1, 15),
        signer_name="Lương Tam Quang",
        signer_title="Bộ trưởng",
        authority="Bộ trưởng Bộ Công an",
        summary="Tặng danh hiệu",
        issuer=ministry,
        awards=awards,
    )


@ONE_PER_LEVEL
def test_r27_proposal_refused_when_the_unit_already_holds_a_title_of_that_level(seeded, users, batch):
    RecordFactory(award_type=seeded["DVQT"], unit=batch.unit, year=2024)
    with pytest.raises(TitleLimitReached) as caught:
        services.candidate_add(
            actor=users["officer"], batch=batch, award_type=seeded["CO-BCA"], unit=batch.unit, achievement="x"
        )
    assert "đã nhận “Đơn vị quyết thắng” năm 2024" in str(caught.value)
    assert "Cờ thi đua của Bộ Công an" in str(caught.value) and caught.value.status == 409
    assert not batch.candidates.exists()
    # another level, another year, or an individual title: not limited
    services.candidate_add(
        actor=users["officer"], batch=batch, award_type=seeded["DVTT"], unit=batch.unit, achievement="x"
    )


@ONE_PER_LEVEL
def test_r27_a_unit_may_be_candidate_for_several_titles_but_the_decision_gives_one(
    seeded, users, batch, ministry
):
    for code in ("DVQT", "CO-BCA"):
        services.candidate_add(
            actor=users["officer"], batch=batch, award_type=seeded[code], unit=batch.unit, achievement=code
        )
    assert batch.candidates.count() == 2
    awards = [{"award_type": seeded[c], "unit": batch.unit, "year": 2024} for c in ("DVQT", "CO-BCA")]
    with pytest.raises(TitleLimitReached) as caught:
        _decide(users, ministry, awards)
    assert "Đơn vị quyết thắng" in str(caught.value)
    assert not AwardRecord.objects.exists()
    _decide(users, ministry, awards[:1])
    with pytest.raises(TitleLimitReached):
        _decide(users, ministry, awards[1:], number="8/QĐ-BCA")
    assert AwardRecord.objects.count() == 1


def test_r27_revoked_titles_do_not_count_and_the_limit_is_configurable(seeded, users, batch, ministry):
    record = RecordFactory(award_type=seeded["DVQT"], unit=batch.unit, year=2024)
    with override_settings(THIDUA_TITLES_PER_LEVEL_PER_YEAR={"default": 1, "ministry": 2}):  # the default
        services.candidate_add(
            actor=users["officer"], batch=batch, award_type=seeded["CO-BCA"], unit=batch.unit, achievement="x"
        )
    record.revoked_on = datetime.date(2025, 2, 1)
    record.save()
    with ONE_PER_LEVEL:
        _decide(users, ministry, [{"award_type": seeded["CO-BCA"], "unit": batch.unit, "year": 2024}])
    assert AwardRecord.objects.filter(award_type=seeded["CO-BCA"], unit=batch.unit, year=2024).count() == 1


@ONE_PER_LEVEL
def test_r27_api_gives_409_with_the_title_held(client, seeded, users, batch):
    RecordFactory(award_type=seeded["DVQT"], unit=batch.unit, year=2024)
    client.force_login(users["officer"])
    response = client.post(
        f"/api/v1/awards/proposals/{batch.pk}/candidates",
        {"award_code": "CO-BCA", "unit_id": batch.unit_id, "achievement": "Dẫn đầu"},
        content_type="application/json",
    )
    assert response.status_code == 409 and response.json()["code"] == "title_limit_reached"
    assert "Đơn vị quyết thắng" in response.json()["message"]


# -- R12 -------------------------------------------------------------------------------------------------------


def _line(subject, unit, person=None):
    facts = Facts(year=2024, unit_ids={unit.pk}, person_ids={person.pk} if person else set())
    return next(
        item for item in eligibility.evaluate(facts, subject).lines if item.rule == "unique_achievement"
    )


def test_r12_same_source_record_is_one_achievement_whatever_the_wording(seeded, users, batch):
    initiative = InitiativeFactory(unit=batch.unit, year=2024)
    first = services.candidate_add(
        actor=users["officer"],
        batch=batch,
        award_type=seeded["DVTT"],
        unit=batch.unit,
        achievement="Mô hình “Camera an ninh” được nhân rộng",
        source_kind="initiative",
        source_id=initiative.pk,
    )
    other = BatchFactory(unit=batch.unit)
    second = CandidateFactory(
        batch=other,
        award_type=seeded["BK-BCA-TT"],
        unit=batch.unit,
        achievement="Xây dựng camera giám sát khu dân cư",  # other words, same initiative
        source_type=first.source_type,
        source_id=initiative.pk,
    )
    line = _line(Subject.of(second), batch.unit)
    assert line.passed is False and "nguồn thành tích này" in line.message
    assert line.citation  # the principle's clause


def test_r12_same_generic_text_with_different_sources_is_not_a_duplicate(seeded, users, batch):
    reports = [InitiativeFactory(unit=batch.unit, year=2024) for _ in range(2)]
    RecordFactory(
        award_type=seeded["DVTT"], unit=batch.unit, year=2023, achievement="Hoàn thành xuất sắc nhiệm vụ"
    )
    candidate = services.candidate_add(
        actor=users["officer"],
        batch=batch,
        award_type=seeded["BK-BCA-TT"],
        unit=batch.unit,
        achievement="Hoàn thành xuất sắc nhiệm vụ",
        source_kind="initiative",
        source_id=reports[1].pk,
    )
    assert _line(Subject.of(candidate), batch.unit).passed is True


def test_r12_text_only_achievements_compare_with_tone_marks(seeded):
    person = PersonFactory()
    RecordFactory(award_type=seeded["BK-BCA-CN"], person=person, achievement="Bắt đối tượng Hùng")
    base = {"award_type": seeded["GK-GD-CN"], "unit_id": person.unit_id, "person_id": person.pk}
    assert _line(Subject(**base, achievement="Bắt đối tượng Hưng"), person.unit, person).passed is True
    same = _line(Subject(**base, achievement="bắt  đối tượng HÙNG"), person.unit, person)
    assert same.passed is False and "chưa dẫn nguồn" in same.message


@pytest.mark.parametrize(
    ("kind", "source_id"),
    [("report", None), ("letter", 1), ("initiative", 999_999), ("initiative", -1), ("initiative", 2**63)],
)
def test_r12_a_wrong_or_foreign_source_is_refused_and_nothing_saved(seeded, users, batch, kind, source_id):
    with pytest.raises(SourceInvalid) as caught:
        services.candidate_add(
            actor=users["officer"],
            batch=batch,
            award_type=seeded["DVTT"],
            unit=batch.unit,
            achievement="x",
            source_kind=kind,
            source_id=source_id,
        )
    assert caught.value.status == 422 and "Nguồn thành tích không hợp lệ" in str(caught.value)
    assert not batch.candidates.exists()


def test_r12_another_units_initiative_is_refused_through_the_api(
    client, seeded, users, batch, other_province
):
    foreign = InitiativeFactory(unit=other_province, year=2024)
    client.force_login(users["officer"])
    body = {"award_code": "DVTT", "unit_id": batch.unit_id, "achievement": "x", "source_kind": "initiative"}
    response = client.post(
        f"/api/v1/awards/proposals/{batch.pk}/candidates",
        {**body, "source_id": foreign.pk},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["code"] == "achievement_source_invalid"
    assert not batch.candidates.exists()
    own = InitiativeFactory(unit=batch.unit, year=2024)
    response = client.post(
        f"/api/v1/awards/proposals/{batch.pk}/candidates",
        {**body, "source_id": own.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert batch.candidates.get().source == own


def test_r27_default_lets_a_dvqt_unit_receive_the_ministry_flag_but_no_third(seeded, users, batch, ministry):
    """ĐVQT and Cờ BCA are both the Minister's; the flag is chosen among ĐVQT units (L2022 Điều 27)."""
    from thidua.awards.models import AuthorityLevel, AwardType

    third = AwardType.objects.create(
        code="CO-THU",
        name="Cờ thi đua thử nghiệm",
        category="title",
        recipient_kind="collective",
        authority="Bộ trưởng Bộ Công an",
        level=AuthorityLevel.MINISTRY,
    )
    awards = [{"award_type": seeded[c], "unit": batch.unit, "year": 2024} for c in ("DVQT", "CO-BCA")]
    _decide(users, ministry, awards)
    with pytest.raises(TitleLimitReached) as caught:
        _decide(users, ministry, [{"award_type": third, "unit": batch.unit, "year": 2024}], number="9/QĐ-BCA")
    assert "“Cờ thi đua của Bộ Công an”, “Đơn vị quyết thắng”" in str(caught.value)
