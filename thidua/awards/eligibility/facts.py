"""Facts: everything the rules read for one year, preloaded in a fixed number of queries."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from thidua.core.text import fold
from thidua.emulation.models import PeriodKind
from thidua.scoring.models import PeriodLock, ScoreSheet
from thidua.voting.models import BallotStatus, OptionResult

from ..models import (
    Achievement,
    AnnualAssessment,
    AwardRecord,
    AwardType,
    CandidateStatus,
    CriterionOverride,
    CriterionRule,
    DisciplineRecord,
    LegalBasis,
    Person,
    ProposalCandidate,
    ProposalStatus,
    achievement_of,
)
from .verdicts import HISTORY_YEARS, Subject, reference_day


def _lineage_codes() -> dict[int, str]:
    """Each catalogue entry's pk → the code of its first version (16.2): a title held under an entry the
    board has since versioned (new authority, new legal basis) is still the same title in a streak."""
    rows = {
        pk: (code, parent) for pk, code, parent in AwardType.objects.values_list("pk", "code", "replaces_id")
    }
    codes = {}
    for pk in rows:
        current, seen = pk, {pk}
        while rows[current][1] is not None and rows[current][1] in rows and rows[current][1] not in seen:
            current = rows[current][1]
            seen.add(current)
        codes[pk] = rows[current][0]
    return codes


class Facts:
    """Award history, headcounts, discipline and pending proposals for one year, preloaded."""

    def __init__(self, *, year: int, unit_ids: Iterable[int], person_ids: Iterable[int] = ()) -> None:
        self.year = year
        self.day = reference_day(year)
        self.unit_ids = set(unit_ids)
        self._load_catalogue()
        self._load_members(person_ids)
        self._load_history()
        self._load_pending()
        self._load_results()
        self._load_discipline()

    def _load_catalogue(self) -> None:
        """Award type codes and names, and the criterion rules of the legal bases in force."""
        self.codes: dict[int, str] = _lineage_codes()
        self.names: dict[str, str] = {
            code: short or name
            for code, short, name in AwardType.objects.values_list("code", "short_name", "name")
        }
        bases = list(LegalBasis.objects.in_force_on(self.day).values_list("pk", flat=True))
        self.rules: dict[int | None, list[CriterionRule]] = defaultdict(list)
        for rule in CriterionRule.objects.filter(legal_basis_id__in=bases).select_related("legal_basis"):
            self.rules[rule.award_type_id].append(rule)

    def _load_members(self, person_ids: Iterable[int]) -> None:
        """Headcount of each unit this year (people assessed in it) and every person's assessment."""
        year = self.year
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

    def _load_history(self) -> None:
        """Award history over the years the rules look back on (records not revoked)."""
        year, person_ids = self.year, self.person_ids
        first_year = year - HISTORY_YEARS
        self.person_titles: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.unit_titles: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        # R12 (issue 17.9): an achievement is its source record (report, initiative, ballot, decision) when it
        # cites one; only achievements citing none are compared by their text (tone marks kept)
        self.person_achievements: dict[int, set[Achievement]] = defaultdict(set)
        self.unit_achievements: dict[int, set[Achievement]] = defaultdict(set)
        self.unit_individual_titles: dict[tuple[int, str], set[int]] = defaultdict(set)
        records = AwardRecord.objects.filter(
            revoked_on__isnull=True, year__gte=first_year, year__lte=year
        ).filter(Q(person_id__in=person_ids) | Q(unit_id__in=self.unit_ids, person__isnull=True))
        for (
            type_id,
            rec_year,
            unit_id,
            person_id,
            text,
            candidate_id,
            source_type,
            source_id,
            ballot_id,
        ) in records.values_list(
            "award_type_id",
            "year",
            "unit_id",
            "person_id",
            "achievement",
            "candidate_id",
            "candidate__source_type_id",
            "candidate__source_id",
            "candidate__source_ballot_id",
        ):
            code = self.codes[type_id]
            entry = achievement_of(text, source_type, source_id, ballot_id, candidate_id)
            if person_id:
                self.person_titles[person_id][code].add(rec_year)
                if entry.key:
                    self.person_achievements[person_id].add(entry)
            else:
                self.unit_titles[unit_id][code].add(rec_year)
                if entry.key:
                    self.unit_achievements[unit_id].add(entry)
        for person_id, type_id, unit_id in AwardRecord.objects.filter(
            revoked_on__isnull=True, year=year, unit_id__in=self.unit_ids, person__isnull=False
        ).values_list("person_id", "award_type_id", "unit_id"):
            self.unit_individual_titles[(unit_id, self.codes[type_id])].add(person_id)

    def _load_pending(self) -> None:
        """Pending proposals of the same year (any batch not yet decided, candidates not rejected)."""
        year = self.year
        self.person_pending: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.unit_pending: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.pending_achievements: dict[tuple[str, int], list[Achievement]] = defaultdict(list)
        pending = ProposalCandidate.objects.filter(
            batch__year=year, status__in=[CandidateStatus.PROPOSED, CandidateStatus.ACCEPTED]
        ).exclude(batch__status=ProposalStatus.DECIDED)
        self.batch_counts: dict[tuple[int, str], int] = defaultdict(int)
        self.year_counts: dict[str, set[int]] = defaultdict(set)
        for (
            cand_id,
            batch_id,
            type_id,
            unit_id,
            person_id,
            text,
            source_type,
            source_id,
            ballot_id,
        ) in pending.values_list(
            "pk",
            "batch_id",
            "award_type_id",
            "unit_id",
            "person_id",
            "achievement",
            "source_type_id",
            "source_id",
            "source_ballot_id",
        ):
            code = self.codes[type_id]
            entry = achievement_of(text, source_type, source_id, ballot_id, cand_id)
            self.batch_counts[(batch_id, code)] += 1
            if person_id:
                self.person_pending[person_id][code].add(batch_id)
                self.pending_achievements[("p", person_id)].append(entry)
                if unit_id in self.unit_ids:
                    self.unit_individual_titles[(unit_id, code)].add(person_id)
            else:
                self.unit_pending[unit_id][code].add(batch_id)
                self.pending_achievements[("u", unit_id)].append(entry)
                self.year_counts[code].add(unit_id)
        for unit_id, type_id in (
            AwardRecord.objects.filter(revoked_on__isnull=True, year=year, person__isnull=True)
            .values_list("unit_id", "award_type_id")
            .distinct()
        ):
            self.year_counts[self.codes[type_id]].add(unit_id)

    def _load_results(self) -> None:
        """R9/R10 from the year's records (issue 17.8), the tick boxes only as approved exceptions."""
        year = self.year
        self.cluster_leaders: dict[int, str] = self._ballot_leaders(year)
        self.ranking_leaders: dict[int, str] = self._ranking_leaders(year)
        self.unit_results: dict[tuple[int, str], str] = {}
        for unit_id, type_id, batch_title, status, is_eligible in ProposalCandidate.objects.filter(
            batch__year=year, unit_id__in=self.unit_ids, person__isnull=True
        ).values_list("unit_id", "award_type_id", "batch__title", "status", "is_eligible"):
            if status in (CandidateStatus.ACCEPTED, CandidateStatus.AWARDED) or (
                is_eligible and status != CandidateStatus.REJECTED
            ):
                self.unit_results[(unit_id, self.codes[type_id])] = batch_title
        self.overrides: dict[tuple[int, str], CriterionOverride] = {
            (o.candidate_id, o.rule_key): o
            for o in CriterionOverride.objects.filter(
                candidate__batch__year=year, candidate__unit_id__in=self.unit_ids
            ).select_related("approved_by", "requested_by")
        }

    def _load_discipline(self) -> None:
        """Discipline (running on the reference day, pending review, or sanctions during the year)."""
        year, person_ids = self.year, self.person_ids
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

    def _ballot_leaders(self, year: int) -> dict[int, str]:
        """Units that won the cluster's tallied "dẫn đầu" ballot of the year. Such a ballot has one winner
        unless its max_winners says otherwise: a ballot with more winners than allowed proves nothing."""
        ballots: dict[int, tuple[str, int | None, list[int]]] = {}
        for ballot_id, unit_id, title, award_title, max_winners in (
            OptionResult.objects.filter(
                is_winner=True,
                ballot__conference__term__year=year,
                ballot__status__in=[BallotStatus.TALLIED, BallotStatus.PUBLISHED],
                ballot__options__unit_id__in=self.unit_ids,
            )
            .values_list(
                "ballot_id", "option__unit_id", "ballot__title", "ballot__award_title", "ballot__max_winners"
            )
            .distinct()
            .order_by("ballot_id", "option__unit_id")
        ):
            if "dan dau" not in fold(f"{title} {award_title}"):
                continue
            ballots.setdefault(ballot_id, (title, max_winners, []))[2].append(unit_id)
        leaders: dict[int, str] = {}
        for title, max_winners, winners in ballots.values():
            if len(winners) <= (max_winners or 1):
                for unit_id in winners:
                    if unit_id in self.unit_ids:
                        leaders[unit_id] = title
        return leaders

    def _ranking_leaders(self, year: int) -> dict[int, str]:
        """Units alone in first place of their cluster's locked year-end ranking (tổng kết năm)."""
        open_lock = PeriodLock.objects.filter(
            term_id=OuterRef("term_id"), period_id=OuterRef("period_id"), reopened_at__isnull=True
        )
        terms = ScoreSheet.objects.filter(unit_id__in=self.unit_ids, term__year=year).values("term_id")
        firsts: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
        for term_id, period_id, unit_id, term_name, cluster_name in (
            ScoreSheet.objects.filter(term_id__in=terms, period__kind=PeriodKind.YEAR, rank=1)
            .filter(Exists(open_lock))
            .values_list("term_id", "period_id", "unit_id", "term__name", "term__cluster__name")
        ):
            firsts[(term_id, period_id)].append((unit_id, term_name or cluster_name))
        return {
            rows[0][0]: rows[0][1]
            for rows in firsts.values()
            if len(rows) == 1 and rows[0][0] in self.unit_ids
        }

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
