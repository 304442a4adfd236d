"""The eligibility engine: each criterion is a small rule, parameterised by a CriterionRule row.

A rule reads only `Facts` (loaded for a year and a set of units/people in a fixed number of
queries) and returns a `Line`: passed (True / False / None = not decidable yet) and a Vietnamese
explanation that ends with the clause it comes from, e.g.
"cần 3 năm liên tục đạt CSTĐCS — 2022 ✓, 2023 ✓, 2024 ✗ (Điều 21 Luật TĐKT 2022)".

Which rules apply is data: the CriterionRule rows of the award type (and the cross-cutting rows
without an award type) whose legal basis is in force on 31/12 of the proposal's year.
"""

import datetime
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from thidua.core.text import fold
from thidua.voting.models import BallotStatus, OptionResult

from .models import (
    AnnualAssessment,
    AwardRecord,
    AwardType,
    CandidateStatus,
    CriterionRule,
    DisciplineRecord,
    LegalBasis,
    Person,
    ProposalBatch,
    ProposalCandidate,
    ProposalStatus,
    Rating,
    RecipientKind,
    SanctionLevel,
    achievement_key,
)

OK, FAIL = "✓", "✗"
MANUAL = "manual_appraisal"
APPRAISAL = "cần thẩm định hồ sơ"
RATING_ORDER = [Rating.NOT_COMPLETED, Rating.COMPLETED, Rating.GOOD, Rating.EXCELLENT]
HISTORY_YEARS = 12


def reference_day(year: int) -> datetime.date:
    """Rules in force at the end of the proposal's year judge it."""
    return datetime.date(year, 12, 31)


@dataclass(frozen=True)
class Subject:
    """Who is proposed for what (a saved candidate or an ad-hoc check)."""

    award_type: AwardType
    unit_id: int
    person_id: int | None = None
    achievement: str = ""
    leads_cluster: bool = False
    meets_flag_standard: bool = False
    batch_id: int | None = None
    candidate_id: int | None = None
    votes_for: int | None = None
    council_members: int | None = None

    @classmethod
    def of(cls, candidate: ProposalCandidate, batch: ProposalBatch | None = None) -> "Subject":
        batch = batch or candidate.batch
        return cls(
            award_type=candidate.award_type,
            unit_id=candidate.unit_id,
            person_id=candidate.person_id,
            achievement=candidate.achievement,
            leads_cluster=candidate.leads_cluster,
            meets_flag_standard=candidate.meets_flag_standard,
            batch_id=candidate.batch_id,
            candidate_id=candidate.pk,
            votes_for=candidate.votes_for,
            council_members=batch.council_members if batch else None,
        )

    @property
    def is_individual(self) -> bool:
        return self.person_id is not None


@dataclass
class Line:
    rule: str
    passed: bool | None
    message: str
    citation: str
    is_verified: bool = True
    manual: bool = False  # a criterion the engine cannot judge: the file needs a human appraisal

    @property
    def mark(self) -> str:
        return {True: OK, False: FAIL, None: "…"}[self.passed]

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "passed": self.passed,
            "message": self.message,
            "citation": self.citation,
            "is_verified": self.is_verified,
            "manual": self.manual,
            "text": self.text,
        }

    @property
    def text(self) -> str:
        note = "" if self.is_verified else "; giá trị mặc định chưa kiểm chứng"
        return f"{self.message} ({self.citation}{note})"


@dataclass
class Verdict:
    subject: Subject
    lines: list[Line] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(line.passed is False for line in self.lines)

    @property
    def needs_appraisal(self) -> bool:
        """No criterion failed, but one is not encoded (issue 17.7): neither ✓ nor ✗."""
        return not self.failed and any(line.manual for line in self.lines)

    @property
    def passed(self) -> bool:
        """✓ only when every criterion is encoded and none failed — never without a rule."""
        return not self.failed and not self.needs_appraisal

    @property
    def eligible(self) -> bool | None:
        """True ✓ / False ✗ / None = cần thẩm định hồ sơ."""
        return None if self.needs_appraisal else self.passed

    @property
    def status(self) -> str:
        return "failed" if self.failed else "manual" if self.needs_appraisal else "passed"

    @property
    def failures(self) -> list[Line]:
        return [line for line in self.lines if line.passed is False]

    def as_list(self) -> list[dict[str, Any]]:
        return [line.as_dict() for line in self.lines]

    @classmethod
    def from_snapshot(cls, subject: Subject, snapshot: list[dict[str, Any]]) -> "Verdict":
        """The verdict stored when the proposal left the unit / the council (what was judged then)."""
        return cls(
            subject,
            [
                Line(
                    d["rule"],
                    d["passed"],
                    d["message"],
                    d["citation"],
                    d.get("is_verified", True),
                    d.get("manual", d["rule"] in (MANUAL, "no_rules")),
                )
                for d in snapshot
            ],
        )


# -- facts -----------------------------------------------------------------------------------------


class Facts:
    """Award history, headcounts, discipline and pending proposals for one year, preloaded."""

    def __init__(self, *, year: int, unit_ids: Iterable[int], person_ids: Iterable[int] = ()) -> None:
        self.year = year
        self.day = reference_day(year)
        self.unit_ids = set(unit_ids)
        first_year = year - HISTORY_YEARS
        self.codes: dict[int, str] = dict(AwardType.objects.values_list("pk", "code"))
        self.names: dict[str, str] = {
            code: short or name
            for code, short, name in AwardType.objects.values_list("code", "short_name", "name")
        }
        bases = list(LegalBasis.objects.in_force_on(self.day).values_list("pk", flat=True))
        self.rules: dict[int | None, list[CriterionRule]] = defaultdict(list)
        for rule in CriterionRule.objects.filter(legal_basis_id__in=bases).select_related("legal_basis"):
            self.rules[rule.award_type_id].append(rule)

        # headcount of each unit this year = people assessed in it
        self.members: dict[int, list[AnnualAssessment]] = defaultdict(list)
        self.assessment: dict[int, AnnualAssessment] = {}
        for assessment in AnnualAssessment.objects.filter(year=year, unit_id__in=self.unit_ids):
            self.members[assessment.unit_id].append(assessment)
            self.assessment[assessment.person_id] = assessment
        person_ids = set(person_ids) | set(self.assessment)
        person_ids |= set(Person.objects.filter(unit_id__in=self.unit_ids).values_list("pk", flat=True))
        missing = person_ids - set(self.assessment)
        if missing:
            for assessment in AnnualAssessment.objects.filter(year=year, person_id__in=missing):
                self.assessment[assessment.person_id] = assessment
        self.person_ids = person_ids

        # award history (records not revoked)
        self.person_titles: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.unit_titles: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.person_achievements: dict[int, set[tuple[str, int | None]]] = defaultdict(set)
        self.unit_achievements: dict[int, set[tuple[str, int | None]]] = defaultdict(set)
        self.unit_individual_titles: dict[tuple[int, str], set[int]] = defaultdict(set)
        records = AwardRecord.objects.filter(
            revoked_on__isnull=True, year__gte=first_year, year__lte=year
        ).filter(Q(person_id__in=person_ids) | Q(unit_id__in=self.unit_ids, person__isnull=True))
        for type_id, rec_year, unit_id, person_id, key, candidate_id in records.values_list(
            "award_type_id", "year", "unit_id", "person_id", "achievement_key", "candidate_id"
        ):
            code = self.codes[type_id]
            if person_id:
                self.person_titles[person_id][code].add(rec_year)
                if key:
                    self.person_achievements[person_id].add((key, candidate_id))
            else:
                self.unit_titles[unit_id][code].add(rec_year)
                if key:
                    self.unit_achievements[unit_id].add((key, candidate_id))
        for person_id, type_id, unit_id in AwardRecord.objects.filter(
            revoked_on__isnull=True, year=year, unit_id__in=self.unit_ids, person__isnull=False
        ).values_list("person_id", "award_type_id", "unit_id"):
            self.unit_individual_titles[(unit_id, self.codes[type_id])].add(person_id)

        # pending proposals of the same year (any batch not yet decided, candidates not rejected)
        self.person_pending: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.unit_pending: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.pending_achievements: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
        pending = ProposalCandidate.objects.filter(
            batch__year=year, status__in=[CandidateStatus.PROPOSED, CandidateStatus.ACCEPTED]
        ).exclude(batch__status=ProposalStatus.DECIDED)
        self.batch_counts: dict[tuple[int, str], int] = defaultdict(int)
        self.year_counts: dict[str, set[int]] = defaultdict(set)
        for cand_id, batch_id, type_id, unit_id, person_id, text in pending.values_list(
            "pk", "batch_id", "award_type_id", "unit_id", "person_id", "achievement"
        ):
            code = self.codes[type_id]
            self.batch_counts[(batch_id, code)] += 1
            if person_id:
                self.person_pending[person_id][code].add(batch_id)
                self.pending_achievements[("p", person_id)].append((cand_id, achievement_key(text)))
                if unit_id in self.unit_ids:
                    self.unit_individual_titles[(unit_id, code)].add(person_id)
            else:
                self.unit_pending[unit_id][code].add(batch_id)
                self.pending_achievements[("u", unit_id)].append((cand_id, achievement_key(text)))
                self.year_counts[code].add(unit_id)
        for unit_id, type_id in (
            AwardRecord.objects.filter(revoked_on__isnull=True, year=year, person__isnull=True)
            .values_list("unit_id", "award_type_id")
            .distinct()
        ):
            self.year_counts[self.codes[type_id]].add(unit_id)

        # leading units of their cluster this year, from tallied suy tôn ballots (voting app)
        self.cluster_leaders: dict[int, str] = {}
        for unit_id, title, award_title in (
            OptionResult.objects.filter(
                is_winner=True,
                option__unit_id__in=self.unit_ids,
                ballot__conference__term__year=year,
                ballot__status__in=[BallotStatus.TALLIED, BallotStatus.PUBLISHED],
            )
            .values_list("option__unit_id", "ballot__title", "ballot__award_title")
            .order_by("ballot_id")
        ):
            if "dan dau" in fold(f"{title} {award_title}"):
                self.cluster_leaders[unit_id] = title

        # discipline (running on the reference day, pending review, or sanctions during the year)
        self.discipline_by_person: dict[int, list[DisciplineRecord]] = defaultdict(list)
        self.discipline_by_unit: dict[int, list[DisciplineRecord]] = defaultdict(list)
        self.member_sanctions: dict[int, list[DisciplineRecord]] = defaultdict(list)
        for record in DisciplineRecord.objects.filter(
            Q(person_id__in=person_ids) | Q(unit_id__in=self.unit_ids)
        ).select_related("person"):
            if record.person_id:
                self.discipline_by_person[record.person_id].append(record)
                if (
                    record.level
                    and record.effective_from.year <= year
                    and (record.effective_to is None or record.effective_to.year >= year)
                ):
                    self.member_sanctions[record.unit_id].append(record)
            else:
                self.discipline_by_unit[record.unit_id].append(record)

    # helpers used by rules
    def name(self, code: str) -> str:
        return self.names.get(code, code)

    def has_title(self, subject: Subject, code: str, year: int) -> str | None:
        """'record' / 'pending' / None: did the subject get (or is it proposed for) `code` in `year`?"""
        titles = (
            self.person_titles[subject.person_id] if subject.person_id else self.unit_titles[subject.unit_id]
        )
        if year in titles.get(code, ()):
            return "record"
        if year == self.year:
            pending = (
                self.person_pending[subject.person_id]
                if subject.person_id
                else self.unit_pending[subject.unit_id]
            )
            if pending.get(code):
                return "pending"
        return None

    def rules_for(self, award_type: AwardType) -> list[CriterionRule]:
        return self.rules.get(award_type.pk, []) + self.rules.get(None, [])

    def members_with(self, unit_id: int, code: str) -> int:
        members = {a.person_id for a in self.members[unit_id]}
        return len(self.unit_individual_titles[(unit_id, code)] & members) if members else 0


# -- rules -----------------------------------------------------------------------------------------

RuleFunc = Callable[[Facts, Subject, dict[str, Any]], tuple[bool | None, str]]


@dataclass(frozen=True)
class RuleSpec:
    key: str
    label: str
    func: RuleFunc


RULES: dict[str, RuleSpec] = {}


def rule(key: str, label: str) -> Callable[[RuleFunc], RuleFunc]:
    def register(func: RuleFunc) -> RuleFunc:
        RULES[key] = RuleSpec(key, label, func)
        return func

    return register


def _state(found: str | None) -> str:
    return {"record": OK, "pending": f"{OK} (đang đề nghị)", None: FAIL}[found]


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
        names = ", ".join(f"{r.person.full_name} ({r.get_level_display()})" for r in hits[:5])
        return False, f"không có cán bộ bị kỷ luật từ {label} trở lên năm {facts.year} — có: {names} {FAIL}"
    return True, f"không có cán bộ bị kỷ luật từ {label} trở lên năm {facts.year} {OK}"


@rule("flag_standard", "Đạt tiêu chuẩn Cờ thi đua Bộ Công an")
def flag_standard(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """R9: Cờ CP only for a unit meeting the Cờ BCA standard that year (TT12 Điều 18.1)."""
    code = params.get("award", "CO-BCA")
    found = facts.has_title(subject, code, facts.year)
    if found is None and subject.meets_flag_standard:
        return True, f"đạt tiêu chuẩn {facts.name(code)} năm {facts.year} — {OK} (ghi nhận trong hồ sơ)"
    return found is not None, f"cần đạt tiêu chuẩn {facts.name(code)} năm {facts.year} — {_state(found)}"


@rule("leads_cluster", "Đơn vị dẫn đầu cụm thi đua")
def leads_cluster(facts: Facts, subject: Subject, params: dict) -> tuple[bool | None, str]:
    """R10: Cờ CP only for the leading unit of its emulation cluster (TT12 Điều 18.1)."""
    ballot = facts.cluster_leaders.get(subject.unit_id)
    if ballot:
        return True, f"là đơn vị dẫn đầu cụm thi đua năm {facts.year} {OK} (kết quả bỏ phiếu “{ballot}”)"
    if subject.leads_cluster:
        return True, f"là đơn vị dẫn đầu cụm thi đua năm {facts.year} {OK} (kết quả suy tôn ghi trong hồ sơ)"
    return (
        False,
        f"cần là đơn vị dẫn đầu cụm thi đua năm {facts.year} — chưa có kết quả suy tôn dẫn đầu {FAIL}",
    )


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
    """R12: the same achievement cannot be used for two awards (L2022, nguyên tắc)."""
    key = achievement_key(subject.achievement)
    if not key:
        return False, f"chưa có tóm tắt thành tích {FAIL}"
    if subject.person_id:
        used = facts.person_achievements[subject.person_id]
        others = facts.pending_achievements[("p", subject.person_id)]
    else:
        used = facts.unit_achievements[subject.unit_id]
        others = facts.pending_achievements[("u", subject.unit_id)]
    if any(used_key == key and (cand is None or cand != subject.candidate_id) for used_key, cand in used):
        return False, f"thành tích này đã được khen thưởng trước đây {FAIL}"
    if any(cand_id != subject.candidate_id and other == key for cand_id, other in others):
        return False, f"thành tích này đang được dùng cho một đề nghị khác {FAIL}"
    return True, f"thành tích chưa được dùng cho khen thưởng khác {OK}"


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


# -- evaluation ------------------------------------------------------------------------------------


def _kind_line(facts: Facts, subject: Subject) -> Line | None:
    award = subject.award_type
    if not award.is_valid_in(facts.year):
        return Line(
            "valid_year", False, f"“{award.name}” không áp dụng trong năm {facts.year} {FAIL}", "Danh mục"
        )
    wants_person = award.recipient_kind == RecipientKind.INDIVIDUAL
    if wants_person != subject.is_individual:
        return Line(
            "recipient_kind",
            False,
            f"“{award.name}” dành cho {award.get_recipient_kind_display().lower()} {FAIL}",
            "Danh mục",
        )
    return None


def evaluate(facts: Facts, subject: Subject) -> Verdict:
    verdict = Verdict(subject)
    kind = _kind_line(facts, subject)
    if kind:
        verdict.lines.append(kind)
    for criterion in facts.rules_for(subject.award_type):
        spec = RULES.get(criterion.rule_key)
        if spec is None:
            verdict.lines.append(
                Line(
                    criterion.rule_key,
                    None,
                    f"{criterion.text or criterion.rule_key} — {APPRAISAL}",
                    criterion.citation,
                    criterion.is_verified,
                    manual=True,
                )
            )
            continue
        passed, message = spec.func(facts, subject, criterion.params or {})
        verdict.lines.append(
            Line(criterion.rule_key, passed, message, criterion.citation, criterion.is_verified)
        )
    if not facts.rules.get(subject.award_type.pk) and not kind:
        verdict.lines.append(
            Line(
                MANUAL,
                None,
                f"“{subject.award_type.name}” chưa có tiêu chuẩn được mã hóa trong căn cứ pháp lý có hiệu lực "
                f"năm {facts.year} — {APPRAISAL}",
                "Danh mục",
                manual=True,
            )
        )
    return verdict


def facts_for_batch(batch: ProposalBatch, candidates: list[ProposalCandidate]) -> Facts:
    unit_ids = {c.unit_id for c in candidates}
    if batch.unit_id:
        unit_ids.add(batch.unit_id)
    return Facts(
        year=batch.year, unit_ids=unit_ids, person_ids={c.person_id for c in candidates if c.person_id}
    )


def evaluate_batch(batch: ProposalBatch, candidates: list[ProposalCandidate]) -> dict[int, Verdict]:
    facts = facts_for_batch(batch, candidates)
    return {c.pk: evaluate(facts, Subject.of(c, batch)) for c in candidates}


def next_eligible(*, unit_ids: Iterable[int], year: int) -> list[dict[str, Any]]:
    """People one year away from a title that needs consecutive years (e.g. two CSTĐCS years → one more
    for CSTĐ toàn lực lượng CAND): those whose streak ends the year before `year` with times−1 wins."""
    unit_ids = set(unit_ids)
    facts = Facts(year=year, unit_ids=unit_ids)
    people = {p.pk: p for p in Person.objects.filter(unit_id__in=unit_ids).select_related("unit")}
    types = {t.pk: t for t in AwardType.objects.all()}
    result = []
    for type_id, criteria in facts.rules.items():
        if type_id is None:
            continue
        for criterion in criteria:
            if criterion.rule_key != "consecutive_title":
                continue
            code = criterion.params["award"]
            years = streak_years(year + int(criterion.params.get("offset", 0)), criterion.params)
            # one year away: every title of the streak but one already held, and the missing one is this
            # year's (a title that is considered the year after its streak needs nothing more this year)
            needed, missing = [y for y in years if y < year], [y for y in years if y >= year]
            if len(missing) != 1:
                continue
            target_code = types[type_id].code
            for person in people.values():
                held = facts.person_titles[person.pk].get(code, set())
                if not all(y in held for y in needed):
                    continue
                if criterion.params.get("exclusive") and any(
                    y in facts.person_titles[person.pk].get(target_code, set()) for y in needed
                ):
                    continue  # the streak has already earned the title
                blocked = [
                    r
                    for r in facts.discipline_by_person[person.pk]
                    if r.pending_review or (r.level and r.is_running_on(facts.day))
                ]
                result.append(
                    {
                        "person": person,
                        "unit": person.unit,
                        "target": types[type_id],
                        "have": f"{facts.name(code)} " + ", ".join(str(y) for y in needed),
                        "needs": f"đạt {facts.name(code)} năm {year}",
                        "citation": criterion.citation,
                        "blocked": bool(blocked),
                    }
                )
    result.sort(key=lambda row: (row["unit"].name, row["person"].full_name))
    return result


def quota_summary(
    batch: ProposalBatch, candidates: list[ProposalCandidate], facts: Facts
) -> list[dict[str, Any]]:
    """Quota usage per unit (scope "unit") and for the year (scope "year") for the batch's award types."""
    rows = []
    seen = set()
    for candidate in candidates:
        for criterion in facts.rules_for(candidate.award_type):
            if criterion.rule_key != "quota":
                continue
            scope = criterion.params.get("scope", "unit")
            key = (candidate.award_type_id, candidate.unit_id if scope == "unit" else None)
            if key in seen:
                continue
            seen.add(key)
            passed, message = quota(facts, Subject.of(candidate, batch), criterion.params)
            rows.append(
                {
                    "award": candidate.award_type,
                    "unit": candidate.unit if scope == "unit" else None,
                    "passed": passed,
                    "message": message,
                    "citation": criterion.citation,
                    "is_verified": criterion.is_verified,
                }
            )
    return rows
