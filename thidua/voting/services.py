"""Writes for secret ballots: set up, open (voter roll + one-time codes), cast, paper, close, tally, publish.

Secrecy (R14): `vote_cast` locks the code row, marks it used and stores the ballot in one
transaction; the stored ballot carries no voter, no code and no timestamp.
"""

import secrets
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from thidua.conferences.models import Attendee, AttendeeRole, Conference
from thidua.core.errors import DomainError, InvalidTransition, ValidationFailed
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import Unit

from . import rules
from .errors import (
    BallotNotEditable,
    BallotNotOpen,
    BatchAlreadyConfirmed,
    CodeAlreadyUsed,
    EmptyRoll,
    InvalidChoice,
    InvalidCode,
    NoOptions,
    NoTieToDecide,
    PaperExceedsIssued,
    PaperNotAllowed,
    PaperUnconfirmed,
    QuorumNotMet,
    SamePersonConfirms,
    TooManyChoices,
)
from .models import (
    Ballot,
    BallotKind,
    BallotMark,
    BallotOption,
    BallotSource,
    BallotStatus,
    CastBallot,
    Grade,
    Mark,
    OptionResult,
    PaperBatch,
    PaperBatchMode,
    PaperTotal,
    ThresholdBase,
    TieBreak,
    VoterCode,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: 5 bits per character
CODE_LENGTH = 20  # 100 random bits: guessing is hopeless, rate limiting only keeps logs quiet

RULE_FIELDS = frozenset(
    {
        "votes_per_unit",
        "max_choices",
        "quorum_numerator",
        "quorum_denominator",
        "threshold_numerator",
        "threshold_denominator",
        "threshold_strict",
        "threshold_base",
        "blank_ballot_is_valid",
        "abstain_in_base",
        "max_winners",
        "tie_max_rounds",
        "tie_break",
        "tally_chair",
        "tally_committee",
        "title",
        "award_title",
        "description",
    }
)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def _require_manage(actor: Any, ballot_or_conference: Ballot | Conference) -> None:
    conference = (
        ballot_or_conference.conference if isinstance(ballot_or_conference, Ballot) else ballot_or_conference
    )
    access.require_term(actor, Action.MANAGE_TERM, conference.term)


def _transition(ballot: Ballot, target: str) -> None:
    if target not in Ballot.TRANSITIONS.get(ballot.status, frozenset()):
        raise InvalidTransition(current=BallotStatus(ballot.status).label, target=BallotStatus(target).label)
    ballot.status = target


def _validate_rules(values: Mapping[str, Any], kind: str) -> None:
    if values.get("threshold_base", ThresholdBase.VALID_BALLOTS) not in ThresholdBase.values:
        raise ValidationFailed("Cơ sở tính tỷ lệ không hợp lệ.", field="threshold_base")
    if values.get("tie_break", TieBreak.SCORE) not in TieBreak.values:
        raise ValidationFailed("Cách phân định không hợp lệ.", field="tie_break")
    numerator = values.get("threshold_numerator", 1)
    denominator = values.get("threshold_denominator", 2)
    if not denominator or numerator < 0 or numerator > denominator:
        raise ValidationFailed("Ngưỡng đạt phải nằm trong khoảng 0–100 %.", field="threshold_numerator")
    if not values.get("quorum_denominator", 3) or values.get("quorum_numerator", 2) < 0:
        raise ValidationFailed("Tỷ lệ có mặt tối thiểu không hợp lệ.", field="quorum_numerator")
    if values.get("votes_per_unit", 1) < 1:
        raise ValidationFailed("Mỗi đơn vị có ít nhất một phiếu.", field="votes_per_unit")
    if kind == BallotKind.CHOOSE_UP_TO_N and not values.get("max_choices"):
        raise ValidationFailed("Cần ghi số ứng viên được chọn tối đa.", field="max_choices")


@transaction.atomic
def ballot_create(
    *,
    actor: Any,
    conference: Conference,
    kind: str,
    title: str,
    units: Iterable[Unit] | None = None,
    proposals: Iterable[str] = (),
    **rule_values: Any,
) -> Ballot:
    """Set up a ballot with its options: member units of the term (default: all) and/or proposals."""
    _require_manage(actor, conference)
    if kind not in BallotKind.values:
        raise ValidationFailed("Hình thức bỏ phiếu không hợp lệ.", field="kind")
    unknown = set(rule_values) - RULE_FIELDS
    if unknown:
        raise ValidationFailed("Trường không hợp lệ: {fields}", fields=", ".join(sorted(unknown)))
    _validate_rules(rule_values, kind)
    members = {
        u.pk: u for u in Unit.objects.filter(cluster_memberships__term_id=conference.term_id).order_by("name")
    }
    proposals = [p.strip() for p in proposals if p and p.strip()]
    chosen = list(units) if units is not None else ([] if proposals else list(members.values()))
    for unit in chosen:
        if unit.pk not in members:
            raise ValidationFailed(
                "Đơn vị “{unit}” không phải thành viên của cụm.", field="units", unit=unit.name
            )
    if not chosen and not proposals:
        raise NoOptions(field="units")
    ballot = Ballot.objects.create(conference=conference, kind=kind, title=title.strip(), **rule_values)
    prefix = f"{ballot.award_title}: " if ballot.award_title and kind == BallotKind.YES_NO else ""
    options = [
        BallotOption(ballot=ballot, order=i, label=f"{prefix}{unit.name}", unit=unit)
        for i, unit in enumerate(chosen, start=1)
    ]
    options += [
        BallotOption(ballot=ballot, order=len(chosen) + i, label=text)
        for i, text in enumerate(proposals, start=1)
    ]
    BallotOption.objects.bulk_create(options)
    return ballot


@transaction.atomic
def ballot_update_rules(*, actor: Any, ballot: Ballot, **changes: Any) -> Ballot:
    _require_manage(actor, ballot)
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.status != BallotStatus.DRAFT:
        raise BallotNotEditable()
    unknown = set(changes) - RULE_FIELDS
    if unknown:
        raise ValidationFailed("Trường không hợp lệ: {fields}", fields=", ".join(sorted(unknown)))
    merged = {f: getattr(ballot, f) for f in RULE_FIELDS} | changes
    _validate_rules(merged, ballot.kind)
    for name, value in changes.items():
        setattr(ballot, name, value)
    ballot.save()
    return ballot


@transaction.atomic
def ballot_set_committee(
    *, actor: Any, ballot: Ballot, tally_chair: str, tally_committee: list[str]
) -> Ballot:
    """Record the tally committee (ban kiểm phiếu) for the minutes; possible until publication."""
    _require_manage(actor, ballot)
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.status == BallotStatus.PUBLISHED:
        raise BallotNotEditable()
    ballot.tally_chair = tally_chair.strip()
    ballot.tally_committee = [name.strip() for name in tally_committee if name.strip()]
    ballot.save(update_fields=["tally_chair", "tally_committee", "updated_at"])
    return ballot


@transaction.atomic
def option_set_tie_break_score(*, actor: Any, option: BallotOption, score: Decimal | None) -> BallotOption:
    _require_manage(actor, option.ballot)
    option.tie_break_score = score
    option.save(update_fields=["tie_break_score"])
    return option


def voter_roll(ballot: Ballot) -> tuple[list[Attendee], list[Attendee]]:
    """(entitled, present) voters: delegates marked as voters of member units, at most `votes_per_unit` each.

    Heads of delegation come first within a unit. Only present voters receive a code (R27).
    """
    member_ids = set(
        Unit.objects.filter(cluster_memberships__term_id=ballot.conference.term_id).values_list(
            "pk", flat=True
        )
    )
    role_order = {AttendeeRole.HEAD: 0, AttendeeRole.DELEGATE: 1}
    candidates = sorted(
        Attendee.objects.filter(conference_id=ballot.conference_id, is_voter=True, unit_id__in=member_ids),
        key=lambda a: (a.unit_id, not a.present, role_order.get(AttendeeRole(a.role), 2), a.pk),
    )
    per_unit: Counter[int] = Counter()
    entitled = []
    for attendee in candidates:
        if per_unit[attendee.unit_id] < ballot.votes_per_unit:
            per_unit[attendee.unit_id] += 1
            entitled.append(attendee)
    return entitled, [a for a in entitled if a.present]


def _issue_codes(ballot: Ballot, voters: list[Attendee]) -> None:
    VoterCode.objects.bulk_create([VoterCode(ballot=ballot, attendee=a, code=new_code()) for a in voters])


@transaction.atomic
def ballot_open(*, actor: Any, ballot: Ballot) -> Ballot:
    """Open the vote: check the quorum (R17) and issue one code to each present voter on the roll."""
    _require_manage(actor, ballot)
    ballot = Ballot.objects.select_for_update(of=("self",)).select_related("conference").get(pk=ballot.pk)
    _transition(ballot, BallotStatus.OPEN)
    if not ballot.options.exists():
        raise NoOptions()
    if ballot.parent_id:  # a re-vote keeps the roll of the first round
        parent_codes = VoterCode.objects.filter(ballot_id=ballot.parent_id).select_related("attendee")
        voters = [code.attendee for code in parent_codes]
        if not voters:
            raise EmptyRoll()
    else:
        _entitled, voters = voter_roll(ballot)
        if not voters:
            raise EmptyRoll()
    members = Unit.objects.filter(cluster_memberships__term_id=ballot.conference.term_id).count()
    present_units = len({a.unit_id for a in voters})
    if not rules.quorum_met(present_units, members, ballot.quorum_numerator, ballot.quorum_denominator):
        raise QuorumNotMet(
            present=present_units,
            members=members,
            required=rules.quorum_required(members, ballot.quorum_numerator, ballot.quorum_denominator),
        )
    _issue_codes(ballot, voters)
    ballot.opened_at = timezone.now()
    ballot.save()
    return ballot


@transaction.atomic
def ballot_close(*, actor: Any, ballot: Ballot) -> Ballot:
    """Stop the vote. Locking the unused codes waits for the votes in flight (they hold their code's lock)."""
    _require_manage(actor, ballot)
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    _transition(ballot, BallotStatus.CLOSED)
    list(VoterCode.objects.select_for_update().filter(ballot=ballot, used=False).values_list("pk", flat=True))
    ballot.closed_at = timezone.now()
    ballot.save()
    return ballot


def _allowed_values(kind: str) -> frozenset[str]:
    if kind == BallotKind.CLASSIFICATION:
        return frozenset(Grade.values) | {Mark.ABSTAIN}
    if kind == BallotKind.YES_NO:
        return frozenset({Mark.YES, Mark.NO, Mark.ABSTAIN})
    return frozenset({Mark.SELECTED})


def _clean_marks(
    ballot: Ballot, option_ids: set[int], choices: Mapping[int, str]
) -> tuple[dict[int, str], str]:
    """Check the choices. Returns (marks without abstentions, reason the ballot is invalid or "")."""
    allowed = _allowed_values(ballot.kind)
    marks: dict[int, str] = {}
    for option_id, value in choices.items():
        if option_id not in option_ids:
            raise InvalidChoice(detail=f"phương án {option_id} không thuộc phiếu bầu")
        if value not in allowed:
            raise InvalidChoice(detail=f"giá trị “{value}”")
        if value != Mark.ABSTAIN:
            marks[option_id] = value
    limit = ballot.choice_limit
    if limit is not None and len(marks) > limit:
        raise TooManyChoices(limit=limit)
    if not marks and not ballot.blank_ballot_is_valid:
        return marks, "Phiếu trắng"
    return marks, ""


@transaction.atomic
def vote_cast(*, code: str, choices: Mapping[int, str]) -> CastBallot:
    """Cast a ballot with a one-time code. The code is the credential; no session, no voter stored.

    One transaction: lock the code row, check it is unused and the ballot open, mark it used,
    store the ballot and its marks. A second request with the same code waits for the lock and
    then finds the code used. `ballot_close` locks the unused codes, so it waits for votes in
    flight and every vote that starts later sees the ballot closed.
    """
    voter_code = VoterCode.objects.select_for_update().filter(code=normalise_code(code)).first()
    if voter_code is None:
        raise InvalidCode()
    if voter_code.used:
        raise CodeAlreadyUsed()
    # read after the lock (a fresh statement): a close that committed meanwhile is seen here
    ballot = Ballot.objects.get(pk=voter_code.ballot_id)
    if ballot.status != BallotStatus.OPEN:
        raise BallotNotOpen(ballot=ballot)
    option_ids = set(BallotOption.objects.filter(ballot_id=ballot.pk).values_list("pk", flat=True))
    marks, invalid_reason = _clean_marks(ballot, option_ids, choices)
    if VoterCode.objects.filter(pk=voter_code.pk, used=False).update(used=True) != 1:
        raise CodeAlreadyUsed()
    cast = CastBallot.objects.create(
        ballot_id=ballot.pk,
        source=BallotSource.ELECTRONIC,
        is_valid=not invalid_reason,
        invalid_reason=invalid_reason,
    )
    BallotMark.objects.bulk_create(
        [BallotMark(cast=cast, option_id=option_id, value=value) for option_id, value in marks.items()]
    )
    return cast


@transaction.atomic
def ballot_issue_paper(*, actor: Any, ballot: Ballot, attendee_ids: Iterable[int] | None = None) -> int:
    """Hand paper ballots to voters: their codes are consumed (no record of who took paper)."""
    _require_manage(actor, ballot)
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.status != BallotStatus.OPEN:
        raise BallotNotOpen(ballot=ballot)
    codes = VoterCode.objects.filter(ballot=ballot, used=False)
    if attendee_ids is not None:
        codes = codes.filter(attendee_id__in=list(attendee_ids))
    count = codes.update(used=True)
    Ballot.objects.filter(pk=ballot.pk).update(paper_issued=ballot.paper_issued + count)
    return count


def _require_paper_entry(actor: Any, ballot: Ballot) -> Ballot:
    _require_manage(actor, ballot)
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.status not in (BallotStatus.OPEN, BallotStatus.CLOSED):
        raise PaperNotAllowed(status=BallotStatus(ballot.status).label)
    return ballot


@transaction.atomic
def paper_batch_enter_ballots(
    *, actor: Any, ballot: Ballot, ballots: Iterable[Mapping[str, Any]]
) -> PaperBatch:
    """Enter paper ballots one by one: each {"marks": {option_id: value}, "invalid_reason": ""}.

    A ballot with more choices than allowed or a bad mark is recorded invalid with its reason.
    """
    ballot = _require_paper_entry(actor, ballot)
    option_ids = set(ballot.options.values_list("pk", flat=True))
    batch = PaperBatch.objects.create(ballot=ballot, mode=PaperBatchMode.INDIVIDUAL, entered_by=actor)
    marks_to_store: list[BallotMark] = []
    collected = invalid = 0
    for entry in ballots:
        reason = (entry.get("invalid_reason") or "").strip()
        marks: dict[int, str] = {}
        if not reason:
            try:
                marks, reason = _clean_marks(
                    ballot, option_ids, {int(k): v for k, v in (entry.get("marks") or {}).items()}
                )
            except TooManyChoices as error:
                reason = str(error)
            except InvalidChoice as error:
                reason = str(error)
        cast = CastBallot.objects.create(
            ballot=ballot,
            source=BallotSource.PAPER,
            paper_batch=batch,
            is_valid=not reason,
            invalid_reason=reason[:255],
        )
        if not reason:
            marks_to_store += [BallotMark(cast=cast, option_id=o, value=v) for o, v in marks.items()]
        collected += 1
        invalid += 1 if reason else 0
    BallotMark.objects.bulk_create(marks_to_store)
    batch.collected, batch.invalid = collected, invalid
    batch.save(update_fields=["collected", "invalid", "updated_at"])
    return batch


@transaction.atomic
def paper_batch_enter_totals(
    *,
    actor: Any,
    ballot: Ballot,
    collected: int,
    invalid: int,
    totals: Iterable[tuple[int, str, int]],
    invalid_reasons: str = "",
) -> PaperBatch:
    """Enter the counted totals of paper ballots: (option_id, value, count) rows."""
    ballot = _require_paper_entry(actor, ballot)
    if collected < 0 or invalid < 0 or invalid > collected:
        raise ValidationFailed("Số phiếu không hợp lệ lớn hơn số phiếu thu về.", field="invalid")
    if invalid and not invalid_reasons.strip():
        raise ValidationFailed("Cần ghi lý do phiếu không hợp lệ.", field="invalid_reasons")
    option_ids = set(ballot.options.values_list("pk", flat=True))
    allowed = _allowed_values(ballot.kind)
    valid = collected - invalid
    per_option: Counter[int] = Counter()
    rows = []
    for option_id, value, count in totals:
        if option_id not in option_ids or value not in allowed or count < 0:
            raise InvalidChoice(detail=f"phương án {option_id} / “{value}”")
        if count:
            per_option[option_id] += count
            rows.append((option_id, value, count))
    if any(n > valid for n in per_option.values()):
        raise ValidationFailed("Tổng phiếu của một phương án vượt số phiếu hợp lệ.", field="totals")
    limit = ballot.choice_limit
    if limit is not None and sum(per_option.values()) > valid * limit:
        raise ValidationFailed("Tổng số lựa chọn vượt quá số phiếu hợp lệ × số được chọn.", field="totals")
    batch = PaperBatch.objects.create(
        ballot=ballot,
        mode=PaperBatchMode.TOTALS,
        entered_by=actor,
        collected=collected,
        invalid=invalid,
        invalid_reasons=invalid_reasons.strip(),
    )
    PaperTotal.objects.bulk_create(
        [PaperTotal(batch=batch, option_id=o, value=v, count=c) for o, v, c in rows]
    )
    return batch


@transaction.atomic
def paper_batch_confirm(*, actor: Any, batch: PaperBatch) -> PaperBatch:
    """A second member of the tally committee confirms the entry (four eyes)."""
    _require_manage(actor, batch.ballot)
    batch = PaperBatch.objects.select_for_update(of=("self",)).select_related("ballot").get(pk=batch.pk)
    if batch.is_confirmed:
        raise BatchAlreadyConfirmed()
    if batch.entered_by_id == getattr(actor, "pk", None):
        raise SamePersonConfirms()
    ballot = batch.ballot
    already = (
        PaperBatch.objects.filter(ballot=ballot, confirmed_by__isnull=False).aggregate(n=Sum("collected"))[
            "n"
        ]
        or 0
    )
    if already + batch.collected > ballot.paper_issued:
        raise PaperExceedsIssued(collected=already + batch.collected, issued=ballot.paper_issued)
    batch.confirmed_by = actor
    batch.confirmed_at = timezone.now()
    batch.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
    return batch


@transaction.atomic
def paper_batch_discard(*, actor: Any, batch: PaperBatch) -> None:
    _require_manage(actor, batch.ballot)
    if batch.is_confirmed:
        raise BatchAlreadyConfirmed()
    batch.delete()


def _counted_casts(ballot: Ballot):
    return CastBallot.objects.filter(ballot=ballot).filter(
        Q(source=BallotSource.ELECTRONIC) | Q(paper_batch__confirmed_by__isnull=False)
    )


def count_ballot(ballot: Ballot) -> tuple[rules.Turnout, dict[int, dict[str, int]], int]:
    """Aggregate electronic and confirmed paper ballots. Returns (turnout, counts per option, present units)."""
    casts = _counted_casts(ballot).aggregate(total=Count("pk"), valid=Count("pk", filter=Q(is_valid=True)))
    totals_batches = PaperBatch.objects.filter(
        ballot=ballot, mode=PaperBatchMode.TOTALS, confirmed_by__isnull=False
    ).aggregate(collected=Sum("collected"), invalid=Sum("invalid"))
    collected = casts["total"] + (totals_batches["collected"] or 0)
    valid = casts["valid"] + (totals_batches["collected"] or 0) - (totals_batches["invalid"] or 0)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
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
    entitled, _present = voter_roll(root)
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


def ballot_rules(ballot: Ballot, max_winners: int | None = None) -> rules.Rules:
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
    if period_id is None or not missing or not apps.is_installed("thidua.scoring"):
        return
    score_sheet = apps.get_model("scoring", "ScoreSheet")
    totals = dict(
        score_sheet.objects.filter(
            term_id=ballot.conference.term_id, period_id=period_id, unit_id__in=[o.unit_id for o in missing]
        ).values_list("unit_id", "total")
    )
    for option in missing:
        if option.unit_id in totals:
            option.tie_break_score = Decimal(totals[option.unit_id])
            option.save(update_fields=["tie_break_score"])


@transaction.atomic
def ballot_tally(*, actor: Any, ballot: Ballot) -> Ballot:
    """Count electronic + confirmed paper ballots and apply the ballot's rules.

    A tie at the last winning place opens a re-vote round among the tied options (up to
    `tie_max_rounds`); after that the configured tie-break applies.
    """
    _require_manage(actor, ballot)
    ballot = Ballot.objects.select_for_update(of=("self",)).select_related("conference").get(pk=ballot.pk)
    _transition(ballot, BallotStatus.TALLIED)
    pending = PaperBatch.objects.filter(ballot=ballot, confirmed_by__isnull=True).count()
    if pending:
        raise PaperUnconfirmed(count=pending)
    turnout, counts, present_units = count_ballot(ballot)
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
    decision = rules.decide(ballot_rules(ballot), turnout, tallies, quorum_ok=ok)
    notes = []
    if not ok:
        notes.append(
            f"Không đủ số đơn vị có mặt ({present_units}/{turnout.member_units}); kết quả không có giá trị (R17)."
        )
    if decision.tied_ids:
        tied_options = [o for o in options if o.pk in decision.tied_ids]
        names = ", ".join(o.label for o in tied_options)
        if ballot.round_number - 1 < ballot.tie_max_rounds:
            copied = {
                f: getattr(ballot, f) for f in RULE_FIELDS - {"max_winners", "max_choices", "description"}
            }
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
    ballot.tallied_at = timezone.now()
    ballot.save()
    return ballot


@transaction.atomic
def ballot_decide_tie(*, actor: Any, ballot: Ballot, option: BallotOption) -> OptionResult:
    """The chair gives an open place to one of the options still tied."""
    _require_manage(actor, ballot)
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
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
    _require_manage(actor, ballot)
    ballot = (
        Ballot.objects.select_for_update(of=("self",))
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
