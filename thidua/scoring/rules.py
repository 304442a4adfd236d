"""Pure scoring rules: formulas per criterion, totals (R21), ranking with a tie-break chain, classification.

No database access here: services and selectors feed plain values in and store/show what comes out.
Every function returns, next to its number, the reason (a `Step`) so any figure can be explained.

Defaults are assumptions (DOMAIN.md §5: "UNVERIFIED → configurable"); callers pass the owner's
ScoringConfig values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from thidua.core.text import fold

ZERO = Decimal("0")
HUNDRED = Decimal("100")
POINTS_QUANTUM = Decimal("0.01")


def quantize(value: Decimal) -> Decimal:
    """Points are kept to two decimals, rounded half up (as written in a score table)."""
    return Decimal(value).quantize(POINTS_QUANTUM, rounding=ROUND_HALF_UP)


# -- formulas per criterion --------------------------------------------------------------------------


class Formula(StrEnum):
    PROPORTIONAL = "proportional"  # points = max × min(actual / target, 1)
    ALL_OR_NOTHING = "all_or_nothing"  # max if the target is met, else 0
    LOWER_IS_BETTER = "lower_is_better"  # max if actual ≤ target, else max × target / actual
    COUNT_THRESHOLDS = "count_thresholds"  # points of the highest threshold reached
    PER_ITEM = "per_item"  # points per counted item, up to max
    MANUAL = "manual"  # entered by a person


FORMULA_LABELS = {
    Formula.PROPORTIONAL: _("Tỷ lệ theo mức đạt chỉ tiêu (tối đa bằng điểm chuẩn)"),
    Formula.ALL_OR_NOTHING: _("Đạt chỉ tiêu được đủ điểm, không đạt 0 điểm"),
    Formula.LOWER_IS_BETTER: _("Chỉ tiêu càng thấp càng tốt: vượt ngưỡng bị giảm điểm theo tỷ lệ"),
    Formula.COUNT_THRESHOLDS: _("Theo số lượng đạt các mốc"),
    Formula.PER_ITEM: _("Mỗi kết quả được cộng điểm, tối đa bằng điểm chuẩn"),
    Formula.MANUAL: _("Chấm điểm trực tiếp"),
}


@dataclass(frozen=True)
class FormulaResult:
    points: Decimal
    formula: Formula
    detail: str  # human-readable computation, e.g. "20 × min(95 / 100; 1) = 19"


def format_number(value: Decimal) -> str:
    """Vietnamese decimal comma, no trailing zeros: 47.50 → "47,5"."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


def proportional(max_points: Decimal, target: Decimal, actual: Decimal) -> FormulaResult:
    """Proportional to achievement, capped at the criterion's max points (never negative)."""
    max_points, target, actual = Decimal(max_points), Decimal(target), Decimal(actual)
    if target <= ZERO:
        ratio = Decimal(1) if actual >= target else ZERO
    else:
        ratio = min(max(actual / target, ZERO), Decimal(1))
    points = quantize(max_points * ratio)
    detail = f"{format_number(max_points)} × min({format_number(actual)} / {format_number(target)}; 1) = {format_number(points)}"
    return FormulaResult(points, Formula.PROPORTIONAL, detail)


def all_or_nothing(max_points: Decimal, achieved: bool) -> FormulaResult:
    points = quantize(Decimal(max_points)) if achieved else quantize(ZERO)
    detail = f"{'đạt' if achieved else 'không đạt'} → {format_number(points)}"
    return FormulaResult(points, Formula.ALL_OR_NOTHING, detail)


def target_met(*, target: Decimal, actual: Decimal, lower_is_better: bool) -> bool:
    return Decimal(actual) <= Decimal(target) if lower_is_better else Decimal(actual) >= Decimal(target)


def lower_is_better(max_points: Decimal, target: Decimal, actual: Decimal) -> FormulaResult:
    """For "at most N" targets (e.g. number of incidents): full points up to the target, then target/actual."""
    max_points, target, actual = Decimal(max_points), Decimal(target), Decimal(actual)
    if actual <= target:
        ratio = Decimal(1)
    elif target <= ZERO:
        ratio = ZERO
    else:
        ratio = target / actual
    points = quantize(max_points * ratio)
    detail = (
        f"{format_number(actual)} ≤ {format_number(target)} → {format_number(points)}"
        if actual <= target
        else f"{format_number(max_points)} × {format_number(target)} / {format_number(actual)} = {format_number(points)}"
    )
    return FormulaResult(points, Formula.LOWER_IS_BETTER, detail)


def count_thresholds(
    max_points: Decimal, count: Decimal, thresholds: Sequence[tuple[Decimal, Decimal]]
) -> FormulaResult:
    """`thresholds` = [(minimum count, points), …]; the highest one reached counts, capped at max points.

    Without thresholds a count of at least 1 earns the max points.
    """
    max_points, count = Decimal(max_points), Decimal(count)
    reached = [(Decimal(m), Decimal(p)) for m, p in thresholds if count >= Decimal(m)]
    if thresholds:
        best = max(reached, key=lambda pair: (pair[1], pair[0])) if reached else None
        points = quantize(min(best[1], max_points)) if best else quantize(ZERO)
        detail = (
            f"{format_number(count)} ≥ {format_number(best[0])} → {format_number(points)}"
            if best
            else f"{format_number(count)} < {format_number(min(Decimal(m) for m, _p in thresholds))} → 0"
        )
    else:
        points = quantize(max_points) if count >= 1 else quantize(ZERO)
        detail = f"{format_number(count)} → {format_number(points)}"
    return FormulaResult(points, Formula.COUNT_THRESHOLDS, detail)


def per_item(max_points: Decimal, count: Decimal, points_per_item: Decimal) -> FormulaResult:
    """Counted items × points per item, capped at the max points (never negative)."""
    max_points, count, each = Decimal(max_points), Decimal(count), Decimal(points_per_item)
    points = quantize(min(max(count * each, ZERO), max_points))
    detail = f"min({format_number(count)} × {format_number(each)}; {format_number(max_points)}) = {format_number(points)}"
    return FormulaResult(points, Formula.PER_ITEM, detail)


def clamp_points(points: Decimal, max_points: Decimal) -> Decimal:
    return quantize(min(max(Decimal(points), ZERO), Decimal(max_points)))


# -- totals (R21) -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Caps:
    """Bonus/penalty caps (R21; values UNVERIFIED → configurable). None = no cap."""

    bonus: Decimal | None = Decimal("5")
    penalty: Decimal | None = Decimal("10")


@dataclass(frozen=True)
class Total:
    criteria: Decimal
    bonus_raw: Decimal
    bonus: Decimal
    penalty_raw: Decimal
    penalty: Decimal
    total: Decimal

    @property
    def bonus_capped(self) -> bool:
        return self.bonus < self.bonus_raw

    @property
    def penalty_capped(self) -> bool:
        return self.penalty < self.penalty_raw


def total(
    criterion_points: Iterable[Decimal], bonuses: Iterable[Decimal], penalties: Iterable[Decimal], caps: Caps
) -> Total:
    """Final score = Σ criterion scores + min(Σ bonus, cap) − min(Σ penalty, cap) (DOMAIN.md R21)."""
    criteria = quantize(sum((Decimal(p) for p in criterion_points), ZERO))
    bonus_raw = quantize(sum((abs(Decimal(p)) for p in bonuses), ZERO))
    penalty_raw = quantize(sum((abs(Decimal(p)) for p in penalties), ZERO))
    bonus = bonus_raw if caps.bonus is None else min(bonus_raw, quantize(caps.bonus))
    penalty = penalty_raw if caps.penalty is None else min(penalty_raw, quantize(caps.penalty))
    return Total(criteria, bonus_raw, bonus, penalty_raw, penalty, quantize(criteria + bonus - penalty))


# -- ranking ------------------------------------------------------------------------------------------


class TieBreak(StrEnum):
    """Keys of the tie-break chain, tried in order after the total.

    `group:<n>` (higher points in the n-th criteria group, n from 1) is written as a string.
    """

    FEWER_PENALTY_POINTS = "penalty"
    FEWER_PENALTIES = "penalty_count"
    MORE_BONUS = "bonus"
    NO_SERIOUS_VIOLATION = "no_serious_violation"


TIE_BREAK_LABELS = {
    TieBreak.FEWER_PENALTY_POINTS: _("ít điểm trừ hơn"),
    TieBreak.FEWER_PENALTIES: _("ít lần bị trừ điểm hơn"),
    TieBreak.MORE_BONUS: _("nhiều điểm thưởng hơn"),
    TieBreak.NO_SERIOUS_VIOLATION: _("không có vi phạm nghiêm trọng"),
}
DEFAULT_TIE_BREAK = ("group:1", TieBreak.FEWER_PENALTY_POINTS.value, TieBreak.FEWER_PENALTIES.value)


def tie_break_label(key: str) -> str:
    if key == "total":
        return str(_("tổng điểm cao hơn"))
    if key.startswith("group:"):
        return str(_("điểm nội dung {n} cao hơn")).format(n=key.split(":", 1)[1])
    try:
        return str(TIE_BREAK_LABELS[TieBreak(key)])
    except ValueError:
        return key


BEHIND_LABELS = {
    TieBreak.FEWER_PENALTY_POINTS: _("bị trừ nhiều điểm hơn"),
    TieBreak.FEWER_PENALTIES: _("bị trừ điểm nhiều lần hơn"),
    TieBreak.MORE_BONUS: _("ít điểm thưởng hơn"),
    TieBreak.NO_SERIOUS_VIOLATION: _("có vi phạm nghiêm trọng"),
}


def behind_label(key: str) -> str:
    """Why a unit stands below the one above it (the chain key that separated them)."""
    if key == "total":
        return str(_("tổng điểm thấp hơn"))
    if key.startswith("group:"):
        return str(_("bằng tổng điểm nhưng điểm nội dung {n} thấp hơn")).format(n=key.split(":", 1)[1])
    try:
        return str(_("bằng tổng điểm nhưng {reason}")).format(reason=BEHIND_LABELS[TieBreak(key)])
    except ValueError:
        return key


def validate_tie_break(chain: Sequence[str]) -> list[str]:
    """Return the chain cleaned, raising ValueError on an unknown key."""
    cleaned: list[str] = []
    for key in chain:
        key = str(key).strip()
        if key.startswith("group:"):
            number = key.split(":", 1)[1]
            if not number.isdigit() or int(number) < 1:
                raise ValueError(key)
        elif key not in TieBreak.__members__.values():
            raise ValueError(key)
        if key not in cleaned:
            cleaned.append(key)
    return cleaned


@dataclass(frozen=True)
class Standing:
    """What ranking needs to know about a unit in one period."""

    unit_id: int
    name: str
    total: Decimal
    group_points: dict[int, Decimal] = field(default_factory=dict)  # group number (1-based) → points
    penalty: Decimal = ZERO
    penalty_count: int = 0
    bonus: Decimal = ZERO
    serious_violation: bool = False


@dataclass(frozen=True)
class Ranked:
    standing: Standing
    rank: int  # competition ranking: 1, 2, 2, 4
    tied: bool  # equal with another unit on the total and the whole chain
    tied_with: tuple[int, ...]  # unit ids sharing this rank
    decided_by: str | None  # chain key separating it from the unit just above (None: first or tied)


def _key_value(standing: Standing, key: str) -> Decimal:
    """A sortable value where larger is better."""
    if key == "total":
        return Decimal(standing.total)
    if key.startswith("group:"):
        return Decimal(standing.group_points.get(int(key.split(":", 1)[1]), ZERO))
    if key == TieBreak.FEWER_PENALTY_POINTS:
        return -Decimal(standing.penalty)
    if key == TieBreak.FEWER_PENALTIES:
        return -Decimal(standing.penalty_count)
    if key == TieBreak.MORE_BONUS:
        return Decimal(standing.bonus)
    if key == TieBreak.NO_SERIOUS_VIOLATION:
        return ZERO if standing.serious_violation else Decimal(1)
    raise ValueError(key)


@lru_cache(maxsize=8192)
def sort_name(name: str) -> str:
    """The key listing units in a true tie: the folded (diacritic-free) name."""
    return fold(name)


def first_difference(upper: Standing, lower: Standing, keys: Sequence[str]) -> str | None:
    """The first key of ["total", *chain] on which two standings differ (None: a true tie)."""
    for key in keys:
        if _key_value(upper, key) != _key_value(lower, key):
            return key
    return None


def rank(standings: Iterable[Standing], chain: Sequence[str] = DEFAULT_TIE_BREAK) -> list[Ranked]:
    """Rank by total, then the tie-break chain; a true tie (equal on all of them) shares the rank.

    Within a true tie units are listed by folded name then id, so the output never depends on the
    order of the input.
    """
    keys = ["total", *chain]
    items = [(tuple(_key_value(s, key) for key in keys), s) for s in standings]
    items.sort(key=lambda pair: pair[0], reverse=True)
    result: list[Ranked] = []
    previous: tuple | None = None
    index, count = 0, len(items)
    while index < count:
        vector = items[index][0]
        end = index + 1
        while end < count and items[end][0] == vector:
            end += 1
        group = [standing for _vector, standing in items[index:end]]
        if len(group) > 1:
            group.sort(key=lambda s: (sort_name(s.name), s.name, s.unit_id))
        decided_by = (
            None
            if previous is None
            else next(k for k, a, b in zip(keys, previous, vector, strict=True) if a != b)
        )
        ids = tuple(s.unit_id for s in group)
        tied = len(group) > 1
        for position, standing in enumerate(group):
            result.append(
                Ranked(
                    standing=standing,
                    rank=index + 1,
                    tied=tied,
                    tied_with=tuple(i for i in ids if i != standing.unit_id) if tied else (),
                    decided_by=decided_by if position == 0 else None,
                )
            )
        previous = vector
        index = end
    return result


# -- classification ---------------------------------------------------------------------------------


class Band(StrEnum):
    EXCELLENT = "excellent"
    GOOD = "good"
    FAIR = "fair"
    AVERAGE = "average"
    WEAK = "weak"


BAND_LABELS = {
    Band.EXCELLENT: _("Xuất sắc"),
    Band.GOOD: _("Tốt"),
    Band.FAIR: _("Khá"),
    Band.AVERAGE: _("Trung bình"),
    Band.WEAK: _("Yếu"),
}
BAND_ORDER = [Band.EXCELLENT, Band.GOOD, Band.FAIR, Band.AVERAGE, Band.WEAK]  # best first

# Minimum total for each band but the last (DOMAIN.md §5 assumption: 90/80/65; "Yếu" below 50).
DEFAULT_THRESHOLDS = {
    Band.EXCELLENT: Decimal("90"),
    Band.GOOD: Decimal("80"),
    Band.FAIR: Decimal("65"),
    Band.AVERAGE: Decimal("50"),
}


class Flag(StrEnum):
    SERIOUS_VIOLATION = "serious_violation"


FLAG_LABELS = {Flag.SERIOUS_VIOLATION: _("có vi phạm nghiêm trọng")}

# A flag caps the band: a unit with a serious violation is never "Xuất sắc" (issue 6 §3).
DEFAULT_FLAG_CAPS = {Flag.SERIOUS_VIOLATION: Band.GOOD}


def band_label(band: str) -> str:
    return str(BAND_LABELS.get(Band(band), band)) if band in Band.__members__.values() else band


def validate_thresholds(thresholds: dict[str, Decimal]) -> dict[Band, Decimal]:
    """Thresholds must be given for every band but "Yếu" and strictly decrease down the bands."""
    cleaned = {Band(k): Decimal(v) for k, v in thresholds.items()}
    needed = BAND_ORDER[:-1]
    if set(cleaned) != set(needed):
        raise ValueError("thresholds")
    values = [cleaned[b] for b in needed]
    if any(a <= b for a, b in zip(values, values[1:], strict=False)):
        raise ValueError("thresholds")
    return cleaned


@dataclass(frozen=True)
class Classification:
    band: Band
    by_points: Band
    capped_by: tuple[Flag, ...]

    @property
    def label(self) -> str:
        return str(BAND_LABELS[self.band])


_BAND_INDEX = {band: index for index, band in enumerate(BAND_ORDER)}


def classify(
    total_points: Decimal,
    *,
    flags: Iterable[str] = (),
    thresholds: dict[Band, Decimal] | None = None,
    flag_caps: dict[Flag, Band] | None = None,
) -> Classification:
    """The band reached by points, lowered to the cap of any flag the unit carries."""
    thresholds = thresholds or DEFAULT_THRESHOLDS
    flag_caps = DEFAULT_FLAG_CAPS if flag_caps is None else flag_caps
    by_points = Band.WEAK
    for band in BAND_ORDER[:-1]:
        if total_points >= thresholds[band]:
            by_points = band
            break
    band = by_points
    capped_by = []
    for flag in sorted({Flag(f) for f in flags}) if flags else ():
        cap = flag_caps.get(flag)
        if cap is not None and _BAND_INDEX[band] < _BAND_INDEX[cap]:
            band = cap
            capped_by.append(flag)
    return Classification(band=band, by_points=by_points, capped_by=tuple(capped_by))
