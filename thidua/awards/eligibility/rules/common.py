"""Rules for every title: discipline, one achievement one award, the council's vote (R11, R12, R15)."""

from ...models import achievement_of
from ..facts import Facts
from ..registry import rule
from ..verdicts import FAIL, OK, Subject


@rule("no_discipline", "Không đang bị kỷ luật hoặc chờ xem xét kỷ luật")
def no_discipline(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """R11: excluded while awaiting review or under an unexpired sanction (TT12 Điều 2.1)."""
    day = facts.day
    records = (
        facts.discipline_by_person[subject.person_id]
        if subject.person_id
        else facts.discipline_by_unit[subject.unit_id]
    )
    for record in records:
        if record.pending_review and record.effective_from <= day:
            return False, f"đang chờ xem xét kỷ luật (từ {record.effective_from:%d/%m/%Y}) {FAIL}"
        if record.level and record.is_running_on(day):
            until = f"{record.effective_to:%d/%m/%Y}" if record.effective_to else "chưa hết hạn"
            return False, f"đang chịu kỷ luật {record.get_level_display()} đến {until} {FAIL}"
    return True, f"không đang bị kỷ luật, không chờ xem xét kỷ luật {OK}"


@rule("unique_achievement", "Một thành tích chỉ khen một lần")
def unique_achievement(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """R12: the same achievement cannot be used for two awards (L2022, nguyên tắc). An achievement citing its
    source record (report, initiative, ballot, decision) is that record; one citing none is its text, tone
    marks kept (issue 17.9)."""
    mine = achievement_of(subject.achievement, *subject.source, candidate_id=subject.candidate_id)
    if not mine.key:
        return False, f"chưa có tóm tắt thành tích {FAIL}"
    if subject.person_id:
        used = facts.person_achievements[subject.person_id]
        others = facts.pending_achievements[("p", subject.person_id)]
    else:
        used = facts.unit_achievements[subject.unit_id]
        others = facts.pending_achievements[("u", subject.unit_id)]
    what = "nguồn thành tích này" if mine.has_source else "thành tích này (so theo nội dung, chưa dẫn nguồn)"
    if any(
        e.key == mine.key and (e.candidate_id is None or e.candidate_id != subject.candidate_id) for e in used
    ):
        return False, f"{what} đã được khen thưởng trước đây {FAIL}"
    if any(e.candidate_id != subject.candidate_id and e.key == mine.key for e in others):
        return False, f"{what} đang được dùng cho một đề nghị khác {FAIL}"
    return True, f"{what} chưa được dùng cho khen thưởng khác {OK}"


@rule("council_threshold", "Tỷ lệ phiếu đồng ý của Hội đồng TĐKT")
def council_threshold(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """R15: CSTĐ cấp bộ / toàn quốc need ≥ 90 % of all council members (NĐ 91/2017 Điều 45.8)."""
    pct = float(params.get("pct", 90))
    if subject.votes_for is None or not subject.council_members:
        return None, f"cần ≥ {pct:g} % tổng số thành viên Hội đồng đồng ý — chưa biểu quyết"
    share = subject.votes_for * 100 / subject.council_members
    passed = share >= pct
    return passed, (
        f"cần ≥ {pct:g} % tổng số thành viên Hội đồng đồng ý — {subject.votes_for}/{subject.council_members} "
        f"= {share:.1f} % {OK if passed else FAIL}"
    )
