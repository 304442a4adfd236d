"""The counting rules as pure functions (DOMAIN.md §4, R16, R17, R26), tested with hypothesis.

All comparisons are exact (integers / fractions), so "≥ 2/3" of 6 ballots means 4, never 3.999.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

GRADES_BEST_FIRST = ("excellent", "good", "fair", "average")
GRADE_LABELS = {"excellent": "Xuất sắc", "good": "Tốt", "fair": "Khá", "average": "Trung bình"}
SUPPORT_MARKS = ("yes", "selected")
ABSTAIN = "abstain"


@dataclass(frozen=True)
class Rules:
    kind: str
    threshold_numerator: int = 1
    threshold_denominator: int = 2
    threshold_strict: bool = True
    threshold_base: str = "valid_ballots"
    abstain_in_base: bool = True
    max_winners: int | None = None


@dataclass(frozen=True)
class Turnout:
    member_units: int
    votes_per_unit: int
    voters_entitled: int
    voters_present: int
    collected: int
    valid: int

    @property
    def invalid(self) -> int:
        return self.collected - self.valid


@dataclass
class OptionTally:
    option_id: int
    label: str
    counts: dict[str, int]
    tie_break_score: Decimal | None = None


@dataclass
class Outcome:
    option_id: int
    label: str
    counts: dict[str, int]
    support: int
    base: int
    passed: bool
    is_winner: bool = False
    tied: bool = False
    grade: str = ""
    rank: int | None = None
    rule_text: str = ""
    decided_by: str = ""


@dataclass
class Decision:
    outcomes: list[Outcome]
    tied_ids: list[int] = field(default_factory=list)
    open_slots: int = 0


def quorum_required(members: int, numerator: int, denominator: int) -> int:
    """⌈members × numerator / denominator⌉ units must be present (R17)."""
    return math.ceil(members * numerator / denominator) if members else 0


def quorum_met(present_units: int, members: int, numerator: int, denominator: int) -> bool:
    return present_units * denominator >= members * numerator


def passes(support: int, base: int, numerator: int, denominator: int, strict: bool) -> bool:
    """support / base > n/d (strict) or ≥ n/d, compared in integers. An empty base never passes."""
    if base <= 0:
        return False
    left, right = support * denominator, numerator * base
    return left > right if strict else left >= right


def threshold_text(numerator: int, denominator: int, strict: bool) -> str:
    sign = ">" if strict else "≥"
    if (numerator * 100) % denominator == 0:
        return f"{sign} {numerator * 100 // denominator} %"
    return f"{sign} {numerator}/{denominator}"


def percent_text(support: int, base: int) -> str:
    if base <= 0:
        return "0,0 %"
    value = Decimal(support * 100) / Decimal(base)
    return f"{value.quantize(Decimal('0.1')):f}".replace(".", ",") + " %"


def rule_text(label: str, passed: bool, support: int, base: int, rules: Rules) -> str:
    """ "Đạt: 5/6 phiếu = 83,3 % > 50 %" or "Không đạt: 3/6 phiếu = 50,0 % (cần > 50 %)"."""
    threshold = threshold_text(rules.threshold_numerator, rules.threshold_denominator, rules.threshold_strict)
    figures = f"{support}/{base} phiếu = {percent_text(support, base)}"
    if passed:
        return f"{label}: {figures} {threshold}"
    return f"{label}: {figures} (cần {threshold})"


def option_base(rules: Rules, turnout: Turnout, counts: dict[str, int]) -> int:
    base = rules.threshold_base
    if base == "ballots_cast":
        return turnout.collected
    if base == "voters_entitled":
        return turnout.voters_entitled
    if base == "voters_present":
        return turnout.voters_present
    if base == "member_units":
        return turnout.member_units * turnout.votes_per_unit
    if rules.abstain_in_base or rules.kind in ("choose_one", "choose_up_to_n"):
        return turnout.valid
    return sum(n for value, n in counts.items() if value != ABSTAIN)


def _competition_ranks(outcomes: list[Outcome]) -> None:
    ordered = sorted(outcomes, key=lambda o: -o.support)
    previous, rank = None, 0
    for position, outcome in enumerate(ordered, start=1):
        if outcome.support != previous:
            rank, previous = position, outcome.support
        outcome.rank = rank


def decide(rules: Rules, turnout: Turnout, tallies: list[OptionTally], quorum_ok: bool = True) -> Decision:
    """Apply threshold, base and winner limit. A tie at the last winning place is reported, not broken."""
    if rules.kind == "classification":
        return _classify(rules, turnout, tallies, quorum_ok)
    outcomes = []
    for tally in tallies:
        support = sum(tally.counts.get(mark, 0) for mark in SUPPORT_MARKS)
        base = option_base(rules, turnout, tally.counts)
        passed = quorum_ok and passes(
            support, base, rules.threshold_numerator, rules.threshold_denominator, rules.threshold_strict
        )
        label = "Đạt" if passed else "Không đạt"
        outcomes.append(
            Outcome(
                option_id=tally.option_id,
                label=tally.label,
                counts=dict(tally.counts),
                support=support,
                base=base,
                passed=passed,
                rule_text=rule_text(label, passed, support, base, rules),
            )
        )
    _competition_ranks(outcomes)
    decision = Decision(outcomes=outcomes)
    qualified = sorted((o for o in outcomes if o.passed), key=lambda o: -o.support)
    if rules.max_winners is None or len(qualified) <= rules.max_winners:
        for outcome in qualified:
            outcome.is_winner = True
        return decision
    cutoff = qualified[rules.max_winners - 1].support if rules.max_winners else None
    if cutoff is None:  # max_winners == 0: nobody can win
        return decision
    above = [o for o in qualified if o.support > cutoff]
    at_cutoff = [o for o in qualified if o.support == cutoff]
    for outcome in above:
        outcome.is_winner = True
    if len(above) + len(at_cutoff) <= rules.max_winners:
        for outcome in at_cutoff:
            outcome.is_winner = True
        return decision
    for outcome in at_cutoff:
        outcome.tied = True
    decision.tied_ids = [o.option_id for o in at_cutoff]
    decision.open_slots = rules.max_winners - len(above)
    return decision


def _classify(rules: Rules, turnout: Turnout, tallies: list[OptionTally], quorum_ok: bool) -> Decision:
    """Each unit gets the best grade whose votes "at that grade or better" pass the threshold."""
    outcomes = []
    for tally in tallies:
        base = option_base(rules, turnout, tally.counts)
        cumulative = 0
        result_grade, support = "", 0
        for grade in GRADES_BEST_FIRST:
            cumulative += tally.counts.get(grade, 0)
            if quorum_ok and passes(
                cumulative,
                base,
                rules.threshold_numerator,
                rules.threshold_denominator,
                rules.threshold_strict,
            ):
                result_grade, support = grade, cumulative
                break
        if result_grade:
            text = rule_text(GRADE_LABELS[result_grade], True, support, base, rules)
        else:
            support = cumulative
            text = rule_text("Không đủ phiếu để xếp loại", False, support, base, rules)
        outcomes.append(
            Outcome(
                option_id=tally.option_id,
                label=tally.label,
                counts=dict(tally.counts),
                support=support,
                base=base,
                passed=bool(result_grade),
                is_winner=bool(result_grade),
                grade=result_grade,
                rule_text=text,
            )
        )
    order = {g: i for i, g in enumerate(GRADES_BEST_FIRST)}
    ranked = sorted(outcomes, key=lambda o: (order.get(o.grade, len(order)), -o.support))
    previous, rank = None, 0
    for position, outcome in enumerate(ranked, start=1):
        key = (outcome.grade, outcome.support)
        if key != previous:
            rank, previous = position, key
        outcome.rank = rank
    return Decision(outcomes=outcomes)


def break_tie_by_score(tied: list[tuple[int, Decimal | None]], slots: int) -> tuple[list[int], list[int]]:
    """Give `slots` places to the highest scores. Returns (winners, still tied).

    A missing score or equal scores at the last place leave those options tied.
    """
    if slots <= 0:
        return [], []
    if any(score is None for _id, score in tied):
        return [], [option_id for option_id, _score in tied]
    ordered = sorted(tied, key=lambda item: -(item[1] or Decimal(0)))
    if len(ordered) <= slots:
        return [option_id for option_id, _ in ordered], []
    cutoff = ordered[slots - 1][1]
    above = [
        option_id
        for option_id, score in ordered
        if score is not None and cutoff is not None and score > cutoff
    ]
    at = [option_id for option_id, score in ordered if score == cutoff]
    if len(above) + len(at) == slots:
        return above + at, []
    return above, at
