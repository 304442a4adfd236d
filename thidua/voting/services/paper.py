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
from thidua.organisation import access

from ..errors import (
    BallotNotOpen,
    BatchAlreadyConfirmed,
    InvalidChoice,
    PaperExceedsIssued,
    PaperNotAllowed,
    PaperRecordNotAllowed,
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
from ._common import _allowed_values, _clean_marks, _transition


@transaction.atomic
def ballot_issue_paper(*, actor: Any, ballot: Ballot, attendee_ids: Iterable[int] | None = None) -> int:
    """Hand paper ballots to voters: their codes are consumed (no record of who took paper)."""
    access.require_object(actor, "manage", ballot)
    ballot = Ballot.objects.select_for_update(no_key=True).get(pk=ballot.pk)
    if ballot.status != BallotStatus.OPEN:
        raise BallotNotOpen(ballot=ballot)
    codes = VoterCode.objects.filter(ballot=ballot, used=False)
    if attendee_ids is not None:
        codes = codes.filter(attendee_id__in=list(attendee_ids))
    count = codes.update(used=True)
    Ballot.objects.filter(pk=ballot.pk).update(paper_issued=ballot.paper_issued + count)
    return count


def _lock_for_paper_entry(ballot: Ballot) -> Ballot:
    """The ballot locked for entering paper ballots, which it takes only while open or closed."""
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
    access.require_object(actor, "manage", ballot)
    ballot = _lock_for_paper_entry(ballot)
    batch = PaperBatch.objects.create(ballot=ballot, mode=PaperBatchMode.INDIVIDUAL, entered_by=actor)
    return _store_paper_ballots(ballot, batch, ballots)


@transaction.atomic
def paper_ballot_add(
    *, actor: Any, ballot: Ballot, marks: Mapping[int, str], invalid_reason: str = ""
) -> PaperBatch:
    """Add one paper ballot to the open (unconfirmed) batch this committee member is entering."""
    access.require_object(actor, "manage", ballot)
    ballot = _lock_for_paper_entry(ballot)
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
    access.require_object(actor, "manage", ballot)
    ballot = _lock_for_paper_entry(ballot)
    if collected < 0 or invalid < 0 or invalid > collected:
        raise ValidationFailed(_("Số phiếu không hợp lệ lớn hơn số phiếu thu về."), field="invalid")
    if invalid and not invalid_reasons.strip():
        raise ValidationFailed(_("Cần ghi lý do phiếu không hợp lệ."), field="invalid_reasons")
    rows = _check_totals(ballot, collected - invalid, totals)
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


def _check_totals(
    ballot: Ballot, valid: int, totals: Iterable[tuple[int, str, int]]
) -> list[tuple[int, str, int]]:
    option_ids = set(ballot.options.values_list("pk", flat=True))
    allowed = _allowed_values(ballot.kind)
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
    return rows


def _figures_in_order(figures: list[tuple[str, int | None]]) -> None:
    """entitled ≥ present ≥ issued ≥ collected ≥ valid, for the figures the paper states."""
    stated = [(name, value) for name, value in figures if value is not None]
    for (upper_name, upper), (name, value) in zip(stated, stated[1:], strict=False):
        if value > upper:
            raise ValidationFailed(
                _("Số liệu biên bản không khớp: {lower} ({value}) lớn hơn {upper} ({upper_value})."),
                field=name,
                lower=FIGURE_LABELS[name],
                value=value,
                upper=FIGURE_LABELS[upper_name],
                upper_value=upper,
            )


FIGURE_LABELS = {
    "voters_entitled": _("số người được quyền bỏ phiếu"),
    "voters_present": _("số người có mặt"),
    "issued": _("số phiếu phát ra"),
    "collected": _("số phiếu thu về"),
    "valid": _("số phiếu hợp lệ"),
}
# the figure a threshold base needs from the paper (ThresholdBase)
BASE_NEEDS = {"voters_entitled": "voters_entitled", "ballots_cast": "collected"}


def _complete_counts(valid: int, collected: int | None, invalid: int | None) -> tuple[int | None, int | None]:
    """collected = valid + invalid: one of the two given gives the other; both given must agree."""
    if collected is not None and collected < valid:
        raise ValidationFailed(
            _(
                "Số liệu biên bản không khớp: số phiếu hợp lệ ({valid}) lớn hơn số phiếu thu về ({collected})."
            ),
            field="valid",
            valid=valid,
            collected=collected,
        )
    if collected is not None and invalid is None:
        invalid = collected - valid
    elif collected is None and invalid is not None:
        collected = valid + invalid
    elif collected is not None and invalid is not None and collected - invalid != valid:
        raise ValidationFailed(
            _("Số phiếu thu về ({collected}) trừ số không hợp lệ ({invalid}) phải bằng số hợp lệ ({valid})."),
            field="invalid",
            collected=collected,
            invalid=invalid,
            valid=valid,
        )
    return collected, invalid


@transaction.atomic
def paper_record_enter(
    *,
    actor: Any,
    ballot: Ballot,
    source: str,
    voters_present: int,
    valid: int,
    totals: Iterable[tuple[int, str, int]],
    voters_entitled: int | None = None,
    issued: int | None = None,
    collected: int | None = None,
    invalid: int | None = None,
    invalid_reasons: str = "",
) -> PaperBatch:
    """Record the published result of a vote held on paper (16.10), e.g. "23/25 phiếu, 21 đồng ý".

    No voter roll, no codes: the ballot must be a draft without any paper batch. The figures are
    stored as the paper states them (a figure it does not give stays empty, never invented); the
    per-option totals are the ones it gives ("21 đồng ý" without the "against"). A second member of
    the tally committee confirms it as any paper batch (`paper_batch_confirm`), which closes the ballot;
    it is then tallied by its rules like any other.
    """
    access.require_object(actor, "manage", ballot)
    ballot = Ballot.objects.select_for_update(no_key=True).get(pk=ballot.pk)
    batches = PaperBatch.objects.filter(ballot=ballot).count()
    if ballot.status != BallotStatus.DRAFT or batches or ballot.parent_id:
        raise PaperRecordNotAllowed(status=BallotStatus(ballot.status).label, batches=batches)
    source = (source or "").strip()
    if not source or "\x00" in source or len(source) > 255:
        raise ValidationFailed(
            _("Cần ghi văn bản nguồn của kết quả (biên bản kiểm phiếu, báo cáo), tối đa 255 ký tự."),
            field="source",
        )
    collected, invalid = _complete_counts(valid, collected, invalid)
    _figures_in_order(
        [
            ("voters_entitled", voters_entitled),
            ("voters_present", voters_present),
            ("issued", issued),
            ("collected", collected),
            ("valid", valid),
        ]
    )
    needed = BASE_NEEDS.get(ballot.threshold_base)
    if needed and {"voters_entitled": voters_entitled, "collected": collected}[needed] is None:
        raise ValidationFailed(
            _("Quy tắc của phiếu bầu tính tỷ lệ trên {figure}: biên bản cần ghi số này."),
            field=needed,
            figure=FIGURE_LABELS[needed],
        )
    if invalid and not invalid_reasons.strip():
        invalid_reasons = str(_("Biên bản không ghi lý do."))
    rows = _check_totals(ballot, valid, totals)
    batch = PaperBatch.objects.create(
        ballot=ballot,
        mode=PaperBatchMode.RECORD,
        entered_by=actor,
        collected=collected if collected is not None else valid,
        invalid=invalid or 0,
        invalid_reasons=invalid_reasons.strip()[:4000],
        source=source,
        stated_entitled=voters_entitled,
        stated_present=voters_present,
        stated_issued=issued,
        collected_stated=collected is not None,
    )
    PaperTotal.objects.bulk_create(
        [PaperTotal(batch=batch, option_id=o, value=v, count=c) for o, v, c in rows]
    )
    return batch


@transaction.atomic
def paper_batch_confirm(*, actor: Any, batch: PaperBatch) -> PaperBatch:
    """A second member of the tally committee confirms the entry (four eyes)."""
    access.require_object(actor, "manage", batch.ballot)
    batch = PaperBatch.objects.select_for_update(of=("self",)).select_related("ballot").get(pk=batch.pk)
    if batch.is_confirmed:
        raise BatchAlreadyConfirmed()
    if batch.entered_by_id == getattr(actor, "pk", None):
        raise SamePersonConfirms()
    ballot = batch.ballot
    if batch.mode == PaperBatchMode.RECORD:  # 16.10: a vote held on paper before, no roll here
        return _confirm_record(actor, batch)
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


def _confirm_record(actor: Any, batch: PaperBatch) -> PaperBatch:
    """The second person confirms a paper record: the ballot, never opened here, is opened and closed
    at once through its transition table (no codes issued, no key), ready to be tallied."""
    ballot = Ballot.objects.select_for_update(no_key=True).get(pk=batch.ballot_id)
    if ballot.status != BallotStatus.DRAFT:
        raise PaperRecordNotAllowed(status=BallotStatus(ballot.status).label, batches=1)
    now = timezone.now()
    _transition(ballot, BallotStatus.OPEN)
    _transition(ballot, BallotStatus.CLOSED)
    ballot.opened_at = ballot.closed_at = now
    ballot.save()
    batch.confirmed_by = actor
    batch.confirmed_at = now
    batch.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
    return batch


@transaction.atomic
def paper_batch_discard(*, actor: Any, batch: PaperBatch) -> None:
    access.require_object(actor, "manage", batch.ballot)
    if batch.is_confirmed:
        raise BatchAlreadyConfirmed()
    batch.delete()
