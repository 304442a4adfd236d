"""Rules of collective titles: quotas, shares of members, Cờ thi đua (R4, R7–R10, R24)."""

import math

from ...models import Rating, SanctionLevel
from ..facts import Facts
from ..registry import rule
from ..verdicts import FAIL, OK, RATING_ORDER, Subject


def _quota_allowed(base: int, pct: float, rounding: str) -> int:
    value = base * pct / 100
    return math.ceil(value) if rounding == "ceil" else math.floor(value + 1e-9)


@rule("quota", "Tỷ lệ tối đa")
def quota(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """R4 (CSTĐCS ≤ 15 % of CSTT in the unit) / R24 (Cờ CP ≤ 20 % of units meeting the Cờ BCA standard)."""
    code = subject.award_type.code
    base_code, pct, scope = params["base"], float(params["pct"]), params.get("scope", "unit")
    rounding = params.get("rounding", "floor")
    if scope == "unit":
        count = facts.members_with(subject.unit_id, code) or len(
            facts.unit_individual_titles[(subject.unit_id, code)]
        )
        base = facts.members_with(subject.unit_id, base_code) or len(
            facts.unit_individual_titles[(subject.unit_id, base_code)]
        )
        where = "trong đơn vị"
    else:  # "year": collectives nationally (records + pending proposals)
        count = len(facts.year_counts[code])
        base = len(facts.year_counts[base_code])
        where = f"năm {facts.year}"
    allowed = _quota_allowed(base, pct, rounding)
    passed = count <= allowed
    return passed, (
        f"{facts.name(code)} {where}: {count} / tối đa {allowed} "
        f"({pct:g} % của {base} {facts.name(base_code)}) {OK if passed else FAIL}"
    )


@rule("unit_share", "Tỷ lệ cán bộ đạt danh hiệu trong đơn vị")
def unit_share(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """R7 (> 50 % CSTT) / R8 (≥ 70 % CSTT)."""
    code, min_pct, strict = params["award"], float(params["min_pct"]), bool(params.get("strict", False))
    total = len(facts.members[subject.unit_id])
    if not total:
        return False, f"chưa có danh sách đánh giá cán bộ năm {facts.year} của đơn vị {FAIL}"
    have = facts.members_with(subject.unit_id, code)
    share = have * 100 / total
    passed = share > min_pct if strict else share >= min_pct
    sign = ">" if strict else "≥"
    return (
        passed,
        f"cần {sign} {min_pct:g} % cán bộ đạt {facts.name(code)} — {have}/{total} = {share:.1f} % {OK if passed else FAIL}",
    )


@rule("unit_all_rated", "Cán bộ hoàn thành nhiệm vụ")
def unit_all_rated(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """R8: 100 % of members complete their tasks."""
    min_rating = params.get("min_rating", Rating.COMPLETED)
    min_pct = float(params.get("min_pct", 100))
    members = facts.members[subject.unit_id]
    if not members:
        return False, f"chưa có danh sách đánh giá cán bộ năm {facts.year} của đơn vị {FAIL}"
    floor = RATING_ORDER.index(min_rating)
    good = sum(1 for a in members if RATING_ORDER.index(a.rating) >= floor)
    share = good * 100 / len(members)
    passed = share >= min_pct
    return (
        passed,
        f"cần {min_pct:g} % cán bộ hoàn thành nhiệm vụ trở lên — {good}/{len(members)} {OK if passed else FAIL}",
    )


@rule("unit_min_count", "Số cán bộ tối thiểu đạt danh hiệu")
def unit_min_count(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """R8: at least one CSTĐCS in the unit."""
    code, minimum = params["award"], int(params.get("min", 1))
    have = facts.members_with(subject.unit_id, code) or len(
        facts.unit_individual_titles[(subject.unit_id, code)]
    )
    passed = have >= minimum
    return passed, f"cần ít nhất {minimum} {facts.name(code)} — có {have} {OK if passed else FAIL}"


@rule("no_member_discipline", "Không có cán bộ bị kỷ luật")
def no_member_discipline(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """R7, R8: no member disciplined at cảnh cáo or above during the year."""
    min_level = int(params.get("min_level", SanctionLevel.WARNING))
    members = {a.person_id for a in facts.members[subject.unit_id]}
    hits = [
        r
        for r in facts.member_sanctions[subject.unit_id]
        if (r.level or 0) >= min_level and (not members or r.person_id in members)
    ]
    label = SanctionLevel(min_level).label
    if hits:
        names = ", ".join(
            f"{r.person.full_name if r.person else r.unit} ({r.get_level_display()})" for r in hits[:5]
        )
        return False, f"không có cán bộ bị kỷ luật từ {label} trở lên năm {facts.year} — có: {names} {FAIL}"
    return True, f"không có cán bộ bị kỷ luật từ {label} trở lên năm {facts.year} {OK}"


def _override(facts: Facts, subject: Subject, rule_key: str, ticked: bool) -> tuple[bool, str] | None:
    """The tick box as a recorded exception: counts only once a second person approved it."""
    override = facts.overrides.get((subject.candidate_id or 0, rule_key))
    if override is not None and override.is_approved:
        approver = (
            override.approved_by.get_full_name() or override.approved_by.get_username()
            if override.approved_by
            else "?"
        )
        return True, f"{OK} (ghi nhận ngoại lệ: “{override.reason}”; người duyệt: {approver})"
    if override is not None or ticked:
        return False, f"{FAIL} (ghi nhận trong hồ sơ chưa được người thứ hai duyệt)"
    return None


@rule("flag_standard", "Đạt tiêu chuẩn Cờ thi đua Bộ Công an")
def flag_standard(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """R9: Cờ CP only for a unit meeting the Cờ BCA standard that year (TT12 Điều 18.1), shown by that year's
    records: a Cờ BCA award, or a Cờ BCA proposal found eligible / accepted by the council (issue 17.8)."""
    code = params.get("award", "CO-BCA")
    wanted = f"cần đạt tiêu chuẩn {facts.name(code)} năm {facts.year}"
    if facts.year in facts.unit_titles[subject.unit_id].get(code, ()):
        return True, f"{wanted} — {OK} (đã được tặng {facts.name(code)} năm {facts.year})"
    result = facts.unit_results.get((subject.unit_id, code))
    if result:
        return True, f"{wanted} — {OK} (kết quả xét {facts.name(code)} trong đề nghị “{result}”)"
    override = _override(facts, subject, "flag_standard", subject.meets_flag_standard)
    if override:
        return override[0], f"{wanted} — {override[1]}"
    return False, f"{wanted} — chưa có kết quả xét {facts.name(code)} năm {facts.year} {FAIL}"


@rule("leads_cluster", "Đơn vị dẫn đầu cụm thi đua")
def leads_cluster(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """R10: Cờ CP only for the leading unit of its emulation cluster (TT12 Điều 18.1), shown by the cluster's
    tallied "dẫn đầu" ballot (one winner unless configured) or its locked year-end ranking (issue 17.8)."""
    wanted = f"là đơn vị dẫn đầu cụm thi đua năm {facts.year}"
    ballot = facts.cluster_leaders.get(subject.unit_id)
    if ballot:
        return True, f"{wanted} {OK} (kết quả bỏ phiếu “{ballot}”)"
    ranking = facts.ranking_leaders.get(subject.unit_id)
    if ranking:
        return True, f"{wanted} {OK} (hạng nhất bảng xếp hạng tổng kết năm đã khóa của {ranking})"
    override = _override(facts, subject, "leads_cluster", subject.leads_cluster)
    if override:
        return override[0], f"{wanted} {override[1]}"
    return (
        False,
        f"cần {wanted} — chưa có kết quả suy tôn dẫn đầu hay bảng xếp hạng năm đã khóa {FAIL}",
    )
