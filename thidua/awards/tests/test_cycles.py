"""Issue 17.6: R5/R6 as corrected in DOMAIN.md §10 (L2022 Điều 21) — property tests over generated histories.

CSTĐ cấp bộ (CSTD-CAND) in the year of the third consecutive CSTĐCS, and one CSTĐCS streak supports one
CSTĐ cấp bộ; CSTĐ toàn quốc (CSTD-TQ) needs two CSTĐ cấp bộ one three-year cycle apart (2021 and 2024),
considered the year after the second; adjacent years (2023 + 2024) are impossible.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.awards import eligibility
from thidua.awards.eligibility import Facts, Subject
from thidua.awards.models import AwardRecord

from .factories import PersonFactory, RecordFactory

pytestmark = pytest.mark.django_db
YEARS = range(2016, 2025)
HYPOTHESIS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _verdict(seeded, person, code, year):
    facts = Facts(year=year, unit_ids={person.unit_id}, person_ids={person.pk})
    subject = Subject(award_type=seeded[code], unit_id=person.unit_id, person_id=person.pk, achievement="x")
    return next(
        line for line in eligibility.evaluate(facts, subject).lines if line.rule == "consecutive_title"
    )


def _history(seeded, cstdcs: set[int], cand: set[int]):
    AwardRecord.objects.all().delete()
    person = PersonFactory()
    for year in cstdcs:
        RecordFactory(award_type=seeded["CSTDCS"], person=person, year=year)
    for year in cand:
        RecordFactory(award_type=seeded["CSTD-CAND"], person=person, year=year)
    return person


@HYPOTHESIS
@given(cand=st.sets(st.sampled_from(list(YEARS)), max_size=4), year=st.integers(2018, 2026))
def test_r6_cstd_tq_iff_two_cstd_cap_bo_one_cycle_apart_dieu_21(seeded, cand, year):
    """R6 (Điều 21 Luật TĐKT 2022; DOMAIN.md §10): passes exactly when CSTĐ cấp bộ in year−1 and year−4."""
    person = _history(seeded, set(), cand)
    result = _verdict(seeded, person, "CSTD-TQ", year)
    assert result.passed is ({year - 1, year - 4} <= cand)
    for adjacent in cand:
        if adjacent + 1 in cand and not {year - 1, year - 4} <= cand:
            assert result.passed is False  # two adjacent CSTĐ cấp bộ never qualify by themselves


@HYPOTHESIS
@given(
    cstdcs=st.sets(st.sampled_from(list(YEARS)), max_size=9),
    cand=st.sets(st.sampled_from(list(YEARS)), max_size=3),
    year=st.integers(2018, 2024),
)
def test_r5_one_cstdcs_streak_supports_one_cstd_cap_bo_dieu_21(seeded, cstdcs, cand, year):
    """R5 (Điều 21 Luật TĐKT 2022; DOMAIN.md §10): three consecutive CSTĐCS ending this year, none of whose
    earlier years already brought a CSTĐ cấp bộ."""
    person = _history(seeded, cstdcs, cand)
    streak = {year - 2, year - 1, year} <= cstdcs
    reused = bool({year - 2, year - 1} & cand)
    result = _verdict(seeded, person, "CSTD-CAND", year)
    assert result.passed is (streak and not reused)
    if streak and reused:
        assert "đã được dùng" in result.message


def test_r5_the_same_streak_cannot_give_cstd_cap_bo_in_successive_years_dieu_21(seeded):
    person = _history(seeded, {2021, 2022, 2023, 2024}, {2023})
    result = _verdict(seeded, person, "CSTD-CAND", 2024)
    assert result.passed is False and "đã được dùng cho CSTĐ toàn lực lượng năm 2023" in result.message


@HYPOTHESIS
@given(
    cstdcs=st.sets(st.sampled_from(list(YEARS)), max_size=9),
    cand=st.sets(st.sampled_from(list(YEARS)), max_size=3),
    year=st.integers(2019, 2025),
)
def test_next_eligible_is_one_title_away_from_a_verdict_that_passes_dieu_21(seeded, cstdcs, cand, year):
    """Whoever `next_eligible` lists for `year` passes R5/R6 once they get the missing title that year."""
    person = _history(seeded, cstdcs, cand)
    rows = eligibility.next_eligible(unit_ids={person.unit_id}, year=year)
    for row in rows:
        code = row["target"].code
        missing = "CSTDCS" if code == "CSTD-CAND" else "CSTD-CAND"
        held = (cstdcs if missing == "CSTDCS" else cand) and year in (cstdcs if missing == "CSTDCS" else cand)
        if not held:
            RecordFactory(award_type=seeded[missing], person=person, year=year)
        judged = year if code == "CSTD-CAND" else year + 1
        assert _verdict(seeded, person, code, judged).passed is True, row
        if not held:
            AwardRecord.objects.filter(person=person, year=year, award_type=seeded[missing]).delete()
    listed = {row["target"].code for row in rows}
    expects_tq = (year - 3) in cand
    assert ("CSTD-TQ" in listed) is expects_tq
    expects_cand = {year - 2, year - 1} <= cstdcs and not ({year - 2, year - 1} & cand)
    assert ("CSTD-CAND" in listed) is expects_cand


def test_migration_0010_corrects_the_rules_of_an_existing_database(seeded):
    """Existing databases get the corrected R5/R6 parameters (DOMAIN.md §10)."""
    import importlib

    from django.apps import apps

    from thidua.awards.models import CriterionRule

    rules = CriterionRule.objects.filter(rule_key="consecutive_title")
    rules.filter(award_type__code="CSTD-TQ").update(params={"award": "CSTD-CAND", "times": 2})
    rules.filter(award_type__code="CSTD-CAND").update(params={"award": "CSTDCS", "times": 3})
    importlib.import_module("thidua.awards.migrations.0010_consecutive_titles_one_cycle").forwards(apps, None)
    assert {tuple(sorted(r.params.items())) for r in rules.filter(award_type__code="CSTD-TQ")} == {
        (("award", "CSTD-CAND"), ("offset", 1), ("step", 3), ("times", 2))
    }
    assert all(r.params["exclusive"] is True for r in rules.filter(award_type__code="CSTD-CAND"))
