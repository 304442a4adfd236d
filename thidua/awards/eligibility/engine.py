"""Evaluation: which rules apply to a subject, the verdict, the batch views built on it."""

from collections.abc import Iterable
from typing import Any

from ..models import (
    AwardType,
    Person,
    ProposalBatch,
    ProposalCandidate,
    RecipientKind,
)
from .facts import Facts
from .registry import RULES
from .rules.collectives import quota
from .rules.individuals import streak_years
from .verdicts import APPRAISAL, FAIL, MANUAL, Line, Subject, Verdict


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
    result: list[dict[str, Any]] = []
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
