"""Setting up a ballot, its voter roll and one-time codes; opening and closing the vote."""

from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from thidua.conferences.models import Attendee, AttendeeRole, Conference
from thidua.core.errors import ValidationFailed
from thidua.core.text import fold
from thidua.organisation import access
from thidua.organisation.models import Unit

from .. import notices, rules, sealing
from ..errors import (
    BadCommittee,
    BallotHasVotes,
    BallotNotEditable,
    BallotNotOpen,
    CodeNotReprintable,
    EmptyRoll,
    NoOptions,
    QuorumNotMet,
    SlipsAlreadyPrinted,
    SlipsNotPrinted,
)
from ..models import (
    Ballot,
    BallotKind,
    BallotOption,
    BallotStatus,
    CommitteeMember,
    SealedBallot,
    SlipReprint,
    VoterCode,
)
from ._common import RULE_FIELDS, _transition, _validate_rules, new_code
from .storage import rewrite_vote_storage


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
    access.require_object(actor, "manage_ballots", conference)
    if kind not in BallotKind.values:
        raise ValidationFailed(_("Hình thức bỏ phiếu không hợp lệ."), field="kind")
    unknown = set(rule_values) - RULE_FIELDS
    if unknown:
        raise ValidationFailed(_("Trường không hợp lệ: {fields}"), fields=", ".join(sorted(unknown)))
    if "max_winners" not in rule_values and "dan dau" in fold(
        f"{title} {rule_values.get('award_title') or ''}"
    ):
        rule_values["max_winners"] = 1  # a "dẫn đầu" ballot has one winner unless configured (17.8)
    _validate_rules(rule_values, kind)
    members = {
        u.pk: u for u in Unit.objects.filter(cluster_memberships__term_id=conference.term_id).order_by("name")
    }
    proposals = [p.strip() for p in proposals if p and p.strip()]
    chosen = list(units) if units is not None else ([] if proposals else list(members.values()))
    for unit in chosen:
        if unit.pk not in members:
            raise ValidationFailed(
                _("Đơn vị “{unit}” không phải thành viên của cụm."), field="units", unit=unit.name
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
    access.require_object(actor, "manage", ballot)
    ballot = Ballot.objects.select_for_update(no_key=True).get(pk=ballot.pk)
    if ballot.status != BallotStatus.DRAFT:
        raise BallotNotEditable()
    unknown = set(changes) - RULE_FIELDS
    if unknown:
        raise ValidationFailed(_("Trường không hợp lệ: {fields}"), fields=", ".join(sorted(unknown)))
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
    access.require_object(actor, "manage", ballot)
    ballot = Ballot.objects.select_for_update(no_key=True).get(pk=ballot.pk)
    if ballot.status == BallotStatus.PUBLISHED:
        raise BallotNotEditable()
    ballot.tally_chair = tally_chair.strip()
    ballot.tally_committee = [name.strip() for name in tally_committee if name.strip()]
    ballot.save(update_fields=["tally_chair", "tally_committee", "updated_at"])
    return ballot


@transaction.atomic
def option_set_tie_break_score(*, actor: Any, option: BallotOption, score: Decimal | None) -> BallotOption:
    access.require_object(actor, "manage", option.ballot)
    option.tie_break_score = score
    option.save(update_fields=["tie_break_score"])
    return option


def voter_roll(*, ballot: Ballot) -> tuple[list[Attendee], list[Attendee]]:
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


def _default_committee(ballot: Ballot, voters: list[Attendee]) -> list[Attendee]:
    """`committee_size` present voters, one per unit first (heads of delegation first), then the rest."""
    if ballot.parent_id:  # a re-vote keeps the committee of the round before, when it can
        ids = list(
            CommitteeMember.objects.filter(ballot_id=ballot.parent_id, attendee__isnull=False)
            .order_by("number")
            .values_list("attendee_id", flat=True)
        )
        kept = [a for a in voters if a.pk in ids]
        if kept:
            return kept
    first: list[Attendee] = []
    rest: list[Attendee] = []
    seen: set[int] = set()
    for attendee in voters:
        (rest if attendee.unit_id in seen else first).append(attendee)
        seen.add(attendee.unit_id)
    return (first + rest)[: ballot.committee_size]


def _committee(ballot: Ballot, voters: list[Attendee], attendee_ids: Sequence[int] | None) -> list[Attendee]:
    if attendee_ids is None:
        members = _default_committee(ballot, voters)
    else:
        by_id = {
            a.pk: a
            for a in Attendee.objects.filter(conference_id=ballot.conference_id, pk__in=list(attendee_ids))
        }
        if len(by_id) != len(set(attendee_ids)):
            raise BadCommittee(detail=_("có người không phải đại biểu của hội nghị"))
        members = [by_id[i] for i in dict.fromkeys(attendee_ids)]
    if not members:
        raise BadCommittee(detail=_("chưa chọn thành viên nào"))
    if len(members) > 20:
        raise BadCommittee(detail=_("tối đa 20 thành viên"))
    return members


def _new_key(*, actor: Any, ballot: Ballot) -> list[sealing.ShareSlip]:
    """Generate the ballot's key pair, store the public key, hand out one share per member (once).

    The private key and the shares leave this function only as the returned slips, which the
    caller prints; nothing of them is written to the database, a log or a cache.
    """
    members = list(CommitteeMember.objects.filter(ballot=ballot).order_by("number"))
    public, shares = sealing.new_key(ballot.seal_threshold, len(members))
    ballot.public_key = public
    ballot.key_version += 1
    now = timezone.now()
    for member in members:
        member.share_issued_at, member.share_issued_by, member.key_version = now, actor, ballot.key_version
    CommitteeMember.objects.bulk_update(members, ["share_issued_at", "share_issued_by", "key_version"])
    return [
        sealing.ShareSlip(
            number=m.number,
            name=m.name,
            unit=m.unit_name,
            text=sealing.share_text(ballot.pk, share),
            threshold=ballot.seal_threshold,
            size=len(members),
            key_version=ballot.key_version,
        )
        for m, share in zip(members, shares, strict=True)
    ]


def committee_choices(*, ballot: Ballot) -> list[tuple[Attendee, bool]]:
    """The present voters the secretary may name to the count committee, with the default ones ticked."""
    if ballot.parent_id:
        voters = [
            c.attendee
            for c in VoterCode.objects.filter(ballot_id=ballot.parent_id).select_related("attendee")
        ]
    else:
        _entitled, voters = voter_roll(ballot=ballot)
    default = {a.pk for a in _default_committee(ballot, voters)}
    return [(a, a.pk in default) for a in voters]


@transaction.atomic
def ballot_open(
    *,
    actor: Any,
    ballot: Ballot,
    committee: Sequence[int] | None = None,
    threshold: int | None = None,
) -> Ballot:
    """Open the vote: check the quorum (R17), issue one code to each present voter on the roll,
    name the count committee and generate the ballot's key (issue 18).

    `committee`: attendee ids of the members (default: `committee_size` present voters, one per
    unit first); `threshold`: shares needed to open the box (default `seal_threshold`, at most the
    committee's size). The returned ballot carries `issued_shares`, the members' share slips:
    print them now, they are never shown again.
    """
    access.require_object(actor, "manage", ballot)
    ballot = (
        Ballot.objects.select_for_update(no_key=True, of=("self",))
        .select_related("conference")
        .get(pk=ballot.pk)
    )
    _transition(ballot, BallotStatus.OPEN)
    if not ballot.options.exists():
        raise NoOptions()
    if ballot.parent_id:  # a re-vote keeps the roll of the first round
        parent_codes = VoterCode.objects.filter(ballot_id=ballot.parent_id).select_related("attendee")
        voters = [code.attendee for code in parent_codes]
        if not voters:
            raise EmptyRoll()
    else:
        _entitled, voters = voter_roll(ballot=ballot)
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
    committee_members = _committee(ballot, voters, committee)
    size = len(committee_members)
    k = threshold if threshold is not None else min(ballot.seal_threshold, size)
    if not 1 <= k <= size:
        raise BadCommittee(
            detail=format_lazy(_("số mảnh khóa cần phải từ 1 đến {n}"), n=size), field="threshold"
        )
    ballot.committee_size, ballot.seal_threshold = size, k
    CommitteeMember.objects.filter(ballot=ballot).delete()
    units = dict(Unit.objects.filter(pk__in={a.unit_id for a in committee_members}).values_list("pk", "name"))
    CommitteeMember.objects.bulk_create(
        [
            CommitteeMember(
                ballot=ballot, number=i, name=a.name, unit_name=units.get(a.unit_id, ""), attendee=a
            )
            for i, a in enumerate(committee_members, start=1)
        ]
    )
    _issue_codes(ballot, voters)
    slips = _new_key(actor=actor, ballot=ballot)
    ballot.opened_at = timezone.now()
    ballot.save()
    notices.ballot_opened(ballot)
    ballot.issued_shares = slips
    return ballot


@transaction.atomic
def ballot_rekey(*, actor: Any, ballot: Ballot) -> Ballot:
    """Replace a lost share: a new key and new shares for every member, only while the box is empty.

    Locking the unused codes waits for votes in flight (as closing does); a vote that committed
    meanwhile is in the box, and then re-keying is refused.
    """
    access.require_object(actor, "manage", ballot)
    ballot = Ballot.objects.select_for_update(no_key=True).get(pk=ballot.pk)
    if ballot.status != BallotStatus.OPEN:
        raise BallotNotOpen(ballot=ballot)
    list(VoterCode.objects.select_for_update().filter(ballot=ballot, used=False).values_list("pk", flat=True))
    if SealedBallot.objects.filter(ballot=ballot).exists():
        raise BallotHasVotes()
    slips = _new_key(actor=actor, ballot=ballot)
    ballot.save()
    ballot.issued_shares = slips
    return ballot


@transaction.atomic
def ballot_close(*, actor: Any, ballot: Ballot) -> Ballot:
    """Stop the vote. Locking the unused codes waits for the votes in flight (they hold their code's lock).

    Ballot rows are locked FOR NO KEY UPDATE everywhere: a vote inserting its CastBallot takes a
    key-share lock on the ballot row, which a plain FOR UPDATE would block (a deadlock with the
    code lock the vote holds). Closing then rewrites the vote tables of the ballot in random
    order (see `storage`), so not even the storage engine keeps the order or the transaction of a vote.
    """
    access.require_object(actor, "manage", ballot)
    ballot = Ballot.objects.select_for_update(no_key=True).get(pk=ballot.pk)
    _transition(ballot, BallotStatus.CLOSED)
    list(VoterCode.objects.select_for_update().filter(ballot=ballot, used=False).values_list("pk", flat=True))
    ballot.closed_at = timezone.now()
    ballot.save()
    rewrite_vote_storage(ballot=ballot)
    return ballot


@transaction.atomic
def ballot_print_slips(*, actor: Any, ballot: Ballot) -> list[VoterCode]:
    """The one time the codes are shown: the secretary prints every slip, then no page shows them again."""
    access.require_object(actor, "manage", ballot)
    ballot = Ballot.objects.select_for_update(no_key=True).get(pk=ballot.pk)
    if ballot.status != BallotStatus.OPEN:
        raise BallotNotOpen(ballot=ballot)
    if ballot.slips_printed_at is not None:
        raise SlipsAlreadyPrinted()
    ballot.slips_printed_at = timezone.now()
    ballot.save(update_fields=["slips_printed_at", "updated_at"])
    return list(
        VoterCode.objects.filter(ballot=ballot)
        .select_related("attendee", "attendee__unit")
        .order_by("attendee__unit__name", "attendee__name")
    )


@transaction.atomic
def voter_code_reprint(*, actor: Any, ballot: Ballot, attendee_id: int, reason: str = "") -> VoterCode:
    """Print one voter's slip again (lost, damaged): the old code is revoked, a new one issued, recorded."""
    access.require_object(actor, "manage", ballot)
    ballot = Ballot.objects.select_for_update(no_key=True).get(pk=ballot.pk)
    if ballot.status != BallotStatus.OPEN:
        raise BallotNotOpen(ballot=ballot)
    if ballot.slips_printed_at is None:
        raise SlipsNotPrinted()
    voter_code = (
        VoterCode.objects.select_for_update()
        .select_related("attendee", "attendee__unit")
        .filter(ballot=ballot, attendee_id=attendee_id)
        .first()
    )
    if voter_code is None or voter_code.used:
        raise CodeNotReprintable()
    voter_code.code = new_code()
    voter_code.save(update_fields=["code"])
    SlipReprint.objects.create(
        ballot=ballot, attendee_id=attendee_id, printed_by=actor, reason=reason.strip()[:255]
    )
    return voter_code
