"""Cluster conferences (hội nghị cụm): host, co-chairs, guests, delegates, agenda, side events, minutes.

Glossary: Conference = hội nghị; ConferenceKind.HALF_YEAR = sơ kết 6 tháng; YEAR_END = tổng kết;
Attendee = đại biểu of a member unit (the voter roll of ballots comes from them); SideEvent = hoạt
động bên lề (giao lưu thể thao, dâng hoa, dâng hương); HandoverLink = the hand-over of Cụm trưởng /
Cụm phó approved at a year-end conference.
"""

import datetime
import os
import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.dates import known_date_property, precision_field
from thidua.core.models import StatusFlow, TimeStampedModel
from thidua.core.versioning import Versioned
from thidua.organisation.models import ClusterTerm, Handover, Unit


class ConferenceKind(models.TextChoices):
    """The meetings real clusters hold (16.6); báo công, dâng hương, sports and charity are ClusterEvents."""

    COVENANT_SIGNING = "covenant_signing", _("Hội nghị ký kết giao ước, phát động thi đua")
    QUARTERLY = "quarterly", _("Hội nghị sơ kết quý")
    HALF_YEAR = "half_year", _("Hội nghị sơ kết 6 tháng")
    NINE_MONTHS = "nine_months", _("Hội nghị kiểm tra, sơ kết 9 tháng")
    YEAR_END = "year_end", _("Hội nghị tổng kết năm")
    EXTRAORDINARY = "extraordinary", _("Hội nghị bất thường (đột xuất)")


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    HELD = "held", _("Đã tổ chức")
    MINUTES_APPROVED = "minutes_approved", _("Đã thông qua biên bản")


class Conference(Versioned, StatusFlow, TimeStampedModel):
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        ConferenceStatus.PLANNED: frozenset({ConferenceStatus.HELD}),
        ConferenceStatus.HELD: frozenset({ConferenceStatus.MINUTES_APPROVED}),
        ConferenceStatus.MINUTES_APPROVED: frozenset(),
    }

    term = models.ForeignKey(
        ClusterTerm, verbose_name=_("cụm (năm)"), on_delete=models.PROTECT, related_name="conferences"
    )
    kind = models.CharField(_("loại hội nghị"), max_length=20, choices=ConferenceKind.choices)
    title = models.CharField(_("tên hội nghị"), max_length=255)
    period = models.ForeignKey(
        "emulation.EmulationPeriod",
        verbose_name=_("kỳ thi đua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferences",
    )
    period_year = models.PositiveSmallIntegerField(_("năm của kỳ"))
    period_label = models.CharField(
        _("kỳ đánh giá"), max_length=120, blank=True, help_text=_("Ví dụ: 6 tháng đầu năm 2024, Quý I/2021")
    )
    host = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị đăng cai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_conferences",
    )
    date = models.DateField(
        _("ngày tổ chức"), help_text=_("Ngày đầu của khoảng đã biết (chỉ để sắp xếp); xem date_precision.")
    )
    date_precision = precision_field(_("ngày tổ chức biết đến"))
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ConferenceStatus.choices, default=ConferenceStatus.PLANNED
    )
    conclusions = models.TextField(_("kết luận hội nghị"), blank=True)
    minutes_approved_on = models.DateField(_("ngày thông qua biên bản"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hội nghị cụm")
        verbose_name_plural = _("hội nghị cụm")
        ordering = ["-date", "-pk"]

    known_date = known_date_property("date", "date_precision")

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status != ConferenceStatus.MINUTES_APPROVED


class ChairRole(models.TextChoices):
    LEADER = "leader", _("Đồng chủ trì (đơn vị Cụm trưởng)")
    DEPUTY = "deputy", _("Đồng chủ trì (đơn vị Cụm phó)")
    OTHER = "other", _("Chủ trì")


class ConferenceChair(models.Model):
    """A co-chair: usually the heads (or deputies) of the leader and deputy units."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="chairs")
    role = models.CharField(_("vai trò"), max_length=10, choices=ChairRole.choices, default=ChairRole.OTHER)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    rank = models.CharField(_("cấp bậc"), max_length=80, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # not a column: set by services.chair_set (the API answers 201 for a new row, 200 for an update)
    was_created: bool

    class Meta:
        verbose_name = _("chủ trì hội nghị")
        verbose_name_plural = _("chủ trì hội nghị")
        ordering = ["conference", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name or self.position} – {self.unit}"


class Guest(models.Model):
    """Khách mời: representatives of the Ministry (e.g. Cục CTĐ&CTCT) or of the provincial board."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    rank = models.CharField(_("cấp bậc"), max_length=80, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.CharField(
        _("cơ quan (nếu ngoài danh mục)"), max_length=255, blank=True, help_text=_("Khi đơn vị không có sẵn")
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("khách mời")
        verbose_name_plural = _("khách mời")
        ordering = ["conference", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name or self.position}"

    @property
    def organisation_name(self) -> str:
        return self.unit.name if self.unit is not None else self.organisation


class AttendeeRole(models.TextChoices):
    HEAD = "head", _("Trưởng đoàn")
    DELEGATE = "delegate", _("Đại biểu")
    SECRETARY = "secretary", _("Thư ký hội nghị")
    TALLY = "tally", _("Thành viên Ban kiểm phiếu")


class Attendee(Versioned):
    """A delegate of a unit. `is_voter` + `present` put them on the voter roll of the conference's ballots."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendees")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("họ và tên"), max_length=150)
    rank = models.CharField(_("cấp bậc"), max_length=80, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    role = models.CharField(
        _("vai trò"), max_length=10, choices=AttendeeRole.choices, default=AttendeeRole.DELEGATE
    )
    is_voter = models.BooleanField(_("đại biểu bỏ phiếu"), default=False)
    present = models.BooleanField(_("có mặt"), default=True)

    class Meta:
        verbose_name = _("đại biểu dự hội nghị")
        verbose_name_plural = _("đại biểu dự hội nghị")
        ordering = ["conference", "unit__name", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class AgendaKind(models.TextChoices):
    OPENING = "opening", _("Khai mạc")
    REPORT = "report", _("Báo cáo")
    SPEECH = "speech", _("Tham luận, phát biểu")
    DISCUSSION = "discussion", _("Thảo luận")
    BALLOT = "ballot", _("Bỏ phiếu, biểu quyết")
    DIRECTION = "direction", _("Phát biểu chỉ đạo")
    HANDOVER = "handover", _("Bàn giao Cụm trưởng, Cụm phó")
    CONCLUSION = "conclusion", _("Kết luận, bế mạc")
    OTHER = "other", _("Khác")


class AgendaItem(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("loại"), max_length=12, choices=AgendaKind.choices, default=AgendaKind.REPORT)
    title = models.CharField(_("nội dung"), max_length=255)
    presenter_name = models.CharField(_("người trình bày"), max_length=150, blank=True)
    presenter_position = models.CharField(_("chức vụ người trình bày"), max_length=150, blank=True)
    presenter_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị trình bày"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("tóm tắt"), blank=True)

    class Meta:
        verbose_name = _("nội dung chương trình")
        verbose_name_plural = _("chương trình hội nghị")
        ordering = ["conference", "order", "pk"]

    def __str__(self) -> str:
        return self.title


def conference_document_upload_to(instance: "ConferenceDocument", filename: str) -> str:
    """A random stored name (never the uploader's), keeping only the checked extension."""
    extension = instance.extension or os.path.splitext(filename)[1].lower()[:10]
    return f"conferences/{datetime.date.today():%Y}/{secrets.token_hex(16)}{extension}"


class ConferenceDocument(TimeStampedModel):
    """A document attached to the conference (report, speech, plan); downloaded only through the
    permission-checked `conferences:document_download` view."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(_("tệp"), upload_to=conference_document_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    content_type = models.CharField(_("kiểu tệp"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    extension = models.CharField(max_length=10, editable=False, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tài liệu hội nghị")
        verbose_name_plural = _("tài liệu hội nghị")
        ordering = ["conference", "pk"]

    def __str__(self) -> str:
        return self.title


class FeaturedModel(models.Model):
    """A named model/practice (mô hình) a member unit presented at the conference."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="featured_models")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên mô hình"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("mô hình điển hình")
        verbose_name_plural = _("mô hình điển hình")
        ordering = ["conference", "unit__name", "pk"]

    def __str__(self) -> str:
        return self.name


class SideEventKind(models.TextChoices):
    ACHIEVEMENT_REPORT = "achievement_report", _("Báo công (tại khu di tích, nhà tưởng niệm)")
    COMMEMORATION = "commemoration", _("Dâng hoa, dâng hương, tri ân")
    SPORTS = "sports", _("Giao lưu thể thao")
    CHARITY = "charity", _("Thiện nguyện, an sinh xã hội")
    OTHER = "other", _("Hoạt động khác")


class SideEvent(models.Model):
    """A cluster event (hoạt động của cụm): a side event of a conference, or one that stands on its own
    (16.6: a báo công, a dâng hương, a sports exchange or a charity visit held by the cluster itself).
    `term` is always set; `conference` only for a side event."""

    term = models.ForeignKey(
        ClusterTerm, verbose_name=_("cụm (năm)"), on_delete=models.PROTECT, related_name="events"
    )
    conference = models.ForeignKey(
        Conference, null=True, blank=True, on_delete=models.CASCADE, related_name="side_events"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=SideEventKind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=255)
    date = models.DateField(_("ngày"))
    date_precision = precision_field()
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    host = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị tổ chức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    delegations = models.PositiveSmallIntegerField(_("số đoàn tham gia"), null=True, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hoạt động của cụm")
        verbose_name_plural = _("hoạt động của cụm")
        ordering = ["conference", "date", "pk"]

    known_date = known_date_property("date", "date_precision")

    def __str__(self) -> str:
        return self.title

    @property
    def is_standalone(self) -> bool:
        return self.conference_id is None


class SideEventResult(models.Model):
    """A result of a sports exchange: discipline (môn / nội dung), unit, placing and prize."""

    side_event = models.ForeignKey(SideEvent, on_delete=models.CASCADE, related_name="results")
    discipline = models.CharField(_("nội dung thi đấu"), max_length=255)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    placing = models.PositiveSmallIntegerField(_("thứ hạng"), null=True, blank=True)
    prize = models.CharField(_("giải"), max_length=120, blank=True)
    score = models.CharField(_("thành tích"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("kết quả thi đấu")
        verbose_name_plural = _("kết quả thi đấu")
        ordering = ["side_event", "discipline", "placing", "pk"]

    def __str__(self) -> str:
        return f"{self.discipline}: {self.unit} {self.prize}"


class HandoverLink(models.Model):
    """The hand-over of leader/deputy approved at this (year-end) conference."""

    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="handover_link")
    handover = models.OneToOneField(Handover, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("bàn giao tại hội nghị")
        verbose_name_plural = _("bàn giao tại hội nghị")

    def __str__(self) -> str:
        return f"{self.conference} → {self.handover}"
