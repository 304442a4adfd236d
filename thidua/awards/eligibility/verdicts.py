"""What the engine returns: the subject judged, one line per criterion, the verdict."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from ..models import (
    AwardType,
    ProposalBatch,
    ProposalCandidate,
    Rating,
)

OK, FAIL = "✓", "✗"
MANUAL = "manual_appraisal"
APPRAISAL = "cần thẩm định hồ sơ"
RATING_ORDER: list[str] = [Rating.NOT_COMPLETED, Rating.COMPLETED, Rating.GOOD, Rating.EXCELLENT]
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
    source: tuple[int | None, int | None, int | None] = (None, None, None)  # type, id, ballot (R12)

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
            source=(candidate.source_type_id, candidate.source_id, candidate.source_ballot_id),
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
