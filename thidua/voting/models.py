"""Secret ballots of a conference.

Two sides that are never joined (DOMAIN.md R14, STYLE.md R3):
- the receipt side — `VoterCode`: one random one-time code per voter on the roll and a `used` flag;
- the vote side — `CastBallot` + `BallotMark`: random UUID keys, no voter, no code, no timestamp,
  no auto-increment column, so neither content nor key order tells who voted what.
Neither side carries HistoricalRecords: an audit row per write would record the moment of each vote.
When the vote closes, both sides are rewritten in random order in one transaction
(`services.storage`), so neither PostgreSQL's xmin/ctid nor SQLite's rowid keeps the order of votes.
"""

import uuid
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.conferences.models import Attendee, Conference
from thidua.core.models import StatusFlow, TimeStampedModel
from thidua.organisation.models import Unit

if TYPE_CHECKING:
    from .sealing import ShareSlip


class BallotKind(models.TextChoices):
    CLASSIFICATION = "classification", _("Xếp loại đơn vị")
    YES_NO = "yes_no", _("Tán thành / không tán thành từng đề nghị")
    CHOOSE_ONE = "choose_one", _("Chọn một trong các ứng viên")
    CHOOSE_UP_TO_N = "choose_up_to_n", _("Chọn tối đa N ứng viên")


class BallotStatus(models.TextChoices):
    DRAFT = "draft", _("Chuẩn bị")
    OPEN = "open", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc bỏ phiếu")
    TALLIED = "tallied", _("Đã kiểm phiếu")
    PUBLISHED = "published", _("Đã công bố")


class ThresholdBase(models.TextChoices):
    VALID_BALLOTS = "valid_ballots", _("số phiếu hợp lệ")
    BALLOTS_CAST = "ballots_cast", _("số phiếu thu về")
    VOTERS_ENTITLED = "voters_entitled", _("số đại biểu được quyền bỏ phiếu")
    VOTERS_PRESENT = "voters_present", _("số đại biểu có mặt")
    MEMBER_UNITS = "member_units", _("số đơn vị thành viên")


class TieBreak(models.TextChoices):
    SCORE = "score", _("Tổng điểm thi đua theo giao ước")
    CHAIR = "chair", _("Chủ trì hội nghị quyết định")
    NONE = "none", _("Ghi nhận đồng phiếu, không phân định")


class Grade(models.TextChoices):
    """Classification bands, best first (DOMAIN.md §5, configurable thresholds live in scoring)."""

    EXCELLENT = "excellent", _("Xuất sắc")
    GOOD = "good", _("Tốt")
    FAIR = "fair", _("Khá")
    AVERAGE = "average", _("Trung bình")


class Mark(models.TextChoices):
    """What a ballot says about one option (grades of Grade are marks too)."""

    YES = "yes", _("Tán thành")
    NO = "no", _("Không tán thành")
    ABSTAIN = "abstain", _("Không biểu quyết")
    SELECTED = "selected", _("Chọn")


class Ballot(StatusFlow, TimeStampedModel):
    issued_shares: list[
        "ShareSlip"
    ]  # the share slips handed out, set by ballot_open/ballot_rekey (not stored)
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        BallotStatus.DRAFT: frozenset({BallotStatus.OPEN}),
        BallotStatus.OPEN: frozenset({BallotStatus.CLOSED}),
        BallotStatus.CLOSED: frozenset({BallotStatus.TALLIED}),
        BallotStatus.TALLIED: frozenset({BallotStatus.PUBLISHED}),
        BallotStatus.PUBLISHED: frozenset(),
    }

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="ballots")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("vòng trước"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revotes",
    )
    round_number = models.PositiveSmallIntegerField(_("vòng bỏ phiếu"), default=1)
    kind = models.CharField(_("hình thức"), max_length=20, choices=BallotKind.choices)
    title = models.CharField(_("nội dung bỏ phiếu"), max_length=255)
    award_title = models.CharField(
        _("danh hiệu đề nghị"), max_length=255, blank=True, help_text=_("Ví dụ: Cờ thi đua của Bộ Công an")
    )
    description = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=BallotStatus.choices, default=BallotStatus.DRAFT
    )

    # rules (defaults from DOMAIN.md §4 / R16–R17, all configurable per ballot)
    votes_per_unit = models.PositiveSmallIntegerField(_("số phiếu mỗi đơn vị"), default=1)
    max_choices = models.PositiveSmallIntegerField(_("số ứng viên được chọn tối đa"), null=True, blank=True)
    quorum_numerator = models.PositiveSmallIntegerField(_("tỷ lệ đơn vị có mặt tối thiểu (tử số)"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("(mẫu số)"), default=3)
    threshold_numerator = models.PositiveSmallIntegerField(_("ngưỡng đạt (tử số)"), default=1)
    threshold_denominator = models.PositiveSmallIntegerField(_("ngưỡng đạt (mẫu số)"), default=2)
    threshold_strict = models.BooleanField(_("phải vượt ngưỡng (>) thay vì đạt ngưỡng (≥)"), default=True)
    threshold_base = models.CharField(
        _("tỷ lệ tính trên"),
        max_length=20,
        choices=ThresholdBase.choices,
        default=ThresholdBase.VALID_BALLOTS,
    )
    blank_ballot_is_valid = models.BooleanField(_("phiếu trắng là phiếu hợp lệ"), default=True)
    abstain_in_base = models.BooleanField(
        _("phiếu không biểu quyết vẫn tính vào cơ sở"),
        default=True,
        help_text=_("Chỉ áp dụng khi tỷ lệ tính trên số phiếu hợp lệ."),
    )
    max_winners = models.PositiveSmallIntegerField(
        _("số đơn vị/ứng viên được chọn tối đa"),
        null=True,
        blank=True,
        help_text=_("Để trống: mọi phương án đạt"),
    )
    tie_max_rounds = models.PositiveSmallIntegerField(
        _("số vòng bỏ phiếu lại tối đa khi đồng phiếu"), default=2
    )
    tie_break = models.CharField(
        _("cách phân định sau khi bỏ phiếu lại"),
        max_length=10,
        choices=TieBreak.choices,
        default=TieBreak.SCORE,
    )

    # the tally committee (ban kiểm phiếu) for the minutes
    tally_chair = models.CharField(_("trưởng ban kiểm phiếu"), max_length=200, blank=True)
    tally_committee = models.JSONField(_("thành viên ban kiểm phiếu"), default=list, blank=True)

    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    tallied_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    paper_issued = models.PositiveIntegerField(_("số phiếu giấy đã phát"), default=0)
    slips_printed_at = models.DateTimeField(_("đã in phiếu mã lúc"), null=True, blank=True)

    # sealing (issue 18): the public key only; the private key exists as the committee's shares
    committee_size = models.PositiveSmallIntegerField(_("số thành viên ban kiểm phiếu giữ khóa"), default=3)
    seal_threshold = models.PositiveSmallIntegerField(_("số mảnh khóa cần để mở hộp phiếu"), default=2)
    public_key = models.CharField(max_length=64, blank=True, editable=False)
    key_version = models.PositiveSmallIntegerField(default=0, editable=False)
    shares_presented = models.PositiveSmallIntegerField(null=True, blank=True)
    sealed_opened = models.PositiveIntegerField(null=True, blank=True)
    tracker_fingerprint = models.CharField(max_length=64, blank=True)
    counted_trackers = models.JSONField(default=list, blank=True)

    # figures frozen by the tally (biên bản kiểm phiếu, R18)
    member_count = models.PositiveIntegerField(null=True, blank=True)
    present_unit_count = models.PositiveIntegerField(null=True, blank=True)
    voters_entitled = models.PositiveIntegerField(null=True, blank=True)
    voters_present = models.PositiveIntegerField(null=True, blank=True)
    issued_count = models.PositiveIntegerField(null=True, blank=True)
    collected_count = models.PositiveIntegerField(null=True, blank=True)
    valid_count = models.PositiveIntegerField(null=True, blank=True)
    invalid_count = models.PositiveIntegerField(null=True, blank=True)
    quorum_required = models.PositiveIntegerField(null=True, blank=True)
    quorum_met = models.BooleanField(null=True, blank=True)
    outcome_note = models.TextField(_("ghi chú kết quả"), blank=True)
    scores_locked = models.BooleanField(default=False)
    history = HistoricalRecords(excluded_fields=["paper_issued", "counted_trackers"])

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("phiếu bầu")
        ordering = ["conference", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quorum_denominator__gt=0), name="ballot_quorum_den_positive"),
            models.CheckConstraint(
                condition=Q(threshold_denominator__gt=0), name="ballot_threshold_den_positive"
            ),
            models.CheckConstraint(
                condition=Q(threshold_numerator__lte=models.F("threshold_denominator")),
                name="ballot_threshold_at_most_one",
            ),
            models.CheckConstraint(condition=Q(votes_per_unit__gte=1), name="ballot_votes_per_unit_positive"),
            models.CheckConstraint(
                condition=Q(seal_threshold__gte=1, seal_threshold__lte=models.F("committee_size")),
                name="ballot_seal_threshold_within_committee",
            ),
        ]

    def __str__(self) -> str:
        return self.title if self.round_number == 1 else f"{self.title} (vòng {self.round_number})"

    @property
    def choice_limit(self) -> int | None:
        if self.kind == BallotKind.CHOOSE_ONE:
            return 1
        if self.kind == BallotKind.CHOOSE_UP_TO_N:
            return self.max_choices
        return None


class BallotOption(models.Model):
    """A candidate or a proposal on the ballot: a unit of the term, or a free-text proposal."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("phương án"), max_length=255)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tie_break_score = models.DecimalField(
        _("điểm dùng để phân định khi đồng phiếu"), max_digits=8, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("phương án bỏ phiếu")
        verbose_name_plural = _("phương án bỏ phiếu")
        ordering = ["ballot", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "unit"], condition=Q(unit__isnull=False), name="ballot_option_unit_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label


class VoterCode(models.Model):
    """Receipt side: the one-time code of one voter on the roll. Knows who, never what nor when."""

    data_version_exempt = True  # written by every vote; no cached page shows live codes (core.dataversion)

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="codes")
    attendee = models.ForeignKey(Attendee, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=40, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("mã bỏ phiếu")
        verbose_name_plural = _("mã bỏ phiếu")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "attendee"], name="voter_code_one_per_voter")
        ]

    def __str__(self) -> str:
        return f"{self.attendee} · {self.ballot}"


class CommitteeMember(models.Model):
    """A member of the count committee holding share number `number` of the ballot's key (never the share)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="committee_members")
    number = models.PositiveSmallIntegerField(_("số mảnh khóa"))
    name = models.CharField(_("họ tên"), max_length=200)
    unit_name = models.CharField(_("đơn vị"), max_length=255, blank=True)
    attendee = models.ForeignKey(Attendee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    share_issued_at = models.DateTimeField(null=True, blank=True)
    share_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    key_version = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("thành viên ban kiểm phiếu giữ khóa")
        verbose_name_plural = _("thành viên ban kiểm phiếu giữ khóa")
        ordering = ["ballot", "number"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "number"], name="committee_member_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SealedBallot(models.Model):
    """Vote side of an electronic ballot: only the ciphertext and its hash (the voter's tracker).

    Random key, no voter, no code, no time. Opened only in memory, with k shares, at the tally.
    """

    data_version_exempt = True  # see VoterCode

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="sealed_ballots")
    ciphertext = models.BinaryField()
    tracker = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("phiếu niêm phong")
        verbose_name_plural = _("phiếu niêm phong")
        ordering = ["tracker"]

    def __str__(self) -> str:
        return self.tracker


class SlipReprint(models.Model):
    """A voter's slip printed again: the old code was revoked (unused) and a new one issued. On the minutes."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="slip_reprints")
    attendee = models.ForeignKey(Attendee, on_delete=models.PROTECT, related_name="+")
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    printed_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("lý do in lại"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("phiếu mã in lại")
        verbose_name_plural = _("phiếu mã in lại")
        ordering = ["ballot", "printed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.attendee} · {self.ballot}"


class BallotSource(models.TextChoices):
    ELECTRONIC = "electronic", _("Điện tử")
    PAPER = "paper", _("Phiếu giấy")


class PaperBatchMode(models.TextChoices):
    INDIVIDUAL = "individual", _("Nhập từng phiếu")
    TOTALS = "totals", _("Nhập tổng số đã kiểm")
    # 16.10: the published totals of a vote held on paper, from its minutes, without a voter roll
    RECORD = "record", _("Ghi theo biên bản giấy (không có danh sách cử tri)")


class PaperBatch(TimeStampedModel):
    """Paper ballots entered by one member of the tally committee, confirmed by another."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="paper_batches")
    mode = models.CharField(_("cách nhập"), max_length=10, choices=PaperBatchMode.choices)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    collected = models.PositiveIntegerField(_("số phiếu thu về"), default=0)
    invalid = models.PositiveIntegerField(_("số phiếu không hợp lệ"), default=0)
    invalid_reasons = models.TextField(_("lý do phiếu không hợp lệ"), blank=True)
    # RECORD mode (16.10): the figures as the paper states them; empty = the paper does not say
    source = models.CharField(_("văn bản nguồn (biên bản, báo cáo)"), max_length=255, blank=True)
    stated_entitled = models.PositiveIntegerField(
        _("số người được quyền bỏ phiếu (theo biên bản)"), null=True, blank=True
    )
    stated_present = models.PositiveIntegerField(
        _("số người có mặt bỏ phiếu (theo biên bản)"), null=True, blank=True
    )
    stated_issued = models.PositiveIntegerField(_("số phiếu phát ra (theo biên bản)"), null=True, blank=True)
    collected_stated = models.BooleanField(
        _("biên bản ghi số phiếu thu về và không hợp lệ"),
        default=True,
        help_text=_("Không: biên bản chỉ ghi số phiếu hợp lệ."),
    )

    class Meta:
        verbose_name = _("lô phiếu giấy")
        verbose_name_plural = _("lô phiếu giấy")
        ordering = ["ballot", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(invalid__lte=models.F("collected")), name="paper_batch_invalid_le_collected"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=models.F("entered_by")),
                name="paper_batch_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ballot} · {self.get_mode_display()} #{self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_by_id is not None


class PaperTotal(models.Model):
    """Counted totals of a paper batch: `count` ballots marked `value` on `option`."""

    batch = models.ForeignKey(PaperBatch, on_delete=models.CASCADE, related_name="totals")
    option = models.ForeignKey(BallotOption, on_delete=models.CASCADE, related_name="+")
    value = models.CharField(max_length=12)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "option", "value"], name="paper_total_unique")
        ]

    def __str__(self) -> str:
        return f"{self.option_id}:{self.value}={self.count}"


def _new_id() -> uuid.UUID:
    return uuid.uuid4()


class CastBallot(models.Model):
    """Vote side: one ballot as cast. Random key, no voter, no code, no time; shown as the receipt."""

    data_version_exempt = True  # see VoterCode

    id = models.UUIDField(primary_key=True, default=_new_id, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="cast_ballots")
    source = models.CharField(max_length=10, choices=BallotSource.choices, default=BallotSource.ELECTRONIC)
    paper_batch = models.ForeignKey(
        PaperBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="ballots"
    )
    is_valid = models.BooleanField(default=True)
    invalid_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("phiếu đã bỏ")
        verbose_name_plural = _("phiếu đã bỏ")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.id)


class BallotMark(models.Model):
    data_version_exempt = True  # see VoterCode

    id = models.UUIDField(primary_key=True, default=_new_id, editable=False)
    cast = models.ForeignKey(CastBallot, on_delete=models.CASCADE, related_name="marks")
    option = models.ForeignKey(BallotOption, on_delete=models.CASCADE, related_name="+")
    value = models.CharField(max_length=12)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["cast", "option"], name="ballot_mark_one_per_option")]

    def __str__(self) -> str:
        return f"{self.option_id}:{self.value}"


class OptionResult(models.Model):
    """The tally of one option, frozen when the ballot is tallied (with the rule spelled out)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="results")
    option = models.OneToOneField(BallotOption, on_delete=models.CASCADE, related_name="result")
    counts = models.JSONField(default=dict)
    support = models.PositiveIntegerField(default=0)
    base = models.PositiveIntegerField(default=0)
    passed = models.BooleanField(default=False)
    is_winner = models.BooleanField(default=False)
    tied = models.BooleanField(default=False)
    grade = models.CharField(max_length=12, blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    rule_text = models.CharField(max_length=500, blank=True)
    decided_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["ballot", "option__order", "option_id"]

    def __str__(self) -> str:
        return self.rule_text
