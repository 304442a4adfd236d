"""Pure scoring rules: formulas, totals (DOMAIN.md R21), ranking with a tie-break chain, classification.

Property tests (hypothesis) show ranking is deterministic and independent of input order, ties follow
the chain, and classification never violates its rules (issue 6 "Done when").
"""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.scoring import rules
from thidua.scoring.rules import Band, Caps, Flag, Standing

D = Decimal
PROPERTY = settings(max_examples=50, deadline=None)

points = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
small_points = st.sampled_from([D("0"), D("1.5"), D("2"), D("5")])


# -- formulas ---------------------------------------------------------------------------------------


def test_proportional_scores_achievement_share_of_max_points():
    assert rules.proportional(D(20), D(100), D(95)).points == D("19.00")


def test_proportional_is_capped_at_max_points_when_target_exceeded():
    assert rules.proportional(D(20), D(100), D(130)).points == D("20.00")


def test_proportional_never_negative():
    assert rules.proportional(D(20), D(100), D(-5)).points == D("0.00")


def test_all_or_nothing_gives_full_points_only_when_met():
    assert rules.all_or_nothing(D(10), True).points == D("10.00")
    assert rules.all_or_nothing(D(10), False).points == D("0.00")


def test_lower_is_better_full_points_up_to_target_then_proportionally_less():
    assert rules.lower_is_better(D(10), D(4), D(3)).points == D("10.00")
    assert rules.lower_is_better(D(10), D(4), D(8)).points == D("5.00")


def test_count_thresholds_takes_highest_threshold_reached_capped_at_max():
    thresholds = [(D(1), D(2)), (D(3), D(4)), (D(5), D(8))]
    assert rules.count_thresholds(D(6), D(0), thresholds).points == D("0.00")
    assert rules.count_thresholds(D(6), D(4), thresholds).points == D("4.00")
    assert rules.count_thresholds(D(6), D(9), thresholds).points == D("6.00")


@PROPERTY
@given(max_points=points, target=points, actual=points)
def test_formulas_stay_within_zero_and_max_points(max_points, target, actual):
    for result in (
        rules.proportional(max_points, target, actual),
        rules.lower_is_better(max_points, target, actual),
        rules.all_or_nothing(max_points, actual >= target),
    ):
        assert D(0) <= result.points <= rules.quantize(max_points)


# -- totals (R21) -----------------------------------------------------------------------------------


def test_total_is_criteria_plus_bonus_minus_penalty_with_caps_r21():
    result = rules.total([D(40), D("45.5")], [D(3), D(4)], [D(2)], Caps(bonus=D(5), penalty=D(10)))
    assert result.criteria == D("85.50")
    assert result.bonus_raw == D("7.00") and result.bonus == D("5.00") and result.bonus_capped
    assert result.penalty == D("2.00") and not result.penalty_capped
    assert result.total == D("88.50")


def test_total_without_caps_counts_everything():
    result = rules.total([D(50)], [D(30)], [D(60)], Caps(bonus=None, penalty=None))
    assert result.total == D("20.00")


@PROPERTY
@given(
    criteria=st.lists(points, max_size=6),
    bonuses=st.lists(points, max_size=4),
    penalties=st.lists(points, max_size=4),
    bonus_cap=points,
    penalty_cap=points,
)
def test_capped_bonus_and_penalty_never_exceed_their_caps(
    criteria, bonuses, penalties, bonus_cap, penalty_cap
):
    result = rules.total(criteria, bonuses, penalties, Caps(bonus=bonus_cap, penalty=penalty_cap))
    assert result.bonus <= rules.quantize(bonus_cap) and result.penalty <= rules.quantize(penalty_cap)
    assert result.total == result.criteria + result.bonus - result.penalty


# -- ranking ----------------------------------------------------------------------------------------


def standing(unit_id, total, group1=0, penalty=0, penalty_count=0, name=None):
    return Standing(
        unit_id=unit_id,
        name=name or f"Công an tỉnh {unit_id}",
        total=D(total),
        group_points={1: D(group1)},
        penalty=D(penalty),
        penalty_count=penalty_count,
    )


def test_higher_total_ranks_first():
    ranked = rules.rank([standing(1, 80), standing(2, 90)])
    assert [(r.standing.unit_id, r.rank) for r in ranked] == [(2, 1), (1, 2)]


def test_equal_totals_are_separated_by_group_a_then_fewer_penalties():
    ranked = rules.rank(
        [standing(1, 90, group1=30, penalty=2), standing(2, 90, group1=35), standing(3, 90, group1=30)],
        ["group:1", "penalty"],
    )
    assert [(r.standing.unit_id, r.rank, r.decided_by) for r in ranked] == [
        (2, 1, None),
        (3, 2, "group:1"),
        (1, 3, "penalty"),
    ]
    assert not any(r.tied for r in ranked)


def test_true_tie_shares_rank_ordered_by_name_and_is_marked():
    ranked = rules.rank(
        [
            standing(1, 90, name="Công an tỉnh Trà Vinh"),
            standing(2, 90, name="Công an tỉnh Bến Tre"),
            standing(3, 70),
        ],
        ["group:1"],
    )
    assert [(r.standing.unit_id, r.rank, r.tied) for r in ranked] == [
        (2, 1, True),
        (1, 1, True),
        (3, 3, False),
    ]
    assert ranked[0].tied_with == (1,)


def test_unknown_tie_break_key_is_rejected():
    with pytest.raises(ValueError):
        rules.validate_tie_break(["group:0"])
    with pytest.raises(ValueError):
        rules.validate_tie_break(["shoe_size"])
    assert rules.validate_tie_break(["group:2", "penalty", "penalty"]) == ["group:2", "penalty"]


standings_strategy = st.lists(
    st.builds(
        standing,
        unit_id=st.integers(min_value=1, max_value=10_000),
        total=st.sampled_from([D(70), D(85), D("85.5"), D(90)]),
        group1=small_points,
        penalty=small_points,
        penalty_count=st.integers(min_value=0, max_value=2),
        name=st.sampled_from(["Công an tỉnh Bến Tre", "Công an tỉnh Đồng Tháp", "Công an tỉnh Vĩnh Long"]),
    ),
    max_size=12,
    unique_by=lambda s: s.unit_id,
)
chains = st.lists(st.sampled_from(["group:1", "penalty", "penalty_count", "bonus"]), max_size=3, unique=True)


@PROPERTY
@given(items=standings_strategy, chain=chains, data=st.data())
def test_ranking_is_deterministic_and_independent_of_input_order(items, chain, data):
    shuffled = data.draw(st.permutations(items))
    first = [(r.standing.unit_id, r.rank, r.tied) for r in rules.rank(items, chain)]
    second = [(r.standing.unit_id, r.rank, r.tied) for r in rules.rank(shuffled, chain)]
    assert first == second


@PROPERTY
@given(items=standings_strategy, chain=chains)
def test_ties_follow_the_chain(items, chain):
    ranked = rules.rank(items, chain)
    keys = ["total", *chain]

    def vector(s):
        return tuple(rules._key_value(s, k) for k in keys)

    for upper, lower in zip(ranked, ranked[1:], strict=False):
        a, b = vector(upper.standing), vector(lower.standing)
        assert a >= b, "a unit above is never worse on the chain, compared lexicographically"
        if a == b:
            assert upper.rank == lower.rank and upper.tied and lower.tied
        else:
            assert lower.rank > upper.rank
            first_difference = next(k for k, x, y in zip(keys, a, b, strict=True) if x != y)
            assert lower.decided_by == first_difference
    assert [r.rank for r in ranked] == sorted(r.rank for r in ranked)
    if ranked:
        assert ranked[0].rank == 1
        # competition ranking: a rank equals 1 + the number of units strictly ahead
        for r in ranked:
            assert r.rank == 1 + sum(vector(o.standing) > vector(r.standing) for o in ranked)


# -- classification ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (D(95), Band.EXCELLENT),
        (D(90), Band.EXCELLENT),
        (D("89.99"), Band.GOOD),
        (D(80), Band.GOOD),
        (D(65), Band.FAIR),
        (D("64.5"), Band.AVERAGE),
        (D(50), Band.AVERAGE),
        (D(49), Band.WEAK),
    ],
)
def test_default_bands_are_90_80_65_then_weak_below_50(total, band):
    assert rules.classify(total).band == band


def test_serious_violation_is_never_excellent_whatever_the_points():
    result = rules.classify(D(99), flags=[Flag.SERIOUS_VIOLATION])
    assert result.band == Band.GOOD and result.by_points == Band.EXCELLENT
    assert result.capped_by == (Flag.SERIOUS_VIOLATION,)


def test_thresholds_must_strictly_decrease():
    with pytest.raises(ValueError):
        rules.validate_thresholds({"excellent": D(80), "good": D(80), "fair": D(65), "average": D(50)})
    with pytest.raises(ValueError):
        rules.validate_thresholds({"excellent": D(90), "good": D(80)})


thresholds_strategy = st.lists(
    st.integers(min_value=1, max_value=120), min_size=4, max_size=4, unique=True
).map(
    lambda values: dict(zip(rules.BAND_ORDER[:-1], sorted((D(v) for v in values), reverse=True), strict=True))
)


@PROPERTY
@given(
    total=st.decimals(min_value=-20, max_value=130, places=2),
    thresholds=thresholds_strategy,
    serious=st.booleans(),
    cap=st.sampled_from(rules.BAND_ORDER),
)
def test_classification_never_violates_its_rules(total, thresholds, serious, cap):
    flags = [Flag.SERIOUS_VIOLATION] if serious else []
    result = rules.classify(
        total, flags=flags, thresholds=thresholds, flag_caps={Flag.SERIOUS_VIOLATION: cap}
    )
    order = rules.BAND_ORDER
    # the band by points is the best band whose threshold the total reaches
    reached = [b for b in order[:-1] if total >= thresholds[b]]
    assert result.by_points == (reached[0] if reached else Band.WEAK)
    # a flag only ever lowers the band, and never above its cap
    assert order.index(result.band) >= order.index(result.by_points)
    if serious:
        assert order.index(result.band) >= order.index(cap)
    else:
        assert result.band == result.by_points


@PROPERTY
@given(total=st.decimals(min_value=0, max_value=130, places=2))
def test_serious_violation_with_default_rules_never_gives_excellent(total):
    assert rules.classify(total, flags=[Flag.SERIOUS_VIOLATION]).band != Band.EXCELLENT


@PROPERTY
@given(
    a=st.decimals(min_value=0, max_value=130, places=2), b=st.decimals(min_value=0, max_value=130, places=2)
)
def test_more_points_never_give_a_lower_band(a, b):
    low, high = sorted([a, b])
    order = rules.BAND_ORDER
    assert order.index(rules.classify(high).band) <= order.index(rules.classify(low).band)
