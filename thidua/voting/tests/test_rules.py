"""The counting rules (DOMAIN.md §4, R16, R17, R26) as properties."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.voting import rules

BASES = ["valid_ballots", "ballots_cast", "voters_entitled", "voters_present", "member_units"]


@settings(max_examples=50, deadline=None)
@given(
    support=st.integers(0, 200),
    base=st.integers(0, 200),
    numerator=st.integers(0, 10),
    extra=st.integers(0, 10),
    strict=st.booleans(),
)
def test_threshold_is_an_exact_fraction_comparison(support, base, numerator, extra, strict):
    denominator = numerator + extra or 1
    expected = base > 0 and (
        Fraction(support, base) > Fraction(numerator, denominator)
        if strict
        else Fraction(support, base) >= Fraction(numerator, denominator)
    )
    assert rules.passes(support, base, numerator, denominator, strict) is expected


def test_two_thirds_of_six_is_four_not_less():
    assert rules.passes(4, 6, 2, 3, strict=False)
    assert not rules.passes(4, 6, 2, 3, strict=True)
    assert not rules.passes(3, 6, 1, 2, strict=True)  # exactly 50 % is not "more than 50 %"
    assert rules.passes(3, 6, 1, 2, strict=False)


def test_quorum_default_is_ceiling_of_two_thirds_of_members_r17():
    assert rules.quorum_required(6, 2, 3) == 4
    assert rules.quorum_required(8, 2, 3) == 6
    assert rules.quorum_met(4, 6, 2, 3) and not rules.quorum_met(3, 6, 2, 3)
    assert rules.quorum_met(6, 8, 2, 3) and not rules.quorum_met(5, 8, 2, 3)


def test_rule_text_spells_out_the_rule_in_vietnamese():
    r = rules.Rules(kind="yes_no")
    assert rules.rule_text("Đạt", True, 5, 6, r) == "Đạt: 5/6 phiếu = 83,3 % > 50 %"
    assert rules.rule_text("Không đạt", False, 3, 6, r) == "Không đạt: 3/6 phiếu = 50,0 % (cần > 50 %)"
    two_thirds = rules.Rules(
        kind="yes_no", threshold_numerator=2, threshold_denominator=3, threshold_strict=False
    )
    assert rules.rule_text("Đạt", True, 4, 6, two_thirds) == "Đạt: 4/6 phiếu = 66,7 % ≥ 2/3"


def _turnout(valid=6, collected=7, entitled=8, present=7, members=6, per_unit=1):
    return rules.Turnout(
        member_units=members,
        votes_per_unit=per_unit,
        voters_entitled=entitled,
        voters_present=present,
        collected=collected,
        valid=valid,
    )


def test_threshold_base_selects_the_configured_denominator():
    counts = {"yes": 4, "no": 1, "abstain": 1}
    turnout = _turnout(valid=6, collected=7, entitled=9, present=8, members=5, per_unit=2)
    expected = {
        "valid_ballots": 6,
        "ballots_cast": 7,
        "voters_entitled": 9,
        "voters_present": 8,
        "member_units": 10,
    }
    for base, value in expected.items():
        assert rules.option_base(rules.Rules(kind="yes_no", threshold_base=base), turnout, counts) == value
    without_abstain = rules.Rules(kind="yes_no", abstain_in_base=False)
    assert rules.option_base(without_abstain, turnout, counts) == 5


def test_same_votes_pass_or_fail_depending_on_the_base():
    tallies = [rules.OptionTally(option_id=1, label="CA Tiền Giang", counts={"yes": 4, "no": 2})]
    turnout = _turnout(valid=6, collected=6, entitled=9, present=9, members=9)
    on_valid = rules.decide(rules.Rules(kind="yes_no"), turnout, tallies)
    on_members = rules.decide(rules.Rules(kind="yes_no", threshold_base="member_units"), turnout, tallies)
    assert on_valid.outcomes[0].passed
    assert not on_members.outcomes[0].passed


@st.composite
def elections(draw):
    n_options = draw(st.integers(1, 6))
    valid = draw(st.integers(0, 12))
    supports = [draw(st.integers(0, valid)) for _ in range(n_options)]
    max_winners = draw(st.one_of(st.none(), st.integers(1, n_options)))
    numerator = draw(st.integers(0, 3))
    denominator = draw(st.integers(max(numerator, 1), 4))
    strict = draw(st.booleans())
    base = draw(st.sampled_from(BASES))
    return supports, valid, max_winners, numerator, denominator, strict, base


@settings(max_examples=50, deadline=None)
@given(elections())
def test_winners_pass_the_threshold_and_respect_the_limit_and_ties_are_reported(election):
    supports, valid, max_winners, numerator, denominator, strict, base = election
    r = rules.Rules(
        kind="choose_up_to_n",
        threshold_numerator=numerator,
        threshold_denominator=denominator,
        threshold_strict=strict,
        threshold_base=base,
        max_winners=max_winners,
    )
    turnout = _turnout(
        valid=valid, collected=valid + 1, entitled=valid + 3, present=valid + 2, members=valid + 1
    )
    tallies = [
        rules.OptionTally(option_id=i, label=str(i), counts={"selected": s}) for i, s in enumerate(supports)
    ]
    decision = rules.decide(r, turnout, tallies)
    winners = [o for o in decision.outcomes if o.is_winner]
    tied = [o for o in decision.outcomes if o.tied]
    passed = [o for o in decision.outcomes if o.passed]
    assert all(o.passed for o in winners + tied)
    if max_winners is not None:
        assert len(winners) <= max_winners
    if tied:
        # the tied all share the support at the last winning place and compete for the open slots
        assert len({o.support for o in tied}) == 1
        assert 0 < decision.open_slots < len(tied)
        assert len(winners) + decision.open_slots == max_winners
        assert all(w.support > tied[0].support for w in winners)
    else:
        expected = len(passed) if max_winners is None else min(len(passed), max_winners)
        assert len(winners) == expected
    # every winner has at least as many votes as every non-winner that passed
    for w in winners:
        assert all(w.support >= o.support for o in passed if not o.is_winner)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(0, 4), st.integers(0, 4)),
        min_size=1,
        max_size=5,
    )
)
def test_classification_gives_the_best_grade_whose_cumulative_votes_pass(rows):
    tallies = [
        rules.OptionTally(
            option_id=i, label=str(i), counts=dict(zip(rules.GRADES_BEST_FIRST, row, strict=True))
        )
        for i, row in enumerate(rows)
    ]
    valid = max(sum(row) for row in rows)
    turnout = _turnout(valid=valid, collected=valid)
    decision = rules.decide(rules.Rules(kind="classification"), turnout, tallies)
    for outcome, row in zip(decision.outcomes, rows, strict=True):
        cumulative = [sum(row[: i + 1]) for i in range(4)]
        passing = [g for g, c in zip(rules.GRADES_BEST_FIRST, cumulative, strict=True) if c * 2 > valid]
        assert outcome.grade == (passing[0] if passing else "")


def test_classification_rule_text_names_the_grade():
    tallies = [rules.OptionTally(option_id=1, label="CA Sóc Trăng", counts={"excellent": 5, "good": 1})]
    decision = rules.decide(rules.Rules(kind="classification"), _turnout(valid=6, collected=6), tallies)
    assert decision.outcomes[0].grade == "excellent"
    assert decision.outcomes[0].rule_text == "Xuất sắc: 5/6 phiếu = 83,3 % > 50 %"


def test_quorum_not_met_means_nobody_passes():
    tallies = [rules.OptionTally(option_id=1, label="A", counts={"yes": 6})]
    decision = rules.decide(rules.Rules(kind="yes_no"), _turnout(valid=6), tallies, quorum_ok=False)
    assert not decision.outcomes[0].passed and not decision.outcomes[0].is_winner


@settings(max_examples=50, deadline=None)
@given(
    scores=st.lists(st.one_of(st.none(), st.integers(0, 5).map(Decimal)), min_size=2, max_size=6),
    slots=st.integers(1, 3),
)
def test_tie_break_by_score_gives_places_to_the_highest_scores_only(scores, slots):
    tied = list(enumerate(scores))
    winners, still = rules.break_tie_by_score(tied, slots)
    assert len(winners) <= slots
    assert not set(winners) & set(still)
    if any(s is None for s in scores):
        assert winners == [] and len(still) == len(scores)
        return
    score = dict(tied)
    for w in winners:
        assert all(score[w] >= score[o] for o in score if o not in winners)
    if still:
        assert len(winners) + len(still) > slots
        assert len({score[o] for o in still}) == 1
    else:
        assert len(winners) == min(slots, len(scores))
