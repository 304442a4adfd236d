"""Writes on proposal batches: creation, candidates, the status flow, council votes, publication."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.errors import InvalidTransition, ValidationFailed
from thidua.core.text import name_key
from thidua.core.versioning import version_claim
from thidua.organisation import access
from thidua.organisation.models import ClusterTerm, Unit

from .. import eligibility, policy, workdays
from ..errors import (
    AwardTypeNotValidInYear,
    BatchLocked,
    CandidateDuplicate,
    CandidateMismatch,
    CouncilVoteMissing,
    NothingToForward,
    ReturnReasonMissing,
)
from ..models import (
    AuthorityLevel,
    AwardType,
    BatchAction,
    BatchStatusLog,
    CandidateStatus,
    DeadlineKind,
    LegalBasis,
    Person,
    ProcessingDeadline,
    ProposalBatch,
    ProposalCandidate,
    ProposalLevel,
    ProposalStatus,
    RecipientKind,
    Track,
)
from .achievements import source_fields, source_resolve
from .limits import check_can_receive

# -- proposals -------------------------------------------------------------------------------------


def _reviewer_for(unit: Unit | None, term: ClusterTerm | None) -> Unit:
    if term is not None:
        return term.cluster.owner
    assert unit is not None
    return unit.parent or unit


@transaction.atomic
def batch_create(
    *,
    actor: User,
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
    reviewer = _reviewer_for(unit, cluster_term)
    batch = ProposalBatch(
        title=title.strip(),
        year=year,
        track=track,
        unit=unit,
        cluster_term=cluster_term,
        submit_by=submit_by,
        reviewer=reviewer,
        level=policy.level_of(reviewer),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    access.require_object(actor, "draft", batch)
    batch.save()
    _log(batch, actor=actor, action=BatchAction.START, source="", unit=policy.proposer_unit(batch))
    return batch


def _log(
    batch: ProposalBatch,
    *,
    actor: User,
    action: str,
    source: str,
    unit: Unit | None,
    reason: str = "",
    related: ProposalBatch | None = None,
) -> BatchStatusLog:
    """One row of the proposal's status log (17.2): who, in which unit, from → to, why, when."""
    user = actor if getattr(actor, "pk", None) else None
    name = (user.get_full_name() or user.get_username()) if user is not None else ""
    return BatchStatusLog.objects.create(
        batch=batch,
        action=action,
        from_status=source,
        to_status=batch.status,
        actor=user,
        actor_name=name[:150],
        unit=unit,
        reason=reason,
        related_batch=related,
    )


def _in_proposer_scope(batch: ProposalBatch, unit: Unit) -> bool:
    if batch.cluster_term_id:
        members = Unit.objects.filter(cluster_memberships__term_id=batch.cluster_term_id)
        return any(unit.path.startswith(member.path) for member in members)
    return batch.unit is not None and unit.path.startswith(batch.unit.path)


@transaction.atomic
def candidate_add(
    *,
    actor: User,
    batch: ProposalBatch,
    award_type: AwardType,
    unit: Unit,
    person: Person | None = None,
    achievement: str = "",
    leads_cluster: bool = False,
    meets_flag_standard: bool = False,
    source_ballot: Any = None,
    override_reason: str = "",
    source_kind: str = "",
    source_id: int | None = None,
) -> ProposalCandidate:
    batch = (
        ProposalBatch.objects.select_for_update(of=("self",))
        .select_related("unit", "cluster_term__leader", "cluster_term__cluster__owner", "reviewer")
        .get(pk=batch.pk)
    )
    access.require_object(actor, "draft", batch)
    if batch.status not in batch.EDITABLE:
        raise BatchLocked(status=batch.get_status_display())
    if person is not None and person.unit_id != unit.pk:
        unit = person.unit
    if not _in_proposer_scope(batch, unit):
        raise ValidationFailed(_("Đối tượng không thuộc đơn vị / cụm lập đề nghị."), field="unit")
    if not award_type.is_valid_in(batch.year):
        raise AwardTypeNotValidInYear(field="award_type", award=award_type.name, year=batch.year)
    check_can_receive(unit=unit, award_type=award_type, year=batch.year)  # R27
    source = source_resolve(kind=source_kind, source_id=source_id, unit=unit)  # R12
    if (award_type.recipient_kind == RecipientKind.INDIVIDUAL) != (person is not None):
        raise CandidateMismatch(
            field="person", award=award_type.name, kind=award_type.get_recipient_kind_display().lower()
        )
    if not achievement.strip():
        raise ValidationFailed(_("Cần tóm tắt thành tích."), field="achievement")
    try:
        with transaction.atomic():
            candidate = ProposalCandidate.objects.create(
                batch=batch,
                award_type=award_type,
                unit=unit,
                person=person,
                achievement=achievement.strip(),
                leads_cluster=leads_cluster,
                meets_flag_standard=meets_flag_standard,
                source_ballot=source_ballot,
                **source_fields(source=source),
            )
    except IntegrityError:
        recipient = person.full_name if person else unit.name
        raise CandidateDuplicate(field="award_type", recipient=recipient, award=award_type.name) from None
    from .overrides import overrides_request  # a tick box is a recorded exception (17.8)

    ticked = [
        key for key, on in (("flag_standard", meets_flag_standard), ("leads_cluster", leads_cluster)) if on
    ]
    overrides_request(actor=actor, candidate=candidate, rule_keys=ticked, reason=override_reason)
    return candidate


def ballots_for_batch(*, batch: ProposalBatch) -> list:
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
    *, actor: User, batch: ProposalBatch, ballot: Any, award_type: AwardType
) -> list[ProposalCandidate]:
    """Propose every unit the cluster conference voted for (the winners of a tallied ballot) for one award.

    Units already proposed for that award are left as they are; the achievement cites the vote.
    """
    if ballot not in ballots_for_batch(batch=batch):
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
            f"Được {conference.title} {conference.known_date} suy tôn ({ballot.title}): {result.rule_text}"
        )
        created.append(
            candidate_add(
                actor=actor,
                batch=batch,
                award_type=award_type,
                unit=unit,
                achievement=achievement,
                source_ballot=ballot,  # the ballot itself shows the lead (R10): no tick box
            )
        )
    return created


@transaction.atomic
def candidate_remove(*, actor: User, candidate: ProposalCandidate) -> None:
    batch = candidate.batch
    access.require_object(actor, "draft", batch)
    if batch.status not in batch.EDITABLE:
        raise BatchLocked(status=batch.get_status_display())
    candidate.delete()


def deadline_kind(*, batch: ProposalBatch, award_types: Iterable[AwardType]) -> str:
    if batch.track == Track.SUDDEN:
        return DeadlineKind.SUDDEN
    if any(t.level == AuthorityLevel.STATE for t in award_types):
        return DeadlineKind.STATE
    return DeadlineKind.REGULAR


def processing_deadline(*, kind: str, day: datetime.date) -> ProcessingDeadline | None:
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


# (source, target) → the log's action; who may do it is checked in batch_transition
_ACTIONS: dict[tuple[str, str], str] = {
    (ProposalStatus.DRAFT, ProposalStatus.PENDING_LEADER): BatchAction.SUBMIT,
    (ProposalStatus.RETURNED, ProposalStatus.PENDING_LEADER): BatchAction.RESUBMIT,
    (ProposalStatus.PENDING_LEADER, ProposalStatus.DRAFT): BatchAction.WITHDRAW,
    (ProposalStatus.PENDING_LEADER, ProposalStatus.SENT): BatchAction.SEND,
    (ProposalStatus.SENT, ProposalStatus.IN_REVIEW): BatchAction.RECEIVE,
    (ProposalStatus.IN_REVIEW, ProposalStatus.COUNCIL): BatchAction.APPRAISE,
    (ProposalStatus.COUNCIL, ProposalStatus.IN_REVIEW): BatchAction.BACK_TO_REVIEW,
    (ProposalStatus.COUNCIL, ProposalStatus.SUBMITTED): BatchAction.CONCLUDE,
}
RETURN_REASON_MAX = 4000


def _locked(batch_id: int) -> ProposalBatch:
    return (
        ProposalBatch.objects.select_for_update(of=("self",))
        .select_related("unit", "cluster_term__leader", "cluster_term__cluster__owner", "reviewer__parent")
        .get(pk=batch_id)
    )


@transaction.atomic
def batch_transition(
    *,
    actor: User,
    batch: ProposalBatch,
    target: str,
    reason: str = "",
    version: int | None = None,
    today: datetime.date | None = None,
) -> ProposalBatch:
    """Move a proposal one step: the sender drafts, submits to its leader, who sends it up; the receiving
    level's desk receives it (its deadline starts), appraises it (eligibility, the council's vote),
    returns it with a reason or concludes; then it is decided (decision_register) or forwarded
    (batch_forward). Each move is a row of the status log.

    `version` is the proposal's as the page read it: of two desk officers acting at once, the second gets
    409 (StaleWrite, or InvalidTransition when the first already moved it)."""
    batch = _locked(batch.pk)
    current = batch.status
    action = BatchAction.RETURN if target == ProposalStatus.RETURNED else _ACTIONS.get((current, target), "")
    if not action or not batch.can_move_to(target):
        raise InvalidTransition(current=batch.get_status_display(), target=ProposalStatus(target).label)
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    acting_unit: Unit | None = batch.reviewer
    if action in (BatchAction.SUBMIT, BatchAction.RESUBMIT):
        access.require_object(actor, "draft", batch)
        if not batch.candidates.exists():
            raise ValidationFailed(_("Đề nghị chưa có đối tượng nào."))
        _snapshot(batch)
        acting_unit = policy.proposer_unit(batch)
    elif action == BatchAction.WITHDRAW:
        access.require_object(actor, "withdraw", batch)
        acting_unit = policy.proposer_unit(batch)
    elif action == BatchAction.SEND:
        access.require_object(actor, "approve", batch)
        _snapshot(batch)
        acting_unit = policy.proposer_unit(batch)
    else:  # the receiving level's desk
        policy.require_desk(actor, batch)
        if action == BatchAction.RECEIVE:
            batch.received_on = today
            types = AwardType.objects.filter(candidates__batch=batch).distinct()
            rule = processing_deadline(kind=deadline_kind(batch=batch, award_types=types), day=today)
            batch.due_on = workdays.add_working_days(today, rule.working_days) if rule else None
        elif action == BatchAction.APPRAISE:
            _snapshot(batch)
        elif action == BatchAction.CONCLUDE:
            _finish_council(batch)
        elif action == BatchAction.RETURN:
            if not reason:
                raise ReturnReasonMissing(field="reason")
            if len(reason) > RETURN_REASON_MAX or "\x00" in reason:
                raise ValidationFailed(
                    _("Lý do trả lại tối đa {max} ký tự, không chứa ký tự điều khiển."),
                    field="reason",
                    max=RETURN_REASON_MAX,
                )
            batch.due_on = None
            batch.candidates.exclude(status=CandidateStatus.PROPOSED).update(status=CandidateStatus.PROPOSED)
    version_claim(batch, version, shown=_status_shown)
    batch.status = target
    batch.save()
    _log(batch, actor=actor, action=action, source=current, unit=acting_unit, reason=reason)
    return batch


def _status_shown(batch: ProposalBatch) -> str:
    return str(ProposalStatus(batch.status).label)


def _upper_batch(batch: ProposalBatch, unit: Unit, level: str, actor: User) -> ProposalBatch:
    """The open consolidated batch of the forwarding unit to the level above (created when there is none)."""
    upper = (
        ProposalBatch.objects.select_for_update(of=("self",))
        .filter(
            unit=batch.reviewer,
            reviewer=unit,
            level=level,
            year=batch.year,
            track=batch.track,
            is_consolidated=True,
            status__in=ProposalBatch.EDITABLE,
        )
        .order_by("pk")
        .first()
    )
    if upper is not None:
        return upper
    upper = ProposalBatch.objects.create(
        title=str(_("{unit} đề nghị {level} khen thưởng năm {year}")).format(
            unit=batch.reviewer.name, level=ProposalLevel(level).label, year=batch.year
        )[:255],
        year=batch.year,
        track=batch.track,
        unit=batch.reviewer,
        reviewer=unit,
        level=level,
        is_consolidated=True,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _log(upper, actor=actor, action=BatchAction.START, source="", unit=batch.reviewer, related=batch)
    return upper


@transaction.atomic
def batch_forward(*, actor: User, batch: ProposalBatch, version: int | None = None) -> ProposalBatch:
    """Forward the accepted candidates this level cannot decide to the level above (17.2).

    They are copied into the forwarding unit's open consolidated batch to that level (one per year and
    track, gathering several lower batches), each keeping a link to its origin; the batch is forwarded
    when nothing is left for this level to decide. Returns the upper batch."""
    batch = _locked(batch.pk)
    policy.require_desk(actor, batch)
    if batch.status != ProposalStatus.SUBMITTED:
        raise InvalidTransition(current=batch.get_status_display(), target=ProposalStatus.FORWARDED.label)
    accepted = list(
        batch.candidates.filter(status=CandidateStatus.ACCEPTED).select_related(
            "award_type", "unit", "person"
        )
    )
    onward = [c for c in accepted if not policy.decides_here(batch, c.award_type)]
    upper_level = policy.upper_level(batch)
    if not onward or upper_level is None:
        raise NothingToForward(level=ProposalLevel(batch.level).label)
    version_claim(batch, version, shown=_status_shown)
    upper = _upper_batch(batch, *upper_level, actor=actor)
    for candidate in onward:
        try:
            with transaction.atomic():
                ProposalCandidate.objects.create(
                    batch=upper,
                    award_type=candidate.award_type,
                    unit=candidate.unit,
                    person=candidate.person,
                    achievement=candidate.achievement,
                    leads_cluster=candidate.leads_cluster,
                    meets_flag_standard=candidate.meets_flag_standard,
                    source_ballot=candidate.source_ballot,
                    origin=candidate,
                )
        except IntegrityError:
            raise CandidateDuplicate(
                field="award_type", recipient=candidate.recipient_name, award=candidate.award_type.name
            ) from None
    ProposalCandidate.objects.filter(pk__in=[c.pk for c in onward]).update(status=CandidateStatus.FORWARDED)
    source = batch.status
    if len(onward) == len(accepted):
        batch.status = ProposalStatus.FORWARDED
    batch.due_on = None if batch.status == ProposalStatus.FORWARDED else batch.due_on
    batch.save()
    names = ", ".join(c.recipient_name for c in onward[:10]) + ("…" if len(onward) > 10 else "")
    _log(
        batch,
        actor=actor,
        action=BatchAction.FORWARD,
        source=source,
        unit=batch.reviewer,
        reason=str(_("{count} đối tượng chuyển lên {level}: {names}")).format(
            count=len(onward), level=ProposalLevel(upper.level).label, names=names
        ),
        related=upper,
    )
    return upper


@transaction.atomic
def council_vote_record(
    *,
    actor: User,
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
    policy.require_desk(actor, batch)
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
    version_claim(batch, version, shown=_batch_summary)
    ProposalCandidate.objects.bulk_update(list(candidates.values()), ["votes_for"])
    batch.council_members, batch.council_present, batch.council_voted_on = (
        council_members,
        council_present,
        voted_on,
    )
    batch.council_ballot = None  # typed in from the council's minutes
    batch.save(
        update_fields=[
            "council_members",
            "council_present",
            "council_voted_on",
            "council_ballot",
            "updated_at",
        ]
    )
    _log(
        batch,
        actor=actor,
        action=BatchAction.VOTE,
        source=batch.status,
        unit=batch.reviewer,
        reason=str(_("Nhập từ biên bản họp ngày {day}: {present}/{members} thành viên")).format(
            day=f"{voted_on:%d/%m/%Y}", present=council_present, members=council_members
        ),
    )
    return batch


def council_ballots(*, batch: ProposalBatch) -> list:
    """Tallied ballots of a council meeting held in the system (17.3): a conference hosted by the
    batch's reviewing unit, the council's own unit."""
    from thidua.voting.models import Ballot, BallotStatus

    return list(
        Ballot.objects.filter(
            conference__host_id=batch.reviewer_id,
            status__in=[BallotStatus.TALLIED, BallotStatus.PUBLISHED],
            voters_entitled__gt=0,
        )
        .select_related("conference")
        .order_by("-conference__date", "-pk")[:50]
    )


def _option_for(candidate: ProposalCandidate, options: list) -> Any:
    """The ballot's option for a candidate: a collective by its unit; a person by name (tone marks kept,
    Hùng ≠ Hưng) and, when the option names a unit, that unit."""
    if candidate.person is None:
        found = [o for o in options if o.unit_id == candidate.unit_id and o.unit_id is not None]
    else:
        key = name_key(candidate.person.full_name)
        found = [
            o
            for o in options
            if name_key(o.label) == key and (o.unit_id is None or o.unit_id == candidate.unit_id)
        ]
    return found[0] if len(found) == 1 else None


@transaction.atomic
def council_vote_from_ballot(
    *, actor: User, batch: ProposalBatch, ballot: Any, version: int | None = None
) -> ProposalBatch:
    """Take the council's vote from its ballot in the system (17.3): members = voters entitled, present =
    voters present, yes-votes per candidate = the option's support. The R15 threshold is then checked at
    the council's conclusion exactly as for votes typed in from the minutes."""
    batch = _locked(batch.pk)
    policy.require_desk(actor, batch)
    if batch.status != ProposalStatus.COUNCIL:
        raise InvalidTransition(current=batch.get_status_display(), target=ProposalStatus.COUNCIL.label)
    if ballot.pk not in {b.pk for b in council_ballots(batch=batch)}:
        raise ValidationFailed(
            _("Chỉ dùng được phiếu biểu quyết đã kiểm của cuộc họp do {unit} tổ chức."),
            field="ballot",
            unit=batch.reviewer.name,
        )
    options = list(ballot.options.select_related("result"))
    candidates = list(batch.candidates.select_related("person", "award_type"))
    missing = []
    for candidate in candidates:
        option = _option_for(candidate, options)
        result = getattr(option, "result", None) if option is not None else None
        if result is None:
            missing.append(candidate.recipient_name)
            continue
        candidate.votes_for = min(result.support, ballot.voters_entitled)
    if missing:
        raise ValidationFailed(
            _("Phiếu biểu quyết không có (hoặc có hơn một) phương án cho: {names}."),
            field="ballot",
            names=", ".join(missing[:10]),
        )
    version_claim(batch, version, shown=_batch_summary)
    ProposalCandidate.objects.bulk_update(candidates, ["votes_for"])
    batch.council_members = min(ballot.voters_entitled, 32767)
    batch.council_present = min(ballot.voters_present or 0, batch.council_members)
    batch.council_voted_on = (
        timezone.localdate(ballot.tallied_at) if ballot.tallied_at else ballot.conference.date
    )
    batch.council_ballot = ballot
    batch.save()
    _log(
        batch,
        actor=actor,
        action=BatchAction.VOTE,
        source=batch.status,
        unit=batch.reviewer,
        reason=str(_("Biểu quyết trên hệ thống: “{ballot}”, {present}/{members} thành viên")).format(
            ballot=ballot.title, present=batch.council_present, members=batch.council_members
        ),
    )
    return batch


def _batch_summary(batch: ProposalBatch) -> str:
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
    actor: User,
    batch: ProposalBatch,
    publish_from: datetime.date | None,
    publish_until: datetime.date | None,
    version: int | None = None,
) -> ProposalBatch:
    """Publish the list of candidates under consideration for a set period (công khai)."""
    access.require_object(actor, "review", batch)
    _check_window(publish_from, publish_until)
    version_claim(batch, version, shown=_batch_summary)
    batch.publish_from, batch.publish_until = publish_from, publish_until
    batch.save(update_fields=["publish_from", "publish_until", "updated_at"])
    return batch


def batches_due(*, batches: Iterable[ProposalBatch], today: datetime.date) -> list[dict[str, Any]]:
    """Due/late list for the board, counted on the working calendar."""
    rows: list[dict[str, Any]] = []
    batches = [b for b in batches if b.due_on and b.status in ProposalBatch.AT_DESK]
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
