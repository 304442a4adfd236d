"""Reads for ballots: scoped lists, the live turnout, results, receipts and the vote-count minutes."""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from thidua.conferences.models import Conference
from thidua.core.errors import NotFound
from thidua.organisation import access
from thidua.organisation.access import Action

from . import policy, rules
from .errors import InvalidCode
from .models import (
    Ballot,
    BallotKind,
    BallotOption,
    BallotSource,
    BallotStatus,
    CastBallot,
    CommitteeMember,
    Grade,
    Mark,
    OptionResult,
    PaperBatch,
    PaperBatchMode,
    SealedBallot,
    SlipReprint,
    VoterCode,
)
from .services import normalise_code


def _base() -> QuerySet[Ballot]:
    return Ballot.objects.select_related(
        "conference", "conference__term", "conference__term__cluster", "conference__term__cluster__owner"
    )


def ballot_list(*, actor: Any, conference: Conference | None = None, status: str = "") -> QuerySet[Ballot]:
    ballots = _base().filter(conference__term__in=access.terms_in_scope(actor).values("pk"))
    if conference is not None:
        ballots = ballots.filter(conference=conference)
    if status:
        ballots = ballots.filter(status=status)
    return ballots.annotate(
        issued=Count("codes", distinct=True), used=Count("codes", filter=Q(codes__used=True), distinct=True)
    ).order_by("-conference__date", "conference_id", "pk")


def ballot_get(*, actor: Any, ballot_id: int, action: Action = Action.VIEW_CLUSTER) -> Ballot:
    """Fetch and check in one call: absent and out of scope both raise NotFound."""
    ballot = (
        _base()
        .select_related("parent")
        .prefetch_related(
            Prefetch("options", queryset=BallotOption.objects.select_related("unit", "result")),
            Prefetch("revotes", queryset=Ballot.objects.order_by("round_number")),
        )
        .filter(pk=ballot_id)
        .first()
    )
    if ballot is None or not access.can_term(actor, action, ballot.conference.term):
        raise NotFound()
    return ballot


def conference_ballots_can_manage(*, actor: Any, conference: Conference) -> bool:
    """May the actor draw up ballots at the conference (its page offers the form)?"""
    return access.can_object(actor, "manage_ballots", conference)


def ballot_permissions(*, actor: Any, ballot: Ballot) -> dict[str, bool]:
    """What the ballot's page offers: its management, and its results once counted (policy `see_results`)."""
    counted = ballot.status in (BallotStatus.TALLIED, BallotStatus.PUBLISHED)
    return {
        "can_manage": access.can_object(actor, "manage", ballot),
        "show_results": counted and access.can_object(actor, "see_results", ballot),
    }


def ballot_results_get(*, actor: Any, ballot_id: int, counted_only: bool = False) -> Ballot:
    """A ballot whose results the actor may read (policy.require_results_visible); `counted_only`:
    a ballot not yet tallied is NotFound (its count minutes do not exist yet)."""
    ballot = ballot_get(actor=actor, ballot_id=ballot_id)
    if counted_only and ballot.status not in (BallotStatus.TALLIED, BallotStatus.PUBLISHED):
        raise NotFound()
    policy.require_results_visible(actor, ballot)
    return ballot


def paper_batch_get(*, actor: Any, ballot_id: int, batch_id: int) -> PaperBatch:
    """A paper batch through its ballot: the ballot is fetched and checked, a batch of another ballot is
    NotFound (the page and the API both fetch it here)."""
    ballot = ballot_get(actor=actor, ballot_id=ballot_id)
    batch = (
        PaperBatch.objects.filter(ballot=ballot, pk=batch_id)
        .select_related("ballot__conference__term")
        .first()
    )
    if batch is None:
        raise NotFound()
    return batch


def ballot_option_get(*, ballot: Ballot, option_id: int) -> BallotOption:
    """An option of an already fetched-and-checked ballot; another ballot's option is NotFound."""
    option = BallotOption.objects.filter(ballot=ballot, pk=option_id).first()
    if option is None:
        raise NotFound()
    return option


def ballot_turnout(ballot: Ballot) -> dict[str, Any]:
    """Codes used / issued (used includes codes exchanged for paper ballots)."""
    figures = VoterCode.objects.filter(ballot=ballot).aggregate(
        issued=Count("pk"), used=Count("pk", filter=Q(used=True))
    )
    issued, used = figures["issued"], figures["used"]
    return {
        "issued": issued,
        "used": used,
        "remaining": issued - used,
        "percent": rules.percent_text(used, issued),
        "electronic": SealedBallot.objects.filter(ballot=ballot).count(),
    }


def voter_code_for_voting(*, code: str) -> VoterCode:
    """The code holder's view: the ballot and its options (no login; the code is the credential)."""
    voter_code = (
        VoterCode.objects.select_related("ballot", "ballot__conference")
        .prefetch_related(Prefetch("ballot__options", queryset=BallotOption.objects.order_by("order", "pk")))
        .filter(code=normalise_code(raw=code))
        .first()
    )
    if voter_code is None:
        raise InvalidCode()
    return voter_code


def slip_roll(*, ballot: Ballot) -> list[dict[str, Any]]:
    """Who holds a slip and whether it was used; never the code (codes are shown once, when printed)."""
    rows = (
        VoterCode.objects.filter(ballot=ballot)
        .order_by("attendee__unit__name", "attendee__name")
        .values("attendee_id", "attendee__name", "attendee__unit__name", "used")
    )
    return [dict(row) for row in rows]


def slip_reprints(*, ballot: Ballot) -> list[dict[str, Any]]:
    """Slips printed again (old code revoked): for the ballot page and the vote-count minutes."""
    return [
        {
            "voter": r.attendee.name,
            "unit": r.attendee.unit.name,
            "at": r.printed_at,
            "by": r.printed_by.get_full_name() or r.printed_by.get_username(),
            "reason": r.reason,
        }
        for r in SlipReprint.objects.filter(ballot=ballot).select_related("attendee__unit", "printed_by")
    ]


def paper_batches(*, ballot: Ballot) -> QuerySet[PaperBatch]:
    return (
        PaperBatch.objects.filter(ballot=ballot)
        .select_related("entered_by", "confirmed_by")
        .prefetch_related("totals__option")
        .order_by("pk")
    )


def counted_receipts(*, ballot: Ballot) -> list[str]:
    """Trackers of the sealed ballots the tally opened and counted (each voter finds theirs)."""
    if ballot.status not in (BallotStatus.TALLIED, BallotStatus.PUBLISHED):
        return []
    return list(ballot.counted_trackers or [])


def ballot_trackers(*, ballot: Ballot) -> list[str]:
    """Every tracker in the box, published when the vote closes (sorted: no vote order)."""
    if ballot.status in (BallotStatus.DRAFT, BallotStatus.OPEN):
        return []
    return sorted(SealedBallot.objects.filter(ballot=ballot).values_list("tracker", flat=True))


def seal_committee(*, ballot: Ballot) -> list[dict[str, Any]]:
    """The count committee holding the key's shares: numbers, names, when the share slip was issued."""
    return [
        {
            "number": m.number,
            "name": m.name,
            "unit": m.unit_name,
            "issued_at": m.share_issued_at,
            "key_version": m.key_version,
        }
        for m in CommitteeMember.objects.filter(ballot=ballot).order_by("number")
    ]


def _mark_label(value: str) -> str:
    if value in Grade.values:
        return str(Grade(value).label)
    if value in Mark.values:
        return str(Mark(value).label)
    return value


def _round_chain(ballot: Ballot) -> list[Ballot]:
    chain = [ballot]
    current = ballot
    while True:
        nxt = Ballot.objects.filter(parent=current).order_by("round_number").first()
        if nxt is None:
            return chain
        chain.append(nxt)
        current = nxt


def ballot_results(ballot: Ballot) -> list[dict[str, Any]]:
    """Per option: counts, %, whether it passed and whether it is a winner, following re-vote rounds.

    Contract for the Awards capability: an option with `is_winner` and a `unit_id` is a unit
    proposed for `award_title` (or classified at `grade` for classification ballots).
    """
    chain = _round_chain(Ballot.objects.get(pk=ballot.pk))  # statuses as stored now
    final: dict[Any, OptionResult] = {}
    rounds: dict[Any, int] = {}
    for round_ballot in chain:
        if round_ballot.status not in (BallotStatus.TALLIED, BallotStatus.PUBLISHED):
            break
        for result in OptionResult.objects.filter(ballot=round_ballot).select_related(
            "option", "option__unit"
        ):
            key = result.option.unit_id or result.option.label
            final[key] = result
            rounds[key] = round_ballot.round_number
    rows: list[dict[str, Any]] = []
    for key, result in final.items():
        option = result.option
        rows.append(
            {
                "option_id": option.pk,
                "label": option.label,
                "unit_id": option.unit_id,
                "unit_name": option.unit.name if option.unit is not None else "",
                "award_title": ballot.award_title,
                "counts": {_mark_label(k): v for k, v in result.counts.items()},
                "support": result.support,
                "base": result.base,
                "percent": rules.percent_text(result.support, result.base),
                "passed": result.passed,
                "is_winner": result.is_winner,
                "tied": result.tied,
                "grade": result.grade,
                "grade_label": str(Grade(result.grade).label) if result.grade else "",
                "rank": result.rank,
                "rule_text": result.rule_text,
                "decided_by": result.decided_by,
                "round": rounds[key],
                "order": option.order,
            }
        )
    rows.sort(key=lambda r: r["order"])
    return rows


def ballot_winners(ballot: Ballot) -> list[dict[str, Any]]:
    return [row for row in ballot_results(ballot) if row["is_winner"]]


def rule_summary(ballot: Ballot) -> str:
    """The rule in words: "Đạt khi số phiếu > 50 % số phiếu hợp lệ; tối đa 1 đơn vị"."""
    threshold = rules.threshold_text(
        ballot.threshold_numerator, ballot.threshold_denominator, ballot.threshold_strict
    )
    text = f"Đạt khi số phiếu {threshold} {ballot.get_threshold_base_display()}"
    if ballot.kind == BallotKind.CLASSIFICATION:
        text = f"Xếp loại cao nhất mà số phiếu từ mức đó trở lên {threshold} {ballot.get_threshold_base_display()}"
    if ballot.max_winners:
        text += f"; tối đa {ballot.max_winners} phương án được chọn"
    text += (
        f"; cần ít nhất {ballot.quorum_numerator}/{ballot.quorum_denominator} số đơn vị thành viên có mặt"
        f"; mỗi đơn vị {ballot.votes_per_unit} phiếu"
    )
    return text


def conference_ballot_results(conference: Conference) -> list[dict[str, Any]]:
    """Published results of first-round ballots of a conference (for the conference minutes)."""
    ballots = Ballot.objects.filter(conference=conference, parent__isnull=True).order_by("pk")
    return [
        {
            "ballot_id": b.pk,
            "title": b.title,
            "kind": b.get_kind_display(),
            "status": b.get_status_display(),
            "award_title": b.award_title,
            "rule": rule_summary(b),
            "results": ballot_results(b),
            "winners": [row["label"] for row in ballot_winners(b)],
        }
        for b in ballots
    ]


def paper_record(*, ballot: Ballot) -> dict[str, Any] | None:
    """The confirmed paper record a ballot's result comes from (16.10), or None: its source and which
    figures the paper states (the others are shown as "not stated", never as 0)."""
    record = (
        PaperBatch.objects.filter(ballot=ballot, mode=PaperBatchMode.RECORD, confirmed_by__isnull=False)
        .order_by("pk")
        .first()
    )
    if record is None:
        return None
    return {
        "source": record.source,
        "voters_entitled": record.stated_entitled,
        "voters_present": record.stated_present,
        "issued": record.stated_issued,
        "collected": record.collected if record.collected_stated else None,
        "valid": record.collected - record.invalid,
        "invalid": record.invalid if record.collected_stated else None,
    }


def ballot_count_minutes_context(ballot: Ballot) -> dict[str, Any]:
    """Everything the vote-count minutes (biên bản kiểm phiếu, R18) need, as plain data.

    Contract for the Documents capability: members, present, issued, collected, valid, invalid,
    per-candidate counts and %, result, tally committee and chair.
    """
    ballot = Ballot.objects.select_related(
        "conference", "conference__term", "conference__term__cluster", "conference__host"
    ).get(pk=ballot.pk)
    conference = ballot.conference
    term = conference.term
    chairs = list(conference.chairs.select_related("unit"))
    results = ballot_results(ballot)
    return {
        "ballot_id": ballot.pk,
        "title": str(ballot),
        "kind": ballot.kind,
        "kind_label": ballot.get_kind_display(),
        "award_title": ballot.award_title,
        "round": ballot.round_number,
        "status": ballot.get_status_display(),
        "conference": {
            "id": conference.pk,
            "title": conference.title,
            "date": conference.date,
            "venue": conference.venue,
            "host": conference.host.name if conference.host is not None else "",
        },
        "cluster": {"name": term.display_name, "year": term.year, "owner": term.cluster.owner.name},
        "time": ballot.closed_at or ballot.tallied_at,
        "place": conference.venue or (conference.host.name if conference.host is not None else ""),
        "rule": rule_summary(ballot),
        "threshold": rules.threshold_text(
            ballot.threshold_numerator, ballot.threshold_denominator, ballot.threshold_strict
        ),
        "threshold_base": ballot.get_threshold_base_display(),
        "members": ballot.member_count,
        "present_units": ballot.present_unit_count,
        "voters_entitled": ballot.voters_entitled,
        "voters_present": ballot.voters_present,
        "issued": ballot.issued_count,
        "collected": ballot.collected_count,
        "valid": ballot.valid_count,
        "invalid": ballot.invalid_count,
        "invalid_reasons": _invalid_reasons(ballot),
        "quorum_required": ballot.quorum_required,
        "quorum_met": ballot.quorum_met,
        "results": results,
        "winners": [row["label"] for row in results if row["is_winner"]],
        "outcome_note": ballot.outcome_note,
        "committee": list(ballot.tally_committee or []),
        "committee_chair": ballot.tally_chair,
        "chairs": [
            {"unit": c.unit.name, "name": c.name, "position": c.position, "role": c.get_role_display()}
            for c in chairs
        ],
        "counted_receipts": counted_receipts(ballot=ballot),
        "paper_record": paper_record(ballot=ballot),
        "slips_printed_at": ballot.slips_printed_at,
        "seal": {
            "committee": seal_committee(ballot=ballot),
            "threshold": ballot.seal_threshold,
            "size": ballot.committee_size,
            "key_version": ballot.key_version,
            "shares_presented": ballot.shares_presented,
            "sealed_opened": ballot.sealed_opened,
            "tracker_count": len(ballot_trackers(ballot=ballot)),
            "tracker_fingerprint": ballot.tracker_fingerprint,
        },
        "slip_reprints": slip_reprints(ballot=ballot),
    }


def _invalid_reasons(ballot: Ballot) -> list[str]:
    reasons = list(
        CastBallot.objects.filter(ballot=ballot, is_valid=False)
        .filter(Q(source=BallotSource.ELECTRONIC) | Q(paper_batch__confirmed_by__isnull=False))
        .values_list("invalid_reason", flat=True)
    )
    reasons += [
        b.invalid_reasons
        for b in PaperBatch.objects.filter(ballot=ballot, confirmed_by__isnull=False, invalid__gt=0)
        if b.invalid_reasons
    ]
    return sorted(reasons)
