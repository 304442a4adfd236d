"""Demo ballots, idempotent: a classification ballot ready to run at the Cụm 11 conference, and two
counted ballots of the Hà Tĩnh clusters. The articles give no vote counts, so the counted ballots
carry illustrative votes and say so in their note.
"""

import datetime

from django.contrib.auth import get_user_model

from thidua.accounts.models import User
from thidua.conferences.models import Conference, ConferenceKind

from . import services
from .models import Ballot, BallotKind, BallotStatus, Grade, Mark, VoterCode

ILLUSTRATIVE = "Số phiếu là số liệu minh họa; bài viết nguồn không nêu kết quả bỏ phiếu."


def _conference(owner_code: str, number: int, date: datetime.date) -> Conference | None:
    return Conference.objects.filter(
        term__cluster__owner__code=owner_code, term__cluster__number=number, date=date
    ).first()


def _run(actor: User, ballot: Ballot, pattern) -> None:
    """Open, let every code vote by `pattern(voter_index, option_index, option)`, close, tally, publish."""
    opened = services.ballot_open(actor=actor, ballot=ballot)
    shares = [slip.text for slip in opened.issued_shares][
        : opened.seal_threshold
    ]  # the committee, in the demo
    options = list(ballot.options.order_by("order"))
    codes = list(VoterCode.objects.filter(ballot=ballot).order_by("pk").values_list("code", flat=True))
    for voter, code in enumerate(codes):
        services.vote_cast(code=code, choices={o.pk: pattern(voter, i, o) for i, o in enumerate(options)})
    services.ballot_close(actor=actor, ballot=ballot)
    services.ballot_tally(actor=actor, ballot=ballot, shares=shares)
    services.ballot_publish(actor=actor, ballot=ballot)


def load(*, stdout=None) -> None:
    actor = get_user_model().objects.filter(username="admin").first()
    if actor is None:
        return
    cum11 = _conference("BCA", 11, datetime.date(2024, 7, 16))
    if cum11 and not Ballot.objects.filter(conference=cum11).exists():
        services.ballot_create(
            actor=actor,
            conference=cum11,
            kind=BallotKind.CLASSIFICATION,
            title="Bỏ phiếu kín xếp loại thi đua 6 tháng đầu năm 2024",
            committee_size=3,  # three delegates hold a share of the ballot's key, two open the box
            seal_threshold=2,
            tally_chair="Đại diện lãnh đạo Công an tỉnh Bến Tre",
            tally_committee=["Đại diện Công an tỉnh Vĩnh Long", "Đại diện Công an tỉnh Trà Vinh"],
        )
    ht1 = _conference("CA-HA-TINH", 1, datetime.date(2021, 5, 19))
    if ht1 and not Ballot.objects.filter(conference=ht1).exists():
        ballot = services.ballot_create(
            actor=actor,
            conference=ht1,
            kind=BallotKind.CLASSIFICATION,
            title="Bỏ phiếu kín xếp loại phong trào thi đua Quý I/2021",
            description=ILLUSTRATIVE,
            tally_chair="Đại diện Phòng Tổ chức cán bộ",
            tally_committee=["Đại diện Phòng Hậu cần", "Đại diện Phòng An ninh kinh tế"],
        )
        grades = [Grade.EXCELLENT, Grade.GOOD, Grade.GOOD, Grade.FAIR]
        _run(
            actor,
            ballot,
            lambda voter, index, option: grades[
                (voter + index) % 3 if index < 2 else 1 + (voter + index) % 3
            ],
        )
    ht5 = _conference("CA-HA-TINH", 5, datetime.date(2024, 11, 14))
    if ht5 and ht5.kind == ConferenceKind.YEAR_END and not Ballot.objects.filter(conference=ht5).exists():
        ballot = services.ballot_create(
            actor=actor,
            conference=ht5,
            kind=BallotKind.YES_NO,
            title="Biểu quyết đề nghị danh hiệu thi đua năm 2024",
            award_title="Đơn vị quyết thắng",
            description=ILLUSTRATIVE,
            tally_chair="Đại diện Phòng Cảnh sát giao thông",
        )
        _run(actor, ballot, lambda voter, index, option: Mark.YES if (voter + index) % 4 else Mark.NO)
    if stdout:
        stdout.write(
            f"  bỏ phiếu: {Ballot.objects.count()} phiếu bầu, "
            f"{Ballot.objects.filter(status=BallotStatus.PUBLISHED).count()} đã công bố"
        )
