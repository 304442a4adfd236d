"""Counting electronic and confirmed paper ballots by the ballot's rules; ties, re-votes, publication."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from thidua.core.errors import DomainError
from thidua.organisation import access
from thidua.organisation.models import Unit
from thidua.scoring.models import ScoreSheet

from .. import rules, sealing
from ..errors import (
    InvalidShare,
    NotEnoughShares,
    NoTieToDecide,
    PaperUnconfirmed,
    RecountNotAllowed,
    SharesDoNotMatch,
    UnknownShare,
)
from ..models import (
    Ballot,
    BallotKind,
    BallotMark,
    BallotOption,
    BallotSource,
    BallotStatus,
    CastBallot,
    OptionResult,
    PaperBatch,
    PaperBatchMode,
    PaperTotal,
    SealedBallot,
    TieBreak,
    VoterCode,
)
from ._common import RULE_FIELDS, _transition
from .ballots import voter_roll


def _counted_casts(ballot: Ballot):
    return CastBallot.objects.filter(ballot=ballot).filter(
        Q(source=BallotSource.ELECTRONIC) | Q(paper_batch__confirmed_by__isnull=False)
    )


@dataclass
class OpenedBox:
    """The sealed ballots of a ballot, opened in memory: marks only, in random order, no tracker link."""

    marks: list[dict[int, str]] = field(default_factory=list)
    failed: int = 0
    shares_presented: int = 0
    trackers: list[str] = field(default_factory=list)  # every tracker in the box
    counted: list[str] = field(default_factory=list)  # the trackers whose ballots were opened


def open_box(*, ballot: Ballot, shares: Sequence[str]) -> OpenedBox:
    """Rebuild the key from the shares in memory, check it is the ballot's, open every sealed ballot.

    Too few shares, a mistyped one, one of another ballot or of an earlier key: a clear error and
    nothing opened. The key is a local variable, dropped when this returns.
    """
    rows = list(SealedBallot.objects.filter(ballot=ballot).values_list("tracker", "ciphertext"))
    box = OpenedBox(trackers=sorted(t for t, _c in rows))
    texts = [s for s in shares if s and s.strip()]
    if not rows and not texts:
        return box
    parsed: dict[int, sealing.Share] = {}
    for index, text in enumerate(texts, start=1):
        try:
            share = sealing.parse_share(ballot.pk, text)
        except sealing.ShareError:
            raise InvalidShare(index=index, field="shares") from None
        if not 1 <= share.number <= ballot.committee_size:
            raise UnknownShare(number=share.number, field="shares")
        parsed[share.number] = share
    if len(parsed) < ballot.seal_threshold:
        raise NotEnoughShares(required=ballot.seal_threshold, given=len(parsed), field="shares")
    private = sealing.rebuild(list(parsed.values()), ballot.public_key)
    if private is None:
        raise SharesDoNotMatch(field="shares")
    ciphertexts = [bytes(c) for _t, c in rows]
    box.marks, failed_indexes = sealing.open_all(
        private, ballot.pk, ballot.options.values_list("pk", flat=True), ciphertexts
    )
    del private
    failed = {rows[i][0] for i in failed_indexes}
    box.failed = len(failed)
    box.counted = [t for t in box.trackers if t not in failed]
    box.shares_presented = len(parsed)
    return box


def count_ballot(
    *, ballot: Ballot, box: OpenedBox | None = None
) -> tuple[rules.Turnout, dict[int, dict[str, int]], int]:
    """Aggregate opened sealed ballots and confirmed paper ballots. Returns (turnout, counts, present units)."""
    box = box or OpenedBox()
    casts = _counted_casts(ballot).aggregate(total=Count("pk"), valid=Count("pk", filter=Q(is_valid=True)))
    totals_batches = PaperBatch.objects.filter(
        ballot=ballot, mode=PaperBatchMode.TOTALS, confirmed_by__isnull=False
    ).aggregate(collected=Sum("collected"), invalid=Sum("invalid"))
    sealed_valid = [m for m in box.marks if m or ballot.blank_ballot_is_valid]
    collected = casts["total"] + (totals_batches["collected"] or 0) + len(box.marks) + box.failed
    valid = casts["valid"] + (totals_batches["collected"] or 0) - (totals_batches["invalid"] or 0)
    valid += len(sealed_valid)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for marks in sealed_valid:
        for option_id, value in marks.items():
            counts[option_id][value] = counts[option_id].get(value, 0) + 1
    mark_rows = (
        BallotMark.objects.filter(cast__in=_counted_casts(ballot).filter(is_valid=True))
        .values("option_id", "value")
        .annotate(n=Count("pk"))
    )
    for row in mark_rows:
        counts[row["option_id"]][row["value"]] = counts[row["option_id"]].get(row["value"], 0) + row["n"]
    total_rows = (
        PaperTotal.objects.filter(batch__ballot=ballot, batch__confirmed_by__isnull=False)
        .values("option_id", "value")
        .annotate(n=Sum("count"))
    )
    for row in total_rows:
        counts[row["option_id"]][row["value"]] = counts[row["option_id"]].get(row["value"], 0) + row["n"]
    root = ballot
    while root.parent_id:
        root = Ballot.objects.select_related("conference").get(pk=root.parent_id)
    entitled, _present = voter_roll(ballot=root)
    codes = list(VoterCode.objects.filter(ballot=ballot).values_list("attendee__unit_id", flat=True))
    members = Unit.objects.filter(cluster_memberships__term_id=ballot.conference.term_id).count()
    turnout = rules.Turnout(
        member_units=members,
        votes_per_unit=ballot.votes_per_unit,
        voters_entitled=max(len(entitled), len(codes)),
        voters_present=len(codes),
        collected=collected,
        valid=valid,
    )
    return turnout, counts, len(set(codes))


def ballot_rules(*, ballot: Ballot, max_winners: int | None = None) -> rules.Rules:
    return rules.Rules(
        kind=ballot.kind,
        threshold_numerator=ballot.threshold_numerator,
        threshold_denominator=ballot.threshold_denominator,
        threshold_strict=ballot.threshold_strict,
        threshold_base=ballot.threshold_base,
        abstain_in_base=ballot.abstain_in_base,
        max_winners=ballot.max_winners if max_winners is None else max_winners,
    )


def _scores_for_tie_break(ballot: Ballot, options: list[BallotOption]) -> None:
    """Fill missing tie-break scores with the units' total covenant score of the conference's period."""
    period_id = ballot.conference.period_id
    missing = [o for o in options if o.tie_break_score is None and o.unit_id]
    if period_id is None or not missing:
        return
    totals = dict(
        ScoreSheet.objects.filter(
            term_id=ballot.conference.term_id, period_id=period_id, unit_id__in=[o.unit_id for o in missing]
        ).values_list("unit_id", "total")
    )
    for option in missing:
        if option.unit_id in totals:
            option.tie_break_score = Decimal(totals[option.unit_id])
            option.save(update_fields=["tie_break_score"])


@transaction.atomic
def ballot_tally(*, actor: Any, ballot: Ballot, shares: Sequence[str] = ()) -> Ballot:
    """Open the sealed box with k committee shares, count it with the confirmed paper ballots
    by the ballot's rules, store the totals and the counted trackers only.

    A tie at the last winning place opens a re-vote round among the tied options (up to
    `tie_max_rounds`); after that the configured tie-break applies.
    """
    access.require_object(actor, "manage", ballot)
    ballot = (
        Ballot.objects.select_for_update(no_key=True, of=("self",))
        .select_related("conference")
        .get(pk=ballot.pk)
    )
    _transition(ballot, BallotStatus.TALLIED)
    return _count_and_store(ballot, shares)


@transaction.atomic
def ballot_recount(*, actor: Any, ballot: Ballot, shares: Sequence[str]) -> Ballot:
    """Count again from the sealed box (k shares again) and the paper ballots; before publication."""
    access.require_object(actor, "manage", ballot)
    ballot = (
        Ballot.objects.select_for_update(no_key=True, of=("self",))
        .select_related("conference")
        .get(pk=ballot.pk)
    )
    if ballot.status != BallotStatus.TALLIED or Ballot.objects.filter(parent=ballot).exists():
        raise RecountNotAllowed()
    return _count_and_store(ballot, shares)


def _revote(ballot: Ballot, decision: rules.Decision, tied_options: list[BallotOption]) -> Ballot:
    """The next round between the options tied at the threshold, for the slots still open."""
    copied = {f: getattr(ballot, f) for f in RULE_FIELDS - {"max_winners", "max_choices", "description"}}
    copied |= {"threshold_numerator": 0, "threshold_strict": False}  # they all passed in round 1
    slots = decision.open_slots
    revote = Ballot.objects.create(
        conference=ballot.conference,
        parent=ballot,
        round_number=ballot.round_number + 1,
        kind=BallotKind.CHOOSE_ONE if slots == 1 else BallotKind.CHOOSE_UP_TO_N,
        max_choices=None if slots == 1 else slots,
        max_winners=slots,
        description=(
            f"Bỏ phiếu lại giữa các phương án đồng phiếu ở vòng {ballot.round_number} "
            f"(đã đạt ngưỡng) để chọn {slots} vị trí còn lại."
        ),
        **copied,
    )
    BallotOption.objects.bulk_create(
        [
            BallotOption(
                ballot=revote,
                order=o.order,
                label=o.label,
                unit=o.unit,
                tie_break_score=o.tie_break_score,
            )
            for o in tied_options
        ]
    )
    return revote


def _resolve_tie(
    ballot: Ballot, decision: rules.Decision, options: list[BallotOption], notes: list[str]
) -> None:
    """A tie for the last slots: a new round, the emulation scores, the chair, or no decision (noted)."""
    tied_options = [o for o in options if o.pk in decision.tied_ids]
    names = ", ".join(o.label for o in tied_options)
    if ballot.round_number - 1 < ballot.tie_max_rounds:
        revote = _revote(ballot, decision, tied_options)
        notes.append(
            f"Đồng phiếu giữa {names} cho {decision.open_slots} vị trí: bỏ phiếu lại vòng {revote.round_number}."
        )
    elif ballot.tie_break == TieBreak.SCORE:
        _scores_for_tie_break(ballot, tied_options)
        winners, still = rules.break_tie_by_score(
            [(o.pk, o.tie_break_score) for o in tied_options], decision.open_slots
        )
        for outcome in decision.outcomes:
            if outcome.option_id in winners:
                outcome.is_winner, outcome.tied = True, False
                outcome.decided_by = "Phân định theo tổng điểm thi đua"
            elif outcome.option_id not in still:
                outcome.tied = False
        if still:
            notes.append(f"Vẫn đồng phiếu và đồng điểm giữa {names}: chờ chủ trì hội nghị quyết định.")
        else:
            notes.append(f"Đồng phiếu giữa {names}: phân định theo tổng điểm thi đua.")
    elif ballot.tie_break == TieBreak.CHAIR:
        notes.append(f"Đồng phiếu giữa {names}: chờ chủ trì hội nghị quyết định.")
    else:
        notes.append(f"Đồng phiếu giữa {names}: không phân định.")


def _store_results(
    ballot: Ballot,
    decision: rules.Decision,
    turnout: rules.Turnout,
    box: OpenedBox,
    present_units: int,
    ok: bool,
    notes: list[str],
) -> Ballot:
    """The outcomes and the count figures written on the ballot (minutes, publication)."""
    OptionResult.objects.filter(ballot=ballot).delete()
    OptionResult.objects.bulk_create(
        [
            OptionResult(
                ballot=ballot,
                option_id=o.option_id,
                counts=o.counts,
                support=o.support,
                base=o.base,
                passed=o.passed,
                is_winner=o.is_winner,
                tied=o.tied,
                grade=o.grade,
                rank=o.rank,
                rule_text=o.rule_text,
                decided_by=o.decided_by,
            )
            for o in decision.outcomes
        ]
    )
    ballot.member_count = turnout.member_units
    ballot.present_unit_count = present_units
    ballot.voters_entitled = turnout.voters_entitled
    ballot.voters_present = turnout.voters_present
    ballot.issued_count = turnout.voters_present
    ballot.collected_count = turnout.collected
    ballot.valid_count = turnout.valid
    ballot.invalid_count = turnout.invalid
    ballot.quorum_required = rules.quorum_required(
        turnout.member_units, ballot.quorum_numerator, ballot.quorum_denominator
    )
    ballot.quorum_met = ok
    ballot.outcome_note = "\n".join(notes)
    ballot.shares_presented = box.shares_presented
    ballot.sealed_opened = len(box.marks)
    ballot.tracker_fingerprint = sealing.fingerprint(box.trackers)
    ballot.counted_trackers = box.counted
    ballot.tallied_at = timezone.now()
    ballot.save()
    return ballot


def _count_and_store(ballot: Ballot, shares: Sequence[str]) -> Ballot:
    pending = PaperBatch.objects.filter(ballot=ballot, confirmed_by__isnull=True).count()
    if pending:
        raise PaperUnconfirmed(count=pending)
    box = open_box(ballot=ballot, shares=shares)
    turnout, counts, present_units = count_ballot(ballot=ballot, box=box)
    record = PaperBatch.objects.filter(
        ballot=ballot, mode=PaperBatchMode.RECORD, confirmed_by__isnull=False
    ).first()
    if record is not None:
        return _count_record(ballot, record, turnout, counts, box)
    ok = rules.quorum_met(
        present_units, turnout.member_units, ballot.quorum_numerator, ballot.quorum_denominator
    )
    options = list(ballot.options.order_by("order", "pk"))
    tallies = [
        rules.OptionTally(
            option_id=o.pk, label=o.label, counts=counts.get(o.pk, {}), tie_break_score=o.tie_break_score
        )
        for o in options
    ]
    decision = rules.decide(ballot_rules(ballot=ballot), turnout, tallies, quorum_ok=ok)
    notes = []
    blank = sum(1 for m in box.marks if not m)
    if blank and not ballot.blank_ballot_is_valid:
        notes.append(f"{blank} phiếu điện tử trắng không hợp lệ theo quy tắc của phiếu bầu.")
    if box.failed:
        notes.append(f"{box.failed} phiếu niêm phong không mở được (dữ liệu bị sửa): tính là không hợp lệ.")
    if not ok:
        notes.append(
            f"Không đủ số đơn vị có mặt ({present_units}/{turnout.member_units}); kết quả không có giá trị (R17)."
        )
    if decision.tied_ids:
        _resolve_tie(ballot, decision, options, notes)
    return _store_results(ballot, decision, turnout, box, present_units, ok, notes)


def _count_record(
    ballot: Ballot,
    record: PaperBatch,
    roll_turnout: rules.Turnout,
    counts: dict[int, dict[str, int]],
    box: OpenedBox,
) -> Ballot:
    """16.10: a result recorded from its paper. The figures are the paper's: voters present and valid
    ballots always, the others only when it states them (stored empty otherwise, never invented). The
    units present are not known without a roll, so the quorum (R17) is recorded as not checked."""
    present = record.stated_present or 0
    turnout = rules.Turnout(
        member_units=roll_turnout.member_units,
        votes_per_unit=ballot.votes_per_unit,
        voters_entitled=record.stated_entitled if record.stated_entitled is not None else present,
        voters_present=present,
        collected=record.collected,
        valid=record.collected - record.invalid,
    )
    options = list(ballot.options.order_by("order", "pk"))
    tallies = [
        rules.OptionTally(
            option_id=o.pk, label=o.label, counts=counts.get(o.pk, {}), tie_break_score=o.tie_break_score
        )
        for o in options
    ]
    decision = rules.decide(ballot_rules(ballot=ballot), turnout, tallies, quorum_ok=True)
    notes = [
        f"Kết quả ghi theo biên bản giấy ({record.source}); không có danh sách cử tri trong hệ thống.",
        "Biên bản không cho biết số đơn vị có mặt: không kiểm tra được tỷ lệ có mặt tối thiểu (R17).",
    ]
    if decision.tied_ids:
        _resolve_tie(ballot, decision, options, notes)
    ballot = _store_results(ballot, decision, turnout, box, 0, True, notes)
    ballot.present_unit_count = None
    ballot.quorum_met = None
    ballot.voters_entitled = record.stated_entitled
    ballot.issued_count = record.stated_issued
    if not record.collected_stated:
        ballot.collected_count = ballot.invalid_count = None
    ballot.save()
    return ballot


@transaction.atomic
def ballot_decide_tie(*, actor: Any, ballot: Ballot, option: BallotOption) -> OptionResult:
    """The chair gives an open place to one of the options still tied."""
    access.require_object(actor, "manage", ballot)
    ballot = Ballot.objects.select_for_update(no_key=True).get(pk=ballot.pk)
    if ballot.status != BallotStatus.TALLIED:
        raise NoTieToDecide()
    result = OptionResult.objects.filter(ballot=ballot, option=option, tied=True).first()
    if result is None:
        raise NoTieToDecide()
    winners = OptionResult.objects.filter(ballot=ballot, is_winner=True).count()
    if ballot.max_winners is not None and winners >= ballot.max_winners:
        raise NoTieToDecide()
    result.is_winner, result.tied = True, False
    result.decided_by = "Chủ trì hội nghị quyết định"
    result.save(update_fields=["is_winner", "tied", "decided_by"])
    if ballot.max_winners is not None and winners + 1 >= ballot.max_winners:
        OptionResult.objects.filter(ballot=ballot, tied=True).update(tied=False)
    return result


def _lock_period_scores(actor: Any, ballot: Ballot) -> str:
    """Publishing a classification locks the period's scores (Scoring capability), when there is a period.

    Returns "" when locked, otherwise why not (recorded in the ballot's note).
    """
    conference = ballot.conference
    period = conference.period
    if period is None:
        return "Hội nghị chưa gắn với kỳ thi đua: chưa khóa điểm."
    try:
        from thidua.scoring.services import scores_lock  # layer below voting
    except ImportError:
        return "Chưa có chức năng chấm điểm: chưa khóa điểm."
    try:
        scores_lock(
            actor=actor,
            term=conference.term,
            period=period,
            reason=f"Công bố kết quả bỏ phiếu xếp loại: {ballot.title}",
        )
    except DomainError as error:
        return f"Chưa khóa điểm: {error}"
    return ""


@transaction.atomic
def ballot_publish(*, actor: Any, ballot: Ballot) -> Ballot:
    """Publish the result and the list of counted receipts."""
    access.require_object(actor, "manage", ballot)
    ballot = (
        Ballot.objects.select_for_update(no_key=True, of=("self",))
        .select_related("conference__term", "conference__period")
        .get(pk=ballot.pk)
    )
    _transition(ballot, BallotStatus.PUBLISHED)
    ballot.published_at = timezone.now()
    if ballot.kind == BallotKind.CLASSIFICATION and ballot.quorum_met:
        problem = _lock_period_scores(actor, ballot)
        ballot.scores_locked = not problem
        if problem:
            ballot.outcome_note = "\n".join(filter(None, [ballot.outcome_note, problem]))
    ballot.save()
    return ballot
