"""Rules of individual titles: CSTT, CSTĐCS, CSTĐ cấp bộ / toàn quốc (R2, R3, R5, R6)."""

from ...models import Rating
from ..facts import Facts
from ..registry import _state, rule
from ..verdicts import FAIL, OK, RATING_ORDER, Subject


@rule("title_same_year", "Đã đạt danh hiệu khác trong cùng năm")
def title_same_year(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """R2: CSTĐCS needs CSTT of the same year (L2022 Điều 21)."""
    code = params["award"]
    found = facts.has_title(subject, code, facts.year)
    return found is not None, f"cần đạt {facts.name(code)} cùng năm — {facts.year} {_state(found)}"


@rule("min_rating", "Xếp loại tối thiểu")
def min_rating(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """CSTT: hoàn thành tốt nhiệm vụ trở lên (L2022 Điều 24)."""
    wanted = params.get("rating", Rating.GOOD)
    label = Rating(wanted).label.lower()
    assessment = facts.assessment.get(subject.person_id or 0)
    if assessment is None:
        return False, f"cần {label} trở lên — chưa có đánh giá năm {facts.year} {FAIL}"
    passed = RATING_ORDER.index(assessment.rating) >= RATING_ORDER.index(wanted)
    return (
        passed,
        f"cần {label} trở lên — năm {facts.year}: {assessment.get_rating_display().lower()} {OK if passed else FAIL}",
    )


@rule("excellence_grounds", "Có ít nhất một căn cứ xuất sắc")
def excellence_grounds(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """R3: HTXSNV, or a recognised initiative, or accepted research, or combat ingenuity (L2022 Điều 21)."""
    assessment = facts.assessment.get(subject.person_id or 0)
    if assessment is None:
        return (
            False,
            f"cần một trong các căn cứ: HTXSNV, sáng kiến, đề tài, mưu trí chiến đấu — chưa có đánh giá năm {facts.year} {FAIL}",
        )
    grounds = []
    if assessment.rating == Rating.EXCELLENT:
        grounds.append("hoàn thành xuất sắc nhiệm vụ")
    if assessment.initiative:
        grounds.append(f"sáng kiến “{assessment.initiative}”")
    if assessment.research:
        grounds.append(f"đề tài “{assessment.research}”")
    if assessment.combat_ingenuity:
        grounds.append("mưu trí, sáng tạo trong chiến đấu")
    allowed = set(params.get("grounds", ["excellent", "initiative", "research", "combat"]))
    if "excellent" not in allowed and assessment.rating == Rating.EXCELLENT:
        grounds.remove("hoàn thành xuất sắc nhiệm vụ")
    if grounds:
        return True, f"có căn cứ xuất sắc: {', '.join(grounds)} {OK}"
    return (
        False,
        f"cần một trong các căn cứ: HTXSNV, sáng kiến, đề tài, mưu trí chiến đấu — năm {facts.year} không có {FAIL}",
    )


def streak_years(year: int, params: dict) -> list[int]:
    """The years a `consecutive_title` rule looks at, oldest first.

    `times` titles `step` years apart, the last one `offset` years before `year`: CSTĐ cấp bộ = 3 CSTĐCS
    ending in the proposal's year (step 1, offset 0); CSTĐ toàn quốc = 2 CSTĐ cấp bộ one three-year cycle
    apart, the later one the year before (step 3, offset 1: 2021 and 2024 for 2025) (DOMAIN.md §10).
    """
    times, step, offset = (
        int(params.get("times", 3)),
        int(params.get("step", 1)),
        int(params.get("offset", 0)),
    )
    last = year - offset
    return [last - step * i for i in range(times - 1, -1, -1)]


@rule("consecutive_title", "Đạt danh hiệu nhiều năm liên tục")
def consecutive_title(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """R5 (3 consecutive CSTĐCS, one streak for one CSTĐ cấp bộ) / R6 (2 consecutive CSTĐ cấp bộ, one cycle
    apart) (L2022 Điều 21; DOMAIN.md §10)."""
    code, times, step = params["award"], int(params.get("times", 3)), int(params.get("step", 1))
    years = streak_years(facts.year, params)
    marks = [(y, facts.has_title(subject, code, y)) for y in years]
    detail = ", ".join(f"{y} {_state(found)}" for y, found in marks)
    if step == 1:
        wanted = f"cần {times} năm liên tục đạt {facts.name(code)}"
    else:
        wanted = f"cần {times} lần liên tiếp đạt {facts.name(code)}, cách nhau một chu kỳ {step} năm"
    passed = all(found for _y, found in marks)
    if passed and params.get("exclusive"):
        # the streak already earned this title in one of its own years: it cannot earn it twice
        target = subject.award_type.code
        used = [y for y in years[:-1] if facts.has_title(subject, target, y)]
        if used:
            return False, (
                f"{wanted} — {detail}; chuỗi này đã được dùng cho {facts.name(target)} năm "
                f"{', '.join(map(str, used))} {FAIL}"
            )
    return passed, f"{wanted} — {detail}"
