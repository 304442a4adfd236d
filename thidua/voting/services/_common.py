"""Shared helpers of the voting services: codes, permission and transition checks, rule and mark validation."""

import secrets
from collections.abc import Mapping
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from thidua.core.errors import ValidationFailed

from ..errors import (
    InvalidChoice,
    TooManyChoices,
)
from ..models import (
    Ballot,
    BallotKind,
    Grade,
    Mark,
    ThresholdBase,
    TieBreak,
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
        "committee_size",
        "seal_threshold",
        "tally_chair",
        "tally_committee",
        "title",
        "award_title",
        "description",
    }
)


# the ballot fields vote_cast needs (status, choice rules, and what the error message prints)
def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(*, raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def _transition(ballot: Ballot, target: str) -> None:
    ballot.move_to(target)


def _validate_rules(values: Mapping[str, Any], kind: str) -> None:
    if values.get("threshold_base", ThresholdBase.VALID_BALLOTS) not in ThresholdBase.values:
        raise ValidationFailed(_("Cơ sở tính tỷ lệ không hợp lệ."), field="threshold_base")
    if values.get("tie_break", TieBreak.SCORE) not in TieBreak.values:
        raise ValidationFailed(_("Cách phân định không hợp lệ."), field="tie_break")
    numerator = values.get("threshold_numerator", 1)
    denominator = values.get("threshold_denominator", 2)
    if not denominator or numerator < 0 or numerator > denominator:
        raise ValidationFailed(_("Ngưỡng đạt phải nằm trong khoảng 0–100 %."), field="threshold_numerator")
    if not values.get("quorum_denominator", 3) or values.get("quorum_numerator", 2) < 0:
        raise ValidationFailed(_("Tỷ lệ có mặt tối thiểu không hợp lệ."), field="quorum_numerator")
    if values.get("votes_per_unit", 1) < 1:
        raise ValidationFailed(_("Mỗi đơn vị có ít nhất một phiếu."), field="votes_per_unit")
    size, k = values.get("committee_size", 3), values.get("seal_threshold", 2)
    if not 1 <= size <= 20 or not 1 <= k <= size:
        raise ValidationFailed(
            _("Số mảnh khóa cần để mở hộp phiếu phải từ 1 đến số thành viên ban kiểm phiếu (tối đa 20)."),
            field="seal_threshold",
        )
    if kind == BallotKind.CHOOSE_UP_TO_N and not values.get("max_choices"):
        raise ValidationFailed(_("Cần ghi số ứng viên được chọn tối đa."), field="max_choices")


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
            raise InvalidChoice(
                detail=format_lazy(_("phương án {option} không thuộc phiếu bầu"), option=option_id)
            )
        if value not in allowed:
            raise InvalidChoice(detail=format_lazy(_("giá trị “{value}”"), value=value))
        if value != Mark.ABSTAIN:
            marks[option_id] = value
    limit = ballot.choice_limit
    if limit is not None and len(marks) > limit:
        raise TooManyChoices(limit=limit)
    if not marks and not ballot.blank_ballot_is_valid:
        return marks, "Phiếu trắng"
    return marks, ""
