"""Writes of the awards capability: people, proposals and their flow, council votes, decisions,
revocation and publication. Every public service takes a keyword-only `actor` and checks it."""

import datetime
import os
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.errors import AccessDenied, InvalidTransition, ValidationFailed
from thidua.core.files import delete_with_file, save_with_file
from thidua.core.text import fold
from thidua.core.versioning import version_claim
from thidua.emulation.services.evidence import ALLOWED_EVIDENCE, check_upload
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm, Unit

from . import eligibility, workdays
from .authority import is_competent
from .errors import (
    AuthorityNotCompetent,
    AwardTypeNotValidInYear,
    BatchLocked,
    CandidateDuplicate,
    CandidateMismatch,
    CouncilVoteMissing,
    DecisionNumberTaken,
    RecordAlreadyRevoked,
)
from .models import (
    AnnualAssessment,
    AuthorityLevel,
    AwardRecord,
    AwardType,
    CandidateStatus,
    DeadlineKind,
    Decision,
    DecisionAttachment,
    DisciplineRecord,
    LegalBasis,
    Person,
    ProcessingDeadline,
    ProposalBatch,
    ProposalCandidate,
    ProposalStatus,
    RecipientKind,
    RecordSource,
    Track,
    achievement_key,
    recipient_key,
)

# -- permissions on a batch ------------------------------------------------------------------------


def can_draft(actor, batch: ProposalBatch) -> bool:
    """Unit officer drafts for own unit; for a cluster batch, the leader unit's staff or the board."""
    if batch.cluster_term is not None:
        return access.can_term(actor, Action.MANAGE_TERM, batch.cluster_term)
    return access.can(actor, Action.EDIT, batch.unit)


def can_approve(actor, batch: ProposalBatch) -> bool:
    """Unit leader approves own unit's proposal; a cluster proposal is approved by the leader unit's head."""
    if batch.cluster_term is not None:
        return access.can(actor, Action.APPROVE, batch.cluster_term.leader) or access.can_term(
            actor, Action.MANAGE_CLUSTERS, batch.cluster_term
        )
    return access.can(actor, Action.APPROVE, batch.unit)


def can_review(actor, batch: ProposalBatch) -> bool:
    """The board (MANAGE_CLUSTERS) of the reviewing authority; for a cluster batch, MANAGE_TERM staff review too."""
    if access.can(actor, Action.MANAGE_CLUSTERS, batch.reviewer):
        return True
    return batch.cluster_term is not None and access.can_term(
        actor, Action.MANAGE_CLUSTERS, batch.cluster_term
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise AccessDenied()


# -- people ----------------------------------------------------------------------------------------


@transaction.atomic
def person_create(
    *, actor, unit: Unit, full_name: str, rank: str = "", position: str = "", birth_year: int | None = None
) -> Person:
    access.require(actor, Action.EDIT, unit)
    if not full_name.strip():
        raise ValidationFailed(_("Họ và tên không được để trống."), field="full_name")
    return Person.objects.create(
        unit=unit,
        full_name=full_name.strip(),
        rank=rank.strip(),
        position=position.strip(),
        birth_year=birth_year,
    )


@transaction.atomic
def person_update(*, actor, person: Person, **changes: Any) -> Person:
    """Change rank, position or unit; the history table keeps every former value."""
    access.require(actor, Action.EDIT, person.unit)
    new_unit = changes.get("unit")
    if new_unit is not None:
        access.require(actor, Action.EDIT, new_unit)
    for name in ("full_name", "rank", "position", "unit", "birth_year"):
        if name in changes:
            setattr(person, name, changes[name])
    person.save()
    return person


@transaction.atomic
def assessment_set(
    *,
    actor,
    person: Person,
    year: int,
    rating: str,
    initiative: str = "",
    research: str = "",
    combat_ingenuity: bool = False,
) -> AnnualAssessment:
    access.require(actor, Action.EDIT, person.unit)
    assessment, _created = AnnualAssessment.objects.update_or_create(
        person=person,
        year=year,
        defaults={
            "unit": person.unit,
            "rating": rating,
            "initiative": initiative,
            "research": research,
            "combat_ingenuity": combat_ingenuity,
        },
    )
    return assessment


@transaction.atomic
def discipline_add(
    *,
    actor,
    unit: Unit,
    person: Person | None,
    effective_from: datetime.date,
    level: int | None = None,
    effective_to: datetime.date | None = None,
    pending_review: bool = False,
    reason: str = "",
) -> DisciplineRecord:
    access.require(actor, Action.EDIT, unit)
    if level is None and not pending_review:
        raise ValidationFailed(_("Cần chọn hình thức kỷ luật hoặc đánh dấu đang chờ xem xét."), field="level")
    return DisciplineRecord.objects.create(
        unit=unit,
        person=person,
        level=level,
        effective_from=effective_from,
        effective_to=effective_to,
        pending_review=pending_review,
        reason=reason,
    )


# -- proposals -------------------------------------------------------------------------------------


def _reviewer_for(unit: Unit | None, term: ClusterTerm | None) -> Unit:
    if term is not None:
        return term.cluster.owner
    assert unit is not None
    return unit.parent or unit


@transaction.atomic
def batch_create(
    *,
    actor,
    title: str,
    year: int,
    track: str = Track.REGULAR,
    unit: Unit | None = None,
    cluster_term: ClusterTerm | None = None,
    submit_by: datetime.date | None = None,
) -> ProposalBatch:
    if (unit is None) == (cluster_term is None):
        raise ValidationFailed(_("Đề nghị phải do một đơn vị hoặc một cụm thi đua lập."), field="unit")
    if track not in Track.values:
        raise ValidationFailed(_("Loại hình khen thưởng không hợp lệ."), field="track")
    if not title.strip():
        raise ValidationFailed(_("Trích yếu không được để trống."), field="title")
    if submit_by is not None and submit_by.year < year:
        raise ValidationFailed(
            _("Hạn nộp hồ sơ không thể trước năm được đề nghị khen thưởng."), field="submit_by"
        )
    batch = ProposalBatch(
        title=title.strip(),
        year=year,
        track=track,
        unit=unit,
        cluster_term=cluster_term,
        submit_by=submit_by,
        reviewer=_reviewer_for(unit, cluster_term),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _require(can_draft(actor, batch))
    batch.save()
    return batch


def _in_proposer_scope(batch: ProposalBatch, unit: Unit) -> bool:
    if batch.cluster_term_id:
        members = Unit.objects.filter(cluster_memberships__term_id=batch.cluster_term_id)
        return any(unit.path.startswith(member.path) for member in members)
    return batch.unit is not None and unit.path.startswith(batch.unit.path)


@transaction.atomic
def candidate_add(
    *,
    actor,
    batch: ProposalBatch,
    award_type: AwardType,
    unit: Unit,
    person: Person | None = None,
    achievement: str = "",
    leads_cluster: bool = False,
    meets_flag_standard: bool = False,
    source_ballot: Any = None,
) -> ProposalCandidate:
    batch = (
        ProposalBatch.objects.select_for_update(of=("self",))
        .select_related("unit", "cluster_term__leader", "cluster_term__cluster__owner", "reviewer")
        .get(pk=batch.pk)
    )
    _require(can_draft(actor, batch))
    if batch.status != ProposalStatus.DRAFT:
        raise BatchLocked(status=batch.get_status_display())
    if person is not None and person.unit_id != unit.pk:
        unit = person.unit
    if not _in_proposer_scope(batch, unit):
        raise ValidationFailed(_("Đối tượng không thuộc đơn vị / cụm lập đề nghị."), field="unit")
    if not award_type.is_valid_in(batch.year):
        raise AwardTypeNotValidInYear(field="award_type", award=award_type.name, year=batch.year)
    if (award_type.recipient_kind == RecipientKind.INDIVIDUAL) != (person is not None):
        raise CandidateMismatch(
            field="person", award=award_type.name, kind=award_type.get_recipient_kind_display().lower()
        )
    if not achievement.strip():
        raise ValidationFailed(_("Cần tóm tắt thành tích."), field="achievement")
    try:
        with transaction.atomic():
            return ProposalCandidate.objects.create(
                batch=batch,
                award_type=award_type,
                unit=unit,
                person=person,
                achievement=achievement.strip(),
                leads_cluster=leads_cluster,
                meets_flag_standard=meets_flag_standard,
                source_ballot=source_ballot,
            )
    except IntegrityError:
        recipient = person.full_name if person else unit.name
        raise CandidateDuplicate(field="award_type", recipient=recipient, award=award_type.name) from None


def ballots_for_batch(batch: ProposalBatch) -> list:
    """Tallied ballots of the batch's cluster year whose winners are units (suy tôn at a cluster conference)."""
    from thidua.voting.models import Ballot, BallotStatus

    if batch.cluster_term_id is None:
        return []
    return list(
        Ballot.objects.filter(
            conference__term_id=batch.cluster_term_id,
            status__in=[BallotStatus.TALLIED, BallotStatus.PUBLISHED],
            results__is_winner=True,
            results__option__unit__isnull=False,
        )
        .select_related("conference")
        .distinct()
        .order_by("conference__date", "pk")
    )


@transaction.atomic
def candidates_from_ballot(
    *, actor, batch: ProposalBatch, ballot: Any, award_type: AwardType
) -> list[ProposalCandidate]:
    """Propose every unit the cluster conference voted for (the winners of a tallied ballot) for one award.

    Units already proposed for that award are left as they are; the achievement cites the vote.
    """
    if ballot not in ballots_for_batch(batch):
        raise ValidationFailed(
            _("Chỉ dùng được kết quả bỏ phiếu đã kiểm của hội nghị cụm năm {year}."),
            field="ballot",
            year=batch.year,
        )
    if award_type.recipient_kind != RecipientKind.COLLECTIVE:
        raise ValidationFailed(
            _("Kết quả suy tôn chỉ dùng cho danh hiệu, hình thức tập thể."), field="award_type"
        )
    existing = set(batch.candidates.filter(award_type=award_type).values_list("unit_id", flat=True))
    conference = ballot.conference
    created = []
    for result in ballot.results.filter(is_winner=True, option__unit__isnull=False).select_related(
        "option__unit"
    ):
        unit = result.option.unit
        if unit.pk in existing:
            continue
        achievement = (
            f"Được {conference.title} ngày {conference.date:%d/%m/%Y} suy tôn"
            f" ({ballot.title}): {result.rule_text}"
        )
        created.append(
            candidate_add(
                actor=actor,
                batch=batch,
                award_type=award_type,
                unit=unit,
                achievement=achievement,
                leads_cluster="dan dau" in fold(f"{ballot.title} {ballot.award_title}"),
                source_ballot=ballot,
            )
        )
    return created


@transaction.atomic
def candidate_remove(*, actor, candidate: ProposalCandidate) -> None:
    batch = candidate.batch
    _require(can_draft(actor, batch))
    if batch.status != ProposalStatus.DRAFT:
        raise BatchLocked(status=batch.get_status_display())
    candidate.delete()


def deadline_kind(batch: ProposalBatch, award_types: Iterable[AwardType]) -> str:
    if batch.track == Track.SUDDEN:
        return DeadlineKind.SUDDEN
    if any(t.level == AuthorityLevel.STATE for t in award_types):
        return DeadlineKind.STATE
    return DeadlineKind.REGULAR


def processing_deadline(kind: str, day: datetime.date) -> ProcessingDeadline | None:
    """The deadline of the most recent legal basis in force on `day` that sets one for this kind."""
    return (
        ProcessingDeadline.objects.filter(kind=kind, legal_basis__in=LegalBasis.objects.in_force_on(day))
        .select_related("legal_basis")
        .order_by("-legal_basis__effective_from")
        .first()
    )


def _snapshot(batch: ProposalBatch) -> None:
    candidates = list(batch.candidates.select_related("award_type", "unit", "person"))
    verdicts = eligibility.evaluate_batch(batch, candidates)
    for candidate in candidates:
        verdict = verdicts[candidate.pk]
        candidate.eligibility_snapshot = verdict.as_list()
        candidate.is_eligible = verdict.eligible
    ProposalCandidate.objects.bulk_update(candidates, ["eligibility_snapshot", "is_eligible"])


def _finish_council(batch: ProposalBatch) -> None:
    """Council → submitted: keep candidates that pass every rule (R15 threshold included)."""
    candidates = list(batch.candidates.select_related("award_type", "unit", "person"))
    verdicts = eligibility.evaluate_batch(batch, candidates)
    for candidate in candidates:
        verdict = verdicts[candidate.pk]
        if any(line.rule == "council_threshold" and line.passed is None for line in verdict.lines):
            raise CouncilVoteMissing()
        candidate.eligibility_snapshot = verdict.as_list()
        candidate.is_eligible = verdict.eligible
        candidate.status = CandidateStatus.REJECTED if verdict.failed else CandidateStatus.ACCEPTED
    ProposalCandidate.objects.bulk_update(candidates, ["eligibility_snapshot", "is_eligible", "status"])


@transaction.atomic
def batch_transition(
    *, actor, batch: ProposalBatch, target: str, today: datetime.date | None = None
) -> ProposalBatch:
    """Move a proposal along draft → unit leader → review → council → submitted (→ decided by a decision)."""
    batch = (
        ProposalBatch.objects.select_for_update(of=("self",))
        .select_related("unit", "cluster_term__leader", "cluster_term__cluster__owner", "reviewer")
        .get(pk=batch.pk)
    )
    current = batch.status
    if not batch.can_move_to(target) or target == ProposalStatus.DECIDED:
        raise InvalidTransition(current=batch.get_status_display(), target=ProposalStatus(target).label)
    today = today or timezone.localdate()
    if current == ProposalStatus.DRAFT:
        _require(can_draft(actor, batch))
        if not batch.candidates.exists():
            raise ValidationFailed(_("Đề nghị chưa có đối tượng nào."))
        _snapshot(batch)
    elif current == ProposalStatus.PENDING_LEADER:
        _require(can_approve(actor, batch) or (target == ProposalStatus.DRAFT and can_draft(actor, batch)))
        if target == ProposalStatus.IN_REVIEW:
            batch.received_on = today
            types = AwardType.objects.filter(candidates__batch=batch).distinct()
            rule = processing_deadline(deadline_kind(batch, types), today)
            batch.due_on = workdays.add_working_days(today, rule.working_days) if rule else None
            _snapshot(batch)
    elif current == ProposalStatus.IN_REVIEW:
        _require(can_review(actor, batch))
        if target == ProposalStatus.DRAFT:
            batch.received_on = batch.due_on = None
    elif current == ProposalStatus.COUNCIL:
        _require(can_review(actor, batch))
        if target == ProposalStatus.SUBMITTED:
            _finish_council(batch)
    else:  # SUBMITTED → DECIDED happens through decision_register
        _require(can_review(actor, batch))
    batch.status = target
    batch.save()
    return batch


@transaction.atomic
def council_vote_record(
    *,
    actor,
    batch: ProposalBatch,
    council_members: int,
    council_present: int,
    voted_on: datetime.date,
    votes: dict[int, int],
    version: int | None = None,
) -> ProposalBatch:
    """Record the council's vote (R15): members, present, and yes-votes per candidate.

    `version` is the proposal's as the form read it: a stale one raises StaleWrite (13.11)."""
    batch = (
        ProposalBatch.objects.select_for_update(of=("self",))
        .select_related("reviewer", "cluster_term__cluster__owner")
        .get(pk=batch.pk)
    )
    _require(can_review(actor, batch))
    if batch.status != ProposalStatus.COUNCIL:
        raise InvalidTransition(current=batch.get_status_display(), target=ProposalStatus.COUNCIL.label)
    if council_members <= 0 or not 0 <= council_present <= council_members:
        raise ValidationFailed(
            _("Số thành viên dự họp phải từ 0 đến tổng số thành viên Hội đồng."), field="council_present"
        )
    candidates = {c.pk: c for c in batch.candidates.all()}
    for candidate_id, count in votes.items():
        if candidate_id not in candidates:
            raise ValidationFailed(
                _("Đối tượng {id} không thuộc đề nghị này."), field="votes", id=candidate_id
            )
        if not 0 <= count <= council_members:
            raise ValidationFailed(_("Số phiếu đồng ý vượt quá số thành viên Hội đồng."), field="votes")
        candidates[candidate_id].votes_for = count
    version_claim(batch, version, shown=batch_summary)
    ProposalCandidate.objects.bulk_update(list(candidates.values()), ["votes_for"])
    batch.council_members, batch.council_present, batch.council_voted_on = (
        council_members,
        council_present,
        voted_on,
    )
    batch.save(update_fields=["council_members", "council_present", "council_voted_on", "updated_at"])
    return batch


def batch_summary(batch: ProposalBatch) -> str:
    """The newer proposal as a StaleWrite shows it: council vote and publication window."""
    fresh = ProposalBatch.objects.prefetch_related("candidates").get(pk=batch.pk)
    votes = ", ".join(f"{c.votes_for}" for c in fresh.candidates.all() if c.votes_for is not None)
    window = (
        f"{fresh.publish_from:%d/%m/%Y}–{fresh.publish_until:%d/%m/%Y}"
        if fresh.publish_from and fresh.publish_until
        else "—"
    )
    council = (
        f"{fresh.council_present}/{fresh.council_members}, {_('phiếu đồng ý')}: {votes or '—'}"
        if fresh.council_members
        else "—"
    )
    return f"{_('Hội đồng')}: {council}; {_('công khai')}: {window}"


def _check_window(publish_from: datetime.date | None, publish_until: datetime.date | None) -> None:
    if (publish_from is None) != (publish_until is None):
        raise ValidationFailed(_("Cần cả ngày bắt đầu và ngày kết thúc công khai."), field="publish_until")
    if publish_from and publish_until and publish_until < publish_from:
        raise ValidationFailed(_("Ngày kết thúc công khai phải sau ngày bắt đầu."), field="publish_until")


@transaction.atomic
def batch_publish(
    *,
    actor,
    batch: ProposalBatch,
    publish_from: datetime.date | None,
    publish_until: datetime.date | None,
    version: int | None = None,
) -> ProposalBatch:
    """Publish the list of candidates under consideration for a set period (công khai)."""
    _require(can_review(actor, batch))
    _check_window(publish_from, publish_until)
    version_claim(batch, version, shown=batch_summary)
    batch.publish_from, batch.publish_until = publish_from, publish_until
    batch.save(update_fields=["publish_from", "publish_until", "updated_at"])
    return batch


# -- decisions -------------------------------------------------------------------------------------


def _record_from(candidate: ProposalCandidate, decision: Decision) -> AwardRecord:
    person = candidate.person
    record = AwardRecord(
        award_type=candidate.award_type,
        year=candidate.batch.year,
        recipient_kind=candidate.award_type.recipient_kind,
        unit=candidate.unit,
        person=person,
        recipient_name=person.full_name if person else candidate.unit.name,
        rank=person.rank if person else "",
        position=person.position if person else "",
        decision=decision,
        decision_number=decision.number,
        decision_date=decision.signed_on,
        authority=decision.authority,
        track=candidate.batch.track,
        achievement=candidate.achievement,
        candidate=candidate,
        source=RecordSource.DECISION,
    )
    return record


@transaction.atomic
def decision_register(
    *,
    actor,
    number: str,
    signed_on: datetime.date,
    signer_name: str,
    signer_title: str,
    authority: str,
    summary: str,
    issuer: Unit | None = None,
    batch: ProposalBatch | None = None,
    track: str = Track.REGULAR,
    publish_from: datetime.date | None = None,
    publish_until: datetime.date | None = None,
    awards: Iterable[dict[str, Any]] = (),
) -> Decision:
    """Register a decision. With a submitted batch, its accepted candidates become award records and the
    batch is decided; `awards` adds records given directly (award_type, unit, person?, achievement, year?)."""
    if batch is not None:
        batch = (
            ProposalBatch.objects.select_for_update(of=("self",))
            .select_related("reviewer", "cluster_term__cluster__owner")
            .get(pk=batch.pk)
        )
        _require(can_review(actor, batch))
        if batch.status != ProposalStatus.SUBMITTED:
            raise InvalidTransition(current=batch.get_status_display(), target=ProposalStatus.DECIDED.label)
        track = batch.track
        issuer = issuer or batch.reviewer
    if issuer is None:
        raise ValidationFailed(_("Cần cơ quan ban hành quyết định."), field="issuer")
    access.require(actor, Action.MANAGE_CLUSTERS, issuer)
    _check_window(publish_from, publish_until)
    number = number.strip()
    accepted: list[ProposalCandidate] = []
    if batch is not None:
        accepted = list(
            batch.candidates.filter(status=CandidateStatus.ACCEPTED).select_related(
                "award_type", "unit", "person", "batch"
            )
        )
    awards = list(awards)
    _check_competence(authority, [c.award_type for c in accepted] + [item["award_type"] for item in awards])
    if Decision.objects.filter(number=number, authority=authority.strip()).exists():
        raise DecisionNumberTaken(field="number", number=number, authority=authority)
    decision = Decision.objects.create(
        number=number,
        signed_on=signed_on,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        authority=authority.strip(),
        issuer=issuer,
        summary=summary.strip(),
        batch=batch,
        track=track,
        publish_from=publish_from,
        publish_until=publish_until,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    records: list[AwardRecord] = []
    if batch is not None:
        records += [_record_from(candidate, decision) for candidate in accepted]
        ProposalCandidate.objects.filter(pk__in=[c.pk for c in accepted]).update(
            status=CandidateStatus.AWARDED
        )
        batch.status = ProposalStatus.DECIDED
        batch.decided_on = signed_on
        batch.save(update_fields=["status", "decided_on", "updated_at"])
    for item in awards:
        award_type: AwardType = item["award_type"]
        unit: Unit = item["unit"]
        person: Person | None = item.get("person")
        if not unit.path.startswith(issuer.path) and not access.can(actor, Action.MANAGE_CLUSTERS, unit):
            raise AccessDenied()
        if (award_type.recipient_kind == RecipientKind.INDIVIDUAL) != (
            person is not None or bool(item.get("recipient_name"))
        ):
            raise CandidateMismatch(
                field="awards", award=award_type.name, kind=award_type.get_recipient_kind_display().lower()
            )
        name = person.full_name if person else item.get("recipient_name") or unit.name
        records.append(
            AwardRecord(
                award_type=award_type,
                year=item.get("year") or signed_on.year,
                recipient_kind=award_type.recipient_kind,
                unit=unit,
                person=person,
                recipient_name=name,
                rank=item.get("rank") or (person.rank if person else ""),
                position=item.get("position") or (person.position if person else ""),
                decision=decision,
                decision_number=decision.number,
                decision_date=signed_on,
                authority=decision.authority,
                track=track,
                achievement=item.get("achievement", ""),
                source=RecordSource.DECISION,
            )
        )
    _save_records(records)
    return decision


def _check_competence(authority: str, award_types: Iterable[AwardType]) -> None:
    """Refuse a decision whose authority may not confer one of its awards (DOMAIN.md §10 "Authority")."""
    for award_type in award_types:
        if not is_competent(authority, award_type.authority):
            raise AuthorityNotCompetent(
                field="authority",
                authority=" ".join(authority.split()),
                award=award_type.name,
                competent=award_type.authority,
            )


def _save_records(records: list[AwardRecord]) -> None:
    for record in records:
        record.recipient_key = recipient_key(record.recipient_name)
        record.achievement_key = achievement_key(record.achievement)
    try:
        with transaction.atomic():
            AwardRecord.objects.bulk_create(records)
    except IntegrityError:
        raise ValidationFailed(
            _("Quyết định có khen thưởng trùng (cùng hình thức, năm, đối tượng)."), field="awards"
        ) from None


@transaction.atomic
def decision_publish(
    *, actor, decision: Decision, publish_from: datetime.date | None, publish_until: datetime.date | None
) -> Decision:
    if decision.issuer is None:
        raise AccessDenied()
    access.require(actor, Action.MANAGE_CLUSTERS, decision.issuer)
    _check_window(publish_from, publish_until)
    decision.publish_from, decision.publish_until = publish_from, publish_until
    decision.save(update_fields=["publish_from", "publish_until", "updated_at"])
    return decision


@transaction.atomic
def award_record_revoke(
    *, actor, record: AwardRecord, reason: str, revoked_on: datetime.date | None = None
) -> AwardRecord:
    """R13: annul an award (falsified file, forged records, unlawful appraisal) with the recorded reason."""
    record = AwardRecord.objects.select_for_update(of=("self",)).select_related("unit").get(pk=record.pk)
    access.require(actor, Action.MANAGE_CLUSTERS, record.unit)
    if record.revoked_on:
        raise RecordAlreadyRevoked(day=f"{record.revoked_on:%d/%m/%Y}")
    if not reason.strip():
        raise ValidationFailed(_("Cần ghi lý do thu hồi."), field="reason")
    record.revoked_on = revoked_on or timezone.localdate()
    record.revoked_reason = reason.strip()
    record.revoked_by = actor if getattr(actor, "pk", None) else None
    record.save(update_fields=["revoked_on", "revoked_reason", "revoked_by"])
    return record


def batches_due(*, batches: Iterable[ProposalBatch], today: datetime.date) -> list[dict[str, Any]]:
    """Due/late list for the board, counted on the working calendar."""
    rows: list[dict[str, Any]] = []
    batches = [b for b in batches if b.due_on and b.status != ProposalStatus.DECIDED]
    if not batches:
        return rows
    start = min(min(b.due_on for b in batches if b.due_on), today) - datetime.timedelta(days=1)
    end = max(max(b.due_on for b in batches if b.due_on), today)
    holidays = workdays.holidays_between(start, end)
    for batch in batches:
        assert batch.due_on is not None
        left = workdays.working_days_between(today, batch.due_on, holidays)
        rows.append(
            {
                "batch": batch,
                "due_on": batch.due_on,
                "working_days_left": left,
                "is_late": today > batch.due_on,
            }
        )
    rows.sort(key=lambda row: (row["batch"].due_on, row["batch"].pk))
    return rows


# -- decision files --------------------------------------------------------------------------------

DECISION_FILE_TYPES = {ext: ALLOWED_EVIDENCE[ext] for ext in (".pdf", ".docx", ".jpg", ".jpeg", ".png")}


def can_manage_decision(actor, decision: Decision) -> bool:
    """Whoever may review the decided batch, or the board of the issuing authority."""
    if decision.batch is not None and can_review(actor, decision.batch):
        return True
    return decision.issuer_id is not None and access.can(actor, Action.MANAGE_CLUSTERS, decision.issuer)


@transaction.atomic
def decision_attach(
    *, actor, decision: Decision, uploaded: Any, title: str = "", is_public: bool = False
) -> DecisionAttachment:
    """Attach the signed decision (scan) or an annex: size, type and content checked; random stored name."""
    _require(can_manage_decision(actor, decision))
    extension, content_type = check_upload(uploaded, DECISION_FILE_TYPES)
    original_name = os.path.basename(uploaded.name)[:255]
    attachment = DecisionAttachment(
        decision=decision,
        title=(title.strip() or original_name)[:200],
        original_name=original_name,
        content_type=content_type,
        size=uploaded.size,
        is_public=is_public,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    save_with_file(attachment, "file", original_name, uploaded)
    return attachment


@transaction.atomic
def decision_attachment_delete(*, actor, attachment: DecisionAttachment) -> None:
    _require(can_manage_decision(actor, attachment.decision))
    delete_with_file(attachment, "file")
