"""Paper ballots: handing them out, entry by one member of the tally committee, confirmation by another."""

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from thidua.core.errors import ValidationFailed

from ..errors import (
    BallotNotOpen,
    BatchAlreadyConfirmed,
    InvalidChoice,
    PaperExceedsIssued,
    PaperNotAllowed,
    SamePersonConfirms,
    TooManyChoices,
)
from ..models import (
    Ballot,
    BallotMark,
    BallotSource,
    BallotStatus,
    CastBallot,
    PaperBatch,
    PaperBatchMode,
    PaperTotal,
    VoterCode,
)
from ._common import _allowed_values, _clean_marks, _require_manage


@transaction.atomic
def ballot_issue_paper(*, actor: Any, ballot: Ballot, attendee_ids: Iterable[int] | None = None) -> int:
    """Hand paper ballots to voters: their codes are consumed (no record of who took paper)."""
    _require_manage(actor, ballot)
    ballot = Ballot.objects.select_for_update(no_key=True).get(pk=ballot.pk)
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
    ballot = Ballot.objects.select_for_update(no_key=True).get(pk=ballot.pk)
    if ballot.status not in (BallotStatus.OPEN, BallotStatus.CLOSED):
        raise PaperNotAllowed(status=BallotStatus(ballot.status).label)
    return ballot


def _store_paper_ballots(
    ballot: Ballot, batch: PaperBatch, entries: Iterable[Mapping[str, Any]]
) -> PaperBatch:
    option_ids = set(ballot.options.values_list("pk", flat=True))
    marks_to_store: list[BallotMark] = []
    collected = invalid = 0
    for entry in entries:
        reason = (entry.get("invalid_reason") or "").strip()
        marks: dict[int, str] = {}
        if not reason:
            try:
                marks, reason = _clean_marks(
                    ballot, option_ids, {int(k): v for k, v in (entry.get("marks") or {}).items()}
                )
            except (TooManyChoices, InvalidChoice) as error:
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
    batch.collected += collected
    batch.invalid += invalid
    batch.save(update_fields=["collected", "invalid", "updated_at"])
    return batch


@transaction.atomic
def paper_batch_enter_ballots(
    *, actor: Any, ballot: Ballot, ballots: Iterable[Mapping[str, Any]]
) -> PaperBatch:
    """Enter paper ballots one by one: each {"marks": {option_id: value}, "invalid_reason": ""}.

    A ballot with more choices than allowed or a bad mark is recorded invalid with its reason.
    """
    ballot = _require_paper_entry(actor, ballot)
    batch = PaperBatch.objects.create(ballot=ballot, mode=PaperBatchMode.INDIVIDUAL, entered_by=actor)
    return _store_paper_ballots(ballot, batch, ballots)


@transaction.atomic
def paper_ballot_add(
    *, actor: Any, ballot: Ballot, marks: Mapping[int, str], invalid_reason: str = ""
) -> PaperBatch:
    """Add one paper ballot to the open (unconfirmed) batch this committee member is entering."""
    ballot = _require_paper_entry(actor, ballot)
    batch = (
        PaperBatch.objects.select_for_update()
        .filter(ballot=ballot, mode=PaperBatchMode.INDIVIDUAL, entered_by=actor, confirmed_by__isnull=True)
        .order_by("pk")
        .first()
    ) or PaperBatch.objects.create(ballot=ballot, mode=PaperBatchMode.INDIVIDUAL, entered_by=actor)
    return _store_paper_ballots(ballot, batch, [{"marks": marks, "invalid_reason": invalid_reason}])


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
        raise ValidationFailed(_("Số phiếu không hợp lệ lớn hơn số phiếu thu về."), field="invalid")
    if invalid and not invalid_reasons.strip():
        raise ValidationFailed(_("Cần ghi lý do phiếu không hợp lệ."), field="invalid_reasons")
    option_ids = set(ballot.options.values_list("pk", flat=True))
    allowed = _allowed_values(ballot.kind)
    valid = collected - invalid
    per_option: Counter[int] = Counter()
    rows = []
    for option_id, value, count in totals:
        if option_id not in option_ids or value not in allowed or count < 0:
            raise InvalidChoice(
                detail=format_lazy(_("phương án {option} / “{value}”"), option=option_id, value=value)
            )
        if count:
            per_option[option_id] += count
            rows.append((option_id, value, count))
    if any(n > valid for n in per_option.values()):
        raise ValidationFailed(_("Tổng phiếu của một phương án vượt số phiếu hợp lệ."), field="totals")
    limit = ballot.choice_limit
    if limit is not None and sum(per_option.values()) > valid * limit:
        raise ValidationFailed(_("Tổng số lựa chọn vượt quá số phiếu hợp lệ × số được chọn."), field="totals")
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
